import { redirect } from "next/navigation";
import { settingsSectionsFor } from "@/lib/auth/navigation";
import { requireUser } from "@/lib/auth/require";

/** /settings opens the first section the role may see (API tokens for submitters and reviewers). */
export default async function SettingsIndex() {
  const user = await requireUser("/settings");
  redirect(settingsSectionsFor(user.role)[0]?.href ?? "/settings/tokens");
}
