/** Things in a repository file that may depend on an error's text. */
export type Candidate =
  /** Static text of a string literal in code (one per static part of a template). */
  | { type: "string"; text: string; line: number }
  /** A regular expression in a test assertion, in code or in a config/alert rule. */
  | { type: "regex"; source: string; flags: string; anchored: boolean; line: number }
  /**
   * A string with dynamic parts in a test (f-string, `.format`, `%`, JS template literal): it matches like a regex
   * whose holes accept anything. `source` is that regex, `text` the template as written with {…} holes.
   */
  | { type: "template"; source: string; text: string; line: number }
  /** A reference to a (custom) error class by name. */
  | { type: "identifier"; text: string; line: number }
  /** A line of a doc, config or other text file. */
  | { type: "line"; text: string; line: number };

/** Whether the file is test code: there every string is a consumer, also inside `new XError("…")`. */
export interface CandidateContext {
  testFile: boolean;
}

/** Which candidates are worth keeping (keyword pre-filter) and which identifiers to record. */
export interface CandidateFilter {
  relevant(text: string): boolean;
  identifiers: ReadonlySet<string>;
}
