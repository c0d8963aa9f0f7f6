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

export function lastNameOf(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}

/** Receivers of error-log calls: console, log, logger, LOG, logging, this.logger, appLogger, request_log… */
export function isLoggerName(receiver: string): boolean {
  const name = lastNameOf(receiver);
  return /^_*(?:log|logger|logging|console)$/i.test(name) || /(?:Logger|Log|_logger|_log)$/.test(name);
}
