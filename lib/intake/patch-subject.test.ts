import { describe, expect, it } from "vitest";
import { defaultPatchTitle, subjectFromPatch } from "./patch-subject";

const FORMAT_PATCH = `From 1f2e3d Mon Sep 17 00:00:00 2001
From: Agent <agent@example.test>
Date: Mon, 2 Mar 2026 10:00:00 +0000
Subject: [PATCH 1/2] Fix the greeting
 so it ends with an exclamation mark

---
 src/greet.ts | 2 +-
diff --git a/src/greet.ts b/src/greet.ts
--- a/src/greet.ts
+++ b/src/greet.ts
@@ -1 +1 @@
-a
+b
`;

describe("patch titles", () => {
  it("takes the first line of the Subject header without [PATCH] tags", () => {
    expect(subjectFromPatch(FORMAT_PATCH)).toBe("Fix the greeting");
    expect(subjectFromPatch("Subject: Plain subject\r\n\ndiff --git a/x b/x\n")).toBe("Plain subject");
  });

  it("ignores a Subject: inside the diff and falls back to the model", () => {
    const diff = "diff --git a/m.txt b/m.txt\n--- a/m.txt\n+++ b/m.txt\n@@ -1 +1 @@\n-Subject: old\n+Subject: new\n";
    expect(subjectFromPatch(diff)).toBeNull();
    expect(defaultPatchTitle(diff, "codex")).toBe("Patch from codex");
    expect(defaultPatchTitle("Subject: [PATCH]\n" + diff, "codex")).toBe("Patch from codex");
  });

  it("keeps titles within 200 characters", () => {
    expect(subjectFromPatch(`Subject: ${"x".repeat(300)}\n`)).toHaveLength(200);
  });
});
