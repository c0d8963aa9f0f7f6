"use client";
/**
 * The Monaco diff of one file, with gate findings drawn on their lines: a tinted line with a glyph,
 * the offending text underlined with the reason on hover, and every finding's label (package, scores,
 * consumer count) written at the end of its line. Loaded only in the browser (see DiffView.tsx).
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { LineFinding } from "@/lib/review/line-findings";
import { monaco } from "./monaco/setup";
import { useCommentZones, type Side, type ZoneSpec } from "./comments/useCommentZones";

type DiffEditorInstance = ReturnType<typeof monaco.editor.createDiffEditor>;
type CodeEditor = ReturnType<DiffEditorInstance["getModifiedEditor"]>;
type TextModel = ReturnType<typeof monaco.editor.createModel>;

export interface MonacoDiffProps {
  original: string;
  modified: string;
  language: string;
  /** Unique model names, e.g. gatehouse://<change>/after/<path>. */
  originalPath: string;
  modifiedPath: string;
  sideBySide: boolean;
  findings?: LineFinding[];
  /** Reveal this finding (or, without one, this line of the modified side). */
  activeFindingId?: string | null;
  revealLine?: number | null;
  height?: string;
  testId?: string;
  /** Line comments: zones under commented lines, and a callback when a line number is clicked. */
  comments?: { zones: ZoneSpec[]; render: (key: string) => ReactNode; onLineClick?: (side: Side, line: number) => void };
}

const NO_ZONES: ZoneSpec[] = [];
const noRender = () => null;

const GATE_LABEL: Record<string, string> = { dependencies: "dependency", complexity: "complexity", "error-contract": "error contract", "static-analysis": "static analysis" };

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}

/** Column range of the text a finding is about (its needle, or the static parts of a message), else the line. */
function underlineRange(model: TextModel, f: LineFinding, line: number) {
  const text = model.getLineContent(line);
  if (f.column && f.column <= text.length + 1) {
    // The tool's own columns; without an end, the word that starts there.
    const end = f.endColumn && f.endColumn > f.column ? f.endColumn : f.column + Math.max(1, /^[\w$.]*/.exec(text.slice(f.column - 1))![0].length);
    return new monaco.Range(line, f.column, line, Math.min(end, text.length + 1));
  }
  const needles = f.needle ? [f.needle, ...f.needle.split("{…}").filter((s) => s.trim().length > 2)] : [];
  for (const n of needles) {
    const at = text.indexOf(n);
    if (at >= 0) return new monaco.Range(line, at + 1, line, at + 1 + n.length);
  }
  const first = text.search(/\S/);
  return new monaco.Range(line, first >= 0 ? first + 1 : 1, line, Math.max(text.length + 1, 2));
}

function decorationsFor(model: TextModel, findings: LineFinding[]) {
  const out: Parameters<CodeEditor["createDecorationsCollection"]>[0] = [];
  const lines = model.getLineCount();
  for (const f of findings) {
    const line = Math.min(Math.max(1, f.line), lines);
    const hover = { value: `**${escapeMd(GATE_LABEL[f.gate] ?? f.gate)}** — ${escapeMd(f.message)}` };
    out.push({
      range: new monaco.Range(line, 1, line, 1),
      options: {
        isWholeLine: true,
        className: `gh-line gh-line-${f.severity}`,
        glyphMarginClassName: `gh-glyph gh-glyph-${f.severity}`,
        glyphMarginHoverMessage: hover,
        overviewRuler: { color: f.severity === "error" ? "#d92d20" : "#dc8b00", position: monaco.editor.OverviewRulerLane.Right },
      },
    });
    out.push({
      range: underlineRange(model, f, line),
      options: { inlineClassName: `gh-underline gh-underline-${f.severity} gh-finding gh-finding-${f.gate}`, hoverMessage: hover },
    });
    // Every finding's label is written after the end of its line as injected text: real DOM text that
    // wraps with the line (wordWrap is on), so it is never cut at the editor's edge.
    const end = model.getLineMaxColumn(line);
    out.push({
      range: new monaco.Range(line, end, line, end),
      options: {
        // An empty range's injected text is dropped unless it is shown when collapsed.
        showIfCollapsed: true,
        after: { content: `  ◀ ${f.badge}`, inlineClassName: `gh-badge gh-badge-${f.gate} gh-badge-${f.severity}`, cursorStops: monaco.editor.InjectedTextCursorStops.None },
      },
    });
  }
  return out;
}

/**
 * A model's URI from its name (gatehouse://<change>/after/<path>): plain path characters only, so the
 * URI's string form is the same however often it is parsed and printed (the TypeScript worker looks
 * files up by that string; a percent-encoded name came back double-encoded and every hover threw).
 */
