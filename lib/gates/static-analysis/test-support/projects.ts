/** Miniature projects in real git repositories for the static-analysis gate's tests. */
import fs from "node:fs";
import path from "node:path";
import { createTempRepo, type FileEdit, type TempRepo } from "../../../testing/git-repo";
import { DEFAULT_POLICY, type GateInput, type GatePolicy } from "../../types";

/** The app's node_modules: typescript 5.9, eslint 9, @types/react. */
export const APP_NODE_MODULES = fs.realpathSync(path.join(__dirname, "../../../../node_modules"));

export interface Project {
  repo: TempRepo;
  commit: string;
  /** The gate input for the change `edits` (null deletes a file). */
  change(edits: Record<string, FileEdit>, policy?: Partial<GatePolicy>): GateInput;
}

/** A repository whose first commit holds `files`; `nodeModules` links the app's node_modules, untracked. */
export function createProject(files: Record<string, string>, opts: { nodeModules?: boolean } = {}): Project {
  const repo = createTempRepo({ ...files, ".gitignore": "node_modules\n" });
  if (opts.nodeModules) fs.symlinkSync(APP_NODE_MODULES, path.join(repo.dir, "node_modules"));
  const commit = repo.git("rev-parse", "HEAD");
  return {
    repo,
    commit,
    change(edits, policy = {}) {
      return { repoDir: repo.dir, baseCommit: commit, diff: repo.diff(edits), files: [], policy: { ...DEFAULT_POLICY, ...policy } };
    },
  };
}

export const TS_PACKAGE = JSON.stringify({ name: "mini-ts", private: true, devDependencies: { typescript: "^5.9.0" } }, null, 2);
export const TSCONFIG = JSON.stringify(
  { compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler", jsx: "react-jsx", skipLibCheck: true, types: [] }, include: ["src"] },
  null,
  2,
);
