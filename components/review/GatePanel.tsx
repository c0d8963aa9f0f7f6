"use client";
/** The gates: status, summary, findings (click to jump to the line) and the tests log. */
import { useState } from "react";
import type { GateView } from "@/lib/jobs/job-detail";
import type { RunView } from "@/lib/jobs/run-progress";
import type { Consumer, LineFinding } from "@/lib/review/line-findings";
import { GateStatusBadge } from "./GateStatusBadge";
import { StaticTools } from "./StaticTools";

export const GATE_TITLES: Record<string, string> = {
  tests: "Tests",
  dependencies: "Dependencies",
  complexity: "Complexity",
  "error-contract": "Error contract",
  "static-analysis": "Static analysis",
};
const GATES = ["tests", "dependencies", "complexity", "error-contract", "static-analysis"] as const;
const LOG_TAIL_LINES = 40;

interface TestFinding {
  kind?: string;
  test?: string;
  message?: string;
  file?: string;
  line?: number;
}

const TEST_KIND: Record<string, string> = {
  "newly-failing": "newly failing",
  "already-failing": "already failing at base",
  flaky: "flaky",
  "timed-out": "timed out",
  "not-run": "not run",
  "run-failed": "test command failed",
  "limit-hit": "sandbox limit",
};

/** One test finding: what kind, which test and where, then the runner's assertion message in full. */
function TestFindingItem({ f }: { f: TestFinding }) {
  return (
    <li className={`finding test-finding${f.kind === "newly-failing" ? " finding-error" : ""}`} data-testid="test-finding" data-kind={f.kind}>
      <div>
        <span className="finding-kind">{TEST_KIND[f.kind ?? ""] ?? f.kind}</span> <code>{f.test}</code>
        {f.file ? (
          <span className="muted">
            {" "}
            at <code data-testid="test-location">{f.line ? `${f.file}:${f.line}` : f.file}</code>
          </span>
        ) : null}
      </div>
      {f.message ? (
        <pre className="test-message" data-testid="test-message">
          {f.message}
        </pre>
      ) : null}
    </li>
  );
}

function TestsLog({ log }: { log: string }) {
  const [full, setFull] = useState(false);
  const lines = log.replace(/\n$/, "").split("\n");
  const shown = full ? lines : lines.slice(-LOG_TAIL_LINES);
  return (
    <div className="tests-log">
      <div className="tests-log-head">
        <span className="muted">
          {full || lines.length <= LOG_TAIL_LINES ? `Test log (${lines.length} lines)` : `Last ${shown.length} of ${lines.length} log lines`}
        </span>
        {lines.length > LOG_TAIL_LINES ? (
          <button type="button" className="button button-secondary button-small" onClick={() => setFull((v) => !v)} aria-expanded={full}>
            {full ? "Show the tail" : "Show the full log"}
          </button>
        ) : null}
      </div>
      <pre data-testid="tests-log">{shown.join("\n")}</pre>
    </div>
  );
}

export function GatePanel(props: {
  gates: GateView[];
  findings: LineFinding[];
  activeFindingId: string | null;
  onJump: (f: LineFinding) => void;
  onOpenConsumer: (c: Consumer) => void;
  /** What runs on the page's revision now (the same state as the header's progress). */
  run?: RunView;
  /** The revision these results belong to. */
  revision?: number;
}) {
  const run = props.run;
  const previous = run?.previousRevision ?? null;
  return (
    <section className="gate-panel" aria-label="Gates" data-testid="gate-panel">
      {previous !== null ? (
        <p className="gate-run-note" data-testid="gates-previous-note">
          These are the results of revision {previous}, the previous revision: revision {run?.nextRevision} is being generated.
        </p>
      ) : run?.gating ? (
        <p className="gate-run-note" data-testid="gates-running-note">
          Gates are running on revision {props.revision}
          {run.rerunning ? " again; the results below are from the previous run until each gate finishes" : ""}:{" "}
          {Object.keys(run.gating).length} of {GATES.length} finished.
        </p>
      ) : null}
      {GATES.map((name) => {
        const stored = props.gates.find((x) => x.gate === name) ?? null;
        // While gates run, a finished gate's status comes from the job's progress; its details are
        // stored (with every other gate's) when all have finished.
        const progress = run?.gating ? (run.gating[name] ?? "running") : null;
        const g = progress && !run?.rerunning ? null : stored;
        const mine = g ? props.findings.filter((f) => f.gate === name) : [];
        const log = typeof g?.details?.log === "string" ? g.details.log : null;
        const shown = progress ?? g?.status ?? "pending";
        return (
          <article key={name} className={`gate-card gate-${shown}`} data-testid={`gate-${name}`} data-status={shown} aria-label={`${GATE_TITLES[name]} gate`}>
            <header>
              <h3>{GATE_TITLES[name]}</h3>
              {previous !== null ? (
                <span className="badge" data-testid="gate-revision">
                  revision {previous} (previous)
                </span>
              ) : null}
              <GateStatusBadge status={shown} />
              {g?.score !== null && g?.score !== undefined ? <span className="muted">score {g.score}</span> : null}
            </header>
            {progress ? (
              <p className="gate-summary" data-testid="gate-progress">
                {progress === "running" ? "Running…" : `Finished: ${progress}. Details appear when every gate has finished.`}
                {g ? ` Previous run: ${g.summary}` : ""}
              </p>
            ) : (
              <p className="gate-summary">{g ? g.summary : "No result yet."}</p>
            )}
            {name === "tests" && g ? (
              <>
                {(g.findings as TestFinding[]).length ? (
                  <ul className="finding-list">
                    {(g.findings as TestFinding[]).map((f, i) => (
                      <TestFindingItem key={i} f={f} />
                    ))}
                  </ul>
                ) : null}
                {log !== null ? <TestsLog log={log} /> : null}
              </>
            ) : null}
            {name === "static-analysis" && g ? <StaticTools details={g.details} /> : null}
            {name !== "tests" && mine.length ? (
              <ul className="finding-list">
                {mine.map((f) => (
                  <li key={f.id} className={`finding finding-${f.severity}`} aria-current={props.activeFindingId === f.id ? "true" : undefined}>
                    <button type="button" className="finding-jump" onClick={() => props.onJump(f)} data-finding={f.id}>
                      <code>
                        {f.file}:{f.line}
                      </code>{" "}
                      <strong>{f.title}</strong>
                    </button>
                    <div className="finding-message">{f.message}</div>
                    {f.consumers?.length ? (
                      <ul className="consumers" aria-label="Consumers">
                        {f.consumers.map((c, i) => (
                          <li key={i}>
                            <button type="button" className="link-like" onClick={() => props.onOpenConsumer(c)} data-testid="consumer-link">
                              {c.file}:{c.line}
                            </button>
                            {c.informational ? (
                              <span className="badge">changelog</span>
                            ) : c.broken ? (
                              <span className="badge badge-danger">breaks</span>
                            ) : (
                              <span className="badge">still matches</span>
                            )}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
            {name !== "tests" && g && g.findings.length > mine.length ? (
              <p className="muted">{g.findings.length - mine.length} finding(s) without a file position.</p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
