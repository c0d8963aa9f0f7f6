export { buildPrompt, systemPrompt, fenceFor, BuildPromptInputSchema, ContextFileSchema } from "./build-prompt";
export type { BuildPromptInput, ContextFile } from "./build-prompt";
export { parseModelResponse } from "./parse-response";
export type { ParsedResponse, ParseOptions } from "./parse-response";
