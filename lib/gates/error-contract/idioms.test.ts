/**
 * Table tests: one line of code → the message the error contract reads from it (producer side), for the idioms of
 * real projects (click's translated and formatted messages, error helpers, repository-defined exception classes).
 */
import { describe, expect, it } from "vitest";
import { extractErrorContract } from "./extract";
import { classHeritage, errorClassesOf } from "./repo-error-classes";
import { isErrorHelperCall, errorClassOfSite } from "./error-names";

async function messagesOf(path: string, source: string, known?: Set<string>) {
  const entries = await extractErrorContract(path, source, { knownErrorClasses: known });
  return entries.filter((entry) => entry.kind === "message").map(({ text, site }) => ({ text, site }));
}

const PYTHON_CASES: { code: string; text: string; site: string }[] = [
  { code: 'raise UsageError(_("No such command {name!r}.").format(name=n))', text: "No such command {…}.", site: "raise:UsageError" },
  { code: 'raise click.BadParameter(_("{value!r} is not a valid {type}.").format(value=v, type=t))', text: "{…} is not a valid {…}.", site: "raise:click.BadParameter" },
  { code: 'self.fail(_("{value!r} is not a valid {number_type}.").format(value=v, number_type=n), param, ctx)', text: "{…} is not a valid {…}.", site: "call:self.fail" },
  { code: 'ctx.fail(gettext("Missing command."))', text: "Missing command.", site: "call:ctx.fail" },
  { code: 'parser.error(ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n).format(args=a))', text: "Got unexpected extra argument ({…})", site: "call:parser.error" },
  { code: 'raise ValueError(pgettext("cli", "Bad flag %s") % flag)', text: "Bad flag {…}", site: "raise:ValueError" },
  { code: 'raise ValueError(_("Bad flag %(flag)s") % {"flag": f})', text: "Bad flag {…}", site: "raise:ValueError" },
  { code: 'raise ValueError(f"Option {name!r} requires {count} values")', text: "Option {…} requires {…} values", site: "raise:ValueError" },
  { code: 'module.fail_json(msg="Missing required argument")', text: "Missing required argument", site: "call:module.fail_json" },
  { code: 'err = UsageError("Got unexpected extra argument")', text: "Got unexpected extra argument", site: "new:UsageError" },
  { code: 'raise_error("Config file is missing")', text: "Config file is missing", site: "call:raise_error" },
];

const JS_CASES: { code: string; text: string; site: string }[] = [
  { code: 'next(createError(404, "Route not found"));', text: "Route not found", site: "call:createError" },
  { code: "this.error(`Cannot resolve ${id}`);", text: "Cannot resolve {…}", site: "call:this.error" },
  { code: 'fail("Unterminated quote at index " + i);', text: "Unterminated quote at index {…}", site: "call:fail" },
  { code: 'throw new TypeError("path must be absolute or specify root to res.sendFile");', text: "path must be absolute or specify root to res.sendFile", site: "throw:TypeError" },
  { code: "throw new PathError(`Unterminated quote at index ${quoteStart}`, str);", text: "Unterminated quote at index {…}", site: "throw:PathError" },
];

describe("error-contract idioms — producer side", () => {
  it.each(PYTHON_CASES)("Python: $code", async ({ code, text, site }) => {
    expect(await messagesOf("src/pkg/mod.py", `def f(self, ctx, param, parser, module):\n    ${code}\n`)).toEqual([{ text, site }]);
  });

  it.each(JS_CASES)("JS: $code", async ({ code, text, site }) => {
    expect(await messagesOf("src/mod.ts", `export function f(i: number) {\n  ${code}\n}\n`)).toEqual([{ text, site }]);
  });

  it("reads an exception class's default message kept in a variable", async () => {
    const source = [
      "class NoSuchOption(UsageError):",
      "    def __init__(self, option_name, message=None, ctx=None):",
      "        if message is None:",
      '            message = _("No such option {name!r}.").format(name=option_name)',
      "        super().__init__(message, ctx)",
    ].join("\n");
    expect(await messagesOf("src/click/exceptions.py", source)).toEqual([{ text: "No such option {…}.", site: "super:NoSuchOption" }]);
  });

  it("treats calls of the repository's own exception classes as error sites, also when the name says nothing", async () => {
    const code = 'def f(v):\n    exc = BadParameter("Invalid choice")\n    return exc\n';
    expect(await messagesOf("src/pkg/types.py", code)).toEqual([]);
    expect(await messagesOf("src/pkg/types.py", code, new Set(["BadParameter"]))).toEqual([
      { text: "Invalid choice", site: "new:BadParameter" },
    ]);
  });

  it("does not take loggers, stores or other receivers' .error() for error helpers", async () => {
    const source = 'export function f() {\n  catalog.error("Not a logger");\n  console.error("Printed");\n}\n';
    expect(await messagesOf("src/a.ts", source)).toEqual([{ text: "Printed", site: "log:error" }]);
    expect(["self.fail", "ctx.fail", "parser.error", "this.error", "createError", "throwError", "raise_usage_error", "die"].filter(isErrorHelperCall)).toHaveLength(8);
    expect(["catalog.error", "store.error", "failed", "failure", "errorHandler", "console.error"].filter(isErrorHelperCall)).toEqual([]);
  });

  it("collects error classes defined across the repository, transitively", () => {
    const heritage = classHeritage([
      "class ClickException(Exception):",
      "class UsageError(ClickException):",
      "class BadParameter(UsageError):",
      "class Context:",
      "export class PathError extends TypeError {",
      "class Parser extends Base {",
      "class MissingParameter(BadParameter, metaclass=Meta):",
    ]);
    expect([...errorClassesOf(heritage)].sort()).toEqual(["BadParameter", "ClickException", "MissingParameter", "PathError", "UsageError"]);
  });

  it("names the class a message is thrown with, for consumers that print it in front", () => {
    expect(["throw:TypeError", "new:errors.PathError", "raise:click.BadParameter", "call:self.fail", "throw:literal", "http-body"].map(errorClassOfSite)).toEqual([
      "TypeError",
      "PathError",
      "BadParameter",
      undefined,
      undefined,
      undefined,
    ]);
  });
});
