/**
 * A realistic repository and change for the `check` benchmark: a TypeScript service repo (40 modules,
 * tests that assert error messages, docs) and a patch that touches 5 modules with ~300 changed lines —
 * new imports of real packages, new functions with branches, changed and new error messages.
 */
import { createTempRepo, type TempRepo } from "../lib/testing/git-repo";

const DOMAINS = ["billing", "accounts", "orders", "shipping", "catalog", "support", "reports", "auth"] as const;
const ENTITIES = ["invoice", "customer", "order", "parcel", "product", "ticket", "report", "session"] as const;
const ROLES = ["service", "store", "policy", "mapper", "rules"] as const;
/** Packages the repo declares; the change starts importing them (all served by the registry double). */
export const CHANGE_PACKAGES = ["axios", "zod", "date-fns", "uuid", "lodash"] as const;
const TARGET_CHANGED_LINES = 300;

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

function moduleText(domain: string, entity: string, role: string): string {
  const E = cap(entity);
  const D = cap(domain);
  return `import { formatAmount } from "../shared/format";
import type { AuditLog } from "../shared/audit";

export class ${D}Error extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "${D}Error";
  }
}

export interface ${E} {
  id: string;
  status: "draft" | "active" | "closed";
  amount: number;
  tags: string[];
  createdAt: string;
}

/** ${cap(role)} for ${entity} records in ${domain}. */
export function find${E}(items: ${E}[], id: string): ${E} {
  const found = items.find((item) => item.id === id);
  if (!found) throw new ${D}Error(\`${E} not found: \${id}\`, "NOT_FOUND");
  return found;
}

export function validate${E}(input: Partial<${E}>): ${E} {
  if (!input.id) throw new Error("${entity} id is required");
  if (typeof input.amount !== "number" || input.amount < 0) {
    throw new ${D}Error(\`Invalid amount for ${entity} \${input.id}\`, "INVALID_AMOUNT");
  }
  return {
    id: input.id,
    status: input.status ?? "draft",
    amount: input.amount,
    tags: input.tags ?? [],
    createdAt: input.createdAt ?? new Date(0).toISOString(),
  };
}

export function close${E}(item: ${E}, log: AuditLog): ${E} {
  if (item.status === "closed") throw new ${D}Error("${E} is already closed", "ALREADY_CLOSED");
  if (item.status === "draft" && item.amount > 0) {
    log.warn(\`closing draft ${entity} \${item.id} with \${formatAmount(item.amount)}\`);
  }
  return { ...item, status: "closed" };
}

export function total${E}s(items: ${E}[], tag?: string): number {
  let total = 0;
  for (const item of items) {
    if (item.status === "closed") continue;
    if (tag && !item.tags.includes(tag)) continue;
    total += item.amount;
  }
  return total;
}
`;
}

function testText(domain: string, entity: string): string {
  const E = cap(entity);
  return `import { describe, expect, it } from "vitest";
import { find${E}, validate${E}, close${E} } from "../src/${domain}/${entity}-service";

const log = { warn: () => undefined, info: () => undefined };

describe("${entity}", () => {
  it("requires an id", () => {
    expect(() => validate${E}({ amount: 1 })).toThrow("${entity} id is required");
  });
  it("reports unknown ids", () => {
    expect(() => find${E}([], "x1")).toThrow("${E} not found: x1");
  });
  it("closes once", () => {
    const item = validate${E}({ id: "a", amount: 2, status: "active" });
    expect(() => close${E}(close${E}(item, log), log)).toThrow("${E} is already closed");
  });
});
`;
}

const SHARED: Record<string, string> = {
  "src/shared/format.ts": `export function formatAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return \`\${sign}\${Math.floor(abs / 100)}.\${String(abs % 100).padStart(2, "0")}\`;
}
`,
  "src/shared/audit.ts": `export interface AuditLog {
  warn(message: string): void;
  info(message: string): void;
}
`,
};

