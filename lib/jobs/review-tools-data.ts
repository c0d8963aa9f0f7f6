/**
 * The reviewer tools' part of the Change page, loaded beside loadJobPage: line comments, the viewer's
 * viewed files, the approvals of the current revision against the policy, and the summary.
 */
import type { Db } from "../db/client";
import { changedPathsOf, evaluateApprovals, type ApprovalVerdict } from "../review/approvals";
import { summarizeChange, type ChangeSummary } from "../review/change-summary";
import { listComments, type CommentView } from "../review/comments/comments";
import { viewedPaths } from "../review/viewed";
import { getPolicy } from "../settings/policy";
import type { JobPageData } from "./job-detail";

export interface ReviewToolsData {
  comments: CommentView[];
  /** Paths of the current revision the viewer has viewed as they are now. */
  viewed: string[];
  approvals: ApprovalVerdict & { viewerApproved: boolean };
  summary: ChangeSummary | null;
}

export async function loadReviewTools(db: Db, page: JobPageData, viewerId: string): Promise<ReviewToolsData> {
  const current = page.current;
  const [comments, policy, approvals] = await Promise.all([
    listComments(db, page.job.id),
    getPolicy(db),
    current
      ? db.review.findMany({
          where: { changeId: current.id, decision: "approve" },
          orderBy: { createdAt: "asc" },
          include: { reviewer: { select: { id: true, name: true, role: true } } },
        })
      : [],
  ]);
  const files = current?.files ?? [];
  const verdict = evaluateApprovals(
    approvals.map((a) => ({ reviewerId: a.reviewer.id, name: a.reviewer.name, role: a.reviewer.role })),
    policy,
    changedPathsOf(files),
  );
  return {
    comments,
    viewed: current ? await viewedPaths(db, viewerId, page.job.id, files) : [],
    approvals: { ...verdict, viewerApproved: approvals.some((a) => a.reviewerId === viewerId) },
    summary: current ? await summarizeChange(files, current.gateResults) : null,
  };
}
