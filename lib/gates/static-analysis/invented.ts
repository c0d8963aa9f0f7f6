/**
 * "Invented members": a property, prop or attribute the code uses that its type does not have — the
 * hallucination a type checker catches. Counted separately in the gate's result and in statistics.
 */
import type { Diagnostic } from "./types";

const TS_INVENTED = new Set(["TS2339", "TS2551", "TS2353"]);

export function isInventedMember(d: Pick<Diagnostic, "tool" | "rule" | "message">): boolean {
  if (d.tool === "tsc") {
    if (TS_INVENTED.has(d.rule)) return true;
    // A JSX prop the component's props type lacks is TS2322 with this elaboration.
    return d.rule === "TS2322" && /Property '[^']+' does not exist on type/.test(d.message);
  }
  return d.tool === "mypy" && d.rule === "attr-defined";
}
