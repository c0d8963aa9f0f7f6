"use client";
/** The job's line comments, kept fresh with react-query; writes invalidate the list. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import type { CommentView } from "@/lib/review/comments/comments";

export type NewComment = { changeId: string; file: string; line: number; side: "before" | "after"; body: string } | { replyTo: string; body: string };

export function useComments(jobId: string, initial: CommentView[]) {
  const qc = useQueryClient();
  const key = ["job-comments", jobId];
  const base = `/api/jobs/${encodeURIComponent(jobId)}/comments`;
  const query = useQuery({
    queryKey: key,
    queryFn: async () => (await apiFetch<{ comments: CommentView[] }>(base)).comments,
    initialData: initial,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const add = useMutation({
    mutationFn: (body: NewComment) => apiFetch<CommentView>(base, { method: "POST", body }),
    onSuccess: refresh,
  });
  const resolve = useMutation({
    mutationFn: (v: { id: string; resolved: boolean }) =>
      apiFetch<CommentView>(`${base}/${encodeURIComponent(v.id)}`, { method: "PATCH", body: { resolved: v.resolved } }),
    onSuccess: refresh,
  });
  return { comments: query.data, add, resolve };
}
