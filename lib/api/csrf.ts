/**
 * Cross-site request forgery guard for cookie-authenticated writes. A browser attaches the session cookie
 * to a cross-site `<form>` post (SameSite=Lax treats another port of the same host as same-site), so a
 * state-changing request carried by the cookie must prove it came from our own pages: an `Origin` equal to
 * the dashboard's configured origin (or, without Origin, `Sec-Fetch-Site: same-origin`) AND a JSON
 * content type, which a plain HTML form cannot send. Bearer-token requests carry no ambient credential and
 * are exempt.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin the dashboard is served from: NEXTAUTH_URL when set, else the request's own origin. */
export function allowedOrigin(req: Request, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.NEXTAUTH_URL?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // a malformed NEXTAUTH_URL: fall through to the request's origin, next-auth itself will complain
    }
  }
  return new URL(req.url).origin;
}

/** Why a cookie-authenticated request is refused, or null when it may proceed. */
export function csrfRejection(req: Request, origin = allowedOrigin(req)): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const sent = req.headers.get("origin");
  if (sent !== null) {
    if (sent !== origin) return "Cross-origin request refused";
  } else if (req.headers.get("sec-fetch-site") !== "same-origin") {
    return "Request without an Origin header refused";
  }
  const type = req.headers.get("content-type");
  // Requests without a body (DELETE, a bodiless POST action) have no content type to check.
  if (type !== null || hasBody(req)) {
    if (!/^application\/json\s*(;|$)/i.test(type ?? "")) return "Content-Type must be application/json";
  }
  return null;
}

/** HTTP/1.1 framing: a request has a body only with a non-zero Content-Length or a Transfer-Encoding. */
function hasBody(req: Request): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return req.headers.get("transfer-encoding") !== null;
}
