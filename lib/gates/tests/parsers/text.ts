/** Text helpers shared by the output parsers. */

// CSI sequences (colours, cursor moves) and OSC hyperlinks.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

export function lines(text: string): string[] {
  return stripAnsi(text).replace(/\r\n?/g, "\n").split("\n");
}

export function unique(names: string[]): string[] {
  return [...new Set(names.filter((n) => n.length > 0))];
}

/** Drops a trailing duration like " 12ms", " (1.5ms)", " 0.2s". */
export function stripDuration(name: string): string {
  return name.replace(/\s+\(?\d+(?:\.\d+)?\s?m?s\)?$/, "").trim();
}
