import { jsLanguageOf } from "../../parsers/estree";

/** JS/TS/JSX/TSX sources the gate reads; declaration files (`.d.ts`) hold no error sites. */
export function isJsLikePath(path: string): boolean {
  return jsLanguageOf(path) !== undefined && !path.toLowerCase().endsWith(".d.ts");
}
