// Monaco's base worker (diff computation, links), bundled locally: no CDN.
import "monaco-editor/editor/editor.worker";
