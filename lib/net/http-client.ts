/**
 * A small fetch-like HTTP client on node:http/https for the CLI's registry lookups and `submit`.
 * Why not fetch: loading undici costs ~40 ms at a cold start, and a TLS connection here must trust the
 * extra CAs of NODE_EXTRA_CA_CERTS even when the launcher kept Node from loading them at start
 * (bin/gatehouse: Node reads that file eagerly, ~110 ms for a system bundle; see DEFERRED_EXTRA_CA_CERTS). Redirects are followed,
 * gzip/deflate/br bodies decoded, and errors look like fetch's: an abort rejects with the signal's
 * reason (TimeoutError / AbortError), a network failure with an Error whose `cause` carries the code.
 */
import fs from "node:fs";
import type http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { createRequire } from "node:module";

/**
 * Node's network and compression modules load on the first request: a `check` whose registry answers
 * all come from the cache never loads them. require, not import(): an import() call keeps the CLI
 * bundle out of V8's code cache (lib/cli/code-cache.ts).
 */
const load = createRequire(import.meta.url);

export interface HttpInit {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Redirects followed before failing (default 5, like a browser's 20 but tighter). */
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  ok: boolean;
  url: string;
  headers: IncomingHttpHeaders;
  /** The whole body, decoded; still under the request's signal (a stalled body aborts too). */
  text(): Promise<string>;
  /** Drops the body without reading it. */
  discard(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Transport {
  request: typeof http.request;
  agent: http.Agent;
}

let httpTransport: Transport | undefined;
/**
 * Where bin/gatehouse.cjs leaves the NODE_EXTRA_CA_CERTS file that Node was kept from loading at start.
 * Without it (any other process) Node has loaded the variable itself and the default roots include it.
 */
export const DEFERRED_EXTRA_CA_CERTS = Symbol.for("gatehouse.deferredExtraCaCerts");

function deferredExtraCaFile(): string {
  const file = (globalThis as Record<symbol, unknown>)[DEFERRED_EXTRA_CA_CERTS];
  return typeof file === "string" ? file : "";
}

/** By the deferred CA file they trust ("" for none). */
const httpsTransports = new Map<string, Promise<Transport>>();

/** PEM certificates of a CA bundle file (Node's own reader skips what it cannot parse, so do we). */
export function readPemBundle(file: string): string[] {
  try {
    return fs.readFileSync(file, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } catch {
    return [];
  }
}

/** A transport per protocol, made on first use; agents keep connections alive between lookups. */
function transportFor(protocol: string): Transport | Promise<Transport> {
  if (protocol !== "https:") {
    if (!httpTransport) {
      const plain = load("node:http") as typeof http;
      httpTransport = { request: plain.request, agent: new plain.Agent({ keepAlive: true }) };
    }
    return httpTransport;
  }
  const extraFile = deferredExtraCaFile();
  let transport = httpsTransports.get(extraFile);
  if (!transport) {
    transport = Promise.resolve().then(() => {
      const https = load("node:https") as typeof import("node:https");
      const tls = load("node:tls") as typeof import("node:tls");
      const extra = extraFile ? readPemBundle(extraFile) : [];
      // `ca` replaces the default roots: Node's bundled roots first, as NODE_EXTRA_CA_CERTS adds to them
      // (only when deferred, so that --use-openssl-ca and the like keep working otherwise).
      const agent = new https.Agent({ keepAlive: true, ...(extra.length ? { ca: [...tls.rootCertificates, ...extra] } : {}) });
      return { request: https.request as typeof http.request, agent };
    });
    httpsTransports.set(extraFile, transport);
  }
  return transport;
}

class NetworkError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "TypeError"; // what fetch rejects with on a network failure
  }
}

function decoded(res: IncomingMessage): NodeJS.ReadableStream {
  const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase();
  if (!encoding || encoding === "identity") return res;
  const zlib = load("node:zlib") as typeof import("node:zlib");
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return res.pipe(zlib.createGunzip());
    case "deflate":
      return res.pipe(zlib.createInflate());
    case "br":
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

async function once(url: URL, init: HttpInit): Promise<IncomingMessage> {
  const signal = init.signal;
  const transport = await transportFor(url.protocol);
  if (signal?.aborted) throw abortReason(signal);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br", ...init.headers };
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    const req = transport.request(url, { method: init.method ?? "GET", headers, agent: transport.agent });
    const onAbort = () => req.destroy(signal ? (abortReason(signal) as Error) : undefined);
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("response", (res) => {
      // The listener stays until the body is read or dropped: see text() and discard().
      res.once("close", () => signal?.removeEventListener("abort", onAbort));
      resolve(res);
    });
    req.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? abortReason(signal) : new NetworkError("fetch failed", error));
    });
    req.end(init.body);
  });
}

/** GET/POST `url` like fetch: resolves at the response headers, rejects on network errors and aborts. */
export async function httpFetch(input: string, init: HttpInit = {}): Promise<HttpResponse> {
  let url = new URL(input);
  let current = { ...init };
  const origin = url.origin;
  for (let hops = 0; ; hops++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new NetworkError("fetch failed", new Error(`unsupported protocol ${url.protocol}`));
    const res = await once(url, current);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECTS.has(status) && location) {
      res.resume();
      if (hops >= (init.maxRedirects ?? 5)) throw new NetworkError("fetch failed", new Error("redirect count exceeded"));
      url = new URL(location, url);
      // As fetch does: 303 (and 301/302 after a POST) become a GET without body; credentials stay on their origin.
      if (status === 303 || ((status === 301 || status === 302) && current.method === "POST")) current = { ...current, method: "GET", body: undefined };
      if (url.origin !== origin && current.headers) {
        const { authorization: _dropped, ...rest } = current.headers;
        current = { ...current, headers: rest };
      }
      continue;
    }
    const signal = current.signal;
    return {
      status,
      statusText: res.statusMessage ?? "",
      ok: status >= 200 && status < 300,
      url: url.href,
      headers: res.headers,
      discard: () => res.destroy(),
      text: () =>
        new Promise<string>((resolve, reject) => {
          const chunks: Buffer[] = [];
          const body = decoded(res);
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
          body.on("error", (error) => reject(signal?.aborted ? abortReason(signal) : new NetworkError("body read failed", error)));
          res.on("error", (error) => reject(signal?.aborted ? abortReason(signal) : new NetworkError("body read failed", error)));
          res.on("aborted", () => reject(signal?.aborted ? abortReason(signal) : new NetworkError("body read failed", new Error("connection closed"))));
        }),
    };
  }
}
