import Link from "next/link";
import type { ReactNode } from "react";
import { navigationFor } from "@/lib/auth/navigation";
import type { AuthUser } from "@/lib/auth/user";
import { NavLinks } from "./NavLinks";
import { SignOutButton } from "./SignOutButton";

/** Header with the role's navigation, the signed-in user and sign-out, around the page content. */
export function AppShell({ user, children }: { user: AuthUser; children: ReactNode }) {
  return (
    <>
      <header className="shell-header">
        <div className="shell-header-inner">
          <Link href="/" className="brand">
            Gatehouse
          </Link>
          <NavLinks items={navigationFor(user.role)} className="main-nav" label="Main" />
          <div className="user-block" data-testid="current-user">
            <span className="user-name" title={user.email}>
              {user.name}
            </span>
            <span className="role-badge" data-testid="current-role">
              {user.role}
            </span>
            <Link href="/settings/tokens">API tokens</Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="page">{children}</main>
    </>
  );
}
