/**
 * Clone URLs of repositories on a git server: which forms are accepted, what they are refused for, and
 * how any URL is redacted before it reaches a message, a log line or a page. Pure: no git, no I/O.
 */

export type RemoteProtocol = "https" | "http" | "ssh" | "git" | "file";

export interface CloneUrl {
  /** The URL as git is given it (trimmed; never with credentials). */
  url: string;
  protocol: RemoteProtocol;
  /** Host (no port) for network protocols; null for file://. */
  host: string | null;
  /** Repository path on the server, without a leading slash or trailing ".git". */
  repoPath: string;
}

export type CloneUrlResult = { ok: true; value: CloneUrl } | { ok: false; message: string };

const SCHEMES: Record<string, RemoteProtocol> = { "https:": "https", "http:": "http", "ssh:": "ssh", "git+ssh:": "ssh", "ssh+git:": "ssh", "git:": "git", "file:": "file" };
/** `user@host:path` (scp-like ssh); the host part may not contain a slash, the path may not start with "//". */
const SCP_LIKE = /^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(.+)$/;

function trimRepoPath(p: string): string {
  return p.replace(/^\/+/, "").replace(/\/+$/, "").replace(/\.git$/, "");
}

/** Validates a clone URL. Userinfo with a secret in it (or any userinfo on http/https) is refused. */
export function parseCloneUrl(input: string): CloneUrlResult {
  const url = input.trim();
  const fail = (message: string): CloneUrlResult => ({ ok: false, message });
  if (!url) return fail("URL is required");
  if (url.length > 2000) return fail("URL is too long");
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return fail("URL may not contain spaces or control characters");
  if (url.startsWith("-")) return fail("URL may not start with '-'");
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) return fail("Remote helpers (such as ext:: or fd::) are not allowed");

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (!scheme) {
    const scp = SCP_LIKE.exec(url);
    if (scp && !url.startsWith("/")) {
      return { ok: true, value: { url, protocol: "ssh", host: scp[2].replace(/^\[|\]$/g, ""), repoPath: trimRepoPath(scp[3]) } };
    }
    return fail("Use an https://, ssh://, user@host:path, git:// or file:// URL, or an absolute path");
  }
  const protocol = SCHEMES[`${scheme[1].toLowerCase()}:`];
  if (!protocol) return fail(`Protocol ${scheme[1]}:// is not supported (use https, ssh, git or file)`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail("Not a valid URL");
  }
  if (parsed.password) {
    return fail("Remove the credentials from the URL: put the token in an environment variable and enter that variable's name");
  }
  if (parsed.username && (protocol === "https" || protocol === "http")) {
    return fail("Remove the user name from the URL: a token in the user name is a credential; name an environment variable instead");
  }
  if (parsed.search || parsed.hash) return fail("URL may not have a query or fragment");
  if (protocol === "file") {
    if (parsed.host) return fail("file:// URLs name a path on this machine (file:///absolute/path)");
    return { ok: true, value: { url, protocol, host: null, repoPath: trimRepoPath(decodeURIComponent(parsed.pathname)) } };
  }
  if (!parsed.hostname) return fail("URL has no host");
  const repoPath = trimRepoPath(decodeURIComponent(parsed.pathname));
  if (!repoPath) return fail("URL has no repository path");
  return { ok: true, value: { url, protocol, host: parsed.hostname.replace(/^\[|\]$/g, ""), repoPath } };
}

/**
 * Replaces the userinfo of every URL in `text` with "***" (the user:token@ part of a URL becomes ***@).
 * Applied to every message that may quote a URL: git's own errors quote the remote they talked to.
 */
export function redactUrls(text: string): string {
  return text.replace(/\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@'"<>]+@/g, "$1***@");
}

/** redactUrls, and every literal secret value replaced as well (defence in depth for tokens git echoes). */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = redactUrls(text);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  return out;
}

/** The browser URL of a repository, derived from its clone URL (https origin + owner/repo path); null when unknown. */
export function webUrlFor(clone: CloneUrl): string | null {
  if (!clone.host || clone.protocol === "file") return null;
  // Over https the web UI lives on the same host and port; ssh/git servers' UIs are assumed on https.
  const sameOrigin = clone.protocol === "http" || clone.protocol === "https";
  const origin = sameOrigin ? new URL(clone.url).origin : `https://${clone.host.includes(":") ? `[${clone.host}]` : clone.host}`;
  return `${origin}/${clone.repoPath}`;
}

/**
 * Fills a compare-link template: {web} (the repository's browser URL), {base} (target branch),
 * {branch} (the pushed branch), {commit}. Values are URL-encoded except the slashes of branch names.
 */
export function compareLink(template: string, values: { web: string | null; base: string; branch: string; commit: string }): string | null {
  if (template.includes("{web}") && !values.web) return null;
  const enc = (s: string) => encodeURIComponent(s).replace(/%2F/g, "/");
  return template
    .replace(/\{web\}/g, values.web ?? "")
    .replace(/\{base\}/g, enc(values.base))
    .replace(/\{branch\}/g, enc(values.branch))
    .replace(/\{commit\}/g, enc(values.commit));
}
