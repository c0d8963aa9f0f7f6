/** Names that look like error classes: Error, TypeError, BadUrlError, HTTPException, ParseFailure… */
export const ERROR_CLASS_NAME = /^(?:[A-Z]\w*)?(?:Error|Exception|Fault|Failure)$/;

/**
 * Language-provided error classes. A change of one of these at a throw site is still reported, but their names are
 * not searched for consumers: they occur everywhere.
 */
export const BUILTIN_ERROR_CLASSES = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "DOMException",
  "Exception",
  "BaseException",
  "ValueError",
  "KeyError",
  "IndexError",
  "RuntimeError",
  "OSError",
  "IOError",
  "AttributeError",
  "NotImplementedError",
  "LookupError",
  "ArithmeticError",
  "ZeroDivisionError",
  "PermissionError",
  "FileNotFoundError",
  "FileExistsError",
  "TimeoutError",
  "ConnectionError",
  "AssertionError",
  "UnicodeDecodeError",
  "UnicodeEncodeError",
  "HTTPException",
]);

/**
 * Calls that raise or report an error with the message they are given: `self.fail(…)`, `ctx.fail(…)`,
 * `parser.error(…)`, `die(…)`, `raise_error(…)`, `throwError(…)`, `module.fail_json(msg=…)`, `createError(404, …)`.
 */
const ERROR_HELPER_NAME =
  /^_*(?:fail|die|bail|panic)$|^_*(?:fail|raise|throw)(?:_[a-z]\w*|[A-Z]\w*)$|^_*(?:create|make|build|new)_?\w*(?:Error|Exception|_error|_exception)$/;

/** Receivers whose `.error(…)` reports an error to the user (argparse's parser, click's ctx, a plugin's this). */
const ERROR_METHOD_RECEIVER = /^(?:this|self|cls|ctx|context|parser|argparser|arg_parser)$/;

/**
 * A call of an error helper, by its callee text (`self.fail`, `ctx.fail`, `parser.error`, `createError`). A bare
 * `.error(…)` counts only on the receivers above or unqualified: elsewhere it is often a logger or a store.
 */
export function isErrorHelperCall(callee: string): boolean {
  const name = lastNameOf(callee);
  if (ERROR_HELPER_NAME.test(name)) return true;
  if (!/^_*error$/.test(name)) return false;
  const dot = callee.lastIndexOf(".");
  return dot < 0 || ERROR_METHOD_RECEIVER.test(lastNameOf(callee.slice(0, dot)));
}

/**
 * The class an error site names ("throw:TypeError" → "TypeError", "new:errors.PathError" → "PathError"); undefined
 * for literals, objects, logs, helper calls and HTTP bodies. Consumers often match "Name: message".
 */
export function errorClassOfSite(site: string): string | undefined {
  const colon = site.indexOf(":");
  if (colon < 0) return undefined;
  const prefix = site.slice(0, colon);
  if (!["throw", "raise", "reject", "new", "super"].includes(prefix)) return undefined;
  const name = lastNameOf(site.slice(colon + 1));
  return /^[A-Za-z_$][\w$]*$/.test(name) && name !== "literal" && name !== "object" ? name : undefined;
}

export function lastNameOf(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}

/** Receivers of error-log calls: console, log, logger, LOG, logging, this.logger, appLogger, request_log… */
export function isLoggerName(receiver: string): boolean {
  const name = lastNameOf(receiver);
  return /^_*(?:log|logger|logging|console)$/i.test(name) || /(?:Logger|Log|_logger|_log)$/.test(name);
}
