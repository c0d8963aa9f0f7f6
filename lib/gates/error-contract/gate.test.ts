import { afterEach, describe, expect, it } from "vitest";
import { errorContractGate } from "./gate";
import { changeInput, createGateRepo as createRepo, type GateTestRepo as TestRepo } from "../../testing/gate-repo";
import type { ContractFinding } from "./types";

const repos: TestRepo[] = [];
function repo(files: Record<string, string | Buffer>): TestRepo {
  const created = createRepo(files);
  repos.push(created);
  return created;
}
afterEach(() => {
  for (const created of repos.splice(0)) created.cleanup();
});

const URL_SOURCE = `export function parse(input: string): URL {
  if (!/^[a-z]+:/.test(input)) {
    throw new Error("Invalid URL");
  }
  return new URL(input);
}
`;

const URL_TEST = `import { describe, expect, it } from "vitest";
import { parse } from "../src/url";

describe("parse", () => {
  it("accepts http", () => {
    expect(parse("http://127.0.0.1:8080").host).toBe("127.0.0.1:8080");
  });
  it("rejects garbage", () => {
    expect(() => parse("x")).toThrow("Invalid URL");
  });
});
`;

const ALERTS = `groups:
  - name: web
    rules:
      - alert: InvalidUrlSpike
        expr: |
          sum(count_over_time({app="web"} |~ "Invalid URL" [5m])) > 10
        for: 10m
`;

const ERRORS_DOC = `# Errors

| Message | Meaning |
| --- | --- |
| Invalid URL | The input is not an absolute URL |
`;

function messageFindings(findings: unknown[]): ContractFinding[] {
  return (findings as ContractFinding[]).filter((finding) => finding.entryKind === "message");
}

