import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CachedEntry } from "./cache";
import { cliCacheDir, FileRegistryCache } from "./file-cache";

const FOUND: CachedEntry = { kind: "found", fetchedAt: "2026-12-03T00:00:00.000Z", versions: ["1.0.0", "1.1.0"], distTags: { latest: "1.1.0" }, deprecated: {} };
const MISSING: CachedEntry = { kind: "not-found", fetchedAt: "2026-12-03T00:00:00.000Z" };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-file-cache-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("FileRegistryCache", () => {
  it("keeps entries across instances (one per run) until they expire, then drops the file", async () => {
    let now = 1_000_000;
    const folder = path.join(dir, "registry");
    await new FileRegistryCache(folder, () => now).set("npm|r|left-pad", FOUND, 60_000);
    await new FileRegistryCache(folder, () => now).set("npm|r|axios-v2", MISSING, 5_000);
    const later = new FileRegistryCache(folder, () => now);
    expect(await later.get("npm|r|left-pad")).toEqual(FOUND);
    expect(await later.get("npm|r|axios-v2")).toEqual(MISSING);
    expect(await later.get("npm|r|never-asked")).toBeUndefined();
    now += 10_000;
    expect(await later.get("npm|r|axios-v2")).toBeUndefined();
    expect(await later.get("npm|r|left-pad")).toEqual(FOUND);
    expect(fs.readdirSync(folder)).toHaveLength(1);
  });

  it("treats a corrupt, foreign or malformed file as a miss", async () => {
    const cache = new FileRegistryCache(dir);
    await cache.set("a", FOUND, 60_000);
    const [file] = fs.readdirSync(dir);
    const full = path.join(dir, file);
    const valid = fs.readFileSync(full, "utf8");
    fs.writeFileSync(full, valid.slice(0, 20));
    expect(await cache.get("a")).toBeUndefined();
    fs.writeFileSync(full, valid.replace('"key":"a"', '"key":"b"'));
    expect(await cache.get("a")).toBeUndefined();
    fs.writeFileSync(full, valid.replace('"versions":["1.0.0","1.1.0"]', '"versions":"1.0.0"'));
    expect(await cache.get("a")).toBeUndefined();
    fs.writeFileSync(full, valid);
    expect(await cache.get("a")).toEqual(FOUND);
  });

  it("costs only the lookups when the folder cannot be written", async () => {
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const cache = new FileRegistryCache(path.join(blocked, "registry"));
    await expect(cache.set("a", FOUND, 60_000)).resolves.toBeUndefined();
    expect(await cache.get("a")).toBeUndefined();
  });

  it("leaves one whole entry when runs write the same key at once", async () => {
    const writers = Array.from({ length: 8 }, (_, i) => new FileRegistryCache(dir).set("k", { ...FOUND, versions: [`${i}.0.0`] }, 60_000));
    await Promise.all(writers);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    const entry = await new FileRegistryCache(dir).get("k");
    expect(entry).toMatchObject({ kind: "found", versions: [expect.stringMatching(/^\d\.0\.0$/)] });
  });
});

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("cliCacheDir", () => {
  it("prefers GATEHOUSE_CACHE_DIR, then an absolute XDG_CACHE_HOME, then ~/.cache", () => {
    expect(cliCacheDir(env({ GATEHOUSE_CACHE_DIR: "/srv/ci-cache", XDG_CACHE_HOME: "/x" }))).toBe("/srv/ci-cache");
    expect(cliCacheDir(env({ XDG_CACHE_HOME: "/x" }))).toBe("/x/gatehouse");
    expect(cliCacheDir(env({ XDG_CACHE_HOME: "relative" }))).toBe(path.join(os.homedir(), ".cache", "gatehouse"));
    expect(cliCacheDir(env({}))).toBe(path.join(os.homedir(), ".cache", "gatehouse"));
  });
});
