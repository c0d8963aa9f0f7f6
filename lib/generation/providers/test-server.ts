/** Test double: a real HTTP server on 127.0.0.1 speaking chat completions, with a per-test handler. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  rawBody: string;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse, index: number) => void | Promise<void>;

export interface FakeChatServer {
  baseUrl: string;
  requests: RecordedRequest[];
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeChatServer(): Promise<FakeChatServer> {
  const requests: RecordedRequest[] = [];
  let handler: Handler = (_req, res) => {
    res.statusCode = 500;
    res.end("no handler");
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      let body: unknown = undefined;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, rawBody };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, requests.length - 1)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setHandler(h) {
      handler = h;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export function completionBody(text: string, usage?: { prompt_tokens: number; completion_tokens: number }): unknown {
  return {
    id: "cmpl-1",
    object: "chat.completion",
    model: "served-model",
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    ...(usage ? { usage } : {}),
  };
}

export function deltaEvent(content: string | null, finishReason: string | null = null): string {
  const chunk = {
    id: "cmpl-1",
    object: "chat.completion.chunk",
    model: "served-model",
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

export function usageEvent(prompt: number, completion: number): string {
  return `data: ${JSON.stringify({ id: "cmpl-1", model: "served-model", choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion } })}\n\n`;
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes each piece separately with a pause so the client sees several network reads. */
export async function writeSlowly(res: http.ServerResponse, pieces: string[], pauseMs = 15): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const piece of pieces) {
    res.write(piece);
    await delay(pauseMs);
  }
}
