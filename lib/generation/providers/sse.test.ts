import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";
import { backoffDelayMs, parseRetryAfterMs, DEFAULT_BACKOFF } from "./retry";
import { ProgressReporter } from "./progress";
import type { CompletionProgress } from "./types";

describe("SseParser", () => {
  it("joins multi-line data, skips comments, keeps event names and handles CRLF split across chunks", () => {
    const p = new SseParser();
    const events = [
      ...p.feed(": hello\r"),
      ...p.feed("\ndata: line one\r\ndata:line two\r"),
      ...p.feed("\n\r\nevent: error\ndata: {\"error\":1}\n"),
      ...p.feed("\ndata: [DONE]"),
      ...p.end(),
    ];
    expect(events).toEqual([
      { data: "line one\nline two" },
      { event: "error", data: '{"error":1}' },
      { data: "[DONE]" },
    ]);
  });

  it("emits nothing for an event that has no data lines", () => {
    const p = new SseParser();
    expect(p.feed("event: ping\n\n: comment\n\n")).toEqual([]);
  });
});

describe("retry timing", () => {
  it("parses Retry-After seconds and HTTP dates, capped", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfterMs("2", 30_000, now)).toBe(2_000);
    expect(parseRetryAfterMs("0.25", 30_000, now)).toBe(250);
    expect(parseRetryAfterMs("3600", 30_000, now)).toBe(30_000);
    expect(parseRetryAfterMs("Wed, 01 Jan 2025 00:00:05 GMT", 30_000, now)).toBe(5_000);
    expect(parseRetryAfterMs("Tue, 31 Dec 2024 00:00:00 GMT", 30_000, now)).toBe(0);
    expect(parseRetryAfterMs("soon", 30_000, now)).toBeUndefined();
    expect(parseRetryAfterMs(null, 30_000, now)).toBeUndefined();
  });

  it("backs off exponentially between half and all of a capped ceiling", () => {
    const opts = { ...DEFAULT_BACKOFF, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelayMs(0, opts, () => 0)).toBe(50);
    expect(backoffDelayMs(0, opts, () => 1)).toBe(100);
    expect(backoffDelayMs(2, opts, () => 1)).toBe(400);
    expect(backoffDelayMs(10, opts, () => 1)).toBe(1_000);
    expect(backoffDelayMs(10, opts, () => 0)).toBe(500);
  });
});

describe("ProgressReporter", () => {
  it("throttles updates, never lowers the token count and always reports the final state", () => {
    let clock = 0;
    const seen: CompletionProgress[] = [];
    const r = new ProgressReporter((p) => seen.push(p), 100, () => clock);
    r.update("abcd"); // first update always goes out
    clock = 50;
    r.update("abcdefgh"); // throttled
    clock = 150;
    r.update("abcdefghijkl");
    r.flush("abcdefghijklmnop", 2); // server says 2 tokens: the count must not go down
    expect(seen.map((p) => [p.chars, p.tokens])).toEqual([
      [4, 1],
      [12, 3],
      [16, 3],
    ]);
  });

  it("survives a throwing callback", () => {
    const r = new ProgressReporter(() => {
      throw new Error("ui broke");
    }, 0);
    expect(() => r.update("x")).not.toThrow();
  });
});
