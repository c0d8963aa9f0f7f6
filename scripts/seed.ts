// Seeds the configured database (idempotent): demo users, policy, providers, demo repository and jobs.
import path from "node:path";
import { getDbHandle } from "../lib/db/client";
import { seed } from "../lib/seed/seed";
import { seedDemo } from "../lib/demo/seed-demo";

async function main() {
  const { db } = getDbHandle();
  // Where the demo repository lives; e2e runs point this at their own folder.
  const dataDir = path.resolve(process.env.GATEHOUSE_DATA_DIR ?? path.join(__dirname, "..", "data"));
  const log = (m: string) => console.log(`gatehouse: ${m}`);
  try {
    await seed(db, { dataDir, log });
    if (process.env.GATEHOUSE_DEMO !== "0") await seedDemo(db, { dataDir, log });
  } finally {
    await db.$disconnect();
  }
}

main().catch((e) => {
  console.error(`gatehouse: seed failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
