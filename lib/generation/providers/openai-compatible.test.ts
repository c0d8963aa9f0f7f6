import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { OpenAICompatibleProvider } from "./openai-compatible";
import { ProviderError, type ProviderErrorCode } from "./errors";
import type { ProviderConfigInput } from "./config";
import type { CompletionProgress } from "./types";
import { parseModelResponse } from "../prompt/parse-response";
import {
  completionBody,
  deltaEvent,
  delay,
  sendJson,
  startFakeChatServer,
  usageEvent,
  writeSlowly,
  type FakeChatServer,
} from "./test-server";

const KEY_ENV = "GATEHOUSE_TEST_PROVIDER_KEY";
const KEY = "sk-test-9f8e7d6c5b4a39281706";
const messages = [
  { role: "system" as const, content: "You write diffs." },
  { role: "user" as const, content: "Rename foo to bar in src/a.ts" },
];

let server: FakeChatServer;

beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  process.env[KEY_ENV] = KEY;
});
process.env[KEY_ENV] = KEY;

function provider(overrides: Partial<ProviderConfigInput> = {}, backoffBaseMs = 5): OpenAICompatibleProvider {
  return new OpenAICompatibleProvider(
    {
      name: "test-fast",
      tier: "fast",
      kind: "openai",
      baseUrl: server.baseUrl,
      model: "gpt-test",
      apiKeyEnv: KEY_ENV,
      temperature: 0.3,
      maxTokens: 512,
      timeoutMs: 10_000,
      maxRetries: 2,
      ...overrides,
    },
    { backoff: { baseDelayMs: backoffBaseMs, maxDelayMs: backoffBaseMs * 4 }, progressIntervalMs: 0 },
  );
}

/** Awaits a rejection and checks its code and that the key never leaks into the message. */
async function expectProviderError(promise: Promise<unknown>, code: ProviderErrorCode): Promise<ProviderError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected ProviderError ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  const pe = err as ProviderError;
  expect(pe.code).toBe(code);
  expect(pe.message).not.toContain(KEY);
  expect(pe.message).not.toContain("\n");
  expect(pe.message.startsWith("fast tier (gpt-test at http://127.0.0.1:")).toBe(true);
  return pe;
}

describe("OpenAI-compatible provider, non-streaming", () => {
  it("sends the documented request and reads text, usage and model", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, completionBody("hello diff", { prompt_tokens: 42, completion_tokens: 7 })));
    const result = await provider({ stream: false }).complete({ messages });

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["content-type"]).toContain("application/json");
    expect(req.body).toEqual({ model: "gpt-test", messages, temperature: 0.3, max_tokens: 512, stream: false });

    expect(result.text).toBe("hello diff");
    expect(result.model).toBe("served-model");
    expect(result.promptTokens).toBe(42);
    expect(result.completionTokens).toBe(7);
    expect(result.recorded).toBe(false);
    expect(result.finishReason).toBe("stop");
    expect(result.estimated).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("lets the request override temperature and max tokens, and reads the key at call time", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, completionBody("ok")));
    const p = provider({ stream: false });
    process.env[KEY_ENV] = "sk-rotated-key-1234";
    const result = await p.complete({ messages, temperature: 0, maxTokens: 99 });
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe("Bearer sk-rotated-key-1234");
    expect(req.body).toMatchObject({ temperature: 0, max_tokens: 99 });
    // No usage in the answer: estimated from characters.
    expect(result.estimated).toBe(true);
    expect(result.completionTokens).toBe(Math.ceil("ok".length / 4));
    expect(result.promptTokens).toBe(Math.ceil((messages[0]!.content.length + messages[1]!.content.length) / 4));
  });

  it("sends no Authorization header when no key variable is configured", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, completionBody("ok")));
    await provider({ stream: false, apiKeyEnv: undefined }).complete({ messages });
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("malformed JSON → bad-response, not retried", async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"choices": [ {"message": ');
    });
    const err = await expectProviderError(provider({ stream: false }).complete({ messages }), "bad-response");
    expect(err.message).toContain("malformed JSON");
    expect(server.requests).toHaveLength(1);
  });

  it("an answer without choices → bad-response", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, { id: "x", choices: [] }));
    const err = await expectProviderError(provider({ stream: false }).complete({ messages }), "bad-response");
    expect(err.message).toContain("no choices");
  });
});

