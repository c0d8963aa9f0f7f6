/**
 * A local double of the npm registry (packuments under `/npm/`) and of PyPI's JSON API (`/pypi/{name}/json`),
 * serving the JSON fixtures in ../fixtures. Records every request and the peak number of requests in flight,
 * and can misbehave on purpose (5xx a few times, never answer, malformed JSON).
 */
import { promises as fs } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export type Misbehaviour =
  | { kind: "fail"; times: number; status: number }
  | { kind: "hang" }
  | { kind: "malformed" };

export interface RegistryServer {
  /** `http://127.0.0.1:PORT/npm/` */
  npmRegistry: string;
  /** `http://127.0.0.1:PORT` (JSON API at `/pypi/{name}/json`). */
  pypiBaseUrl: string;
  /** Paths requested, in order (as sent, e.g. `/npm/@acme%2fwidgets`). */
  requests: string[];
  maxInFlight: number;
  /** Per-path misbehaviour, keyed by the decoded package name (`npm:axios`, `pypi:pyyaml`). */
  misbehave(key: string, behaviour: Misbehaviour): void;
  /** Serve a document that is not in the fixtures (e.g. a package created "now"). */
  addDocument(key: string, document: unknown): void;
  close(): Promise<void>;
}

export interface RegistryServerOptions {
  /** Delay before every answer, so that concurrent requests overlap. */
  delayMs?: number;
}

function fixturePath(key: string): string {
  const [ecosystem, name] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  return path.join(FIXTURES, ecosystem, `${name.replace("/", "__")}.json`);
}

function keyOf(urlPath: string): string | undefined {
  const pypi = /^\/pypi\/([^/]+)\/json\/?$/.exec(urlPath);
  if (pypi) return `pypi:${decodeURIComponent(pypi[1]).toLowerCase()}`;
  const npm = /^\/npm\/(.+)$/.exec(urlPath);
  return npm ? `npm:${decodeURIComponent(npm[1])}` : undefined;
}

export async function startRegistryServer(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const behaviours = new Map<string, Misbehaviour>();
  const documents = new Map<string, unknown>();
  let inFlight = 0;
  const state = { requests: [] as string[], maxInFlight: 0 };

  const server = http.createServer(async (req, res) => {
    const urlPath = (req.url ?? "/").split("?")[0];
    state.requests.push(urlPath);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const key = keyOf(urlPath);
    const behaviour = key ? behaviours.get(key) : undefined;
    if (behaviour?.kind === "hang") return; // never answer; closed by close()
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (behaviour?.kind === "fail" && behaviour.times > 0) {
      behaviour.times--;
      res.writeHead(behaviour.status, { "content-type": "text/plain" }).end("Internal Server Error");
      return;
    }
    if (behaviour?.kind === "malformed") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"name": "truncated", "versions": {');
      return;
    }
    let body: string | undefined;
    if (key && documents.has(key)) body = JSON.stringify(documents.get(key));
    else if (key) body = await fs.readFile(fixturePath(key), "utf8").catch(() => undefined);
    if (body === undefined) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
      return;
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(body.replaceAll("{registry}", `${base}npm/`).replaceAll("{base}", base));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    npmRegistry: `http://127.0.0.1:${port}/npm/`,
    pypiBaseUrl: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    misbehave(key, behaviour) {
      behaviours.set(key, behaviour);
    },
    addDocument(key, document) {
      documents.set(key, document);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port that refuses connections: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
