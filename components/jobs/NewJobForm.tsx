"use client";
/**
 * Filing a job. The tier choice shows what routing would pick and the lowest tier allowed (protected
 * paths, high risk); the server enforces the same floor. A filed job opens its page.
 */
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { TargetFilesInput } from "./TargetFilesInput";

const TIERS = ["local", "fast", "accurate"] as const;
const TASK_TYPES = [
  ["boilerplate", "Boilerplate"],
  ["simple", "Simple change"],
  ["complex", "Complex change"],
  ["refactor", "Refactor"],
] as const;
const RISKS = [
  ["low", "Low"],
  ["medium", "Medium"],
  ["high", "High"],
] as const;

interface RoutingPreview {
  tier: string;
  minimumTier: string;
  reasons: string[];
  summary: string;
  /** What serves each tier: real providers, only the demo's recorded one, or none. */
  tiers: Record<string, "real" | "recorded" | "none">;
}

export function NewJobForm({ repositories }: { repositories: { id: string; name: string; defaultBranch: string }[] }) {
  const router = useRouter();
  const [repositoryId, setRepositoryId] = useState(repositories.length === 1 ? repositories[0].id : "");
  const [targetPaths, setTargetPaths] = useState<string[]>([]);
  const [title, setTitle] = useState("");
  const [instruction, setInstruction] = useState("");
  const [taskType, setTaskType] = useState("simple");
  const [risk, setRisk] = useState("medium");
  const [requestedTier, setRequestedTier] = useState("");
  const [runAfter, setRunAfter] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Fields changed since the server answered: their errors are out of date and no longer shown.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [pathProblem, setPathProblem] = useState<string | null>(null);
  const edit = (field: string) => setEdited((s) => (s.has(field) ? s : new Set(s).add(field)));
  const [pathsKey, setPathsKey] = useState("");

  useEffect(() => {
    const t = setTimeout(() => setPathsKey(targetPaths.join("\n")), 250);
    return () => clearTimeout(t);
  }, [targetPaths]);

  const preview = useQuery({
    queryKey: ["routing-preview", taskType, risk, pathsKey],
    queryFn: () =>
      apiFetch<RoutingPreview>(`/api/jobs/routing?taskType=${taskType}&risk=${risk}&paths=${encodeURIComponent(pathsKey)}`),
    placeholderData: (prev) => prev,
  });
  const minRank = preview.data ? TIERS.indexOf(preview.data.minimumTier as (typeof TIERS)[number]) : 0;
  const chosenTier = requestedTier || preview.data?.tier || "";
  const service = chosenTier ? preview.data?.tiers[chosenTier] : undefined;

  // A requested tier the new routing floor no longer allows goes back to automatic.
  useEffect(() => {
    if (requestedTier && TIERS.indexOf(requestedTier as (typeof TIERS)[number]) < minRank) setRequestedTier("");
  }, [minRank, requestedTier]);

  const serverErrors = fieldErrors(error);
  const errors = Object.fromEntries(Object.entries(serverErrors).filter(([k]) => !edited.has(k.split(".")[0])));
  if (pathProblem) errors.targetPaths = pathProblem;
  // "Please fix the highlighted fields" goes too once every highlighted field was changed.
  const alert = Object.keys(serverErrors).length && !Object.keys(errors).length ? null : formError(error);

  async function submit() {
    setBusy(true);
    setError(null);
    setEdited(new Set());
    try {
      const res = await apiFetch<{ job: { id: string } }>("/api/jobs", {
        method: "POST",
        body: {
          repositoryId,
          title: title.trim() || undefined,
          instruction,
          targetPaths,
          taskType,
          risk,
          requestedTier: requestedTier || null,
          runAfter: runAfter ? new Date(runAfter).toISOString() : null,
        },
      });
      router.push(`/jobs/${res.job.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <form
      className="card new-job-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="new-job-form"
    >
      <FormAlert message={alert} />
      <div className="form-grid">
        <Field id="repositoryId" label="Repository" error={errors.repositoryId}>
          <select
            id="repositoryId"
            value={repositoryId}
            onChange={(e) => {
              setRepositoryId(e.target.value);
              setTargetPaths([]);
              edit("repositoryId");
              edit("targetPaths");
            }}
            aria-invalid={errors.repositoryId ? true : undefined}
          >
            <option value="">Choose a repository…</option>
            {repositories.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.defaultBranch})
              </option>
            ))}
          </select>
        </Field>
        <Field id="title" label="Title (optional)" error={errors.title} hint="Defaults to the instruction's first line.">
          <input id="title" type="text" value={title} onChange={(e) => {
              setTitle(e.target.value);
              edit("title");
            }} maxLength={200} />
        </Field>
        <Field
          id="targetPaths"
          label="Target files"
          error={errors.targetPaths ?? Object.entries(errors).find(([k]) => k.startsWith("targetPaths."))?.[1]}
          hint="Files the change should touch; suggestions come from the default branch. Press Enter to add."
          className="span-all"
        >
          <TargetFilesInput
            id="targetPaths"
            repositoryId={repositoryId}
            value={targetPaths}
            onChange={(paths) => {
              setTargetPaths(paths);
              edit("targetPaths");
              edit("requestedTier"); // the routing floor follows the paths
            }}
            onProblem={setPathProblem}
            invalid={Boolean(errors.targetPaths ?? Object.keys(errors).some((k) => k.startsWith("targetPaths.")))}
          />
        </Field>
        <Field id="instruction" label="Instruction" error={errors.instruction} className="span-all" hint="What should change, and why.">
          <textarea
            id="instruction"
            value={instruction}
            onChange={(e) => {
              setInstruction(e.target.value);
              edit("instruction");
            }}
            aria-invalid={errors.instruction ? true : undefined}
            rows={6}
          />
        </Field>
        <Field id="taskType" label="Task type" error={errors.taskType}>
          <select id="taskType" value={taskType} onChange={(e) => {
              setTaskType(e.target.value);
              edit("taskType");
              edit("requestedTier");
            }}>
            {TASK_TYPES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        <Field id="risk" label="Risk" error={errors.risk}>
          <select id="risk" value={risk} onChange={(e) => {
              setRisk(e.target.value);
              edit("risk");
              edit("requestedTier");
            }}>
            {RISKS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="requestedTier"
          label="Tier (optional)"
          error={errors.requestedTier}
          hint={
            preview.data ? (
              <span data-testid="routing-preview">
                Routing would pick <strong>{preview.data.tier}</strong>; minimum <strong>{preview.data.minimumTier}</strong>
                {preview.data.reasons.length ? ` (${preview.data.reasons.join("; ")})` : ""}.
              </span>
            ) : (
              "Working out the routing…"
            )
          }
        >
          <select
            id="requestedTier"
            value={requestedTier}
            onChange={(e) => {
              setRequestedTier(e.target.value);
              edit("requestedTier");
            }}
            aria-invalid={errors.requestedTier ? true : undefined}
          >
            <option value="">Automatic{preview.data ? ` (${preview.data.tier})` : ""}</option>
            {TIERS.map((t, i) => (
              <option key={t} value={t} disabled={i < minRank}>
                {t}
                {i < minRank ? " — below the minimum" : ""}
              </option>
            ))}
          </select>
        </Field>
        {service === "recorded" || service === "none" ? (
          <div className="alert alert-warn span-all" role="status" data-testid="tier-warning">
            {service === "recorded" ? (
              <>
                The <strong>{chosenTier}</strong> tier has only the demo&apos;s recorded provider, which replays the demo jobs and
                nothing else: this job will fail until a lead configures a real provider for {chosenTier} in Settings → Providers.
              </>
            ) : (
              <>
                No provider serves the <strong>{chosenTier}</strong> tier: this job will wait until a lead configures one in Settings →
                Providers.
              </>
            )}
          </div>
        ) : null}
        <Field id="runAfter" label="Run after (optional)" error={errors.runAfter} hint="Leave empty to start as soon as a worker is free.">
          <input id="runAfter" type="datetime-local" value={runAfter} onChange={(e) => {
              setRunAfter(e.target.value);
              edit("runAfter");
            }} aria-invalid={errors.runAfter ? true : undefined} />
        </Field>
      </div>
      <FormActions submitLabel="Submit job" pending={busy} pendingLabel="Submitting…" />
    </form>
  );
}
