"use client";
/**
 * Live job status by polling (React Query): fast while the job runs, slow while it waits for a
 * person, not at all once it is final. The page decides what to do with a change (refresh itself, or
 * warn a reviewer).
 */
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import type { JobStatusView } from "@/lib/jobs/job-detail";

const ACTIVE = new Set(["queued", "building_context", "generating", "gating", "rerouted", "approved"]);
const FINAL = new Set(["merged", "rejected", "failed"]);

export function isActiveStatus(status: string): boolean {
  return ACTIVE.has(status);
}

export function useJobStatus(jobId: string, initialStatus: string) {
  return useQuery({
    queryKey: ["job-status", jobId],
    queryFn: () => apiFetch<JobStatusView>(`/api/jobs/${encodeURIComponent(jobId)}`),
    refetchInterval: (q) => {
      const status = q.state.data?.status ?? initialStatus;
      if (FINAL.has(status)) return false; // nothing can change any more
      return isActiveStatus(status) ? 1500 : 8000;
    },
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}
