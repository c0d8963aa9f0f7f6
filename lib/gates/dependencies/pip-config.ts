/**
 * Which package indexes pip would use, read the way pip reads them: PIP_INDEX_URL / PIP_EXTRA_INDEX_URL, then the
 * configuration files in pip's load order (PIP_CONFIG_FILE, global, user, site; later files win, `[install]` over
 * `[global]`), then `pip config list` for places only pip knows (e.g. the interpreter's own prefix).
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Environment variables as read here (process.env or a test's own). */
export type Env = Record<string, string | undefined>;

export interface PipIndexes {
  /** `index-url` when configured; otherwise pip would use its built-in default index. */
  indexUrl?: string;
  extraIndexUrls: string[];
  /** Where the answer came from, for messages ("PIP_INDEX_URL", "/etc/pip.conf", "pip config list"). */
  source: string;
}

export interface PipConfigOptions {
  env?: Env;
  /** Command printing pip's configuration; null = do not ask pip. Default `python3 -m pip config list`. */
  pipConfigCommand?: readonly string[] | null;
  /** Per-call timeout of that command (default 15 s). */
  timeoutMs?: number;
}

export const DEFAULT_PIP_CONFIG_COMMAND = ["python3", "-m", "pip", "config", "list"] as const;

function splitUrls(value: string | undefined): string[] {
  return (value ?? "").split(/\s+/).filter((url) => url !== "");
}

/** pip's configuration files, lowest precedence first (Unix layout). */
export function pipConfigFiles(env: Env): string[] {
  const home = env.HOME ?? os.homedir();
  const files: string[] = [];
  if (env.PIP_CONFIG_FILE) files.push(env.PIP_CONFIG_FILE);
  const xdgDirs = (env.XDG_CONFIG_DIRS || "/etc/xdg").split(":").filter((dir) => dir !== "");
  for (const dir of xdgDirs) files.push(path.join(dir, "pip", "pip.conf"));
  files.push("/etc/pip.conf");
  files.push(path.join(home, ".pip", "pip.conf"));
  files.push(path.join(env.XDG_CONFIG_HOME || path.join(home, ".config"), "pip", "pip.conf"));
  if (env.VIRTUAL_ENV) files.push(path.join(env.VIRTUAL_ENV, "pip.conf"));
  return files;
}

interface IndexSettings {
  indexUrl?: string;
  extraIndexUrls?: string[];
}

/** `index-url` and `extra-index-url` of one pip.conf (`[install]` wins over `[global]`; continuation lines joined). */
export function parsePipConf(text: string): IndexSettings {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === "") continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      const name = (header[1] as string).trim().toLowerCase();
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && section && lastKey) {
      section.set(lastKey, `${section.get(lastKey) ?? ""} ${raw.trim()}`.trim());
      continue;
    }
    const pair = /^\s*([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!pair || !section) continue;
    lastKey = (pair[1] as string).toLowerCase().replace(/_/g, "-");
    section.set(lastKey, (pair[2] as string).trim());
  }
  const pick = (key: string): string | undefined => sections.get("install")?.get(key) ?? sections.get("global")?.get(key);
  const settings: IndexSettings = {};
  const index = pick("index-url");
  if (index) settings.indexUrl = index;
  const extra = pick("extra-index-url");
  if (extra !== undefined) settings.extraIndexUrls = splitUrls(extra);
  return settings;
}

