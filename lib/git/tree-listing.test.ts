import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { GitReadError } from "./read-error";
import { listTree } from "./tree-listing";

let repo: TempRepo | undefined;
afterEach(() => repo?.remove());

describe("shared tree listing", () => {
  it("lists blobs, symlinks and sizes once per commit: later callers get the same listing", async () => {
    repo = createTempRepo({ "a.txt": "alpha\n", "dir/b.txt": "bravo!\n" });
    fs.symlinkSync("a.txt", path.join(repo.dir, "link.txt"));
    const head = repo.commit("with a symlink");
    const first = await listTree(repo.dir, head);
    expect(first.map((e) => [e.path, e.mode, e.size])).toEqual([
      ["a.txt", "100644", 6],
      ["dir/b.txt", "100644", 7],
      ["link.txt", "120000", 5],
    ]);
    // Same array object: no second git process was needed.
    expect(await listTree(path.join(repo.dir, "."), head)).toBe(first);
  });

  it("asks git again for a branch name, whose commit may move", async () => {
    repo = createTempRepo({ "a.txt": "one\n" });
    const before = await listTree(repo.dir, "HEAD");
    repo.write({ "b.txt": "two\n" });
    repo.commit("second");
    const after = await listTree(repo.dir, "HEAD");
    expect(before.map((e) => e.path)).toEqual(["a.txt"]);
    expect(after.map((e) => e.path)).toEqual(["a.txt", "b.txt"]);
  });

  it("fails with GitReadError for an unknown commit, and does not keep the failure", async () => {
    repo = createTempRepo({ "a.txt": "one\n" });
    const missing = "f".repeat(40);
    await expect(listTree(repo.dir, missing)).rejects.toBeInstanceOf(GitReadError);
    await expect(listTree(repo.dir, missing)).rejects.toBeInstanceOf(GitReadError);
  });

  it("an aborted caller stops waiting while others still get the listing", async () => {
    repo = createTempRepo({ "a.txt": "one\n" });
    const head = repo.git("rev-parse", "HEAD");
    const controller = new AbortController();
    const aborted = listTree(repo.dir, head, { signal: controller.signal });
    const other = listTree(repo.dir, head);
    controller.abort(new Error("stopped"));
    await expect(aborted).rejects.toThrow("stopped");
    expect((await other).map((e) => e.path)).toEqual(["a.txt"]);
  });
});
