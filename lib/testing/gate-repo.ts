/** A real git repository with one commit, plus the GateInput describing a change to it (gate tests). */
import { DEFAULT_POLICY, type ChangedFile, type GateInput } from "../gates/types";
import { createTempRepo } from "./git-repo";

export interface GateTestRepo {
  dir: string;
  commit: string;
  files: Record<string, string | Buffer>;
  remove(): void;
  /** Same as remove(). */
  cleanup(): void;
}

/** A repository whose single commit holds `files` (string = text, Buffer = raw bytes). */
export function createGateRepo(files: Record<string, string | Buffer>): GateTestRepo {
  const repo = createTempRepo({}, "gatehouse-gate-");
  repo.write(files);
  const commit = repo.commit("base");
  return { dir: repo.dir, commit, files, remove: repo.remove, cleanup: repo.remove };
}

/** The gate input for changing `repo` so that each path in `after` has that text (null = deleted). */
export function changeInput(repo: GateTestRepo, after: Record<string, string | null>, signal?: AbortSignal): GateInput {
  const files: ChangedFile[] = Object.entries(after).map(([filePath, text]) => {
    const before = repo.files[filePath];
    return { path: filePath, before: typeof before === "string" ? before : before ? before.toString("utf8") : null, after: text };
  });
  return { repoDir: repo.dir, baseCommit: repo.commit, diff: "", files, policy: DEFAULT_POLICY, signal };
}
