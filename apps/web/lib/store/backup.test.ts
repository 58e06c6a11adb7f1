// The documented backup and restore commands (lib/store/cli/db.mjs), run as a person would: as a separate process
// with the server's environment, against a real SQLite file (PostgreSQL: postgres.test.ts).
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseLocation } from "./database";
import { cli as run, contents, fill, scratchDir, withStore } from "./testing/cliHelpers";

const root = scratchDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = (args: string[], env: Record<string, string>) => run(root, args, env);

describe("db:backup and db:restore on SQLite", () => {
  it("backs up a live database to a checked copy, and restores it after later changes, keeping the replaced one", async () => {
    const dataDir = join(root, "data");
    const live: DatabaseLocation = { kind: "sqlite", file: join(dataDir, "qqt.sqlite") };
    const env = { QQT_DATA_DIR: dataDir };
    const expected = await withStore(live, async (store) => {
      await fill(store, "Backed up");
      // The server stays open during the backup: the online backup API copies a consistent snapshot.
      const r = cli(["backup", "backups/qqt-1.sqlite"], env);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`to ${join(root, "backups/qqt-1.sqlite")} (2 studies, 3 versions; integrity ok)`);
      return contents(store);
    });
    const copy: DatabaseLocation = { kind: "sqlite", file: join(root, "backups/qqt-1.sqlite") };
    expect(await withStore(copy, contents)).toEqual(expected);

    expect(cli(["backup", "backups/qqt-1.sqlite"], env)).toMatchObject({ status: 1, stderr: expect.stringContaining("already exists") });

    await withStore(live, (store) => fill(store, "After the backup"));
    const restored = cli(["restore", "backups/qqt-1.sqlite"], env);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(await withStore(live, contents)).toEqual(expected);
    const kept = readdirSync(dataDir).filter((f) => f.startsWith("qqt.sqlite.before-restore-"));
    expect(kept).toHaveLength(1);
    const keptStudies = await withStore({ kind: "sqlite", file: join(dataDir, kept[0]!) }, (s) => s.listStudies({ deleted: "include" }));
    expect(keptStudies.total).toBe(4);
  });

  it("refuses to restore a file that is not a sound qqt database, leaving the live one untouched", async () => {
    const dataDir = join(root, "data2");
    const live: DatabaseLocation = { kind: "sqlite", file: join(dataDir, "qqt.sqlite") };
    const before = await withStore(live, async (store) => {
      await fill(store, "Keep me");
      return contents(store);
    });
    writeFileSync(join(root, "junk.sqlite"), "this is not a database");
    const junk = cli(["restore", "junk.sqlite"], { QQT_DATA_DIR: dataDir });
    expect(junk.status).toBe(1);
    expect(junk.stderr).toContain("junk.sqlite cannot be restored");
    const other = join(root, "other.sqlite");
    const Database = (await import("better-sqlite3")).default;
    new Database(other).exec("create table t (x)").close();
    expect(cli(["restore", "other.sqlite"], { QQT_DATA_DIR: dataDir }).stderr).toContain('it has no "studies" table: not a qqt database');
    expect(cli(["backup", "x.sqlite"], { QQT_DATA_DIR: join(root, "empty") }).stderr).toContain("nothing to back up");
    expect(cli(["copy", "x"], {})).toMatchObject({ status: 1, stderr: "db: usage: db.mjs backup <file> | restore <file>\n" });
    expect(await withStore(live, contents)).toEqual(before);
  });

  it("refuses a device, a pipe or a directory at once instead of reading it forever", () => {
    const fifo = join(root, "backup.fifo");
    const hasFifo = spawnSync("mkfifo", [fifo]).status === 0;
    for (const source of ["/dev/zero", root, ...(hasFifo ? [fifo] : [])]) {
      const started = Date.now();
      const r = cli(["restore", source], { QQT_DATA_DIR: join(root, "data3") });
      expect([source, r.status, r.stderr]).toEqual([source, 1, `db: ${source} is not a regular file; expected a backup made by db:backup\n`]);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });
});
