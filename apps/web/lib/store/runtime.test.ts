// Opening the store at server start (instrumentation.ts → registerStore): the data directory and the migrations on
// success; on failure a log line without secrets, and a later retry that succeeds.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { readConfig } from "./config";
import { tableNames } from "./database";
import { getStore, registerStore, setRuntime } from "./runtime";

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
    const token = "tok-0123456789abcdef-secret";
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
