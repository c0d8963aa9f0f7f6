/**
 * Writes `text` to a temporary name beside `file` and renames it over `file`, so that concurrent
 * readers never see a torn file (the last writer wins). A cache's write: false when it failed, never
 * a throw, and no temporary file left behind. The folder must exist.
 */
import fsp from "node:fs/promises";

export async function writeAtomically(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    await fsp.writeFile(temp, text);
    await fsp.rename(temp, file);
    return true;
  } catch {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    return false;
  }
}