describe("errorContractGate", () => {
  it("fails when a changed message breaks a test, an alert rule and a doc (canonical case)", async () => {
    const r = repo({
      "src/url.ts": URL_SOURCE,
      "test/url.test.ts": URL_TEST,
      "monitoring/alerts.yml": ALERTS,
      "docs/errors.md": ERRORS_DOC,
      "README.md": "A URL parser.\n",
    });
    const result = await errorContractGate.run(
      changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Malformed URI structure") }),
    );
    expect(result.status).toBe("fail");
    const [finding] = messageFindings(result.findings);
    expect(finding).toMatchObject({ file: "src/url.ts", line: 3, kind: "changed", before: "Invalid URL", after: "Malformed URI structure" });
    expect(finding?.consumers.map(({ file, line, match, broken }) => ({ file, line, match, broken }))).toEqual([
      { file: "docs/errors.md", line: 5, match: "literal", broken: true },
      { file: "monitoring/alerts.yml", line: 6, match: "regex", broken: true },
      { file: "test/url.test.ts", line: 9, match: "literal", broken: true },
    ]);
    expect(result.summary).toBe(
      '"Invalid URL" → "Malformed URI structure" breaks 3 consumers (docs/errors.md:5, monitoring/alerts.yml:6, test/url.test.ts:9)',
    );
  });

  it("matches template-literal messages by their static parts against regex consumers", async () => {
    const source = "export function parse(u: string) {\n  throw new Error(`Invalid URL: ${u}`);\n}\n";
    const r = repo({
      "src/url.ts": source,
      "test/url.test.ts": 'it("x", () => {\n  expect(() => parse("x")).toThrow(/Invalid URL: .*/);\n});\n',
    });
    const result = await errorContractGate.run(
      changeInput(r, { "src/url.ts": source.replace("Invalid URL", "Malformed URI structure") }),
    );
    expect(result.status).toBe("fail");
    const [finding] = messageFindings(result.findings);
    expect(finding?.before).toBe("Invalid URL: {…}");
    expect(finding?.after).toBe("Malformed URI structure: {…}");
    expect(finding?.consumers).toEqual([
      { file: "test/url.test.ts", line: 2, text: "Invalid URL: .*", match: "regex", broken: true },
    ]);
  });

  it("does not count consumers that still match the new message", async () => {
    const r = repo({
      "src/url.ts": URL_SOURCE,
      "test/url.test.ts":
        'it("a", () => expect(() => parse("x")).toThrow(/Invalid URL/));\nit("b", () => expect(() => parse("x")).toThrow("Invalid URL"));\n',
    });
    const result = await errorContractGate.run(
      changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Invalid URL: missing scheme") }),
    );
    expect(result.status).toBe("warn");
    const [finding] = messageFindings(result.findings);
    expect(finding?.consumers.map(({ line, match, broken }) => ({ line, match, broken }))).toEqual([
      { line: 1, match: "regex", broken: false },
      { line: 2, match: "literal", broken: false },
    ]);
  });

  it("reports a removed message with its consumers", async () => {
    const source = 'export function check(n: number) {\n  if (n < 0) throw new RangeError("Amount must not be negative");\n  return n;\n}\n';
    const r = repo({
      "src/amount.ts": source,
      "test/amount.test.ts": 'import { check } from "../src/amount";\n\nexpect(() => check(-1)).toThrow("Amount must not be negative");\n',
    });
    const result = await errorContractGate.run(
      changeInput(r, { "src/amount.ts": "export function check(n: number) {\n  return Math.abs(n);\n}\n" }),
    );
    expect(result.status).toBe("fail");
    const [finding] = messageFindings(result.findings);
    expect(finding).toMatchObject({ kind: "removed", line: 2, before: "Amount must not be negative", after: null });
    expect(finding?.consumers).toMatchObject([{ file: "test/amount.test.ts", line: 3, match: "literal", broken: true }]);
    expect(result.summary).toContain('removed "Amount must not be negative" breaks 1 consumer (test/amount.test.ts:3)');
  });

  it("passes when messages are only added", async () => {
    const r = repo({ "src/url.ts": URL_SOURCE, "test/url.test.ts": URL_TEST });
    const after = URL_SOURCE.replace("  return new URL(input);", '  if (input.length > 2048) throw new Error("URL too long");\n  return new URL(input);');
    const result = await errorContractGate.run(changeInput(r, { "src/url.ts": after }));
    expect(result.status).toBe("pass");
    expect(result.findings).toMatchObject([{ kind: "added", after: "URL too long", line: 5 }]);
  });

  it("warns when a message changes and nothing depends on it", async () => {
    const r = repo({ "src/url.ts": URL_SOURCE, "README.md": "Parses URLs.\n" });
    const result = await errorContractGate.run(
      changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Malformed URI structure") }),
    );
    expect(result.status).toBe("warn");
    expect(result.summary).toBe('1 error-contract change without known consumers: "Invalid URL" → "Malformed URI structure"');
  });

  it("does not count a consumer that the same change updates", async () => {
    const r = repo({ "src/url.ts": URL_SOURCE, "test/url.test.ts": URL_TEST });
    const result = await errorContractGate.run(
      changeInput(r, {
        "src/url.ts": URL_SOURCE.replace("Invalid URL", "Malformed URI structure"),
        "test/url.test.ts": URL_TEST.replace("Invalid URL", "Malformed URI structure"),
      }),
    );
    expect(result.status).toBe("warn");
    expect(result.summary).toBe('1 error-contract change without known consumers: "Invalid URL" → "Malformed URI structure"');
  });

  it("says consumers still match instead of 'without known consumers' when a regex accepts the new text", async () => {
    const test = 'import { parse } from "../src/url";\nit("rejects", () => { expect(() => parse("x")).toThrow(/^Invalid/); });\n';
    const r = repo({ "src/url.ts": URL_SOURCE, "test/url.test.ts": test });
    const result = await errorContractGate.run(changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Invalid URL given") }));
    expect(result.status).toBe("warn");
    expect(result.summary).toBe('1 error-contract change, no consumer broken (1 matches the new text): "Invalid URL" → "Invalid URL given"');
  });

  it("handles Python raise with an f-string and pytest.raises(match=…)", async () => {
    const source = 'def parse(url):\n    if "://" not in url:\n        raise ValueError(f"Invalid URL: {url!r}")\n    return url\n';
    const test = 'import pytest\nfrom app.url import parse\n\n\ndef test_rejects():\n    with pytest.raises(ValueError, match=r"^Invalid URL: \'x\'$"):\n        parse("x")\n';
    const r = repo({ "app/url.py": source, "tests/test_url.py": test });
    const result = await errorContractGate.run(
      changeInput(r, { "app/url.py": source.replace("Invalid URL", "Malformed URI structure") }),
    );
    expect(result.status).toBe("fail");
    const [finding] = messageFindings(result.findings);
    expect(finding).toMatchObject({ file: "app/url.py", line: 3, functionName: "parse", site: "raise:ValueError" });
    expect(finding?.consumers).toMatchObject([{ file: "tests/test_url.py", line: 6, match: "regex", broken: true }]);
  });

  it("reports an HTTP status change in an express handler and in a Next route handler", async () => {
    const express = `import express from "express";
const app = express();
app.post("/users", (req, res) => {
  if (!req.body.name) {
    return res.status(400).json({ error: "Name is required" });
  }
  res.json({ ok: true });
});
`;
    const next = `import { NextResponse } from "next/server";
export async function POST(request: Request) {
  const body = await request.json();
  if (!body.title) return NextResponse.json({ error: "Title is required" }, { status: 400 });
  return NextResponse.json({ ok: true });
}
`;
    const r = repo({ "server/users.ts": express, "app/api/posts/route.ts": next });
    const result = await errorContractGate.run(
      changeInput(r, {
        "server/users.ts": express.replace("status(400)", "status(422)"),
        "app/api/posts/route.ts": next.replace("status: 400", "status: 422"),
      }),
    );
    expect(result.status).toBe("warn");
    const http = (result.findings as ContractFinding[]).filter((finding) => finding.entryKind === "http");
    expect(http.map(({ file, line, kind, before, after, functionName }) => ({ file, line, kind, before, after, functionName }))).toEqual([
      { file: "app/api/posts/route.ts", line: 4, kind: "changed", before: "400", after: "422", functionName: "POST" },
      { file: "server/users.ts", line: 5, kind: "changed", before: "400", after: "422", functionName: 'app.post("/users")' },
    ]);
    // The bodies did not change, so they are not findings.
    expect(messageFindings(result.findings)).toEqual([]);
  });

  it("finds consumers of a changed error code", async () => {
    const source = 'export function parse(u: string) {\n  const err = new Error("bad url");\n  (err as any).code = "E_BAD_URL";\n  throw err;\n}\n';
    const r = repo({
      "src/url.ts": source,
      "test/url.test.ts": 'try { parse("x"); } catch (e: any) {\n  expect(e.code).toBe("E_BAD_URL");\n}\n',
      "config/alerts.json": '{\n  "rules": [\n    { "name": "bad urls", "expr": "count({code=~\\"E_BAD_URL|E_TIMEOUT\\"}) > 5" }\n  ]\n}\n',
    });
    const result = await errorContractGate.run(changeInput(r, { "src/url.ts": source.replace("E_BAD_URL", "E_URL") }));
    expect(result.status).toBe("fail");
    const code = (result.findings as ContractFinding[]).find((finding) => finding.entryKind === "code");
    expect(code).toMatchObject({ kind: "changed", before: "E_BAD_URL", after: "E_URL", line: 3 });
    expect(code?.consumers.map(({ file, line, match }) => ({ file, line, match }))).toEqual([
      { file: "config/alerts.json", line: 3, match: "regex" },
      { file: "test/url.test.ts", line: 2, match: "literal" },
    ]);
  });

  it("finds consumers of a changed error-log message", async () => {
    const source = 'import { logger } from "./logger";\nexport async function charge() {\n  try {\n    await call();\n  } catch (err) {\n    logger.error("Payment provider unreachable", { err });\n  }\n}\n';
    const r = repo({
      "src/pay.ts": source,
      "ops/loki-rules.yaml": 'groups:\n  - name: payments\n    rules:\n      - alert: PaymentsDown\n        expr: sum(count_over_time({app="pay"} |= "Payment provider unreachable" [1m])) > 0\n',
    });
    const result = await errorContractGate.run(
      changeInput(r, { "src/pay.ts": source.replace("Payment provider unreachable", "Payment gateway down") }),
    );
    expect(result.status).toBe("fail");
    const [finding] = messageFindings(result.findings);
    expect(finding).toMatchObject({ site: "log:error", functionName: "charge", line: 6 });
    expect(finding?.consumers).toMatchObject([{ file: "ops/loki-rules.yaml", line: 5, match: "literal", broken: true }]);
  });

  it("finds consumers of a renamed error class", async () => {
    const source = 'export class BadUrlError extends Error {\n  constructor(url: string) {\n    super(`Invalid URL: ${url}`);\n  }\n}\n';
    const r = repo({
      "src/errors.ts": source,
      "test/errors.test.ts": 'import { BadUrlError } from "../src/errors";\n\nexpect(() => parse("x")).toThrow(BadUrlError);\n',
    });
    const result = await errorContractGate.run(changeInput(r, { "src/errors.ts": source.replace("BadUrlError", "UrlError") }));
    expect(result.status).toBe("fail");
    const classes = (result.findings as ContractFinding[]).filter((finding) => finding.entryKind === "class");
    expect(classes).toHaveLength(1);
    expect(classes[0]).toMatchObject({ kind: "changed", before: "BadUrlError", after: "UrlError", line: 1 });
    expect(classes[0]?.consumers.map((c) => `${c.file}:${c.line}`)).toEqual(["test/errors.test.ts:1", "test/errors.test.ts:3"]);
    expect(messageFindings(result.findings)).toEqual([]);
  });

  it("skips binary files in the repository", async () => {
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), Buffer.from("Invalid URL\n")]);
    const r = repo({ "src/url.ts": URL_SOURCE, "assets/logo.png": binary });
    const result = await errorContractGate.run(
      changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Malformed URI structure") }),
    );
    expect(result.status).toBe("warn");
    expect(result.consumerSearch).toMatchObject({ skippedBinary: 1 });
  });

  it("returns error when a changed file does not parse", async () => {
    const r = repo({ "src/url.ts": URL_SOURCE });
    const result = await errorContractGate.run(changeInput(r, { "src/url.ts": "export function parse(input: string {\n" }));
    expect(result.status).toBe("error");
    expect(result.summary).toMatch(/^cannot parse src\/url\.ts:1:/);
  });

  it("returns error when a changed Python file does not parse", async () => {
    const r = repo({ "app/url.py": "def parse(url):\n    return url\n" });
    const result = await errorContractGate.run(changeInput(r, { "app/url.py": "def parse(url:\n    return url\n" }));
    expect(result.status).toBe("error");
    expect(result.summary).toContain("cannot parse app/url.py");
  });

  it("returns error when the base commit is missing", async () => {
    const r = repo({ "src/url.ts": URL_SOURCE });
    const input = changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Malformed URI structure") });
    const result = await errorContractGate.run({ ...input, baseCommit: "0123456789abcdef0123456789abcdef01234567" });
    expect(result.status).toBe("error");
    expect(result.summary).toContain("cannot read repository");
  });

  it("is skipped when no JS/TS/Python file changed", async () => {
    const r = repo({ "README.md": "hello\n" });
    const result = await errorContractGate.run(changeInput(r, { "README.md": "hello world\n" }));
    expect(result.status).toBe("skipped");
  });

  it("returns error when aborted", async () => {
    const r = repo({ "src/url.ts": URL_SOURCE });
    const controller = new AbortController();
    controller.abort();
    const input = changeInput(r, { "src/url.ts": URL_SOURCE.replace("Invalid URL", "Malformed URI structure") });
    const result = await errorContractGate.run({ ...input, signal: controller.signal });
    expect(result.status).toBe("error");
  });
});

