/**
 * Import specifiers of a source file, for the context graph. Comments and import-like text inside
 * strings do not count.
 */
import ts from "typescript";

export type SourceLanguage = "js" | "python";

const JS_EXT = /\.(m|c)?(j|t)sx?$/i;

export function languageOf(path: string): SourceLanguage | null {
  if (JS_EXT.test(path)) return "js";
  if (/\.pyi?$/i.test(path)) return "python";
  return null;
}

/** Uses TypeScript's pre-processor (a scanner, no full parse): imports, re-exports, require() and import(). */
export function jsImports(src: string): string[] {
  const info = ts.preProcessFile(src, true, true);
  return [...new Set(info.importedFiles.map((f) => f.fileName))];
}

/** Python imports as dotted names; relative ones keep their leading dots ("..models.user"). */
export function pythonImports(src: string): string[] {
  const found = new Set<string>();
  const lines = src.replace(/\\\n/g, " ").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, "");
    let m = /^\s*from\s+(\.*[\w.]*)\s+import\s+(.*)$/.exec(line);
    if (m) {
      let names = m[2];
      if (names.includes("(") && !names.includes(")")) {
        while (++i < lines.length && !lines[i].includes(")")) names += " " + lines[i];
        if (i < lines.length) names += " " + lines[i];
      }
      const mod = m[1];
      found.add(mod);
      // "from . import x" / "from pkg import sub" may name submodules.
      for (const n of names.replace(/[()]/g, " ").split(",")) {
        const name = n.trim().split(/\s+/)[0];
        if (/^\w+$/.test(name)) found.add(mod.endsWith(".") ? mod + name : `${mod}.${name}`);
      }
      continue;
    }
    m = /^\s*import\s+(.*)$/.exec(line);
    if (m) for (const part of m[1].split(",")) {
      const name = part.trim().split(/\s+/)[0];
      if (/^[\w.]+$/.test(name)) found.add(name);
    }
  }
  return [...found];
}

export function importsOf(path: string, src: string): string[] {
  const lang = languageOf(path);
  if (lang === "js") return jsImports(src);
  if (lang === "python") return pythonImports(src);
  return [];
}
