/** Shapes of the error-contract gate: what a file promises about its errors, and what changed. */

export type ContractEntryKind = "message" | "class" | "code" | "http";

export interface ContractEntry {
  kind: ContractEntryKind;
  /** Full text; dynamic parts (template/f-string substitutions, %s, {}) appear as DYNAMIC_PLACEHOLDER. */
  text: string;
  /** The static pieces of `text`, in order, without the dynamic parts (empty pieces dropped). */
  staticFragments: string[];
  file: string;
  /** 1-based line where the site starts (throw/raise/call/class). */
  line: number;
  /** 1-based last line of the site; lets the consumer search skip the site itself. */
  endLine?: number;
  /** Enclosing function or method ("Class.method"), a route description for anonymous callbacks, or "<module>". */
  functionName: string;
  /** Stable key of the site kind, e.g. "throw:Error", "http:400", "log:error", "class", "code". */
  site: string;
}

/** template = a test's f-string/format/template literal whose static parts accept the message. */
export type ConsumerMatch = "literal" | "fragment" | "regex" | "template";

export interface Consumer {
  file: string;
  line: number;
  /** The matched literal, fragment or regex source. */
  text?: string;
  match: ConsumerMatch;
  /** False when the consumer still matches the new text (e.g. a regex that accepts both messages). */
  broken: boolean;
  /** A mention in a changelog (History.md, CHANGELOG…): it records the past, so it is never broken. */
  informational?: boolean;
}

export type FindingKind = "changed" | "removed" | "added";

export interface ContractFinding {
  file: string;
  /** After-line, or before-line for removed entries. */
  line: number;
  kind: FindingKind;
  entryKind: ContractEntryKind;
  functionName: string;
  site: string;
  before: string | null;
  after: string | null;
  consumers: Consumer[];
}

/** Marks a dynamic part of a message inside ContractEntry.text. */
export const DYNAMIC_PLACEHOLDER = "{…}";

/** A message as static strings and dynamic holes (null), before it is flattened into a ContractEntry. */
export type MessageParts = (string | null)[];
