import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTempRepo } from "../testing/git-repo";
import { readFileAtCommit } from "./file-at-commit";
import { listBranchFiles, matchFiles } from "./repo-files";

describe("repository files", () => {
  const repo = createTempRepo({ "src/auth/session.ts": "a\n", "src/util.ts": "b\n", "docs/util-guide.md": "c\n", "README.md": "d\n" });
  const base = repo.git("rev-parse", "HEAD");
  afterAll(() => repo.remove());

  it("lists the branch's committed files, not the working tree, and follows new commits", async () => {
    fs.writeFileSync(path.join(repo.dir, "scratch.ts"), "uncommitted\n");
    expect((await listBranchFiles(repo.dir, "main"))?.sort()).toEqual(["README.md", "docs/util-guide.md", "src/auth/session.ts", "src/util.ts"]);
    repo.git("checkout", "-q", "-b", "side");
    repo.write({ "src/extra.ts": "e\n" });
    repo.git("add", "src/extra.ts");
    repo.git("commit", "-q", "-m", "extra");
    repo.git("checkout", "-q", "main");
    expect(await listBranchFiles(repo.dir, "main")).not.toContain("src/extra.ts");
    expect(await listBranchFiles(repo.dir, "side")).toContain("src/extra.ts");
    expect(await listBranchFiles(repo.dir, "no-such-branch")).toBeNull();
    fs.rmSync(path.join(repo.dir, "scratch.ts"));
  });

  it("ranks file-name matches before path matches", () => {
    const files = ["docs/util-guide.md", "src/util.ts", "lib/autil/x.ts", "src/auth/session.ts"];
    expect(matchFiles(files, "util")).toEqual(["src/util.ts", "docs/util-guide.md", "lib/autil/x.ts"]);
    expect(matchFiles(files, "SESS")).toEqual(["src/auth/session.ts"]);
    expect(matchFiles(files, "sas")).toEqual(["src/auth/session.ts"]);
    expect(matchFiles(files, "zzz")).toEqual([]);
  });

  it("reads a file at a commit and refuses unsafe paths", async () => {
    expect(await readFileAtCommit(repo.dir, base, "src/util.ts")).toEqual({ found: true, content: "b\n", binary: false, tooLarge: false });
    expect(await readFileAtCommit(repo.dir, base, "missing.ts")).toEqual({ found: false });
    expect(await readFileAtCommit(repo.dir, base, "../etc/passwd")).toEqual({ found: false });
    expect(await readFileAtCommit(repo.dir, "HEAD;rm", "src/util.ts")).toEqual({ found: false });
  });
});
