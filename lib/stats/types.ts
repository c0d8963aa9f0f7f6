/**
 * Shapes of GET /api/stats and GET /api/stats/changes. Plain types and constants only, so client
 * components can import them. Rates are fractions in 0..1, null when their denominator is 0.
 */

/** Complexity buckets of a change's complexity score (GateResult.score = highest cyclomatic or
 * cognitive complexity among the functions the change added or made more complex). */
export const COMPLEXITY_BUCKETS = [
  { id: "0-5", max: 5 },
  { id: "6-10", max: 10 },
  { id: "11-15", max: 15 },
  { id: "16-20", max: 20 },
  { id: "21+", max: Infinity },
] as const;
/** Bucket of a reroute's side that has no complexity score (gate skipped or not run). */
export const NO_SCORE_BUCKET = "none";

export const REROUTE_KINDS = ["automatic", "manual", "conflict"] as const;
export type RerouteKind = (typeof REROUTE_KINDS)[number];
/** Change.cause values per reroute kind. */
export const CAUSES_BY_KIND: Record<RerouteKind, readonly string[]> = {
  automatic: ["auto-complexity", "auto-dependency"],
  manual: ["reviewer"],
  conflict: ["conflict"],
};

export interface HallucinationCounts {
  changes: number;
  /** Changes with at least one `not-found` package finding. */
  notFound: number;
  /** Changes with at least one `version-not-found` package finding. */
  versionNotFound: number;
  notFoundRate: number | null;
  versionNotFoundRate: number | null;
}

export interface InventedPackage {
  ecosystem: string | null;
  package: string;
  /** Changes that used the package. */
  changes: number;
  findings: number;
  /** Distinct models that invented it. */
  models: number;
}

export interface Hallucinations {
  overall: HallucinationCounts;
  byModel: (HallucinationCounts & { model: string })[];
  /** Denominator: changes in repositories whose ecosystems include the ecosystem. */
  byEcosystem: (HallucinationCounts & { ecosystem: string })[];
  overTime: (HallucinationCounts & { day: string })[];
  overTimeByModel: (HallucinationCounts & { day: string; model: string })[];
  topPackages: InventedPackage[];
}

export interface GateStatusCounts {
  model: string;
  gate: string;
  total: number;
  pass: number;
  warn: number;
  fail: number;
  error: number;
  skipped: number;
  /** Rates over the results that decided something (total − skipped). */
  passRate: number | null;
  warnRate: number | null;
  failRate: number | null;
  errorRate: number | null;
}

export interface ErrorContractBreaks {
  model: string;
  /** Changes the error-contract gate checked (not skipped). */
  checked: number;
  /** Changes it failed: an error message, class, code or status consumers rely on was broken. */
  breaks: number;
  errors: number;
  breakRate: number | null;
}

export interface ComplexityBucketCount {
  model: string;
  bucket: string;
  changes: number;
}

export interface ComplexityTransition {
  fromBucket: string;
  toBucket: string;
  reroutes: number;
}

export interface ComplexityReroute {
  fromModel: string;
  toModel: string;
  reroutes: number;
  avgScoreBefore: number | null;
  avgScoreAfter: number | null;
  /** Rerouted revisions whose complexity gate still failed. */
  stillFailing: number;
}

/** Static-analysis gate per change tier and model: problems introduced, and invented members apart. */
export interface StaticAnalysisCounts {
  tier: string;
  model: string;
  /** Changes the gate decided (not skipped, not error). */
  checked: number;
  /** Changes it failed (an error-level problem introduced). */
  failed: number;
  /** Problems introduced (every severity). */
  problems: number;
  /** Error-level problems introduced (invented members included). */
  errors: number;
  /** TS2339/TS2551/TS2353 (and JSX props the type lacks) and mypy attr-defined: members that do not exist. */
  inventedMembers: number;
  /** Changes with at least one invented member. */
  inventedChanges: number;
  /** Problems introduced per checked change. */
  problemsPerChange: number | null;
  inventedRate: number | null;
}

