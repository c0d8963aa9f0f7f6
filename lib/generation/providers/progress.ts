/** Throttled progress reporting: at most one callback per interval, counts never go down, and a final flush. */
import type { CompletionProgress } from "./types";

export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export class ProgressReporter {
  private lastSentAt = 0;
  private lastTokens = 0;
  private lastChars = -1;

  constructor(
    private readonly callback: ((p: CompletionProgress) => void) | undefined,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reports the text so far if the interval has passed since the last report. */
  update(text: string): void {
    if (!this.callback) return;
    const t = this.now();
    if (text.length === this.lastChars) return;
    if (this.lastChars >= 0 && t - this.lastSentAt < this.intervalMs) return;
    this.send(text, estimateTokens(text.length), t);
  }

  /** Reports the final state (server-reported token count when known) unless it was already sent. */
  flush(text: string, tokens?: number): void {
    if (!this.callback) return;
    const finalTokens = tokens ?? estimateTokens(text.length);
    if (text.length === this.lastChars && finalTokens <= this.lastTokens) return;
    this.send(text, finalTokens, this.now());
  }

  private send(text: string, tokens: number, t: number): void {
    this.lastSentAt = t;
    this.lastChars = text.length;
    this.lastTokens = Math.max(this.lastTokens, tokens);
    try {
      this.callback?.({ tokens: this.lastTokens, chars: text.length, text });
    } catch {
      // A failing UI callback must not fail the generation.
    }
  }
}
