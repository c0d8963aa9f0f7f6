"use client";
/**
 * The changed files as a folder tree: per file its change kind, one mark per gate with findings on it
 * (text, not colour alone), its comment count and a "viewed" tick; the header counts viewed files.
 * Single-child folders are folded into one row ("src/lib/"), as on GitHub.
 */
import { useMemo, useState } from "react";
import type { ChangeFileView } from "@/lib/jobs/job-detail";
import type { LineFinding } from "@/lib/review/line-findings";

const SHORT: Record<string, string> = { tests: "test", dependencies: "dep", complexity: "cx", "error-contract": "err", "static-analysis": "sa" };

interface Folder {
  name: string;
  path: string;
  folders: Folder[];
  files: ChangeFileView[];
}

export function buildTree(files: readonly ChangeFileView[]): Folder {
  const root: Folder = { name: "", path: "", folders: [], files: [] };
  for (const f of files) {
    const parts = f.path.split("/");
    let at = root;
    for (const part of parts.slice(0, -1)) {
      const path = at.path ? `${at.path}/${part}` : part;
      let next = at.folders.find((d) => d.name === part && d.path === path);
      if (!next) {
        next = { name: part, path, folders: [], files: [] };
        at.folders.push(next);
      }
      at = next;
    }
    at.files.push(f);
  }
  const fold = (d: Folder): Folder => {
    let cur = { ...d, folders: d.folders.map(fold) };
    while (cur.files.length === 0 && cur.folders.length === 1 && cur.name) {
      const only = cur.folders[0];
      cur = { ...only, name: `${cur.name}/${only.name}` };
    }
    return cur;
  };
  return { ...root, folders: root.folders.map(fold) };
}

/** Files in tree order (folders first, like the tree shows them): what j/k walks through. */
export function treeOrder(files: readonly ChangeFileView[]): ChangeFileView[] {
  const out: ChangeFileView[] = [];
  const walk = (d: Folder) => {
    d.folders.forEach(walk);
    out.push(...d.files);
  };
  walk(buildTree(files));
  return out;
}

function changeKind(f: ChangeFileView): "added" | "deleted" | "modified" {
  if (f.before === null) return "added";
  if (f.after === null) return "deleted";
  return "modified";
}

const KIND_LETTER = { added: "A", deleted: "D", modified: "M" } as const;

export function FileTree(props: {
  files: ChangeFileView[];
  findings: LineFinding[];
  active: string | null;
  onSelect: (path: string) => void;
  viewed: ReadonlySet<string>;
  /** Absent for people who cannot mark files (the tick is a reviewer's tool). */
  onToggleViewed?: (path: string, viewed: boolean) => void;
  commentCounts: ReadonlyMap<string, number>;
}) {
  const tree = useMemo(() => buildTree(props.files), [props.files]);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const viewedCount = props.files.filter((f) => props.viewed.has(f.path)).length;

  const renderFile = (f: ChangeFileView, depth: number) => {
    const mine = props.findings.filter((x) => x.file === f.path);
    const byGate = new Map<string, LineFinding[]>();
    for (const x of mine) byGate.set(x.gate, [...(byGate.get(x.gate) ?? []), x]);
    const name = f.path.slice(f.path.lastIndexOf("/") + 1);
    const kind = changeKind(f);
    const isViewed = props.viewed.has(f.path);
    const comments = props.commentCounts.get(f.path) ?? 0;
    return (
      <li key={f.path} className={`tree-file${isViewed ? " tree-file-viewed" : ""}`} style={{ paddingLeft: `${depth * 0.9}rem` }}>
        <button
          type="button"
          className="file-item"
          aria-current={props.active === f.path ? "true" : undefined}
          onClick={() => props.onSelect(f.path)}
          title={f.path}
          data-path={f.path}
        >
          <span className={`file-kind-letter file-kind-${kind}`} title={kind} aria-label={kind}>
            {KIND_LETTER[kind]}
          </span>
          <span className="file-name">{name}</span>
          <span className="file-marks">
            {comments ? (
              <span className="mark mark-comment" title={`${comments} comment thread${comments === 1 ? "" : "s"}`} data-testid="file-comment-count">
                ✎ {comments}
              </span>
            ) : null}
            {[...byGate.entries()].map(([gate, list]) => {
              const error = list.some((x) => x.severity === "error");
              return (
                <span
                  key={gate}
                  className={`mark mark-${error ? "error" : "warning"}`}
                  title={`${gate}: ${list.length} finding${list.length === 1 ? "" : "s"}`}
                  data-gate={gate}
                >
                  {SHORT[gate] ?? gate} {list.length}
                </span>
              );
            })}
          </span>
        </button>
        {props.onToggleViewed ? (
          <label className="viewed-tick" title={isViewed ? "Viewed" : "Mark as viewed"}>
            <input
              type="checkbox"
              checked={isViewed}
              onChange={(e) => props.onToggleViewed?.(f.path, e.target.checked)}
              aria-label={`Viewed ${f.path}`}
            />
          </label>
        ) : null}
      </li>
    );
  };

  const renderFolder = (d: Folder, depth: number): React.ReactNode => {
    const isClosed = closed.has(d.path);
    return (
      <li key={`dir:${d.path}`} className="tree-folder">
        <button
          type="button"
          className="tree-folder-toggle"
          style={{ paddingLeft: `${depth * 0.9 + 0.3}rem` }}
          aria-expanded={!isClosed}
          onClick={() =>
            setClosed((s) => {
              const n = new Set(s);
              if (n.has(d.path)) n.delete(d.path);
              else n.add(d.path);
              return n;
            })
          }
          data-folder={d.path}
        >
          {isClosed ? "▸" : "▾"} {d.name}/
        </button>
        {isClosed ? null : (
          <ul>
            {d.folders.map((c) => renderFolder(c, depth + 1))}
            {d.files.map((f) => renderFile(f, depth + 1))}
          </ul>
        )}
      </li>
    );
  };

  return (
    <nav className="file-list file-tree" aria-label="Changed files" data-testid="file-list">
      <div className="file-list-title">
        Files <span className="muted">({props.files.length})</span>
        <span className="viewed-count" data-testid="viewed-count">
          {viewedCount} of {props.files.length} files viewed
        </span>
      </div>
      <div className="viewed-bar" aria-hidden="true">
        <span style={{ width: `${props.files.length ? (100 * viewedCount) / props.files.length : 0}%` }} />
      </div>
      <ul>
        {tree.folders.map((d) => renderFolder(d, 0))}
        {tree.files.map((f) => renderFile(f, 0))}
      </ul>
    </nav>
  );
}
