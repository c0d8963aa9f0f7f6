/**
 * git talking to a git server, non-interactively and without leaking credentials:
 * - only the repository's own protocol is allowed (`protocol.allow=never` + that one);
 * - the machine's credential helpers are switched off (`credential.helper=` resets the list, so nothing
 *   stores our token), and the token comes from the env variable the repository names, through a
 *   helper that reads it from git's environment — never from the command line, the URL or a file;
 * - ssh runs with the repository's key file, `BatchMode`, `StrictHostKeyChecking=yes` and an explicit
 *   known_hosts file, ignoring ~/.ssh/config (which could turn host key checking off);
 * - every message is redacted (userinfo in URLs, the token's value) before anyone sees it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runGit, firstLine, type GitResult } from "../patch/git";
import { parseCloneUrl, redactSecrets, type RemoteProtocol } from "./remote-url";

/** How to reach a repository on a git server. Names of env variables, never their values. */
export interface RemoteAccess {
  url: string;
  credentialEnv?: string | null;
  sshKeyEnv?: string | null;
}

export type RemoteFailureKind =
  | "config"
  | "dns"
  | "unreachable"
  | "auth"
  | "host-key"
  | "not-a-repository"
  | "timeout"
  | "other";

export class RemoteGitError extends Error {
  readonly kind: RemoteFailureKind;
  constructor(kind: RemoteFailureKind, message: string) {
    super(message);
    this.name = "RemoteGitError";
    this.kind = kind;
  }
}

/** Environment as a plain record (process.env fits; tests pass their own). */
export type Env = Record<string, string | undefined>;

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_TIMEOUT_MS = 60_000;
/** Username sent with a token when the variable holds only the token (GitHub and GitLab accept any name). */
const TOKEN_USERNAME = "x-access-token";
// Git runs "!…" helpers with sh and appends the action; only "get" answers, so "store" and "erase" do nothing.
const CREDENTIAL_HELPER =
  '!f() { test "$1" = get || exit 0; printf "username=%s\\npassword=%s\\n" "$GATEHOUSE_GIT_USERNAME" "$GATEHOUSE_GIT_PASSWORD"; }; f';

export interface RemoteInvocation {
  /** `-c` options that go before the git subcommand. */
  config: string[];
  env: Record<string, string>;
  /** Values to scrub from every message (the token). */
  secrets: string[];
  protocol: RemoteProtocol;
  host: string | null;
}

