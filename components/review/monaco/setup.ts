/**
 * Monaco from node_modules, never from a CDN: @monaco-editor/react is pointed at the bundled editor,
 * and each worker is a local module the bundler emits (Turbopack needs `new Worker(new URL(...))`).
 * Import this only from client components loaded with `ssr: false`.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";

type WorkerFactory = { getWorker(workerId: string, label: string): Worker };

function workerFor(label: string): Worker {
  switch (label) {
    case "typescript":
    case "javascript":
      return new Worker(new URL("./ts.worker.ts", import.meta.url), { type: "module" });
    case "json":
      return new Worker(new URL("./json.worker.ts", import.meta.url), { type: "module" });
    case "css":
    case "scss":
    case "less":
      return new Worker(new URL("./css.worker.ts", import.meta.url), { type: "module" });
    case "html":
    case "handlebars":
    case "razor":
      return new Worker(new URL("./html.worker.ts", import.meta.url), { type: "module" });
    default:
      return new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" });
  }
}

(self as unknown as { MonacoEnvironment: WorkerFactory }).MonacoEnvironment = {
  getWorker: (_id, label) => workerFor(label),
};

// A diff shows one file out of its project: unresolved imports would be flagged everywhere, burying
// the gate findings, so the language services' own diagnostics are off.
const quiet = { noSemanticValidation: true, noSyntaxValidation: true, noSuggestionDiagnostics: true };
monaco.typescript.typescriptDefaults.setDiagnosticsOptions(quiet);
monaco.typescript.javascriptDefaults.setDiagnosticsOptions(quiet);

loader.config({ monaco });

export { monaco };
export type Monaco = typeof monaco;
