"use client";
/** A read-only file (e.g. a consumer of a changed error message at the base commit), opened at a line. */
import Editor from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import { monaco } from "./monaco/setup";

type CodeEditor = Parameters<NonNullable<Parameters<typeof Editor>[0]["onMount"]>>[0];

export function MonacoFile(props: { path: string; content: string; language: string; line: number; height?: string }) {
  const ref = useRef<CodeEditor | null>(null);
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    const editor = ref.current;
    if (!editor || !mounted) return;
    editor.revealLineInCenter(props.line);
    const deco = editor.createDecorationsCollection([
      { range: new monaco.Range(props.line, 1, props.line, 1), options: { isWholeLine: true, className: "gh-line gh-line-focus" } },
    ]);
    return () => deco.clear();
  }, [mounted, props.line, props.path, props.content]);
  return (
    <div className="diff-host" data-testid="file-viewer" style={{ height: props.height ?? "50vh" }}>
      <Editor
        value={props.content}
        language={props.language}
        path={props.path}
        theme="vs"
        loading={<div className="diff-loading">Loading file…</div>}
        options={{ readOnly: true, domReadOnly: true, minimap: { enabled: false }, automaticLayout: true, scrollBeyondLastLine: false, fontSize: 13 }}
        onMount={(editor) => {
          ref.current = editor;
          setMounted(true);
        }}
      />
    </div>
  );
}
