/**
 * Table tests: one line of a repository file → how it consumes an old error message (consumer side), on a real git
 * repository. Miniatures of path-to-regexp, express and click.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findConsumers, type ConsumerTarget } from "./consumers";
import { createGateRepo, type GateTestRepo } from "../../testing/gate-repo";

interface Case {
  name: string;
  target: ConsumerTarget;
  file: string;
  code: string;
  /** "match broken|kept|info" on line `line`, or null for no consumer. */
  expected: string | null;
  line?: number;
}

const QUOTE: ConsumerTarget = { id: "q", kind: "message", before: "Unterminated quote at index {…}", after: "Unclosed quote at index {…}", errorClass: "PathError" };
const SENDFILE: ConsumerTarget = {
  id: "s",
  kind: "message",
  before: "path must be absolute or specify root to res.sendFile",
  after: "path has to be absolute or specify root to res.sendFile",
  errorClass: "TypeError",
};
const SENDFILE_PARENS: ConsumerTarget = { ...SENDFILE, id: "s2", after: "path must be absolute or specify root to res.sendFile()" };
const NO_SUCH_OPTION: ConsumerTarget = { id: "o", kind: "message", before: "No such option {…}.", after: "Unknown option {…}.", errorClass: "NoSuchOption" };
const NO_SUCH_OPTION_KEPT: ConsumerTarget = { ...NO_SUCH_OPTION, id: "o2", after: "No such option {…}. Try --help." };
const NOT_VALID: ConsumerTarget = { id: "v", kind: "message", before: "{…} is not a valid {…}.", after: "{…} is not a valid {…} value." };

const CASES: Case[] = [
  // path-to-regexp: expected errors are built with the error class in the spec
  { name: "toThrow(new PathError(…)) in a spec", target: QUOTE, file: "src/index.spec.ts", code: `expect(() => parse('/:"foo')).toThrow(new PathError("Unterminated quote at index 2", '/:"foo'));`, expected: "literal broken" },
  { name: "template literal in a spec", target: QUOTE, file: "src/index.spec.ts", code: "expect(e.message).toBe(`Unterminated quote at index ${i}`);", expected: "template broken" },
  { name: "concatenation in a test", target: QUOTE, file: "test/parse.test.js", code: 'assert.equal(e.message, "Unterminated quote at index " + i);', expected: "literal broken" },
  { name: "new PathError(…) in product code is a producer", target: QUOTE, file: "src/other.ts", code: 'throw new PathError("Unterminated quote at index 2", s);', expected: null },
  // express: the regex expects the message as an Error prints it
  { name: "regex with the class name in front", target: SENDFILE, file: "test/res.sendFile.js", code: ".expect(500, /TypeError: path must be absolute/, done);", expected: "regex broken" },
  { name: "regex with the class name, change it still accepts", target: SENDFILE_PARENS, file: "test/res.sendFile.js", code: ".expect(500, /TypeError: path must be absolute/, done);", expected: "regex kept" },
  { name: "string with the class name in front", target: SENDFILE, file: "test/res.sendFile.js", code: 'assert.ok(body.includes("TypeError: path must be absolute"));', expected: "fragment broken" },
  { name: "changelog line", target: SENDFILE, file: "History.md", code: "  * Fix `path must be absolute or specify root to res.sendFile` on Windows", expected: "literal info" },
  { name: "CHANGES.rst in any case", target: SENDFILE, file: "docs/changes.RST", code: "- path must be absolute or specify root to res.sendFile", expected: "literal info" },
  { name: "a doc that is not a changelog", target: SENDFILE, file: "docs/api.md", code: "Throws `path must be absolute or specify root to res.sendFile`.", expected: "literal broken" },
  // click: f-strings, .format and % in tests; "Error: " in front
  { name: "f-string in a test", target: NO_SUCH_OPTION, file: "tests/test_options.py", code: `    assert f"No such option '{unknown_flag}'." in result.output`, expected: "template broken" },
  { name: "f-string, change still produces it", target: NO_SUCH_OPTION_KEPT, file: "tests/test_options.py", code: `    assert f"No such option '{unknown_flag}'." in result.output`, expected: "template kept" },
  { name: ".format in a test", target: NO_SUCH_OPTION, file: "tests/test_options.py", code: `    assert "No such option {!r}.".format(flag) in result.output`, expected: "template broken" },
  { name: "% in a test", target: NO_SUCH_OPTION, file: "tests/test_options.py", code: `    assert "No such option '%s'." % flag in result.output`, expected: "template broken" },
  { name: "plain string with Error: in front", target: NO_SUCH_OPTION, file: "tests/test_options.py", code: `    assert "Error: No such option '--foo'." in result.output`, expected: "literal broken" },
  { name: "expected value in a parametrize table", target: NOT_VALID, file: "tests/test_basic.py", code: `    (["--i=x"], "Error: Invalid value for '--i': 'x' is not a valid integer."),`, expected: "literal broken" },
  { name: "pytest.raises(match=) stays a regex", target: NO_SUCH_OPTION, file: "tests/test_parser.py", code: `    with pytest.raises(NoSuchOption, match="No such option '--x'"):`, expected: "regex broken" },
];

let repo: GateTestRepo;
const files: Record<string, string> = {};
const lineOf = new Map<Case, { file: string; line: number }>();

beforeAll(() => {
  const perFile = new Map<string, string[]>();
  for (const testCase of CASES) {
    const lines = perFile.get(testCase.file) ?? [];
    lines.push(testCase.code, "");
    perFile.set(testCase.file, lines);
    lineOf.set(testCase, { file: testCase.file, line: lines.length - 1 });
  }
  for (const [file, lines] of perFile) files[file] = lines.join("\n");
  repo = createGateRepo(files);
});
afterAll(() => repo?.cleanup());

describe("error-contract idioms — consumer side", () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const { consumers } = await findConsumers(repo.dir, repo.commit, [testCase.target]);
    const at = lineOf.get(testCase) as { file: string; line: number };
    const found = (consumers.get(testCase.target.id) ?? []).find((consumer) => consumer.file === at.file && consumer.line === at.line);
    const shown = found ? `${found.match} ${found.informational ? "info" : found.broken ? "broken" : "kept"}` : null;
    expect(shown).toBe(testCase.expected);
  });

  it("shows a template consumer as written, with its holes", async () => {
    const { consumers } = await findConsumers(repo.dir, repo.commit, [NO_SUCH_OPTION]);
    const texts = (consumers.get("o") ?? []).filter((consumer) => consumer.match === "template").map((consumer) => consumer.text);
    // two f-strings (the "kept" case repeats the line), one .format, one %
    expect(texts).toEqual(["No such option '{…}'.", "No such option '{…}'.", "No such option {…}.", "No such option '{…}'."]);
  });
});
