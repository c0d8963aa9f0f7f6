import { describe, expect, it } from "vitest";
import { allowedOrigin, csrfRejection } from "./csrf";

const ORIGIN = "http://127.0.0.1:3000";
function req(method: string, headers: Record<string, string>, body?: string) {
  return new Request(`${ORIGIN}/api/jobs/j1/reject`, { method, headers, body });
}

describe("csrfRejection", () => {
  it.each([
    ["same-origin JSON POST", req("POST", { origin: ORIGIN, "content-type": "application/json" }, "{}"), null],
    ["JSON with a charset", req("POST", { origin: ORIGIN, "content-type": "application/json; charset=utf-8" }, "{}"), null],
    ["bodiless DELETE from our pages", req("DELETE", { origin: ORIGIN }), null],
    ["Sec-Fetch-Site same-origin without Origin", req("POST", { "sec-fetch-site": "same-origin", "content-type": "application/json" }, "{}"), null],
    ["GET is never refused", req("GET", { origin: "http://127.0.0.1:9" }), null],
    ["another port of the same host", req("POST", { origin: "http://127.0.0.1:8080", "content-type": "application/json" }, "{}"), "Cross-origin request refused"],
    ["the null origin of a sandboxed frame", req("POST", { origin: "null", "content-type": "application/json" }, "{}"), "Cross-origin request refused"],
    ["no Origin at all", req("POST", { "content-type": "application/json" }, "{}"), "Request without an Origin header refused"],
    ["cross-site Sec-Fetch-Site without Origin", req("POST", { "sec-fetch-site": "same-site", "content-type": "application/json" }, "{}"), "Request without an Origin header refused"],
    ["text/plain form body", req("POST", { origin: ORIGIN, "content-type": "text/plain" }, '{"a":"="}'), "Content-Type must be application/json"],
    ["urlencoded form body", req("POST", { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" }, "a=b"), "Content-Type must be application/json"],
    ["a look-alike type", req("POST", { origin: ORIGIN, "content-type": "application/jsonp" }, "{}"), "Content-Type must be application/json"],
  ])("%s", (_name, request, expected) => {
    expect(csrfRejection(request, ORIGIN)).toBe(expected);
  });

  it("takes the allowed origin from NEXTAUTH_URL, else from the request", () => {
    const r = new Request("http://127.0.0.1:3005/api/x", { method: "POST" });
    expect(allowedOrigin(r, { NEXTAUTH_URL: "http://127.0.0.1:4000/base" } as NodeJS.ProcessEnv)).toBe("http://127.0.0.1:4000");
    expect(allowedOrigin(r, {} as NodeJS.ProcessEnv)).toBe("http://127.0.0.1:3005");
  });
});
