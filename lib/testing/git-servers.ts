/**
 * Real git servers on 127.0.0.1 for tests: `git daemon` with push enabled (git://) and smart HTTP with
 * basic auth (a small HTTP→CGI bridge running `git http-backend`, the same program Apache or lighttpd
 * would run). Both can be stopped and started again on the same port (a server that goes down during
 * a review). Server-side repositories are bare repositories under one base directory.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTempRepo } from "./git-repo";

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" };

export interface GitServer {
  /** Clone URL of a repository under the base directory. */
  urlOf(name: string): string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A port the OS considers free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * start/stop of a server program listening on port; stop kills its whole process group (servers fork one child
 * per connection), and start can run it again on the same port.
 */
function serverProcess(port: number, cmd: string, args: string[]): Pick<GitServer, "start" | "stop"> {
  let child: ChildProcess | null = null;
  return {
    async start() {
      const c = spawn(cmd, args, { env: GIT_ENV, stdio: ["ignore", "ignore", "pipe"], detached: true });
      c.stderr?.resume();
      child = c;
      await waitForPort(port, c);
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.on("close", r));
      try {
        process.kill(-c.pid!, "SIGKILL");
      } catch {
        // gone
      }
      await exited;
    },
  };
}

/** A temp directory for server-side bare repositories. */
export function serverBaseDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-srv-")));
}

/** A bare repository `name`(.git) under base whose main branch holds `files` in one commit; returns its main commit. */
export function createServerRepo(base: string, name: string, files: Record<string, string>): string {
  const bare = path.join(base, `${name}.git`);
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", bare], { env: GIT_ENV });
  const work = createTempRepo(files);
  try {
    work.git("push", "-q", bare, "main:main");
    return work.git("rev-parse", "HEAD");
  } finally {
    work.remove();
  }
}

/** Someone else's push: commits `files` on top of `branch` of the bare repository; returns the new commit. */
export function pushAsSomeoneElse(base: string, name: string, files: Record<string, string>, message = "someone else's change", branch = "main"): string {
  const bare = path.join(base, `${name}.git`);
  const work = createTempRepo();
  try {
    work.git("fetch", "-q", bare, `${branch}:${branch}`, "--update-head-ok");
    work.git("reset", "-q", "--hard", branch);
    const commit = work.commitFiles(files, message);
    work.git("push", "-q", bare, `HEAD:${branch}`);
    return commit;
  } finally {
    work.remove();
  }
}

/** Reads the server side directly (what is really on the server). */
export function serverGit(base: string, name: string, ...args: string[]): string {
  return execFileSync("git", ["--git-dir", path.join(base, `${name}.git`), ...args], { encoding: "utf8", env: GIT_ENV }).trim();
}

/** `git daemon --enable=receive-pack` serving base at git://127.0.0.1:port/<name>.git */
export async function startGitDaemon(base: string): Promise<GitServer> {
  const port = await freePort();
  const server: GitServer = {
    port,
    urlOf: (name) => `git://127.0.0.1:${port}/${name}.git`,
    ...serverProcess(port, "git", ["daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", `--base-path=${base}`, "--listen=127.0.0.1", `--port=${port}`, base]),
  };
  await server.start();
  return server;
}

export interface HttpGitServer extends GitServer {
  /** Requests answered 401 (wrong or missing credentials), for assertions. */
  refused(): number;
  /** Every Authorization header value the server received, for assertions on the credential flow. */
  authorizations(): string[];
}

/**
 * Smart HTTP: basic auth (user:password, user "*" = any name) in front of `git http-backend` run as CGI, one process per
 * request, request body streamed to its stdin and its CGI headers translated to the HTTP response.
 */
