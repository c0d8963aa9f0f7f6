import { describe, expect, it } from "vitest";
import { evaluateApprovals } from "./approvals";

const riley = { reviewerId: "r1", name: "Riley", role: "reviewer" };
const robin = { reviewerId: "r2", name: "Robin", role: "reviewer" };
const lee = { reviewerId: "l1", name: "Lee", role: "lead" };

describe("evaluateApprovals", () => {
  it("needs the configured number of distinct reviewers", () => {
    const rules = { requiredApprovals: 2, leadApprovalPaths: [] };
    expect(evaluateApprovals([], rules, ["src/a.ts"])).toMatchObject({ met: false, needed: ["2 more approvals"] });
    expect(evaluateApprovals([riley, riley], rules, ["src/a.ts"])).toMatchObject({ met: false, needed: ["1 more approval"] });
    const two = evaluateApprovals([riley, robin], rules, ["src/a.ts"]);
    expect(two.met).toBe(true);
    expect(two.approvedBy.map((a) => a.name)).toEqual(["Riley", "Robin"]);
  });

  it("asks for a lead when a changed path matches a lead-approval glob", () => {
    const rules = { requiredApprovals: 1, leadApprovalPaths: ["**/auth/**", "docs/**"] };
    const v = evaluateApprovals([riley], rules, ["src/auth/session.ts", "src/util.ts"]);
    expect(v.met).toBe(false);
    expect(v.needed).toEqual(["a lead's approval (**/auth/** matches src/auth/session.ts)"]);
    expect(evaluateApprovals([riley, lee], rules, ["src/auth/session.ts"]).met).toBe(true);
    expect(evaluateApprovals([riley], rules, ["src/util.ts"]).met).toBe(true);
  });

  it("treats a zero or negative requirement as one approval", () => {
    expect(evaluateApprovals([], { requiredApprovals: 0, leadApprovalPaths: [] }, []).needed).toEqual(["1 more approval"]);
  });
});