export interface Gates {
  statusByModel: GateStatusCounts[];
  staticAnalysis: StaticAnalysisCounts[];
  errorContract: ErrorContractBreaks[];
  complexityDistribution: ComplexityBucketCount[];
  complexityTransitions: ComplexityTransition[];
  complexityReroutes: ComplexityReroute[];
}

export interface JobsPerTier {
  /** Job.routedTier; null for jobs not routed yet. */
  tier: string | null;
  jobs: number;
  /** Jobs rerouted at least once. */
  rerouted: number;
}

export interface RerouteFlow {
  cause: string;
  kind: RerouteKind | "other";
  fromTier: string;
  fromModel: string;
  toTier: string;
  toModel: string;
  reroutes: number;
}

export interface RerouteTotal {
  kind: RerouteKind | "other";
  reroutes: number;
}

export interface ReviewOutcomes {
  model: string;
  reviews: number;
  approve: number;
  reject: number;
  reroute: number;
  approveRate: number | null;
  rejectRate: number | null;
  rerouteRate: number | null;
}

export interface FirstRevisionAcceptance {
  tier: string;
  firstRevisions: number;
  /** First revisions with an outcome: a review decision or a following revision. */
  decided: number;
  /** First revisions a reviewer approved. */
  accepted: number;
  acceptanceRate: number | null;
}

export interface Routing {
  jobsPerTier: JobsPerTier[];
  rerouteTotals: RerouteTotal[];
  reroutes: RerouteFlow[];
  reviewOutcomes: ReviewOutcomes[];
  firstRevisionAcceptance: FirstRevisionAcceptance[];
}

export interface LatencyPercentiles {
  tier: string;
  /** null in the per-tier rows (all models of the tier). */
  model: string | null;
  changes: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface TokenCost {
  tier: string;
  model: string;
  changes: number;
  promptTokens: number;
  completionTokens: number;
  /** Estimated cost in the providers' currency unit (price per 1k tokens). */
  cost: number;
  /** Changes with tokens but no provider of that name (so no price). */
  unpricedChanges: number;
}

export interface DecisionTime {
  /** Job.routedTier; null in the overall row and for unrouted jobs. */
  tier: string | null;
  jobs: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface Speed {
  latencyByTier: LatencyPercentiles[];
  latencyByModel: LatencyPercentiles[];
  cost: TokenCost[];
  decisionTimeByTier: DecisionTime[];
  decisionTime: DecisionTime;
}

export interface StatsTotals {
  changes: number;
  jobs: number;
}

export interface StatsOptions {
  repositories: { id: string; name: string }[];
  models: string[];
}

export interface StatsResponse {
  filters: {
    window: string;
    from: string;
    to: string;
    repositoryId: string | null;
    tier: string | null;
    model: string | null;
    ecosystem: string | null;
    /** Whether recorded (replayed) completions were counted. */
    includeReplays: boolean;
  };
  generatedAt: string;
  totals: StatsTotals;
  hallucinations: Hallucinations;
  gates: Gates;
  routing: Routing;
  speed: Speed;
  options: StatsOptions;
}

/** Drill-down metrics: which changes (or jobs) stand behind a number. See lib/stats/drilldown.ts for keys. */
export const DRILL_METRICS = [
  "changes",
  "not-found",
  "version-not-found",
  "package",
  "gate-status",
  "invented-member",
  "complexity-bucket",
  "complexity-reroute",
  "reroute",
  "review",
  "first-revision",
  "latency",
  "tokens",
  "jobs",
  "decision-time",
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export interface DrillRow {
  changeId: string | null;
  jobId: string;
  jobTitle: string;
  jobStatus: string;
  revision: number | null;
  tier: string | null;
  model: string | null;
  cause: string | null;
  /** The change's creation time (the job's for job metrics). */
  createdAt: string;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Ready-for-review → decision, for job metrics. */
  decisionMs: number | null;
}

export interface DrillPage {
  metric: DrillMetric;
  key: string;
  /** What the list shows, in words. */
  title: string;
  /** "changes" or "jobs". */
  unit: "changes" | "jobs";
  total: number;
  page: number;
  pageSize: number;
  rows: DrillRow[];
}
