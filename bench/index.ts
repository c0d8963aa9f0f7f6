/**
 * `npm run bench` runs every section; `npm run bench -- queue` only the named ones.
 * Sections print their own results; this file only selects and frames them.
 */
import { sections } from "./sections";

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((a) => !a.startsWith("-"));
  const unknown = names.filter((n) => !sections.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench section(s): ${unknown.join(", ")}; available: ${sections.map((s) => s.name).join(", ")}\n`);
    return 2;
  }
  const selected = names.length === 0 ? sections : sections.filter((s) => names.includes(s.name));
  for (const s of selected) {
    process.stdout.write(`\n== ${s.name}: ${s.description}\n`);
    const started = Date.now();
    await s.run();
    process.stdout.write(`(${s.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
