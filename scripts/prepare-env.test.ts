import { describe, expect, it } from "vitest";
import { prepareEnv, workerEnv } from "./prepare-env.mjs";

describe("workerEnv", () => {
  it("keeps what the worker needs and drops the web-only secrets", () => {
    const env = prepareEnv({ PATH: "/usr/bin", NEXTAUTH_SECRET: "s3cret-signing-key", GITHUB_SECRET: "gh", OIDC_CLIENT_SECRET: "oidc", OPENAI_API_KEY: "model-key" });
    const worker = workerEnv(env);
    expect(worker.NEXTAUTH_SECRET).toBeUndefined();
    expect(worker.GITHUB_SECRET).toBeUndefined();
    expect(worker.OIDC_CLIENT_SECRET).toBeUndefined();
    expect(Object.values(worker)).not.toContain("s3cret-signing-key");
    // Provider keys are how the worker talks to models; the database is how it gets jobs.
    expect(worker.OPENAI_API_KEY).toBe("model-key");
    expect(worker.DATABASE_URL).toBe(env.DATABASE_URL);
    expect(env.NEXTAUTH_SECRET).toBe("s3cret-signing-key");
  });
});
