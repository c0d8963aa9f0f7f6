import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, type TestCertificates } from "../testing/tls";
import { DEFERRED_EXTRA_CA_CERTS, httpFetch } from "./http-client";

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`${server instanceof https.Server ? "https" : "http"}://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

let main: http.Server;
let other: http.Server;
let base = "";
let otherBase = "";
const seen: Seen[] = [];

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body });
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/gzip") {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(zlib.gzipSync(JSON.stringify({ packed: true })));
    } else if (url.pathname === "/br") {
      res.writeHead(200, { "content-encoding": "br" }).end(zlib.brotliCompressSync("brotli body"));
    } else if (url.pathname === "/moved") {
      res.writeHead(302, { location: "/gzip" }).end();
    } else if (url.pathname === "/see-other") {
      res.writeHead(303, { location: "/echo" }).end();
    } else if (url.pathname === "/elsewhere") {
      res.writeHead(307, { location: `${otherBase}/echo` }).end();
    } else if (url.pathname === "/loop") {
      res.writeHead(302, { location: "/loop" }).end();
    } else if (url.pathname === "/stall") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial"); // and never ends
    } else if (url.pathname === "/slow") {
      setTimeout(() => res.writeHead(200).end("late"), 2_000);
    } else if (url.pathname === "/echo") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: req.method, body, authorization: req.headers.authorization ?? null }));
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    }
  });
}

beforeAll(async () => {
  main = http.createServer(handler);
  other = http.createServer(handler);
  base = await listen(main);
  otherBase = await listen(other);
});

afterAll(async () => {
  main.closeAllConnections();
  other.closeAllConnections();
  await Promise.all([close(main), close(other)]);
});

describe("httpFetch", () => {
  it("decodes gzip and brotli bodies and reports status like fetch", async () => {
    const gz = await httpFetch(`${base}/gzip`);
    expect(gz).toMatchObject({ status: 200, ok: true });
    expect(JSON.parse(await gz.text())).toEqual({ packed: true });
    expect(await (await httpFetch(`${base}/br`)).text()).toBe("brotli body");
    const missing = await httpFetch(`${base}/nope`);
    expect(missing).toMatchObject({ status: 404, ok: false, statusText: "Not Found" });
    missing.discard();
  });

  it("follows redirects: 302 keeps GET, 303 turns a POST into a GET without body, and the final URL is reported", async () => {
    const moved = await httpFetch(`${base}/moved`);
    expect(moved.url).toBe(`${base}/gzip`);
    expect(JSON.parse(await moved.text())).toEqual({ packed: true });
    const posted = await httpFetch(`${base}/see-other`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(JSON.parse(await posted.text())).toMatchObject({ method: "GET", body: "" });
  });

  it("drops the authorization header on a redirect to another origin, keeps method and body on a 307", async () => {
    const res = await httpFetch(`${base}/elsewhere`, { method: "POST", body: "payload", headers: { authorization: "Bearer gat_secret" } });
    expect(JSON.parse(await res.text())).toEqual({ method: "POST", body: "payload", authorization: null });
    const direct = await httpFetch(`${base}/echo`, { headers: { authorization: "Bearer gat_secret" } });
    expect(JSON.parse(await direct.text()).authorization).toBe("Bearer gat_secret");
  });

  it("gives up on a redirect loop with a network error", async () => {
    await expect(httpFetch(`${base}/loop`)).rejects.toMatchObject({ name: "TypeError", cause: expect.objectContaining({ message: "redirect count exceeded" }) });
  });

  it("rejects like fetch: a refused connection carries its code, a timeout is a TimeoutError, also while the body stalls", async () => {
    const closed = http.createServer();
    const closedBase = await listen(closed);
    await close(closed);
    await expect(httpFetch(`${closedBase}/x`)).rejects.toMatchObject({ name: "TypeError", cause: expect.objectContaining({ code: "ECONNREFUSED" }) });
    await expect(httpFetch(`${base}/slow`, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: "TimeoutError" });
    const stalled = await httpFetch(`${base}/stall`, { signal: AbortSignal.timeout(300) });
    await expect(stalled.text()).rejects.toMatchObject({ name: "TimeoutError" });
    const controller = new AbortController();
    controller.abort();
    await expect(httpFetch(`${base}/echo`, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("httpFetch over TLS with a CA deferred by the launcher", () => {
  let certs: TestCertificates;
  let server: https.Server;
  let tlsBase = "";
  beforeAll(async () => {
    certs = makeTestCertificates();
    server = https.createServer({ key: certs.key, cert: certs.cert }, (_req, res) => res.writeHead(200).end("over tls"));
    tlsBase = await listen(server);
  });
  afterAll(async () => {
    delete (globalThis as Record<symbol, unknown>)[DEFERRED_EXTRA_CA_CERTS];
    server.closeAllConnections();
    await close(server);
    certs.remove();
  });

  it("refuses a server signed by an unknown CA, and trusts it once the CA is the deferred NODE_EXTRA_CA_CERTS file", async () => {
    await expect(httpFetch(`${tlsBase}/`)).rejects.toMatchObject({ name: "TypeError", cause: expect.objectContaining({ code: expect.stringMatching(/CERT|SIGNATURE|ISSUER/) }) });
    (globalThis as Record<symbol, unknown>)[DEFERRED_EXTRA_CA_CERTS] = certs.caFile;
    const res = await httpFetch(`${tlsBase}/`);
    expect(await res.text()).toBe("over tls");
  });
});