/** `global.index-url='…'` lines of `pip config list` (`install.` wins over `global.`). */
export function parsePipConfigList(output: string): IndexSettings {
  const values = new Map<string, string>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^(global|install)\.([\w-]+)=(['"]?)(.*)\3\s*$/.exec(line.trim());
    if (!match) continue;
    const key = `${match[1]}.${(match[2] as string).replace(/_/g, "-")}`;
    values.set(key, match[4] as string);
  }
  const pick = (key: string): string | undefined => values.get(`install.${key}`) ?? values.get(`global.${key}`);
  const settings: IndexSettings = {};
  const index = pick("index-url");
  if (index) settings.indexUrl = index;
  const extra = pick("extra-index-url");
  if (extra !== undefined) settings.extraIndexUrls = splitUrls(extra);
  return settings;
}

function runPipConfig(command: readonly string[], env: Env, timeoutMs: number): Promise<string | undefined> {
  const [file, ...args] = command;
  if (!file) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(file, args, { env: env as NodeJS.ProcessEnv, timeout: timeoutMs, encoding: "utf8" }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

async function fromFiles(env: Env): Promise<PipIndexes | undefined> {
  if (env.PIP_CONFIG_FILE === "/dev/null") return undefined; // pip: os.devnull turns every configuration file off
  let indexUrl: { url: string; file: string } | undefined;
  let extra: { urls: string[]; file: string } | undefined;
  for (const file of pipConfigFiles(env)) {
    const text = await fs.readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const settings = parsePipConf(text);
    if (settings.indexUrl) indexUrl = { url: settings.indexUrl, file };
    if (settings.extraIndexUrls) extra = { urls: settings.extraIndexUrls, file };
  }
  if (!indexUrl && !extra?.urls.length) return undefined;
  const source = [...new Set([indexUrl?.file, extra?.file].filter((f): f is string => f !== undefined))].join(", ");
  return { ...(indexUrl ? { indexUrl: indexUrl.url } : {}), extraIndexUrls: extra?.urls ?? [], source };
}

/**
 * The indexes pip would use, or undefined when nothing is configured anywhere (then pip would use its built-in
 * default, which Gatehouse never assumes: a mirror or a proxy must be named).
 */
export async function resolvePipIndexes(options: PipConfigOptions = {}): Promise<PipIndexes | undefined> {
  const env = options.env ?? process.env;
  const envExtras = env.PIP_EXTRA_INDEX_URL ? splitUrls(env.PIP_EXTRA_INDEX_URL) : undefined; // empty = unset
  const files = await fromFiles(env);
  if (env.PIP_INDEX_URL) {
    // The variable replaces index-url only; extra indexes still come from the files, as in pip.
    return { indexUrl: env.PIP_INDEX_URL, extraIndexUrls: envExtras ?? files?.extraIndexUrls ?? [], source: "PIP_INDEX_URL" };
  }
  if (files) {
    return envExtras === undefined ? files : { ...files, extraIndexUrls: envExtras, source: `${files.source}, PIP_EXTRA_INDEX_URL` };
  }
  if (envExtras?.length) return { extraIndexUrls: envExtras, source: "PIP_EXTRA_INDEX_URL" };
  const command = options.pipConfigCommand === undefined ? DEFAULT_PIP_CONFIG_COMMAND : options.pipConfigCommand;
  if (!command) return undefined;
  const output = await runPipConfig(command, env, options.timeoutMs ?? 15_000);
  if (output === undefined) return undefined;
  const listed = parsePipConfigList(output);
  if (!listed.indexUrl && !listed.extraIndexUrls?.length) return undefined;
  return { ...(listed.indexUrl ? { indexUrl: listed.indexUrl } : {}), extraIndexUrls: listed.extraIndexUrls ?? [], source: command.join(" ") };
}

/** What to set when no index is configured: said exactly, with the places that were read. */
export function noIndexConfiguredReason(env: Env = process.env): string {
  const places = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", ...pipConfigFiles(env), "pip config list"];
  return (
    "no PyPI index configured: set PIP_INDEX_URL to your index's simple URL (e.g. PIP_INDEX_URL=http://127.0.0.1:3141/root/pypi/+simple/), " +
    "or `index-url = …` under [global] in ~/.config/pip/pip.conf or /etc/pip.conf (`pip config set global.index-url …`), " +
    `or the gate's pypiBaseUrl option; read: ${places.join(", ")}`
  );
}
