import { z } from "zod";
import { notFound } from "@/lib/api/errors";
import { withRoute } from "@/lib/api/route";
import { listRepositoryFiles, matchFiles } from "@/lib/jobs/repo-files";

const FilesQuery = z.object({
  repositoryId: z.string().min(1).max(100),
  q: z.string().max(300).default(""),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Target-file autocomplete from the repository's default branch (`git ls-tree -r --name-only`). */
export const GET = withRoute({ permission: "job:submit", query: FilesQuery }, async ({ db, query }) => {
  const repo = await db.repository.findUnique({ where: { id: query.repositoryId } });
  if (!repo) throw notFound("Repository not found");
  const listed = await listRepositoryFiles(repo);
  if (!listed.ok) return { files: [], branch: repo.defaultBranch, error: listed.error };
  return { files: matchFiles(listed.files, query.q, query.limit), branch: repo.defaultBranch };
});
