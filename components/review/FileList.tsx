"use client";
import type { ChangeFileView } from "@/lib/jobs/job-detail";
import type { LineFinding } from "@/lib/review/line-findings";

const SHORT: Record<string, string> = { dependencies: "dep", complexity: "cx", "error-contract": "err", "static-analysis": "sa" };

function changeKind(f: ChangeFileView): string {
  if (f.before === null) return "added";
  if (f.after === null) return "deleted";
  return "modified";
}

/** Changed files, each with one mark per gate that has findings on it (j/k move through them). */
export function FileList(props: { files: ChangeFileView[]; findings: LineFinding[]; active: string | null; onSelect: (path: string) => void }) {
  return (
    <nav className="file-list" aria-label="Changed files" data-testid="file-list">
      <div className="file-list-title">
        Files <span className="muted">({props.files.length})</span>
      </div>
      <ul>
        {props.files.map((f) => {
          const mine = props.findings.filter((x) => x.file === f.path);
          const byGate = new Map<string, LineFinding[]>();
          for (const x of mine) byGate.set(x.gate, [...(byGate.get(x.gate) ?? []), x]);
          const name = f.path.slice(f.path.lastIndexOf("/") + 1);
          const dir = f.path.slice(0, f.path.length - name.length);
          return (
            <li key={f.path}>
              <button
                type="button"
                className="file-item"
                aria-current={props.active === f.path ? "true" : undefined}
                onClick={() => props.onSelect(f.path)}
                title={f.path}
                data-path={f.path}
              >
                <span className={`file-kind file-kind-${changeKind(f)}`} aria-label={changeKind(f)} />
                <span className="file-name">
                  {name}
                  {dir ? <span className="file-dir">{dir}</span> : null}
                </span>
                <span className="file-marks">
                  {[...byGate.entries()].map(([gate, list]) => (
                    <span
                      key={gate}
                      className={`mark mark-${list.some((x) => x.severity === "error") ? "error" : "warning"}`}
                      title={`${gate}: ${list.length} finding${list.length === 1 ? "" : "s"}`}
                      data-gate={gate}
                    >
                      {SHORT[gate] ?? gate} {list.length}
                    </span>
                  ))}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
