"use client";
/** Monaco only runs in the browser: these wrappers load it without server rendering. */
import dynamic from "next/dynamic";

export const DiffView = dynamic(() => import("./MonacoDiff").then((m) => m.MonacoDiff), {
  ssr: false,
  loading: () => <div className="diff-loading">Loading diff…</div>,
});

export const FileView = dynamic(() => import("./MonacoFile").then((m) => m.MonacoFile), {
  ssr: false,
  loading: () => <div className="diff-loading">Loading file…</div>,
});
