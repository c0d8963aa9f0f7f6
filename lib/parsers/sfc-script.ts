/**
 * Single-file components (.vue, .svelte): only their `<script>` blocks are code. The blocks are kept in place
 * and everything else is blanked (newlines kept), so a parser sees valid script and reports the file's own
 * line numbers.
 */
const SFC_EXTENSIONS = /\.(vue|svelte)$/i;
const SCRIPT_BLOCK = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;

export function isSingleFileComponent(path: string): boolean {
  return SFC_EXTENSIONS.test(path);
}

export function sfcScriptText(text: string): string {
  const out = text.replace(/[^\n]/g, " ").split("");
  for (const m of text.matchAll(SCRIPT_BLOCK)) {
    const start = (m.index ?? 0) + m[0].indexOf(">") + 1;
    for (let i = 0; i < m[1].length; i++) out[start + i] = m[1][i];
  }
  return out.join("");
}
