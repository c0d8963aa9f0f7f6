import { describe, expect, it } from "vitest";
import { RecordedProvider, type RecordingInput } from "./recorded";
import { ProviderError } from "./errors";
import type { CompletionProgress } from "./types";

const config = { name: "demo-fast", tier: "fast" as const, kind: "recorded" as const, baseUrl: "recorded:demo", model: "demo-model" };

const recordings: RecordingInput[] = [
  {
    match: { jobTitle: "Add slugify", tier: "accurate", revision: 2 },
    text: "accurate revision two",
    model: "big-model",
    promptTokens: 900,
    completionTokens: 300,
    latencyMs: 8_000,
  },
  {
    match: { jobTitle: "Add slugify" },
    text: "```diff\n--- a/src/slug.ts\n+++ b/src/slug.ts\n@@ -1 +1 @@\n-old\n+new\n```",
    model: "small-model",
    promptTokens: 500,
    completionTokens: 120,
    latencyMs: 2_100,
  },
  {
    match: { instructionIncludes: "RETRY budget" },
    text: "by instruction",
    model: "small-model",
    promptTokens: 10,
    completionTokens: 3,
    latencyMs: 100,
  },
];

const req = (user: string) => ({ messages: [{ role: "system" as const, content: "sys" }, { role: "user" as const, content: user }] });

describe("RecordedProvider", () => {
  const provider = new RecordedProvider(config, recordings);

  it("replays the first recording matching job title, tier and revision", async () => {
    const revTwo = await provider.complete(req("x"), { recordingKey: { jobTitle: "Add slugify", tier: "accurate", revision: 2 } });
    expect(revTwo).toMatchObject({ text: "accurate revision two", model: "big-model", recorded: true, promptTokens: 900 });

    // Tier defaults to the provider's own tier: the accurate recording does not match.
    const first = await provider.complete(req("x"), { recordingKey: { jobTitle: "Add slugify", revision: 2 } });
    expect(first.model).toBe("small-model");
    expect(first.completionTokens).toBe(120);
    expect(first.latencyMs).toBe(2_100);
    expect(first.recorded).toBe(true);
  });

  it("matches on the instruction text, case-insensitively", async () => {
    const r = await provider.complete(req("Please raise the retry budget of the client"), { recordingKey: { jobTitle: "other" } });
    expect(r.text).toBe("by instruction");
  });

  it("simulates streaming with increasing progress ending at the full text", async () => {
    const seen: CompletionProgress[] = [];
    const r = await provider.complete(req("x"), { recordingKey: { jobTitle: "Add slugify" }, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.chars).toBeGreaterThan(seen[i - 1]!.chars);
    expect(seen.at(-1)!.text).toBe(r.text);
  });

  it("fails with no-recording when nothing matches", async () => {
    const err = await provider.complete(req("unrelated"), { recordingKey: { jobTitle: "Unknown job", revision: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe("no-recording");
    expect((err as ProviderError).message).toBe('fast tier (demo-model, recorded): no recorded completion for "Unknown job" (tier fast, revision 1)');
  });

  it("rejects invalid recordings and non-recorded configs", () => {
    expect(() => new RecordedProvider(config, [{ match: {}, text: "x", model: "", promptTokens: 1, completionTokens: 1, latencyMs: 1 }])).toThrow();
    expect(() => new RecordedProvider({ ...config, kind: "openai", baseUrl: "http://127.0.0.1:1/v1" }, [])).toThrow(/not of kind recorded/);
  });
});
