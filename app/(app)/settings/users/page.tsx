import type { Metadata } from "next";
import { UsersManager } from "@/components/settings/UsersManager";
import { PageHeader } from "@/components/ui/PageHeader";
import { requirePermission } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { listUsers } from "@/lib/settings/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePermission("users:manage", "/settings/users");
  const users = await listUsers(getDb());
  return (
    <>
      <PageHeader title="Users" description="Accounts and roles. Users from GitHub or single sign-on start as submitters." />
      <UsersManager initial={users} currentUserId={user.id} />
    </>
  );
}
