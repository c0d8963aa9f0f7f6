/** Types for prepare-env.mjs (plain JavaScript: `npm start` runs it without a build). */
export const ROOT: string;
export const DATA_DIR: string;
export const WEB_ONLY_SECRETS: string[];
export function prepareEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>;
export function workerEnv<T extends Record<string, string | undefined>>(env: T): T;
