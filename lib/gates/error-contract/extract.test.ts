import { describe, expect, it } from "vitest";
import { ContractParseError, extractErrorContract } from "./extract";
import type { ContractEntry } from "./types";

function brief(entries: ContractEntry[]) {
  return entries.map(({ kind, text, site, functionName, line }) => ({ kind, text, site, functionName, line }));
}

describe("extractErrorContract — JS/TS", () => {
  it("extracts thrown messages, template static parts, rejects and error classes", async () => {
    const source = [
      "export class BadUrlError extends Error {", // 1
      "  constructor(url: string) {", // 2
      "    super(`Invalid URL: ${url}`);", // 3
      "  }", // 4
      "}", // 5
      "class StrictUrlError extends BadUrlError {}", // 6
      "export function parse(u: string) {", // 7
      '  if (!u) throw new Error("Empty URL");', // 8
      '  if (u === "?") throw TypeError("bad " + u + " input");', // 9
      "  return new Promise((ok, fail) => fail(new RangeError('Too long')));", // 10
      "}", // 11
      "export const load = async () => Promise.reject(new Error(`Load failed after ${3} tries`));", // 12
    ].join("\n");
    const entries = await extractErrorContract("src/url.ts", source);
    expect(brief(entries)).toEqual([
      { kind: "class", text: "BadUrlError", site: "class", functionName: "<module>", line: 1 },
      { kind: "message", text: "Invalid URL: {…}", site: "super:BadUrlError", functionName: "BadUrlError.constructor", line: 3 },
      { kind: "class", text: "StrictUrlError", site: "class", functionName: "<module>", line: 6 },
      { kind: "message", text: "Empty URL", site: "throw:Error", functionName: "parse", line: 8 },
      { kind: "message", text: "bad {…} input", site: "throw:TypeError", functionName: "parse", line: 9 },
      { kind: "message", text: "Too long", site: "reject:RangeError", functionName: "parse", line: 10 },
      { kind: "message", text: "Load failed after {…} tries", site: "reject:Error", functionName: "load", line: 12 },
    ]);
    expect(entries[1]?.staticFragments).toEqual(["Invalid URL: "]);
    expect(entries[4]?.staticFragments).toEqual(["bad ", " input"]);
  });

  it("extracts error codes from assignments, thrown objects and error options", async () => {
    const source = [
      "export function f(x: unknown) {",
      '  const err = new Error("bad url") as Error & { code?: string };',
      '  err.code = "E_BAD_URL";',
      '  if (!x) throw { code: "E_MISSING", message: "Missing value" };',
      '  throw new AppError("Wrapped", { code: "E_WRAPPED", cause: err });',
      "}",
    ].join("\n");
    const entries = brief(await extractErrorContract("a.ts", source));
    expect(entries.filter((e) => e.kind === "code").map((e) => [e.text, e.line])).toEqual([
      ["E_BAD_URL", 3],
      ["E_MISSING", 4],
      ["E_WRAPPED", 5],
    ]);
    expect(entries.filter((e) => e.kind === "message").map((e) => [e.text, e.site])).toEqual([
      ["bad url", "new:Error"],
      ["Missing value", "throw:object"],
      ["Wrapped", "throw:AppError"],
    ]);
  });

  it("extracts HTTP error statuses and bodies from express, fastify, Next and Response handlers", async () => {
    const source = [
      'app.get("/items/:id", (req, res) => {', // 1
      '  res.status(404).json({ error: "Item not found", code: "E_NO_ITEM" });', // 2
      "});", // 3
      "async function create(req, reply) {", // 4
      "  return reply.code(409).send({ message: 'Already exists' });", // 5
      "}", // 6
      "export async function GET() {", // 7
      '  return NextResponse.json({ error: "Unauthorized" }, { status: 401 });', // 8
      "}", // 9
      "export function DELETE() {", // 10
      '  return new Response("Gone for good", { status: 410 });', // 11
      "}", // 12
      'app.post("/ok", (req, res) => res.status(201).json({ ok: true }));', // 13
    ].join("\n");
    const entries = brief(await extractErrorContract("routes.js", source));
    expect(entries).toEqual([
      { kind: "http", text: "404", site: "http:404", functionName: 'app.get("/items/:id")', line: 2 },
      { kind: "message", text: "Item not found", site: "http-body:error", functionName: 'app.get("/items/:id")', line: 2 },
      { kind: "code", text: "E_NO_ITEM", site: "code", functionName: 'app.get("/items/:id")', line: 2 },
      { kind: "http", text: "409", site: "http:409", functionName: "create", line: 5 },
      { kind: "message", text: "Already exists", site: "http-body:message", functionName: "create", line: 5 },
      { kind: "http", text: "401", site: "http:401", functionName: "GET", line: 8 },
      { kind: "message", text: "Unauthorized", site: "http-body:error", functionName: "GET", line: 8 },
      { kind: "http", text: "410", site: "http:410", functionName: "DELETE", line: 11 },
      { kind: "message", text: "Gone for good", site: "http-body", functionName: "DELETE", line: 11 },
    ]);
  });

  it("extracts error/fatal log messages with printf placeholders, not info or warn", async () => {
    const source = [
      "class Worker {",
      "  run() {",
      '    console.error("Job %s failed", id);',
      '    this.logger.fatal({ err }, "Queue is gone");',
      '    log.error(`Retry ${n} exhausted`);',
      '    logger.warn("Slow job");',
      '    console.log("done");',
      '    catalog.error("Not a logger");',
      "  }",
      "}",
    ].join("\n");
    const entries = brief(await extractErrorContract("worker.tsx", source));
    expect(entries).toEqual([
      { kind: "message", text: "Job {…} failed", site: "log:error", functionName: "Worker.run", line: 3 },
      { kind: "message", text: "Queue is gone", site: "log:fatal", functionName: "Worker.run", line: 4 },
      { kind: "message", text: "Retry {…} exhausted", site: "log:error", functionName: "Worker.run", line: 5 },
    ]);
  });

  it("parses JSX and TSX with the right script kind", async () => {
    const jsx = 'export const View = () => { if (!ok) throw new Error("No data"); return <div className="x">hi</div>; };';
    expect(brief(await extractErrorContract("view.jsx", jsx))).toMatchObject([{ text: "No data", functionName: "View" }]);
    expect(brief(await extractErrorContract("view.tsx", jsx))).toMatchObject([{ text: "No data" }]);
  });

  it("rejects files with syntax errors", async () => {
    await expect(extractErrorContract("src/bad.ts", "function x( {\n")).rejects.toBeInstanceOf(ContractParseError);
    await expect(extractErrorContract("src/bad.ts", "const a = 1;\nconst = 2;\n")).rejects.toMatchObject({ file: "src/bad.ts", line: 2 });
  });

  it("ignores other languages", async () => {
    expect(await extractErrorContract("main.go", 'panic("Invalid URL")')).toEqual([]);
  });
});

