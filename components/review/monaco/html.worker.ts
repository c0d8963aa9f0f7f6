import "monaco-editor/language/html/html.worker";
