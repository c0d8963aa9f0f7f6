/**
 * Throttled Job.stage writer: steps may report progress as often as they like; the database sees at
 * most one write per interval, always with the latest text.
 */
export class ProgressReporter {
  private lastWrite = 0;
  private pending: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly write: (stage: string) => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  report(stage: string): void {
    if (this.closed) return;
    this.pending = stage;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flushPending();
    else if (!this.timer) this.timer = setTimeout(() => this.flushPending(), wait);
  }

  private flushPending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.pending === null) return;
    const stage = this.pending;
    this.pending = null;
    this.lastWrite = Date.now();
    this.inflight = this.inflight.then(() => this.write(stage)).then(
      () => undefined,
      (err) => this.onError(err),
    );
  }

  /** Drops unsent progress and waits for a write in flight, so it cannot land after the next status move. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inflight;
  }
}
