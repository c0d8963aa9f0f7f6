/**
 * `gatehouse submit`: sends a patch made elsewhere (Codex, Claude Code, Aider, Copilot…) to a Gatehouse
 * server, which gates it and queues it for review. Exit 0 with the job URL, 2 when the server refuses
 * the input (4xx), 1 when the server or the network fails.
 */
import fsp from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultPatchTitle } from "../intake/patch-subject";
import { UsageError, type CliIo } from "./io";
import { httpFetch, type HttpResponse } from "../net/http-client";

export const SUBMIT_FORMATS = ["text", "json"] as const;
/** Applying a large patch on the server takes a while; a server that never answers must not hang CI. */
const REQUEST_TIMEOUT_MS = 5 * 60_000;

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};

const SubmitOptionsSchema = z.object({
  url: z
    .string({ error: "--url URL (or GATEHOUSE_URL) is required" })
    .trim()
    .min(1, "--url URL (or GATEHOUSE_URL) is required")
    .refine(isHttpUrl, "--url must be an http(s) URL, e.g. http://127.0.0.1:3000")
    .transform((s) => s.replace(/\/+$/, "")),
  token: z.string({ error: "--token TOKEN (or GATEHOUSE_TOKEN) is required" }).trim().min(1, "--token TOKEN (or GATEHOUSE_TOKEN) is required"),
  repo: z.string({ error: "--repo NAME is required" }).trim().min(1, "--repo NAME is required"),
  title: z.string().trim().min(1, "--title must not be empty").max(200, "--title is too long (max 200 characters)").optional(),
  base: z.string().trim().min(1, "--base needs a ref").optional(),
  model: z.string().trim().min(1, "--model needs a name").max(100, "--model is too long (max 100 characters)").optional(),
  instruction: z.string().trim().min(1, "--instruction must not be empty").optional(),
  patch: z.string().min(1, "--patch needs a file (or - for stdin)").default("-"),
  format: z.enum(SUBMIT_FORMATS, { error: (i) => `unknown format: ${String(i.input)} (use text or json)` }).default("text"),
});
export type SubmitOptions = z.output<typeof SubmitOptionsSchema>;

/** Flags win over GATEHOUSE_URL / GATEHOUSE_TOKEN (the env keeps the token out of the process list). */
export function parseSubmitArgs(argv: string[], env: Readonly<Record<string, string | undefined>> = {}): SubmitOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        repo: { type: "string" },
        title: { type: "string" },
        base: { type: "string" },
        model: { type: "string" },
        instruction: { type: "string" },
        patch: { type: "string" },
        format: { type: "string" },
      },
    }).values as Record<string, string | undefined>;
  } catch (err) {
    const msg = err instanceof Error ? err.message.split(". ")[0] : String(err);
    throw new UsageError(msg.replace(/^Unknown option '(.*?)'.*/, "unknown option $1"));
  }
  const parsed = SubmitOptionsSchema.safeParse({
    ...values,
    url: values.url ?? (env.GATEHOUSE_URL || undefined),
    token: values.token ?? (env.GATEHOUSE_TOKEN || undefined),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid arguments");
  return parsed.data;
}

const CreatedSchema = z.object({ jobId: z.string().min(1), changeId: z.string().min(1), url: z.string().startsWith("/"), status: z.string() });
const ErrorBodySchema = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export async function runSubmit(opts: SubmitOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  const diff = await readPatch(opts.patch, io);
  if (diff.trim() === "") throw new UsageError(opts.patch === "-" ? "no patch on stdin (pipe a unified diff, or pass --patch FILE)" : `patch ${opts.patch} is empty`);
  const body = {
    repository: opts.repo,
    diff,
    title: opts.title ?? defaultPatchTitle(diff, opts.model ?? "external"),
    ...(opts.base ? { baseCommit: opts.base } : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.instruction ? { instruction: opts.instruction } : {}),
  };

  const endpoint = `${opts.url}/api/changes`;
  let res: HttpResponse;
  try {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    res = await httpFetch(endpoint, {
      method: "POST",
      headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    io.stderr(`gatehouse: cannot reach ${endpoint}: ${networkReason(err)}\n`);
    return 1;
  }
  const text = await res.text().catch(() => "");
  const json = parseJson(text);

  if (res.ok) {
    const created = CreatedSchema.safeParse(json);
    if (!created.success) {
      io.stderr(`gatehouse: unexpected answer from ${endpoint} (HTTP ${res.status}): ${oneLine(text).slice(0, 200)}\n`);
      return 1;
    }
    if (opts.format === "json") io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    else io.stdout(`${opts.url}${created.data.url}\n`);
    return 0;
  }

  if (opts.format === "json" && json !== undefined) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  io.stderr(`gatehouse: ${errorMessage(res, json)}\n`);
  return res.status >= 400 && res.status < 500 ? 2 : 1;
}

/** The server's `{error, issues}` on one line, or the HTTP status when the body is not ours (a proxy page). */
function errorMessage(res: HttpResponse, json: unknown): string {
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success) return `server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
  const detail = (parsed.data.issues ?? [])
    .filter((i) => !parsed.data.error.includes(i.message))
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return oneLine(detail.length ? `${parsed.data.error} (${detail.join("; ")})` : parsed.data.error);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return err.name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : "aborted";
  }
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === "string") return cause.code;
  if (cause && typeof cause.message === "string") return oneLine(cause.message);
  return oneLine(err instanceof Error ? err.message : String(err));
}

async function readPatch(file: string, io: CliIo): Promise<string> {
  try {
    return file === "-" ? await io.readStdin() : await fsp.readFile(path.resolve(io.cwd, file), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read patch ${file === "-" ? "from stdin" : file}${code ? ` (${code})` : ""}`);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}