/** New functions the change adds, by entity; each uses one of CHANGE_PACKAGES. */
const ADDITIONS: Array<(E: string, e: string, D: string, n: number) => string> = [
  (E, e, D, n) => `
export async function fetch${E}Remote${n}(baseUrl: string, id: string, retries = 2): Promise<${E}> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await axios.get<${E}>(\`\${baseUrl}/${e}s/\${encodeURIComponent(id)}\`, { timeout: 5_000 });
      return validate${E}(response.data);
    } catch (error) {
      const status = axios.isAxiosError(error) ? error.response?.status : undefined;
      if (status === 404) throw new ${D}Error(\`${E} \${id} does not exist remotely\`, "REMOTE_NOT_FOUND");
      if (attempt >= retries || (status !== undefined && status < 500)) {
        throw new ${D}Error(\`Remote ${e} \${id} unavailable (status \${status ?? "network"})\`, "REMOTE_UNAVAILABLE");
      }
    }
  }
}
`,
  (E, e, D, n) => `
const ${e}Payload${n} = z.object({
  id: z.string().min(1),
  status: z.enum(["draft", "active", "closed"]).default("draft"),
  amount: z.number().nonnegative(),
  tags: z.array(z.string()).default([]),
});

export function parse${E}Payload${n}(raw: unknown): ${E} {
  const parsed = ${e}Payload${n}.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ${D}Error(\`Malformed ${e} payload: \${issue?.path.join(".") ?? "?"} \${issue?.message ?? ""}\`, "MALFORMED");
  }
  return { ...parsed.data, createdAt: new Date().toISOString() };
}
`,
  (E, e, D, n) => `
export function schedule${E}Reminder${n}(item: ${E}, now: Date, graceDays = 14): string | null {
  if (item.status === "closed") return null;
  const due = addDays(new Date(item.createdAt), item.status === "draft" ? graceDays * 2 : graceDays);
  if (isBefore(due, now)) {
    if (item.amount === 0) return null;
    if (item.tags.includes("vip")) return formatISO(addDays(now, 1));
    throw new ${D}Error(\`${E} \${item.id} is overdue since \${formatISO(due)}\`, "OVERDUE");
  }
  return formatISO(due);
}
`,
  (E, e, _D, n) => `
export function duplicate${E}${n}(item: ${E}, overrides: Partial<${E}> = {}): ${E} {
  const copy = validate${E}({ ...item, ...overrides, id: uuidv4() });
  if (copy.tags.length > 10) copy.tags = copy.tags.slice(0, 10);
  return copy.status === "closed" ? { ...copy, status: "draft" } : copy;
}
`,
  (E, e, D, n) => `
export function group${E}sByStatus${n}(items: ${E}[], minAmount = 0): Record<string, ${E}[]> {
  const relevant = items.filter((item) => item.amount >= minAmount);
  if (relevant.length === 0 && items.length > 0) {
    throw new ${D}Error(\`No ${e} reaches the minimum amount \${minAmount}\`, "EMPTY_GROUP");
  }
  const groups = groupBy(relevant, (item) => item.status);
  for (const key of Object.keys(groups)) {
    groups[key] = sortBy(groups[key], (item) => -item.amount);
  }
  return groups;
}
`,
];

const NEW_IMPORTS = [
  `import axios from "axios";`,
  `import { z } from "zod";`,
  `import { addDays, formatISO, isBefore } from "date-fns";`,
  `import { v4 as uuidv4 } from "uuid";`,
  `import groupBy from "lodash/groupBy";`,
  `import sortBy from "lodash/sortBy";`,
];

