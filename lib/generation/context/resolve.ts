/**
 * Resolves import specifiers to files of the repository: relative paths, index files, extension
 * swaps (.js → .ts), tsconfig/jsconfig `paths` with `baseUrl`, and Python modules (absolute from the
 * repo root or src/, relative with leading dots, packages via __init__.py).
 */
import path from "node:path/posix";

const JS_EXTS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".d.ts"];

export interface PathAliases {
  baseUrl: string;
  paths: Record<string, string[]>;
}

/** Reads compilerOptions.baseUrl/paths from tsconfig.json or jsconfig.json text (JSONC tolerated). */
export function parseTsconfigAliases(text: string | undefined, dir = ""): PathAliases | null {
  if (!text) return null;
  try {
    const json = JSON.parse(
      text
        .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, s: string | undefined) => s ?? "")
        .replace(/,(\s*[}\]])/g, "$1"),
    ) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } };
    const co = json.compilerOptions ?? {};
    if (!co.paths && !co.baseUrl) return null;
    return { baseUrl: path.normalize(path.join(dir, co.baseUrl ?? ".")), paths: co.paths ?? {} };
  } catch {
    return null;
  }
}

export class Resolver {
  constructor(
    private readonly files: Set<string>,
    private readonly aliases: PathAliases | null,
  ) {}

  private tryFile(p: string): string | null {
    const candidates = [p];
    const ext = path.extname(p);
    if ([".js", ".jsx", ".mjs", ".cjs"].includes(ext)) {
      const stem = p.slice(0, -ext.length);
      candidates.push(stem + ".ts", stem + ".tsx", stem + ".mts", stem + ".cts");
    }
    for (const e of JS_EXTS) candidates.push(p + e);
    for (const e of JS_EXTS) candidates.push(path.join(p, "index" + e));
    return candidates.find((c) => this.files.has(c)) ?? null;
  }

  resolveJs(fromFile: string, spec: string): string | null {
    if (spec.startsWith(".")) return this.tryFile(path.normalize(path.join(path.dirname(fromFile), spec)));
    if (this.aliases) {
      for (const [pattern, targets] of Object.entries(this.aliases.paths)) {
        const star = pattern.indexOf("*");
        const prefix = star < 0 ? pattern : pattern.slice(0, star);
        const suffix = star < 0 ? "" : pattern.slice(star + 1);
        const matches = star < 0 ? spec === pattern : spec.startsWith(prefix) && spec.endsWith(suffix);
        if (!matches) continue;
        const captured = star < 0 ? "" : spec.slice(prefix.length, spec.length - suffix.length);
        for (const t of targets) {
          const hit = this.tryFile(path.normalize(path.join(this.aliases.baseUrl, t.replace("*", captured))));
          if (hit) return hit;
        }
      }
      if (this.aliases.baseUrl) {
        const hit = this.tryFile(path.normalize(path.join(this.aliases.baseUrl, spec)));
        if (hit) return hit;
      }
    }
    return null;
  }

  resolvePython(fromFile: string, dotted: string): string | null {
    let base: string[];
    let rest = dotted;
    if (dotted.startsWith(".")) {
      const dots = /^\.+/.exec(dotted)![0].length;
      rest = dotted.slice(dots);
      let dir = path.dirname(fromFile);
      for (let i = 1; i < dots; i++) dir = path.dirname(dir);
      base = [dir === "." ? "" : dir];
    } else {
      base = ["", "src"];
    }
    const rel = rest.split(".").filter(Boolean).join("/");
    for (const b of base) {
      const p = path.join(b || ".", rel);
      for (const c of [p + ".py", path.join(p, "__init__.py")]) {
        const n = path.normalize(c);
        if (this.files.has(n)) return n;
      }
    }
    return null;
  }

  resolve(fromFile: string, spec: string): string | null {
    return /\.pyi?$/.test(fromFile) ? this.resolvePython(fromFile, spec) : this.resolveJs(fromFile, spec);
  }
}
