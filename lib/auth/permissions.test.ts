import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can, permissionsOf, type Permission, type Role } from "./permissions";
import { navigationFor, settingsSectionsFor } from "./navigation";

// Written out by hand (not derived from the implementation) so a change to the table must change this too.
const EXPECTED: Record<Role, Permission[]> = {
  submitter: ["job:read", "job:submit", "tokens:own"],
  reviewer: ["job:read", "job:submit", "job:review", "tokens:own"],
  lead: ["job:read", "job:submit", "job:review", "job:override", "stats:read", "settings:read", "settings:write", "tokens:own"],
  admin: [
    "job:read",
    "job:submit",
    "job:review",
    "job:override",
    "stats:read",
    "settings:read",
    "settings:write",
    "users:manage",
    "tokens:own",
  ],
};

describe("permission table", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = EXPECTED[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("fails closed for unknown, empty or missing roles", () => {
    for (const role of ["", "root", "ADMIN", null, undefined]) {
      for (const permission of PERMISSIONS) expect(can(role, permission)).toBe(false);
      expect(permissionsOf(role)).toEqual([]);
    }
  });

  it("admin has everything a lead has", () => {
    for (const p of permissionsOf("lead")) expect(can("admin", p)).toBe(true);
  });
});

describe("navigation per role", () => {
  const labels = (role: Role) => navigationFor(role).map((i) => i.label);

  it("shows each role only what it may use", () => {
    expect(labels("submitter")).toEqual(["Queue", "New job", "Settings"]);
    expect(labels("reviewer")).toEqual(["Queue", "New job", "Settings"]);
    expect(labels("lead")).toEqual(["Queue", "New job", "Stats", "Settings"]);
    expect(labels("admin")).toEqual(["Queue", "New job", "Stats", "Settings"]);
  });

  it("sends submitters' and reviewers' Settings straight to their API tokens, the only section they have", () => {
    for (const role of ["submitter", "reviewer"] as const) {
      expect(navigationFor(role).find((i) => i.label === "Settings")?.href).toBe("/settings/tokens");
      expect(settingsSectionsFor(role).map((s) => s.label)).toEqual(["API tokens"]);
    }
    expect(navigationFor("lead").find((i) => i.label === "Settings")?.href).toBe("/settings");
  });

  it("lists Users under settings for admins only", () => {
    expect(settingsSectionsFor("lead").map((s) => s.label)).not.toContain("Users");
    expect(settingsSectionsFor("admin").map((s) => s.label)).toContain("Users");
  });
});
