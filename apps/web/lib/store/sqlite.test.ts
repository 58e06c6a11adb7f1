// The storage contract on a real SQLite file in a temporary directory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./database";
import { StudyStore } from "./StudyStore";
import { makeModel, makeStudy } from "./testing/fixtures";
import { expectStoreError, storeContract } from "./testing/storeContract";

const root = mkdtempSync(join(tmpdir(), "qqt-sqlite-"));
let count = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("SQLite store", () => {
  storeContract(() => ({
    // A directory that does not exist yet: opening must create it.
    fresh: async () => ({ kind: "sqlite", file: join(root, `db${++count}`, "qqt.sqlite") }),
    // Two connections in one event loop must not busy-wait on each other (that would block the loop that has to
    // finish the lock holder's transaction); they fail fast with SQLITE_BUSY and the store retries.
    racing: { busyTimeoutMs: 0 },
  }));
});

describe("SQLite crash safety", () => {
  it("a process killed (SIGKILL) in the middle of a save leaves the previous version intact", async () => {
    const file = join(root, "crash", "qqt.sqlite");
    const location = { kind: "sqlite" as const, file };
    const first = new StudyStore(await openDatabase(location));
    const { study } = await first.createStudy({ name: "survivor", study: makeStudy(), model: makeModel() });
    await first.saveVersion(study.id, { study: makeStudy({ runs: 3 }) });
    const before = { summary: await first.getStudy(study.id), v2: await first.getVersion(study.id, 2) };
    await first.close();

    const child = spawnSync(process.execPath, [fileURLToPath(new URL("./testing/crashChild.mjs", import.meta.url)), file, study.id], { encoding: "utf8" });
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toBe("wrote version 3 uncommitted\n");
    // The uncommitted 2 MB really reached the disk (the WAL), so recovery had something to discard.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);

    const raw = new BetterSqlite3(file);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();
    const second = new StudyStore(await openDatabase(location));
    try {
      expect(await second.getStudy(study.id)).toEqual(before.summary);
      expect(await second.getVersion(study.id, 2)).toEqual(before.v2);
      await expectStoreError(second.getVersion(study.id, 3), "NOT_FOUND");
      expect((await second.saveVersion(study.id, { study: makeStudy() })).version.version).toBe(3);
    } finally {
      await second.close();
    }
  });
});