export async function startGitHttpServer(base: string, auth: { user: string; password: string }): Promise<HttpGitServer> {
  const port = await freePort();
  let refused = 0;
  const seen: string[] = [];
  // Like the big hosts: with a token, the user name does not matter (unless the server names one).
  const accepted = (header: string) => {
    if (!header.startsWith("Basic ")) return false;
    const [user, ...rest] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return rest.join(":") === auth.password && (auth.user === "*" || user === auth.user);
  };
  let srv: http.Server | null = null;
  const sockets = new Set<net.Socket>();

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const header = req.headers.authorization ?? "";
    if (header) seen.push(header);
    if (!accepted(header)) {
      refused++;
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"', "Content-Type": "text/plain" });
      res.end("Unauthorized\n");
      return;
    }
    const u = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const cgi = spawn("git", ["http-backend"], {
      env: {
        ...GIT_ENV,
        GIT_PROJECT_ROOT: base,
        GIT_HTTP_EXPORT_ALL: "1",
        GATEWAY_INTERFACE: "CGI/1.1",
        REQUEST_METHOD: req.method ?? "GET",
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.replace(/^\?/, ""),
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
        HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
        GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
        REMOTE_USER: auth.user,
        REMOTE_ADDR: "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    req.pipe(cgi.stdin);
    cgi.stdin.on("error", () => undefined);
    cgi.stderr.resume();
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
        const i = line.indexOf(":");
        if (i < 0) continue;
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === "status") status = Number(v.split(" ")[0]);
        else headers[k] = v;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.on("close", () => {
      if (!headersDone) res.writeHead(500).end();
      else res.end();
    });
  };

  const server: HttpGitServer = {
    port,
    urlOf: (name) => `http://127.0.0.1:${port}/${name}.git`,
    refused: () => refused,
    authorizations: () => [...seen],
    async start() {
      const s = http.createServer(handle);
      s.on("connection", (sock) => {
        sockets.add(sock);
        sock.on("close", () => sockets.delete(sock));
      });
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, "127.0.0.1", () => resolve());
      });
      srv = s;
    },
    async stop() {
      const s = srv;
      srv = null;
      if (!s) return;
      for (const sock of sockets) sock.destroy();
      await new Promise((r) => s.close(r));
    },
  };
  await server.start();
  return server;
}

export interface SshGitServer extends GitServer {
  /** A known_hosts file that holds this server's real host key. */
  knownHosts: string;
  /** The private key the server accepts (authorized_keys holds its public half). */
  clientKey: string;
  /** A private key the server does not accept. */
  strangerKey: string;
  /** A known_hosts file naming 127.0.0.1 with another host's key (a man in the middle, or a rebuilt server). */
  wrongKnownHosts: string;
}

function keygen(file: string): void {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "gatehouse-test", "-f", file]);
}

/**
 * A real OpenSSH server on 127.0.0.1 (Debian's openssh-server) serving base over `ssh://<user>@127.0.0.1:port/<base>/<name>.git`,
 * with its own host key, one authorized client key and nothing else: public-key login only, no PAM.
 * Runs as the test's user (root here), like a bare repository reached over ssh on a team's server.
 */
export async function startSshGitServer(base: string): Promise<SshGitServer> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sshd-")));
  const hostKey = path.join(dir, "host_ed25519");
  const clientKey = path.join(dir, "client_ed25519");
  const strangerKey = path.join(dir, "stranger_ed25519");
  const otherHost = path.join(dir, "other_host_ed25519");
  for (const k of [hostKey, clientKey, strangerKey, otherHost]) keygen(k);
  fs.copyFileSync(`${clientKey}.pub`, path.join(dir, "authorized_keys"));
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // privilege separation directory sshd insists on
  const port = await freePort();
  const user = os.userInfo().username;
  const config = path.join(dir, "sshd_config");
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      `AllowUsers ${user}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "PidFile none",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  const line = (key: string) => `[127.0.0.1]:${port} ${fs.readFileSync(`${key}.pub`, "utf8").split(" ").slice(0, 2).join(" ")}\n`;
  const knownHosts = path.join(dir, "known_hosts");
  const wrongKnownHosts = path.join(dir, "wrong_known_hosts");
  fs.writeFileSync(knownHosts, line(hostKey));
  fs.writeFileSync(wrongKnownHosts, line(otherHost));

  const server: SshGitServer = {
    port,
    knownHosts,
    wrongKnownHosts,
    clientKey,
    strangerKey,
    urlOf: (name) => `ssh://${user}@127.0.0.1:${port}${base}/${name}.git`,
    // -D: stay in the foreground (a child we can stop); -e: errors to stderr, not syslog.
    ...serverProcess(port, "/usr/sbin/sshd", ["-D", "-e", "-f", config]),
  };
  await server.start();
  return server;
}
