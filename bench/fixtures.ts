/** Generated repositories for benchmarks. */
import { createTempRepo, type TempRepo } from "../lib/testing/git-repo";

/** A TypeScript repository with `n` modules in 50 folders, each importing two neighbours. */
export function generateLargeRepo(n = 5000): TempRepo {
  const files: Record<string, string> = {};
  const words = ["user", "order", "invoice", "cart", "session", "token", "payment", "report", "audit", "mailer", "cache", "queue"];
  for (let i = 0; i < n; i++) {
    const dir = `src/m${i % 50}`;
    const w = words[i % words.length];
    const a = (i + 1) % n;
    const b = (i + 7) % n;
    files[`${dir}/${w}${i}.ts`] = [
      `import { ${words[a % words.length]}${a} } from "../m${a % 50}/${words[a % words.length]}${a}";`,
      `import { ${words[b % words.length]}${b} } from "../m${b % 50}/${words[b % words.length]}${b}";`,
      ``,
      `/** ${w} helpers number ${i}: validates and formats the ${w} record. */`,
      `export function ${w}${i}(input: string): string {`,
      `  if (!input) throw new Error("Invalid ${w} ${i}");`,
      `  const trimmed = input.trim();`,
      `  for (let k = 0; k < trimmed.length; k++) {`,
      `    if (trimmed[k] === "#") return ${words[a % words.length]}${a}(trimmed.slice(k));`,
      `  }`,
      `  return ${words[b % words.length]}${b}(trimmed) + "${w}";`,
      `}`,
      ``,
    ].join("\n");
  }
  const repo = createTempRepo(files, "gatehouse-bench-large-");
  repo.git("gc", "-q"); // real repositories keep their objects packed
  return repo;
}
