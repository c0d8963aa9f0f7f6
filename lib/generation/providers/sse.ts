/**
 * Incremental Server-Sent Events parser: feed decoded text as it arrives, get the `data` payload of each
 * complete event. Multi-line `data:` fields are joined with "\n" as the SSE spec says; comments are skipped.
 */
export interface SseEvent {
  event?: string;
  data: string;
}

export class SseParser {
  private buffer = "";
  private dataLines: string[] = [];
  private eventName: string | undefined;

  /** Returns the events completed by this chunk. */
  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      // A lone "\r" at the end may be the first half of "\r\n" split across chunks.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.processLine(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** Flushes a last event the server did not terminate with a blank line (lenient, unlike browsers). */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer.length > 0) {
      const event = this.processLine(this.buffer.replace(/\r$/, ""));
      this.buffer = "";
      if (event) events.push(event);
    }
    const last = this.dispatch();
    if (last) events.push(last);
    return events;
  }

  private processLine(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.dataLines.push(value);
    else if (field === "event") this.eventName = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (this.dataLines.length === 0) {
      this.eventName = undefined;
      return undefined;
    }
    const event: SseEvent = { data: this.dataLines.join("\n") };
    if (this.eventName) event.event = this.eventName;
    this.dataLines = [];
    this.eventName = undefined;
    return event;
  }
}
