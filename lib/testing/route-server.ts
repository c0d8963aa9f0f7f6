/**
 * The app's real route handlers (app/api/…/route.ts) served over a real HTTP socket on 127.0.0.1, for
 * integration tests that drive the API like a client does without building the Next app: each request
 * becomes a web Request for the handler whose path pattern matches, with its [params].
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** routes: { "POST /api/jobs/[id]/approve": handler, … } */
export async function serveRoutes(routes: Record<string, Handler>): Promise<RouteServer> {
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(" ");
    const names: string[] = [];
    const re = new RegExp(`^${pattern.replace(/\[([^\]]+)\]/g, (_, n: string) => (names.push(n), "([^/]+)"))}$`);
    return { method, re, names, handler };
  });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = table.find((r) => r.method === req.method && r.re.test(url.pathname));
    if (!route) return void res.writeHead(404).end();
    const m = route.re.exec(url.pathname)!;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