/** The known_hosts file ssh checks: GATEHOUSE_SSH_KNOWN_HOSTS, else ~/.ssh/known_hosts. */
export function knownHostsFile(env: Env = process.env): string {
  return env.GATEHOUSE_SSH_KNOWN_HOSTS?.trim() || path.join(env.HOME || os.homedir(), ".ssh", "known_hosts");
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Options and environment for one git command against `access`; RemoteGitError("config") when a setting is missing. */
export function remoteInvocation(access: RemoteAccess, env: Env = process.env): RemoteInvocation {
  const parsed = parseCloneUrl(access.url);
  if (!parsed.ok) throw new RemoteGitError("config", parsed.message);
  const { protocol, host } = parsed.value;
  const config = [
    "-c", "protocol.allow=never",
    "-c", `protocol.${protocol}.allow=always`,
    "-c", "credential.helper=",
    "-c", "core.askPass=",
    "-c", "http.lowSpeedLimit=1",
    "-c", "http.lowSpeedTime=30",
  ];
  const out: Record<string, string> = { GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "", SSH_ASKPASS: "", SSH_ASKPASS_REQUIRE: "never", GCM_INTERACTIVE: "never" };
  const secrets: string[] = [];

  if (access.credentialEnv) {
    if (protocol !== "https" && protocol !== "http") throw new RemoteGitError("config", `A token variable only applies to https:// URLs, not ${protocol}`);
    const name = access.credentialEnv;
    if (!ENV_NAME.test(name)) throw new RemoteGitError("config", `"${name}" is not a valid environment variable name`);
    const value = env[name];
    if (!value) throw new RemoteGitError("config", `Environment variable ${name} is not set on this server (it should hold the token)`);
    const colon = value.indexOf(":");
    const [user, token] = colon > 0 ? [value.slice(0, colon), value.slice(colon + 1)] : [TOKEN_USERNAME, value];
    secrets.push(value, token);
    config.push("-c", `credential.helper=${CREDENTIAL_HELPER}`);
    Object.assign(out, { GATEHOUSE_GIT_USERNAME: user, GATEHOUSE_GIT_PASSWORD: token });
  }

  if (protocol === "ssh") {
    const known = knownHostsFile(env);
    if (!fs.existsSync(known)) {
      throw new RemoteGitError("host-key", `No known_hosts file at ${known}: add the server's host key (ssh-keyscan, then check its fingerprint) or set GATEHOUSE_SSH_KNOWN_HOSTS`);
    }
    const ssh = ["ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", `UserKnownHostsFile=${shellQuote(known)}`, "-o", "ConnectTimeout=15"];
    if (access.sshKeyEnv) {
      const name = access.sshKeyEnv;
      if (!ENV_NAME.test(name)) throw new RemoteGitError("config", `"${name}" is not a valid environment variable name`);
      const keyFile = env[name];
      if (!keyFile) throw new RemoteGitError("config", `Environment variable ${name} is not set on this server (it should hold the path of the ssh key file)`);
      if (!fs.existsSync(keyFile)) throw new RemoteGitError("config", `The ssh key file named by ${name} does not exist on this server`);
      ssh.push("-o", "IdentitiesOnly=yes", "-i", shellQuote(keyFile));
    }
    out.GIT_SSH_COMMAND = ssh.join(" ");
    out.GIT_SSH_VARIANT = "ssh";
  } else if (access.sshKeyEnv) {
    throw new RemoteGitError("config", `An ssh key only applies to ssh URLs, not ${protocol}`);
  }
  return { config, env: out, secrets, protocol, host };
}

const RULES: [RemoteFailureKind, RegExp][] = [
  ["dns", /could not resolve host|could not resolve hostname|name or service not known|temporary failure in name resolution|nodename nor servname|unknown host/i],
  ["host-key", /host key verification failed|remote host identification has changed|no \S* ?host key is known|host key for .* has changed/i],
  ["not-a-repository", /does not appear to be a git repository|repository not exported|not a git repository|repository .*not found|returned error: 404|\b404 not found|no such repository|no such file or directory/i],
  ["auth", /authentication failed|could not read username|could not read password|terminal prompts disabled|permission denied \(|returned error: 40[13]|invalid username or password|access denied|unauthorized/i],
  ["unreachable", /connection refused|failed to connect|couldn't connect|could not connect|connection timed out|no route to host|network is unreachable|connection reset|empty reply from server|unable to connect|recv failure|operation timed out|connection closed by/i],
];

/** Which of the kinds above a failure is, judged from git's (and ssh's, curl's) stderr. */
export function classifyRemoteFailure(stderr: string): RemoteFailureKind {
  for (const [kind, re] of RULES) if (re.test(stderr)) return kind;
  return "other";
}

/** A sentence for a person, with what to do about it. */
export function describeRemoteFailure(kind: RemoteFailureKind, access: RemoteAccess, gitLine: string, host: string | null): string {
  const where = host ?? "the server";
  switch (kind) {
    case "dns":
      return `Cannot resolve the host name ${where} (DNS lookup failed)`;
    case "unreachable":
      return `Cannot connect to ${where}: the server is down or unreachable`;
    case "auth":
      return access.credentialEnv
        ? `Authentication failed: ${where} refused the token in ${access.credentialEnv} (check it is valid and may read and write this repository)`
        : access.sshKeyEnv
          ? `Authentication failed: ${where} refused the ssh key named by ${access.sshKeyEnv}`
          : `Authentication required: ${where} asks for credentials; name an environment variable holding a token`;
    case "host-key":
      return `Host key verification failed for ${where}: its ssh host key is missing from or does not match ${knownHostsFile()} (add it with ssh-keyscan after checking its fingerprint)`;
    case "not-a-repository":
      return `Not a git repository: nothing at this URL on ${where} answers as a git repository (check the path)`;
    case "timeout":
      return `${where} did not answer in time`;
    default:
      return `git failed: ${gitLine || "unknown error"}`;
  }
}

export interface RemoteGitOptions {
  cwd: string;
  access: RemoteAccess;
  timeoutMs?: number;
  env?: Env;
  input?: string;
}

/**
 * Runs `git <config> <args>` against the remote. Resolves with git's result (stderr already redacted)
 * whatever the exit code; rejects with RemoteGitError only for a setting that is missing or a timeout.
 */
export async function runRemoteGit(args: string[], opts: RemoteGitOptions): Promise<GitResult & { invocation: RemoteInvocation }> {
  const invocation = remoteInvocation(opts.access, opts.env);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let res: GitResult;
  try {
    res = await runGit([...invocation.config, ...args], { cwd: opts.cwd, env: invocation.env, signal, input: opts.input });
  } catch (e) {
    if (signal.aborted) throw new RemoteGitError("timeout", describeRemoteFailure("timeout", opts.access, "", invocation.host));
    throw new RemoteGitError("other", redactSecrets(e instanceof Error ? e.message : String(e), invocation.secrets));
  }
  return { ...res, stderr: redactSecrets(res.stderr, invocation.secrets), invocation };
}

/** The RemoteGitError for a failed result of runRemoteGit. */
export function remoteFailure(res: GitResult & { invocation: RemoteInvocation }, access: RemoteAccess): RemoteGitError {
  const kind = classifyRemoteFailure(res.stderr);
  const line = firstLine(res.stderr.split("\n").filter((l) => !/^\s*(hint|warning):/i.test(l)).join("\n"));
  return new RemoteGitError(kind, describeRemoteFailure(kind, access, line, res.invocation.host));
}

/** Branch names on the remote (`git ls-remote --heads`), or a RemoteGitError that says why not. */
export async function listRemoteBranches(access: RemoteAccess, opts: { timeoutMs?: number; env?: Env } = {}): Promise<string[]> {
  const res = await runRemoteGit(["ls-remote", "--heads", "--", access.url], { cwd: os.tmpdir(), access, ...opts });
  if (res.code !== 0) throw remoteFailure(res, access);
  return res.stdout
    .toString("utf8")
    .split("\n")
    .map((l) => l.split("\t")[1] ?? "")
    .filter((ref) => ref.startsWith("refs/heads/"))
    .map((ref) => ref.slice("refs/heads/".length))
    .sort();
}
