import { expect } from "vitest";
import { DecisionError } from "../errors";

/** The DecisionError a refused decision rejects with (fails the test if it resolved or threw something else). */
export async function refusal(p: Promise<unknown>): Promise<DecisionError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DecisionError);
  return e as DecisionError;
}