describe("errorContractGate — real projects in miniature", () => {
  const PATH_SOURCE = `export class PathError extends TypeError {
  constructor(message: string, public readonly originalPath: string | undefined) {
    super(message);
  }
}
export function parse(str: string) {
  const quoteStart = str.indexOf('"');
  if (quoteStart >= 0 && str.indexOf('"', quoteStart + 1) < 0) {
    throw new PathError(\`Unterminated quote at index \${quoteStart}\`, str);
  }
  return str;
}
`;
  const PATH_SPEC = `import { describe, expect, it } from "vitest";
import { parse, PathError } from "./index";

describe("parse errors", () => {
  it("should throw on unterminated quote", () => {
    expect(() => parse('/:"foo')).toThrow(
      new PathError("Unterminated quote at index 2", '/:"foo'),
    );
  });
  it("should throw on unterminated quote after backslash", () => {
    expect(() => parse('/foo/:"bar\\\\')).toThrow(
      new PathError("Unterminated quote at index 6", '/foo/:"bar\\\\'),
    );
  });
});
`;

  it("path-to-regexp: a changed PathError message breaks the spec's toThrow(new PathError(…)) expectations", async () => {
    const r = repo({ "src/index.ts": PATH_SOURCE, "src/index.spec.ts": PATH_SPEC });
    const result = await errorContractGate.run(
      changeInput(r, { "src/index.ts": PATH_SOURCE.replace("Unterminated quote at index", "Unclosed quote at index") }),
    );
    expect(result.status).toBe("fail");
    const [finding] = messageFindings(result.findings);
    expect(finding?.consumers.map(({ file, line, broken }) => `${file}:${line}${broken ? "" : " kept"}`)).toEqual([
      "src/index.spec.ts:7",
      "src/index.spec.ts:12",
    ]);
  });

  it("path-to-regexp 9a78879: expectations added to the spec are not the product's contract", async () => {
    const r = repo({ "src/index.ts": PATH_SOURCE, "src/index.spec.ts": PATH_SPEC });
    const source = PATH_SOURCE.replace(
      "  return str;",
      '  if (str.endsWith("\\\\")) throw new PathError(`Unexpected end after \\\\ at index ${str.length}`, str);\n  return str;',
    );
    const spec = PATH_SPEC.replace(
      "});\n",
      `  it("should throw on eol backslash", () => {
    expect(() => parse("/foo\\\\")).toThrow(new PathError("Unexpected end after \\\\ at index 5", "/foo\\\\"));
  });
  it("should throw on eol backslash in group", () => {
    expect(() => parse("/foo/{bar\\\\")).toThrow(new PathError("Unexpected end after \\\\ at index 10", "/foo/{bar\\\\"));
  });
});
`,
    );
    const result = await errorContractGate.run(changeInput(r, { "src/index.ts": source, "src/index.spec.ts": spec }));
    expect(result.status).toBe("pass");
    expect((result.findings as ContractFinding[]).map((f) => `${f.kind} ${f.file}:${f.line} ${f.after}`)).toEqual([
      "added src/index.ts:11 Unexpected end after \\ at index {…}",
    ]);
  });

  const RESPONSE = `'use strict';
res.sendFile = function sendFile(path, options, callback) {
  if (!opts.root && !isAbsolute(path)) {
    throw new TypeError('path must be absolute or specify root to res.sendFile');
  }
};
`;
  const SENDFILE_TEST = `describe('res.sendFile(path)', function () {
  it('should error for non-absolute path', function (done) {
    request(app)
      .get('/')
      .expect(500, /TypeError: path must be absolute/, done)
  })
})
`;
  const HISTORY = `5.0.0 / 2024-09-10
==================

  * Allow passing non-strings to res.location with new encoding handling checks
  * res.sendFile: path must be absolute or specify root to res.sendFile
`;

  it("express: the regex matches \"TypeError: message\"; History.md is only informational", async () => {
    const r = repo({ "lib/response.js": RESPONSE, "test/res.sendFile.js": SENDFILE_TEST, "History.md": HISTORY });
    const changed = await errorContractGate.run(
      changeInput(r, { "lib/response.js": RESPONSE.replace("path must be absolute", "path has to be absolute") }),
    );
    expect(changed.status).toBe("fail");
    const [finding] = messageFindings(changed.findings);
    expect(finding?.consumers.map(({ file, line, match, broken, informational }) => ({ file, line, match, broken, informational }))).toEqual([
      { file: "History.md", line: 5, match: "literal", broken: false, informational: true },
      { file: "test/res.sendFile.js", line: 5, match: "regex", broken: true, informational: undefined },
    ]);
    expect(changed.summary).toContain("breaks 1 consumer (test/res.sendFile.js:5)");

    const compatible = await errorContractGate.run(
      changeInput(r, { "lib/response.js": RESPONSE.replace("to res.sendFile'", "to res.sendFile()'") }),
    );
    expect(compatible.status).toBe("warn");
    expect(messageFindings(compatible.findings)[0]?.consumers.every((consumer) => !consumer.broken)).toBe(true);
  });

  const CLICK_EXCEPTIONS = `from gettext import gettext as _

class ClickException(Exception):
    pass

class UsageError(ClickException):
    pass

class BadParameter(UsageError):
    pass

class NoSuchOption(UsageError):
    def __init__(self, option_name, message=None, ctx=None):
        if message is None:
            message = _("No such option {name!r}.").format(name=option_name)
        super().__init__(message, ctx)
`;
  const CLICK_TYPES = `from gettext import gettext as _
from .exceptions import BadParameter

class ParamType:
    def fail(self, message, param=None, ctx=None):
        raise BadParameter(message, ctx=ctx, param=param)

class _NumberParamTypeBase(ParamType):
    def convert(self, value, param, ctx):
        try:
            return self._number_class(value)
        except ValueError:
            self.fail(
                _("{value!r} is not a valid {number_type}.").format(value=value, number_type=self.name),
                param,
                ctx,
            )

class UUIDParameterType(ParamType):
    def convert(self, value, param, ctx):
        self.fail(_("{value!r} is not a valid UUID.").format(value=value), param, ctx)
`;
  const CLICK_TEST_OPTIONS = `import pytest

@pytest.mark.parametrize("unknown_flag", ["--foo", "-f"])
def test_unknown_options(runner, unknown_flag):
    result = runner.invoke(cli, [unknown_flag])
    assert result.exception
    assert f"No such option '{unknown_flag}'." in result.output
`;
  const CLICK_TEST_BASIC = `import pytest

@pytest.mark.parametrize(
    ("args", "expect"),
    [
        ([], "I:[84]"),
        (["--i=x"], "Error: Invalid value for '--i': 'x' is not a valid integer."),
        (["--u=x"], "Error: Invalid value for '--u': 'x' is not a valid UUID."),
    ],
)
def test_int_option(runner, args, expect):
    assert expect in runner.invoke(cli, args).output
`;

  it("click: translated .format messages in an exception class and in self.fail(…) break the tests that assert them", async () => {
    const r = repo({
      "src/click/exceptions.py": CLICK_EXCEPTIONS,
      "src/click/types.py": CLICK_TYPES,
      "tests/test_options.py": CLICK_TEST_OPTIONS,
      "tests/test_basic.py": CLICK_TEST_BASIC,
    });
    const result = await errorContractGate.run(
      changeInput(r, {
        "src/click/exceptions.py": CLICK_EXCEPTIONS.replace("No such option {name!r}.", "Unknown option {name!r}."),
        "src/click/types.py": CLICK_TYPES.replace("is not a valid {number_type}.", "is not a valid {number_type} value."),
      }),
    );
    expect(result.status).toBe("fail");
    const show = (c: ContractFinding["consumers"][number]) => `${c.file}:${c.line} ${c.match}${c.broken ? "" : " kept"}`;
    expect(messageFindings(result.findings).map((f) => `${f.before} → ${f.after}: ${f.consumers.map(show).join(", ")}`)).toEqual([
      "No such option {…}. → Unknown option {…}.: tests/test_options.py:7 template",
      // the UUID message is unchanged and still satisfies line 8
      "{…} is not a valid {…}. → {…} is not a valid {…} value.: tests/test_basic.py:7 literal, tests/test_basic.py:8 literal kept",
    ]);
  });
});
