/** Regexes from tests and configs come in JS, Python, Go/RE2 (Prometheus, Loki) and PCRE flavours. */

const PROBES = ["", "The quick brown fox jumps over the lazy dog 0123456789", "#"];

/**
 * Compiles a regex written in JS, Python or RE2 syntax as a JS RegExp: leading inline flags `(?i)`, named groups
 * `(?P<n>…)`/`(?P=n)`, `\A` `\Z` `\z` anchors. Returns null when it does not compile.
 */
export function compilePortableRegex(source: string, flags = "", anchored = false): RegExp | null {
  let body = source;
  let jsFlags = flags.replace(/[gy]/g, "");
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const flag of inline[1] ?? "") if ("ims".includes(flag) && !jsFlags.includes(flag)) jsFlags += flag;
  }
  body = body
    .replace(/\(\?P</g, "(?<")
    .replace(/\(\?P=(\w+)\)/g, "\\k<$1>")
    .replace(/(^|[^\\])\\A/g, "$1^")
    .replace(/(^|[^\\])\\[Zz]/g, "$1$$");
  if (anchored) body = `^(?:${body})$`;
  try {
    return new RegExp(body, jsFlags);
  } catch {
    return null;
  }
}

/** Length of the longest run of literal letters/digits the regex requires (ignoring classes, escapes, groups). */
export function longestLiteralRun(source: string): number {
  let best = 0;
  let run = 0;
  const end = (): void => {
    best = Math.max(best, run);
    run = 0;
  };
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i] as string;
    if (c === "\\") {
      end();
      i += 1;
    } else if (c === "[") {
      end();
      i += 1;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
    } else if (c === "{") {
      run = Math.max(0, run - 1); // the quantified character is not required as written
      end();
      while (i < source.length && source[i] !== "}") i += 1;
    } else if (c === "*" || c === "?" || c === "+") {
      run = Math.max(0, run - (c === "+" ? 0 : 1));
      end();
    } else if (c === "|") {
      end();
    } else if (/[A-Za-z0-9]/.test(c)) {
      run += 1;
    } else {
      end();
    }
  }
  end();
  return best;
}

/** A regex that says nothing about a message: matches everything (`.*`), or requires no real word. */
export function isTrivialRegex(regex: RegExp, source: string): boolean {
  if (longestLiteralRun(source) < 3) return true;
  return PROBES.some((probe) => regex.test(probe));
}

const CLASS_ESCAPE_SAMPLE: Record<string, string> = { d: "0", w: "x", s: " ", D: "x", W: " ", S: "x" };

/** Splits at `|` outside groups and classes. */
function topLevelBranches(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === "\\") i += 1;
    else if (c === "[") {
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
    } else if (c === "(") depth += 1;
    else if (c === ")") depth -= 1;
    else if (c === "|" && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

/** Index of the `)` closing the group that contains position `from` (or the end). */
function endOfGroup(source: string, from: number): number {
  let depth = 0;
  for (let i = from + 1; i < source.length; i += 1) {
    const c = source[i];
    if (c === "\\") i += 1;
    else if (c === "[") {
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
    } else if (c === "(") depth += 1;
    else if (c === ")") {
      if (depth === 0) return i - 1;
      depth -= 1;
    }
  }
  return source.length;
}

/**
 * A plain string each top-level branch of the regex would accept, built by keeping its literal text and one
 * example per class/wildcard ("^Invalid URL: '.+'$" → "Invalid URL: 'x'"). Used to guess what a templated
 * message's dynamic part looks like in a test's expectation.
 */
export function regexSkeletons(source: string): string[] {
  return topLevelBranches(source).map((branch) => {
    let out = "";
    for (let i = 0; i < branch.length; i += 1) {
      const c = branch[i] as string;
      if (c === "\\") {
        const next = branch[i + 1] ?? "";
        i += 1;
        if (next in CLASS_ESCAPE_SAMPLE) out += CLASS_ESCAPE_SAMPLE[next];
        else if (next === "n") out += "\n";
        else if (next === "t") out += "\t";
        else if (!/[bBAzZ]/.test(next)) out += next;
      } else if (c === "[") {
        const first = branch[i + 1] === "^" ? "x" : (branch[i + 1] === "\\" ? branch[i + 2] : branch[i + 1]) ?? "x";
        out += first;
        i += 1;
        while (i < branch.length && branch[i] !== "]") i += branch[i] === "\\" ? 2 : 1;
      } else if (c === "{") {
        while (i < branch.length && branch[i] !== "}") i += 1;
      } else if (c === "(") {
        if (branch[i + 1] === "?") {
          // (?:  (?<name>  (?P<name>  (?=  (?!  — skip the group's syntax, keep its content
          const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(branch.slice(i));
          i += named ? named[0].length - 1 : 2;
        }
      } else if (c === "|") {
        i = endOfGroup(branch, i); // inside a group: keep only its first alternative
      } else if (c === ".") {
        out += "x";
      } else if (!"^$)*+?".includes(c)) {
        out += c;
      }
    }
    return out;
  });
}
