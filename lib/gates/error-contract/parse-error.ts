/** A changed file the gate cannot parse: the gate reports status "error" with this location. */
export class ContractParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = "ContractParseError";
  }
}
