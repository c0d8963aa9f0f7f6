/** The environment inside the sandbox: empty, plus a fixed base and the caller's explicit extras. */

/** Names that never reach sandboxed code, even when a caller passes them. */
const SECRET_NAME =
  /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIALS?|COOKIE|SESSION|AUTH|PRIVATE)$|^DATABASE_URL$|^(NEXTAUTH|AWS|GITHUB|GH|NPM|OPENAI|ANTHROPIC|GATEHOUSE|PG|SSH|GPG|DOCKER)_/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Set by the module itself; a caller cannot move $HOME or $TMPDIR out of the private directories. */
const RESERVED = new Set(["HOME", "TMPDIR"]);

export interface SandboxEnvInput {
  home: string;
  /** The worker's PATH (toolchains are found from it and mounted). */
  path: string | undefined;
  lang: string | undefined;
  /** Variables toolchains need (PYENV_ROOT…), found with them. */
  toolchainEnv?: Record<string, string>;
  extra?: Record<string, string>;
}

export function sandboxEnv(input: SandboxEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    PATH: input.path || "/usr/local/bin:/usr/bin:/bin",
    HOME: input.home,
    LANG: input.lang || "C.UTF-8",
    TMPDIR: "/tmp",
    CI: "true",
    ...input.toolchainEnv,
  };
  for (const [k, v] of Object.entries(input.extra ?? {})) {
    if (!RESERVED.has(k) && !isSecretName(k) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) env[k] = String(v);
  }
  return env;
}