describe("OpenAI-compatible provider, streaming", () => {
  it("streams deltas, reports increasing progress and takes usage from the last chunk", async () => {
    const pieces = ["diff --git ", "a/src/a.ts b/src/a.ts\n", "--- a/src/a.ts\n", "+++ b/src/a.ts\n", "@@ -1 +1 @@\n-foo\n+bar\n"];
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [...pieces.map((p) => deltaEvent(p)), deltaEvent(null, "stop"), usageEvent(120, 33), "data: [DONE]\n\n"]);
      res.end();
    });
    const progress: CompletionProgress[] = [];
    const result = await provider().complete({ messages }, { onProgress: (p) => progress.push({ ...p }) });

    const req = server.requests[0]!;
    expect(req.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, model: "gpt-test", max_tokens: 512 });
    expect(req.headers.accept).toBe("text/event-stream");
    expect(result.text).toBe(pieces.join(""));
    expect(result.promptTokens).toBe(120);
    expect(result.completionTokens).toBe(33);
    expect(result.estimated).toBeUndefined();
    expect(result.finishReason).toBe("stop");

    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.tokens).toBeGreaterThan(progress[i - 1]!.tokens);
      expect(progress[i]!.chars).toBeGreaterThanOrEqual(progress[i - 1]!.chars);
    }
    expect(progress.at(-1)!.text).toBe(result.text);
    expect(progress.at(-1)!.tokens).toBe(33);
  });

  it("throttles progress: with a long interval only the first and the final state are reported", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, ["one ", "two ", "three ", "four "].map((p) => deltaEvent(p)).concat("data: [DONE]\n\n"), 20);
      res.end();
    });
    const slow = new OpenAICompatibleProvider(
      { name: "t", tier: "fast", baseUrl: server.baseUrl, model: "gpt-test", apiKeyEnv: KEY_ENV },
      { progressIntervalMs: 60_000 },
    );
    const seen: CompletionProgress[] = [];
    const result = await slow.complete({ messages }, { onProgress: (p) => seen.push(p) });
    expect(result.text).toBe("one two three four ");
    // The first read is reported at once, then nothing until the final state (reads may coalesce, never split).
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(seen.at(-1)!.text).toBe(result.text);
    if (seen.length === 2) expect(result.text.startsWith(seen[0]!.text)).toBe(true);
  });

  it("parses multi-line data events, comments, CRLF and events split across network writes", async () => {
    const chunk1 = JSON.stringify({ choices: [{ delta: { content: "Hello, " } }] }, null, 2).split("\n");
    const multiLine = chunk1.map((l) => `data: ${l}`).join("\r\n") + "\r\n\r\n";
    const second = `: keep-alive\r\n${deltaEvent("world")}`.replace(/\n/g, "\r\n");
    const stream = multiLine + second + deltaEvent(null, "stop") + "data: [DONE]\n\n";
    // Cut at awkward places, including between \r and \n.
    const cuts = [3, 17, multiLine.length - 1, multiLine.length + 5, stream.length - 4];
    const pieces: string[] = [];
    let prev = 0;
    for (const c of cuts) {
      pieces.push(stream.slice(prev, c));
      prev = c;
    }
    pieces.push(stream.slice(prev));
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, pieces, 5);
      res.end();
    });
    const result = await provider().complete({ messages });
    expect(result.text).toBe("Hello, world");
    expect(result.estimated).toBe(true);
    expect(result.completionTokens).toBe(Math.ceil("Hello, world".length / 4));
  });

  it("accepts a stream that ends with a finish_reason but no [DONE]", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [deltaEvent("done text"), deltaEvent(null, "length")]);
      res.end();
    });
    const result = await provider().complete({ messages });
    expect(result.text).toBe("done text");
    expect(result.finishReason).toBe("length");
  });

  it("falls back to a JSON answer when the server ignores stream:true", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, completionBody("whole answer", { prompt_tokens: 5, completion_tokens: 2 })));
    const progress: CompletionProgress[] = [];
    const result = await provider().complete({ messages }, { onProgress: (p) => progress.push(p) });
    expect(result.text).toBe("whole answer");
    expect(result.completionTokens).toBe(2);
    expect(progress.at(-1)?.text).toBe("whole answer");
  });

  it("a socket destroyed mid-stream → stream-interrupted, with the partial progress reported", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [deltaEvent("first half "), deltaEvent("still going")]);
      res.socket?.destroy();
    });
    const progress: CompletionProgress[] = [];
    const err = await expectProviderError(
      provider().complete({ messages }, { onProgress: (p) => progress.push(p) }),
      "stream-interrupted",
    );
    expect(err.message).toContain("stream ended before the answer was complete");
    expect(progress.at(-1)?.text).toBe("first half still going");
    expect(server.requests).toHaveLength(1);
  });

  it("a stream that closes cleanly without [DONE] or finish_reason → stream-interrupted", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [deltaEvent("partial")]);
      res.end();
    });
    await expectProviderError(provider().complete({ messages }), "stream-interrupted");
  });

  it("a malformed stream event → bad-response", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [deltaEvent("ok "), "data: {not json}\n\n", "data: [DONE]\n\n"]);
      res.end();
    });
    const err = await expectProviderError(provider().complete({ messages }), "bad-response");
    expect(err.message).toContain("malformed JSON in a stream event");
  });

  it("an error event before any text → server-error after retries", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [`data: ${JSON.stringify({ error: { message: "model overloaded" } })}\n\n`]);
      res.end();
    });
    const err = await expectProviderError(provider({ maxRetries: 1 }).complete({ messages }), "server-error");
    expect(err.message).toContain("model overloaded");
    expect(server.requests).toHaveLength(2);
  });
});

