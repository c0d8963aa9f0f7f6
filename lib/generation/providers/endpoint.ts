/** The chat-completions URL of a base URL, and the credentials that must stay out of messages. */

export interface Endpoint {
  /** URL without user info (fetch refuses URLs with credentials). */
  url: string;
  /** `Basic …` header for credentials written in the base URL, if any. */
  basicAuth?: string;
}

function basicToken(url: URL): string {
  return Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64");
}

export function chatCompletionsEndpoint(baseUrl: string): Endpoint {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/chat/completions`);
  if (!url.username && !url.password) return { url: url.toString() };
  const basicAuth = `Basic ${basicToken(url)}`;
  url.username = "";
  url.password = "";
  return { url: url.toString(), basicAuth };
}

/** Secrets hidden in a base URL: the password, raw and decoded, and its Basic token. */
export function urlSecrets(baseUrl: string): string[] {
  try {
    const url = new URL(baseUrl);
    return url.password ? [url.password, decodeURIComponent(url.password), basicToken(url)] : [];
  } catch {
    return [];
  }
}