describe("extractErrorContract — Python", () => {
  it("extracts raise messages (f-strings, %, .format), classes, codes and super().__init__", async () => {
    const source = [
      "class UrlError(ValueError):", // 1
      '    code = "E_URL"', // 2
      "    def __init__(self, url):", // 3
      '        super().__init__(f"Invalid URL: {url!r}")', // 4
      "class StrictUrlError(UrlError):", // 5
      "    pass", // 6
      "def parse(url):", // 7
      "    if not url:", // 8
      '        raise ValueError("Empty URL")', // 9
      "    if len(url) > 10:", // 10
      '        raise UrlError("URL longer than %d chars" % 10, code="E_LONG")', // 11
      '    raise RuntimeError("cannot parse {}".format(url)) from None', // 12
    ].join("\n");
    const entries = brief(await extractErrorContract("app/url.py", source));
    expect(entries).toEqual([
      { kind: "class", text: "UrlError", site: "class", functionName: "<module>", line: 1 },
      { kind: "code", text: "E_URL", site: "code", functionName: "UrlError", line: 2 },
      { kind: "message", text: "Invalid URL: {…}", site: "super:UrlError", functionName: "UrlError.__init__", line: 4 },
      { kind: "class", text: "StrictUrlError", site: "class", functionName: "<module>", line: 5 },
      { kind: "message", text: "Empty URL", site: "raise:ValueError", functionName: "parse", line: 9 },
      { kind: "message", text: "URL longer than {…} chars", site: "raise:UrlError", functionName: "parse", line: 11 },
      { kind: "code", text: "E_LONG", site: "code", functionName: "parse", line: 11 },
      { kind: "message", text: "cannot parse {…}", site: "raise:RuntimeError", functionName: "parse", line: 12 },
    ]);
  });

  it("extracts HTTP errors of Flask and FastAPI handlers and error logs", async () => {
    const source = [
      "@app.route('/items/<id>')", // 1
      "def get_item(id):", // 2
      "    if id == '0':", // 3
      "        return jsonify(error='Item not found'), 404", // 4
      "    abort(403, 'Forbidden item')", // 5
      "async def read(id: int):", // 6
      '    raise HTTPException(status_code=422, detail="Bad id")', // 7
      "def job():", // 8
      '    logging.error("Job %s failed", 1)', // 9
      '    logger.exception("Crash in job")', // 10
      '    logger.info("fine")', // 11
    ].join("\n");
    const entries = brief(await extractErrorContract("app/api.py", source));
    expect(entries).toEqual([
      { kind: "http", text: "404", site: "http:404", functionName: "get_item", line: 4 },
      { kind: "message", text: "Item not found", site: "http-body:error", functionName: "get_item", line: 4 },
      { kind: "http", text: "403", site: "http:403", functionName: "get_item", line: 5 },
      { kind: "message", text: "Forbidden item", site: "http-body", functionName: "get_item", line: 5 },
      { kind: "http", text: "422", site: "http:422", functionName: "read", line: 7 },
      { kind: "message", text: "Bad id", site: "raise:HTTPException", functionName: "read", line: 7 },
      { kind: "message", text: "Job {…} failed", site: "log:error", functionName: "job", line: 9 },
      { kind: "message", text: "Crash in job", site: "log:exception", functionName: "job", line: 10 },
    ]);
  });

  it("decodes escapes, keeps raw strings and concatenations", async () => {
    const source = 'def f():\n    raise ValueError("tab\\tquote\\" " \'and more\')\n    raise KeyError(r"raw\\d")\n';
    const entries = await extractErrorContract("a.py", source);
    expect(entries.map((e) => e.text)).toEqual(['tab\tquote" and more', "raw\\d"]);
  });

  it("rejects Python syntax errors with the line", async () => {
    await expect(extractErrorContract("app/x.py", "def ok():\n    pass\ndef bad(:\n    pass\n")).rejects.toMatchObject({
      file: "app/x.py",
      line: 3,
    });
  });
});