describe("OpenAI-compatible provider, failures and retries", () => {
  it("401 → unauthorized at once, naming the variable but never the key (even when the server echoes it)", async () => {
    server.setHandler((req, res) =>
      sendJson(res, 401, { error: { message: `Incorrect API key provided: ${String(req.headers.authorization).slice(7)}` } }),
    );
    const err = await expectProviderError(provider().complete({ messages }), "unauthorized");
    expect(server.requests).toHaveLength(1);
    expect(err.status).toBe(401);
    expect(err.message).toContain("401 Unauthorized");
    expect(err.message).toContain(`check ${KEY_ENV}`);
  });

  it("403 → unauthorized", async () => {
    server.setHandler((_req, res) => sendJson(res, 403, { error: "forbidden" }));
    await expectProviderError(provider().complete({ messages }), "unauthorized");
    expect(server.requests).toHaveLength(1);
  });

  it("429 then success: retried after the server's Retry-After", async () => {
    server.setHandler((_req, res, index) => {
      if (index === 0) sendJson(res, 429, { error: { message: "slow down" } }, { "retry-after": "0.05" });
      else sendJson(res, 200, completionBody("after retry"));
    });
    // Backoff alone would wait ~60 s and hit the 5 s timeout: success proves Retry-After was used.
    const p = provider({ stream: false, timeoutMs: 5_000 }, 60_000);
    const result = await p.complete({ messages });
    expect(result.text).toBe("after retry");
    expect(result.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it("a Retry-After longer than the time left → rate-limited at once instead of a timeout", async () => {
    server.setHandler((_req, res) => sendJson(res, 429, { error: { message: "quota" } }, { "retry-after": "20" }));
    const err = await expectProviderError(provider({ timeoutMs: 2_000, maxRetries: 3 }).complete({ messages }), "rate-limited");
    expect(server.requests).toHaveLength(1);
    expect(err.message).toContain("quota");
  });

  it("429 every time → rate-limited after maxRetries + 1 attempts", async () => {
    server.setHandler((_req, res) => sendJson(res, 429, { error: { message: "quota" } }, { "retry-after": "0" }));
    const err = await expectProviderError(provider({ maxRetries: 2 }).complete({ messages }), "rate-limited");
    expect(server.requests).toHaveLength(3);
    expect(err.attempts).toBe(3);
    expect(err.message).toContain("429 Too Many Requests");
    expect(err.message).toContain("after 3 attempts");
  });

  it("500 every time → server-error after retries; the message quotes the server", async () => {
    server.setHandler((_req, res) => sendJson(res, 500, { error: { message: "CUDA out of memory" } }));
    const err = await expectProviderError(provider({ maxRetries: 3 }).complete({ messages }), "server-error");
    expect(server.requests).toHaveLength(4);
    expect(err.message).toContain("500 Internal Server Error");
    expect(err.message).toContain("CUDA out of memory");
  });

  it("503 then 502 then success", async () => {
    server.setHandler((_req, res, index) => {
      if (index < 2) sendJson(res, index === 0 ? 503 : 502, "busy");
      else sendJson(res, 200, completionBody("third time"));
    });
    const result = await provider({ stream: false, maxRetries: 2 }).complete({ messages });
    expect(result.text).toBe("third time");
    expect(result.attempts).toBe(3);
  });

  it("other 4xx → bad-request without retry", async () => {
    server.setHandler((_req, res) => sendJson(res, 404, { error: { message: "model 'gpt-test' not found" } }));
    const err = await expectProviderError(provider().complete({ messages }), "bad-request");
    expect(server.requests).toHaveLength(1);
    expect(err.message).toContain("not found");
  });

  it("a server that rejects stream_options gets the request again without it", async () => {
    server.setHandler(async (req, res) => {
      if ((req.body as Record<string, unknown>).stream_options) {
        sendJson(res, 400, { error: { message: "Unrecognized request argument: stream_options" } });
        return;
      }
      await writeSlowly(res, [deltaEvent("fine"), "data: [DONE]\n\n"]);
      res.end();
    });
    const result = await provider({ maxRetries: 0 }).complete({ messages });
    expect(result.text).toBe("fine");
    expect(server.requests).toHaveLength(2);
    expect((server.requests[1]!.body as Record<string, unknown>).stream_options).toBeUndefined();
  });

  it("a server that never answers → timeout within the configured time, not retried", async () => {
    server.setHandler(() => {
      // Never respond.
    });
    await expectProviderError(provider({ timeoutMs: 300, maxRetries: 2 }).complete({ messages }), "timeout");
    expect(server.requests).toHaveLength(1);
  });

  it("a stream that stalls → timeout", async () => {
    server.setHandler(async (_req, res) => {
      await writeSlowly(res, [deltaEvent("begin")]);
      // Keep the connection open without sending more.
    });
    const err = await expectProviderError(provider({ timeoutMs: 400 }).complete({ messages }), "timeout");
    expect(err.message).toContain("no complete answer within 0.4 s");
  });

  it("refused connections → network after retries", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await expectProviderError(
      provider({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 }).complete({ messages }),
      "network",
    );
    expect(err.attempts).toBe(2);
  });

  it("empty key variable → missing-key without any request", async () => {
    process.env[KEY_ENV] = "";
    const err = await expectProviderError(provider().complete({ messages }), "missing-key");
    expect(err.message).toContain(`${KEY_ENV} is not set on the server`);
    expect(server.requests).toHaveLength(0);
  });

  it("the caller's abort → aborted", async () => {
    server.setHandler(() => {
      // Never respond.
    });
    const controller = new AbortController();
    const promise = provider().complete({ messages }, { signal: controller.signal });
    await delay(50);
    controller.abort();
    await expectProviderError(promise, "aborted");
  });

  it("credentials in the base URL become Basic auth and are not shown in messages", async () => {
    server.setHandler((req, res) => sendJson(res, 404, { error: { message: `no route for ${String(req.headers.authorization)}` } }));
    const credsUrl = new URL(server.baseUrl);
    credsUrl.username = "user";
    credsUrl.password = "hunter2pass";
    const withCreds = credsUrl.toString().replace(/\/$/, "");
    const err = await expectProviderError(provider({ baseUrl: withCreds, apiKeyEnv: undefined }).complete({ messages }), "bad-request");
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("user:hunter2pass").toString("base64")}`);
    expect(err.message).not.toContain("hunter2pass");
    expect(err.message).not.toContain(Buffer.from("user:hunter2pass").toString("base64"));
    expect(err.message).toContain("no route for Basic ***");
  });
});

describe("provider output through the response parser", () => {
  it("an answer with no usable code → parseModelResponse kind none", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 200, completionBody("I think you should rename foo to bar. Let me know if you need anything else!")),
    );
    const result = await provider({ stream: false }).complete({ messages });
    const parsed = parseModelResponse(result.text, { repoFiles: () => "const foo = 1;\n" });
    expect(parsed.kind).toBe("none");
    if (parsed.kind === "none") expect(parsed.reason).toContain("without a diff or file block");
  });
});
