// Helpers for the tests of the documented backup and restore commands (lib/store/cli/db.mjs), run as a person
// would: as a separate process with the server's environment.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase, type DatabaseLocation } from "../database";
import { StudyStore } from "../StudyStore";
import { makeModel, makeStudy } from "./fixtures";

const CLI = fileURLToPath(new URL("../cli/db.mjs", import.meta.url));

/** A scratch directory; relative paths given to the CLI resolve here (as INIT_CWD). */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "qqt-backup-"));
}

/** Runs `db.mjs` with `args` in a clean environment plus `env`, from directory `cwd`. */
export function cli(cwd: string, args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const clean = { ...process.env };
  delete clean.DATABASE_URL;
  delete clean.QQT_DATA_DIR;
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...clean, INIT_CWD: cwd, ...env }, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Opens a store, runs `fn`, closes it. */
export async function withStore<T>(location: DatabaseLocation, fn: (store: StudyStore) => Promise<T>): Promise<T> {
  const store = new StudyStore(await openDatabase(location));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Everything the store holds, for comparing a database with its backup. */
export async function contents(store: StudyStore): Promise<unknown> {
  const page = await store.listStudies({ deleted: "include" });
  return Promise.all(
    page.studies.map(async (s) => {
      const live = s.deletedAt === null;
      const versions = live ? await store.listVersions(s.id) : [];
      const documents = live ? await Promise.all(versions.map((v) => store.getVersion(s.id, v.version))) : [];
      return { s, versions, documents };
    }),
  );
}

/** Two studies (one with two versions, one in the trash). */
export async function fill(store: StudyStore, name: string): Promise<void> {
  const { study } = await store.createStudy({ name, study: makeStudy(), model: makeModel() });
  await store.saveVersion(study.id, { study: makeStudy({ runs: 4 }), label: "second" });
  await store.deleteStudy((await store.createStudy({ name: `${name} (trash)`, study: makeStudy({ runs: 1 }) })).study.id);
}
