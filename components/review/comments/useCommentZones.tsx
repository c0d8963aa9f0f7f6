"use client";
/**
 * Comment threads inside the Monaco diff, as GitHub draws them: a view zone under the commented line
 * of either side, holding React content through a portal. Zones are keyed by side and line, so a zone
 * (and the text typed into it) survives re-renders; its height follows its content. Clicking a line
 * number (or the "+" next to it) asks for a new comment on that line.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import type { monaco as Monaco } from "../monaco/setup";

type DiffEditor = ReturnType<typeof Monaco.editor.createDiffEditor>;
type CodeEditor = ReturnType<DiffEditor["getModifiedEditor"]>;
export type Side = "before" | "after";

export interface ZoneSpec {
  key: string;
  side: Side;
  line: number;
}

interface LiveZone {
  spec: ZoneSpec;
  editor: CodeEditor;
  id: string;
  node: HTMLDivElement;
  inner: HTMLDivElement;
  observer: ResizeObserver;
}

/** Monaco acts on pointer/mouse downs inside its view (focus, selection); comment boxes need them. */
function shield(node: HTMLElement) {
  for (const type of ["mousedown", "pointerdown", "mouseup", "pointerup", "dblclick", "contextmenu"]) {
    node.addEventListener(type, (e) => e.stopPropagation());
  }
}

export function useCommentZones(opts: {
  monaco: typeof Monaco;
  editor: DiffEditor | null;
  /** Changes whenever the models on screen change (zones are per model). */
  modelKey: string | null;
  sideBySide: boolean;
  zones: ZoneSpec[];
  render: (key: string) => ReactNode;
  onLineClick?: (side: Side, line: number) => void;
}): ReactNode {
  const { monaco, editor, modelKey, sideBySide, zones, render, onLineClick } = opts;
  const live = useRef(new Map<string, LiveZone>());
  const [mounted, setMounted] = useState<{ key: string; inner: HTMLDivElement }[]>([]);
  const clickRef = useRef(onLineClick);
  clickRef.current = onLineClick;

  // Gutter clicks and the hover "+" on both sides.
  useEffect(() => {
    if (!editor) return;
    const subs = (["before", "after"] as const).flatMap((side) => {
      const ed = side === "before" ? editor.getOriginalEditor() : editor.getModifiedEditor();
      const hover = ed.createDecorationsCollection();
      const T = monaco.editor.MouseTargetType;
      const gutter = new Set([T.GUTTER_LINE_NUMBERS, T.GUTTER_LINE_DECORATIONS, T.GUTTER_GLYPH_MARGIN]);
      return [
        ed.onMouseDown((e) => {
          const line = e.target.position?.lineNumber;
          if (line && gutter.has(e.target.type) && clickRef.current) clickRef.current(side, line);
        }),
        ed.onMouseMove((e) => {
          const line = e.target.position?.lineNumber;
          const onLine = line && (gutter.has(e.target.type) || e.target.type === T.CONTENT_TEXT || e.target.type === T.CONTENT_EMPTY);
          hover.set(onLine && clickRef.current ? [{ range: new monaco.Range(line, 1, line, 1), options: { linesDecorationsClassName: "gh-comment-plus" } }] : []);
        }),
        ed.onMouseLeave(() => hover.clear()),
        { dispose: () => hover.clear() },
      ];
    });
    return () => subs.forEach((s) => s.dispose());
  }, [editor, monaco]);

  const specKey = zones.map((z) => `${z.key}@${z.side}:${z.line}`).join("|");
  useEffect(() => {
    if (!editor || !modelKey) return;
    const map = live.current;
    const remove = (z: LiveZone) => {
      z.observer.disconnect();
      z.editor.changeViewZones((a) => a.removeZone(z.id));
      map.delete(z.spec.key);
    };
    const wanted = new Map(
      zones.filter((z) => sideBySide || z.side === "after").map((z) => [z.key, z]),
    );
    for (const z of [...map.values()]) {
      const w = wanted.get(z.spec.key);
      if (!w || w.line !== z.spec.line || w.side !== z.spec.side) remove(z);
    }
    for (const spec of wanted.values()) {
      if (map.has(spec.key)) continue;
      const ed = spec.side === "before" ? editor.getOriginalEditor() : editor.getModifiedEditor();
      const model = ed.getModel();
      if (!model) continue;
      const node = document.createElement("div");
      node.className = "gh-zone";
      shield(node);
      const inner = document.createElement("div");
      inner.className = "gh-zone-inner";
      node.appendChild(inner);
      const zone = { afterLineNumber: Math.min(spec.line, model.getLineCount()), heightInPx: 40, domNode: node, suppressMouseDown: true };
      let id = "";
      ed.changeViewZones((a) => {
        id = a.addZone(zone);
      });
      // Monaco hides its zone layer from assistive technology; comment boxes must be reachable.
      node.closest(".view-zones")?.removeAttribute("aria-hidden");
      const observer = new ResizeObserver(() => {
        const h = Math.ceil(inner.getBoundingClientRect().height) + 8;
        if (h !== zone.heightInPx && h > 8) {
          zone.heightInPx = h;
          ed.changeViewZones((a) => a.layoutZone(id));
        }
      });
      observer.observe(inner);
      map.set(spec.key, { spec, editor: ed, id, node, inner, observer });
    }
    setMounted([...map.values()].map((z) => ({ key: z.spec.key, inner: z.inner })));
    // zones is read through specKey
  }, [editor, modelKey, sideBySide, specKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // New models drop every zone: start again from nothing.
  useEffect(() => {
    const map = live.current;
    return () => {
      for (const z of map.values()) {
        z.observer.disconnect();
        try {
          z.editor.changeViewZones((a) => a.removeZone(z.id));
        } catch {
          // the editor may already be disposed
        }
      }
      map.clear();
    };
  }, [editor, modelKey, sideBySide]);

  return <>{mounted.map((m) => createPortal(render(m.key), m.inner, m.key))}</>;
}
