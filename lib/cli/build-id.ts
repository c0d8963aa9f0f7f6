/** The CLI build's id (dist/cli/build-id, written by scripts/build-cli.mjs); undefined when running from the sources. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** dist/cli, where the bundle and its build id are (import.meta.url is the bundle's own URL). */
export function distDir(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

export function readBuildId(): string | undefined {
  try {
    const id = fs.readFileSync(path.join(distDir(), "build-id"), "utf8").trim();
    return /^[0-9a-f]{16}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
