/** The environment a test command sees: a fixed allow-list, never the caller's secrets. */

/** Names that must never reach a test run, even if a caller adds them to `extra`. */
const SECRET_NAME = /(_KEY|_TOKEN|_SECRET|_PASSWORD|_CREDENTIALS?)$|^DATABASE_URL$|^(AWS|GITHUB|NPM|OPENAI|ANTHROPIC)_/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function scrubbedEnv(home: string, source: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: source.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    LANG: source.LANG ?? "C.UTF-8",
    CI: "true",
    NODE_ENV: "test",
  };
  for (const [k, v] of Object.entries(extra)) {
    if (!isSecretName(k)) env[k] = v;
  }
  return env;
}
