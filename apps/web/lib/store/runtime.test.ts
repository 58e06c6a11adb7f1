// Opening the store at server start (instrumentation.ts → registerStore): the data directory and the migrations on
// success; on failure a log line without secrets, and a later retry that succeeds.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { readConfig } from "./config";
import { tableNames } from "./database";
import { getStore, registerServer, registerStore, setRuntime } from "./runtime";

const root = mkdtempSync(join(tmpdir(), "qqt-runtime-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  const store = await getStore().catch(() => undefined);
  setRuntime({});
  await store?.close();
});

describe("registerStore", () => {
  it("creates the data directory (0700, with a .gitignore) and applies the migrations before any request", async () => {
    const dataDir = join(root, "fresh", ".data");
    setRuntime({ config: readConfig({ QQT_DATA_DIR: dataDir }, root) });
    const errors: string[] = [];
    expect(await registerStore({ error: (m: string) => errors.push(m) })).toBe(true);
    expect(errors).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dataDir, ".gitignore"), "utf8")).toContain("*\n");
    expect(existsSync(join(dataDir, "qqt.sqlite"))).toBe(true);
    const store = await getStore();
    expect(await tableNames(store.database)).toEqual(expect.arrayContaining(["studies", "study_versions"]));
    expect((await store.listStudies()).total).toBe(0);
  });

  it("logs a failure without the database password or the token, keeps the server up, and retries on next use", async () => {
    const token = "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E";
    const config = readConfig({ DATABASE_URL: "postgres://qqt:pa55w0rd-secret@127.0.0.1:1/qqt", QQT_ACCESS_TOKEN: token }, root);
    setRuntime({ config });
    const errors: string[] = [];
    expect(await registerStore({ error: (m: string) => errors.push(m) })).toBe(false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[qqt\/store\] could not open the database at start: .+ — the API answers 500 and retries on the next request\.$/);
    expect(errors[0]).not.toContain("pa55w0rd-secret");
    expect(errors[0]).not.toContain(token);

    // The failure is not cached: once the configuration points at a reachable database, the next use opens it.
    setRuntime({ config: readConfig({ QQT_DATA_DIR: join(root, "later") }, root) });
    expect((await (await getStore()).listStudies()).total).toBe(0);
  });
});

describe("registerServer", () => {
  it("refuses to start with a token below 128 bits: logs how to make one (never the token) and exits with 1", async () => {
    setRuntime({});
    const saved = process.env.QQT_ACCESS_TOKEN;
    process.env.QQT_ACCESS_TOKEN = "aaaaaaaaaaaaaaaa";
    const errors: string[] = [];
    const exits: number[] = [];
    try {
      const opened = await registerServer({ log: { error: (m: string) => errors.push(m), info: () => {} }, exit: (code) => exits.push(code) });
      expect(opened).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.QQT_ACCESS_TOKEN;
      else process.env.QQT_ACCESS_TOKEN = saved;
    }
    expect(exits).toEqual([1]);
    expect(errors).toEqual([
      "[qqt/server] not starting: QQT_ACCESS_TOKEN is too easy to guess: about 8 bits of entropy (16 characters, hexadecimal digits, 14 of them repeating or continuing a pattern); expected at least 128 bits. Generate one with: openssl rand -base64 32",
    ]);
  });

  it("with a good configuration, guards the process's servers (none here) and opens the store", async () => {
    setRuntime({ config: readConfig({ QQT_DATA_DIR: join(root, "server") }, root) });
    const exits: number[] = [];
    expect(await registerServer({ log: { error: () => {}, info: () => {} }, exit: (code) => exits.push(code) })).toBe(true);
    expect(exits).toEqual([]);
    expect(await tableNames((await getStore()).database)).toEqual(expect.arrayContaining(["sessions"]));
  });
});
