/**
 * `gatehouse submit` as a real child process against a real HTTP server on 127.0.0.1 that stands in
 * for POST /api/changes: what it sends, what it prints, and its exit codes.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runBin, type Run } from "./testing/run-bin";



function gatehouse(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "", ...opts.env };
  if (!opts.env?.GATEHOUSE_TOKEN) delete env.GATEHOUSE_TOKEN;
  if (!opts.env?.GATEHOUSE_URL) delete env.GATEHOUSE_URL;
  return runBin(args, { cwd: dir, env, input: opts.input, timeoutMs: 60_000 });
}

interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** What the double answers next: status, body text and content type. */
let reply: { status: number; body: string; type?: string };
const requests: Recorded[] = [];
let server: http.Server;
let base: string;
let dir: string;

const DIFF = "diff --git a/src/greet.ts b/src/greet.ts\n--- a/src/greet.ts\n+++ b/src/greet.ts\n@@ -1 +1 @@\n-a\n+b\n";
const FORMAT_PATCH = `From 1f2e3d Mon Sep 17 00:00:00 2001\nFrom: Agent <agent@example.test>\nSubject: [PATCH] Fix the greeting\n\n---\n${DIFF}`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-submit-"));
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      });
      res.writeHead(reply.status, { "content-type": reply.type ?? "application/json" });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  requests.length = 0;
  reply = { status: 201, body: JSON.stringify({ jobId: "job_1", changeId: "chg_1", url: "/jobs/job_1", status: "queued" }) };
});

describe("gatehouse submit", () => {
  it("posts the patch with the token and prints the job URL", async () => {
    const res = await gatehouse(
      ["submit", "--url", base, "--token", "gat_flag", "--repo", "demo", "--base", "v1.2", "--model", "aider", "--instruction", "Be nicer"],
      { input: FORMAT_PATCH },
    );
    expect(res, res.stderr).toMatchObject({ code: 0, stdout: `${base}/jobs/job_1\n`, stderr: "" });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "POST", url: "/api/changes", authorization: "Bearer gat_flag", contentType: "application/json" });
    expect(requests[0].body).toEqual({
      repository: "demo",
      diff: FORMAT_PATCH,
      title: "Fix the greeting",
      baseCommit: "v1.2",
      model: "aider",
      instruction: "Be nicer",
    });
  });

  it("takes URL and token from the environment, the patch from --patch, and prints JSON", async () => {
    const file = path.join(dir, "change.diff");
    fs.writeFileSync(file, DIFF);
    const res = await gatehouse(["submit", "--repo", "demo", "--patch", "change.diff", "--format", "json"], {
      env: { GATEHOUSE_URL: `${base}/`, GATEHOUSE_TOKEN: "gat_env" },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ jobId: "job_1", changeId: "chg_1", url: "/jobs/job_1", status: "queued" });
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe("/api/changes");
    expect(requests[0].authorization).toBe("Bearer gat_env");
    // No Subject header and no --model: the default title; unset options are not sent.
    expect(requests[0].body).toEqual({ repository: "demo", diff: DIFF, title: "Patch from external" });
  });

  it("exits 2 with the server's message on one line when the input is refused (4xx)", async () => {
    reply = {
      status: 422,
      body: JSON.stringify({ error: "patch does not apply: src/greet.ts:1 (@@ -1 +1 @@)", code: "does-not-apply", failingHunks: [{ file: "src/greet.ts", line: 1 }] }),
    };
    const res = await gatehouse(["submit", "--url", base, "--token", "gat_x", "--repo", "demo", "--title", "T"], { input: DIFF });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toBe("gatehouse: patch does not apply: src/greet.ts:1 (@@ -1 +1 @@)\n");
    expect(requests[0].body.title).toBe("T");

    reply = { status: 400, body: JSON.stringify({ error: "Invalid request body", issues: [{ path: "title", message: "Title is required" }] }) };
    const invalid = await gatehouse(["submit", "--url", base, "--token", "gat_x", "--repo", "demo"], { input: DIFF });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe("gatehouse: Invalid request body (title: Title is required)\n");

    reply = { status: 401, body: JSON.stringify({ error: "Authentication required" }) };
    const unauth = await gatehouse(["submit", "--url", base, "--token", "gat_bad", "--repo", "demo"], { input: DIFF });
    expect(unauth).toMatchObject({ code: 2, stderr: "gatehouse: Authentication required\n" });
  });

  it("exits 1 for server errors, foreign answers and unreachable servers", async () => {
    reply = { status: 500, body: JSON.stringify({ error: "Internal server error" }) };
    const failed = await gatehouse(["submit", "--url", base, "--token", "gat_x", "--repo", "demo"], { input: DIFF });
    expect(failed).toMatchObject({ code: 1, stdout: "", stderr: "gatehouse: Internal server error\n" });

    reply = { status: 502, body: "<html>\n<body>Bad gateway</body>\n</html>", type: "text/html" };
    const proxy = await gatehouse(["submit", "--url", base, "--token", "gat_x", "--repo", "demo"], { input: DIFF });
    expect(proxy.code).toBe(1);
    expect(proxy.stderr).toBe("gatehouse: server answered HTTP 502 Bad Gateway\n");

    reply = { status: 200, body: "<html>sign in</html>", type: "text/html" };
    const odd = await gatehouse(["submit", "--url", base, "--token", "gat_x", "--repo", "demo"], { input: DIFF });
    expect(odd.code).toBe(1);
    expect(odd.stderr).toMatch(/^gatehouse: unexpected answer from .*\/api\/changes \(HTTP 200\)/);

    // A port that was just free: nothing listens there.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await gatehouse(["submit", "--url", `http://127.0.0.1:${port}`, "--token", "gat_x", "--repo", "demo"], { input: DIFF });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`gatehouse: cannot reach http://127.0.0.1:${port}/api/changes: ECONNREFUSED\n`);
  });

  it("exits 2 without sending anything when arguments or the patch are missing", async () => {
    const noToken = await gatehouse(["submit", "--url", base, "--repo", "demo"], { input: DIFF });
    expect(noToken).toMatchObject({ code: 2, stderr: "gatehouse: --token TOKEN (or GATEHOUSE_TOKEN) is required\n" });
    const badUrl = await gatehouse(["submit", "--url", "ftp://127.0.0.1", "--token", "gat_x", "--repo", "demo"], { input: DIFF });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("--url must be an http(s) URL");
    const noPatch = await gatehouse(["submit", "--url", base, "--token", "gat_x", "--repo", "demo"], { input: "" });
    expect(noPatch.code).toBe(2);
    expect(noPatch.stderr).toContain("no patch on stdin");
    expect(requests).toHaveLength(0);
  });

  it("is listed in --help", async () => {
    const help = await gatehouse(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("gatehouse submit --url URL --token TOKEN --repo NAME");
    expect(help.stdout).toContain("GATEHOUSE_TOKEN");
  });
});