let modelSerial = 0;
function modelUri(name: string) {
  const serial = ++modelSerial;
  const rest = name.replace(/^[a-z]+:\/\//i, "");
  const safe = rest.split("/").map((seg) => seg.replace(/[^\w.-]/g, "_")).join("/");
  return monaco.Uri.from({ scheme: "inmemory", authority: "gatehouse", path: `/${serial}/${safe}` });
}

export function MonacoDiff(props: MonacoDiffProps) {
  const { findings = [], activeFindingId, revealLine } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<DiffEditorInstance | null>(null);
  const collections = useRef<{ before?: ReturnType<CodeEditor["createDecorationsCollection"]>; after?: ReturnType<CodeEditor["createDecorationsCollection"]> }>({});
  const models = useRef(new Map<string, TextModel>());
  const shownPath = useRef(props.modifiedPath);
  const [modelKey, setModelKey] = useState<string | null>(null);
  // The path whose diff Monaco last finished computing: the diff is ready when it is the one on screen.
  const [diffedPath, setDiffedPath] = useState<string | null>(null);
  const [editorInstance, setEditorInstance] = useState<DiffEditorInstance | null>(null);

  // One diff editor for the component's life; files are swapped as models (j/k stays instant).
  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.createDiffEditor(host.current, {
      readOnly: true,
      originalEditable: false,
      renderSideBySide: props.sideBySide,
      useInlineViewWhenSpaceIsLimited: false,
      glyphMargin: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      // Long lines wrap so the end-of-line scores and the changed message stay in view.
      wordWrap: "on",
      diffWordWrap: "inherit",
      maxComputationTime: 20_000,
      renderOverviewRuler: true,
      theme: "vs",
    });
    editorRef.current = editor;
    setEditorInstance(editor);
    const sub = editor.onDidUpdateDiff(() => setDiffedPath(shownPath.current));
    const cache = models.current;
    return () => {
      sub.dispose();
      editor.dispose();
      for (const m of cache.values()) m.dispose();
      cache.clear();
      editorRef.current = null;
      setEditorInstance(null);
      collections.current = {};
    };
    // Created once; later option changes go through updateOptions below.
  }, []);

  useEffect(() => {
    editorRef.current?.updateOptions({ renderSideBySide: props.sideBySide });
  }, [props.sideBySide]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const model = (path: string, text: string) => {
      let m = models.current.get(path);
      if (!m || m.isDisposed()) {
        m = monaco.editor.createModel(text, props.language, modelUri(path));
        models.current.set(path, m);
      } else if (m.getValue() !== text) m.setValue(text);
      return m;
    };
    shownPath.current = props.modifiedPath;
    editor.setModel({ original: model(props.originalPath, props.original), modified: model(props.modifiedPath, props.modified) });
    setModelKey(`${props.originalPath}\0${props.modifiedPath}\0${props.original.length}\0${props.modified.length}`);
  }, [props.original, props.modified, props.originalPath, props.modifiedPath, props.language]);

  // Re-drawn whenever the file or its findings change.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !modelKey) return;
    const before = editor.getOriginalEditor();
    const after = editor.getModifiedEditor();
    const bm = before.getModel();
    const am = after.getModel();
    collections.current.before ??= before.createDecorationsCollection();
    collections.current.after ??= after.createDecorationsCollection();
    collections.current.before.set(bm ? decorationsFor(bm, findings.filter((f) => f.side === "before")) : []);
    collections.current.after.set(am ? decorationsFor(am, findings.filter((f) => f.side === "after")) : []);
  }, [modelKey, findings]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !modelKey) return;
    const f = activeFindingId ? findings.find((x) => x.id === activeFindingId) : undefined;
    const line = f?.line ?? revealLine;
    if (!line) return;
    const target = f?.side === "before" ? editor.getOriginalEditor() : editor.getModifiedEditor();
    target.revealLineInCenter(line);
    target.setSelection(new monaco.Range(line, 1, line, 1));
  }, [modelKey, activeFindingId, revealLine, findings]);

  const zonePortals = useCommentZones({
    monaco,
    editor: props.comments ? editorInstance : null,
    modelKey,
    sideBySide: props.sideBySide,
    zones: props.comments?.zones ?? NO_ZONES,
    render: props.comments?.render ?? noRender,
    onLineClick: props.comments?.onLineClick,
  });

  const ready = diffedPath === props.modifiedPath;
  return (
    <div
      className="diff-host"
      data-testid={props.testId ?? "diff-editor"}
      data-diff-ready={ready ? "true" : "false"}
      style={{ height: props.height ?? "62vh" }}
    >
      <div ref={host} style={{ width: "100%", height: "100%" }} />
      {zonePortals}
    </div>
  );
}
