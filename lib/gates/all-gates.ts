/** Every gate object, loaded at once (runGates loads only the gates it runs: GATE_LOADERS in ./index). */
import { complexityGate } from "./complexity/gate";
import { dependenciesGate } from "./dependencies/gate";
import { errorContractGate } from "./error-contract/gate";
import { staticAnalysisGate } from "./static-analysis/gate";
import { testsGate } from "./tests/gate";
import type { Gate, GateName } from "./types";

export const ALL_GATES: Readonly<Record<GateName, Gate>> = {
  tests: testsGate,
  dependencies: dependenciesGate,
  complexity: complexityGate,
  "error-contract": errorContractGate,
  "static-analysis": staticAnalysisGate,
};
