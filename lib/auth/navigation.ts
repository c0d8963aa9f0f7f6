/** Main navigation per role, derived from the permission table so the UI hides what the role cannot do. */
import { can, type Role } from "./permissions";

export interface NavItem {
  href: string;
  label: string;
}

export function navigationFor(role: Role): NavItem[] {
  const items: NavItem[] = [];
  if (can(role, "job:read")) items.push({ href: "/", label: "Queue" });
  if (can(role, "job:submit")) items.push({ href: "/jobs/new", label: "New job" });
  if (can(role, "stats:read")) items.push({ href: "/stats", label: "Stats" });
  // Every role that has a settings section (at least its own API tokens) gets the same link; /settings
  // opens the first section the role may see, as the server allows.
  const sections = settingsSectionsFor(role);
  if (sections.length) items.push({ href: sections.length === 1 ? sections[0].href : "/settings", label: "Settings" });
  return items;
}

export interface SettingsSection extends NavItem {
  description: string;
}

export function settingsSectionsFor(role: Role): SettingsSection[] {
  const sections: SettingsSection[] = [];
  if (can(role, "settings:read")) {
    sections.push(
      { href: "/settings/repositories", label: "Repositories", description: "Local git repositories jobs change" },
      { href: "/settings/providers", label: "Model providers", description: "Models per tier" },
      { href: "/settings/policy", label: "Merge policy", description: "Required gates and thresholds" },
    );
  }
  if (can(role, "users:manage")) {
    sections.push({ href: "/settings/users", label: "Users", description: "Accounts and roles" });
  }
  if (can(role, "tokens:own")) {
    sections.push({ href: "/settings/tokens", label: "API tokens", description: "Personal tokens for the CLI and CI" });
  }
  return sections;
}