/** The change to one module: new imports, a reworked validate function, changed messages, new functions. */
function changedModule(base: string, domain: string, entity: string, additions: number, offset: number): string {
  const E = cap(entity);
  const D = cap(domain);
  let text = base.replace(`import { formatAmount }`, `${NEW_IMPORTS.join("\n")}\nimport { formatAmount }`);
  text = text.replace(`"${entity} id is required"`, `"${entity} id must be provided"`);
  text = text.replace(
    `    log.warn(\`closing draft ${entity} \${item.id} with \${formatAmount(item.amount)}\`);\n  }`,
    `    log.warn(\`closing draft ${entity} \${item.id} with \${formatAmount(item.amount)}\`);
  } else if (item.amount < 0) {
    throw new ${D}Error(\`Cannot close ${entity} \${item.id} with a negative balance\`, "NEGATIVE_BALANCE");
  }
  log.info(\`${entity} \${item.id} closed\`);`,
  );
  for (let i = 0; i < additions; i++) text += ADDITIONS[(offset + i) % ADDITIONS.length](E, entity, D, i);
  return text;
}

export interface BenchChange {
  repo: TempRepo;
  baseCommit: string;
  diff: string;
  filesChanged: number;
  linesAdded: number;
  linesRemoved: number;
  repoFiles: number;
}

export function createBenchChange(): BenchChange {
  const files: Record<string, string> = { ...SHARED };
  const modules: Array<{ path: string; domain: string; entity: string }> = [];
  DOMAINS.forEach((domain, d) => {
    const entity = ENTITIES[d];
    for (const role of ROLES) {
      const path = `src/${domain}/${entity}-${role}.ts`;
      files[path] = moduleText(domain, entity, role);
      modules.push({ path, domain, entity });
    }
    files[`tests/${domain}.test.ts`] = testText(domain, entity);
  });
  files["package.json"] = `${JSON.stringify(
    {
      name: "acme-backoffice",
      private: true,
      type: "module",
      scripts: { test: "vitest run" },
      dependencies: { axios: "^1.7.0", zod: "^3.23.0", "date-fns": "^3.6.0", uuid: "^10.0.0", lodash: "^4.17.21" },
      devDependencies: { typescript: "^5.5.0", vitest: "^2.0.0", "@types/lodash": "^4.17.0", "@types/uuid": "^10.0.0" },
    },
    null,
    2,
  )}\n`;
  files["tsconfig.json"] = `{ "compilerOptions": { "strict": true, "module": "esnext", "moduleResolution": "bundler", "target": "ES2022" } }\n`;
  files["docs/errors.md"] = `# Error messages\n\n${ENTITIES.map((e) => `- \`${e} id is required\`: the request had no id.\n- \`${cap(e)} is already closed\`: nothing to do.`).join("\n")}\n`;
  files["README.md"] = "# acme back office\n\nServices for billing, accounts, orders and shipping.\n";

  const repo = createTempRepo(files, "gatehouse-bench-check-");
  const baseCommit = repo.git("rev-parse", "HEAD");
  // The five "service" modules of the first five domains change.
  const targets = modules.filter((m) => m.path.endsWith("-service.ts")).slice(0, 5);
  const additions = new Map(targets.map((t) => [t.path, 0]));
  const numstat = () =>
    repo
      .git("diff", "--numstat")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t").slice(0, 2).map(Number))
      .reduce(([a, r], [x, y]) => [a + x, r + y], [0, 0]);
  const apply = () =>
    repo.write(
      Object.fromEntries(targets.map((t, i) => [t.path, changedModule(files[t.path], t.domain, t.entity, additions.get(t.path)!, i)])),
    );
  // Add functions round-robin until the change reaches the target size.
  for (let i = 0; ; i++) {
    apply();
    const [added, removed] = numstat();
    if (added + removed >= TARGET_CHANGED_LINES || i > 100) break;
    const t = targets[i % targets.length];
    additions.set(t.path, additions.get(t.path)! + 1);
  }
  const diff = `${repo.git("diff")}\n`;
  const [linesAdded, linesRemoved] = numstat();
  repo.git("checkout", "--", ".");
  return { repo, baseCommit, diff, filesChanged: targets.length, linesAdded, linesRemoved, repoFiles: Object.keys(files).length };
}
