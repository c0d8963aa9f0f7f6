import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { GitReadError, listTreeBlobs, streamBlobs } from "./blobs";
import { readTreeFiles } from "./read-tree";

let repo: TempRepo;
afterEach(() => repo?.remove());

function setup() {
  repo = createTempRepo({
    "a.txt": "alpha\n",
    "dir/b.txt": "alpha\n", // same blob as a.txt
    "bin.dat": Buffer.from([1, 0, 2, 3]),
    "big.txt": "x".repeat(2048),
  });
  fs.symlinkSync("a.txt", path.join(repo.dir, "link.txt"));
  return repo.commit("with a symlink");
}

describe("git blobs", () => {
  it("lists regular files only, with sizes, and streams contents in order", async () => {
    const head = setup();
    const blobs = await listTreeBlobs(repo.dir, head);
    expect(blobs.map((b) => [b.path, b.size])).toEqual([
      ["a.txt", 6],
      ["big.txt", 2048],
      ["bin.dat", 4],
      ["dir/b.txt", 6],
    ]);
    const oids = [blobs[1].oid, "0".repeat(40), blobs[0].oid];
    const got: string[] = [];
    for await (const { oid, content } of streamBlobs(repo.dir, oids)) got.push(`${oid === blobs[0].oid ? "a" : "big"}:${content.length}`);
    expect(got).toEqual(["big:2048", "a:6"]); // the missing object is skipped
  });

  it("reads text files as a map in tree order, skipping binary and large files", async () => {
    const head = setup();
    const files = await readTreeFiles(repo.dir, head, { maxBytes: 1024 });
    expect([...files.keys()]).toEqual(["a.txt", "dir/b.txt"]);
    expect(files.get("dir/b.txt")).toBe("alpha\n");
    expect([...(await readTreeFiles(repo.dir, head, { include: (p) => p.startsWith("dir/") })).keys()]).toEqual(["dir/b.txt"]);
  });

  it("fails with GitReadError for an unknown commit", async () => {
    setup();
    await expect(listTreeBlobs(repo.dir, "f".repeat(40))).rejects.toBeInstanceOf(GitReadError);
  });
});
