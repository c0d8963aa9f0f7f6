/** Gate result reports: JSON (the CLI contract), aligned text, SARIF 2.1.0. */
export { toJson, type JsonReport } from "./json";
export { toText, type TextOptions } from "./text";
export { toSarif, SARIF_SCHEMA, type SarifLog, type SarifOptions } from "./sarif";
export { overallStatus } from "./overall";
export { viewFinding, type FindingView } from "./finding-view";
