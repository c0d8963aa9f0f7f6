import type { ReactNode } from "react";
import { NavLinks } from "@/components/shell/NavLinks";
import { settingsSectionsFor } from "@/lib/auth/navigation";
import { requireUser } from "@/lib/auth/require";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/settings");
  return (
    <div className="settings-layout">
      <NavLinks items={settingsSectionsFor(user.role)} className="settings-nav" label="Settings" />
      <div>{children}</div>
    </div>
  );
}
