// The behaviour every database must have, run against SQLite (sqlite.test.ts) and PostgreSQL (postgres.test.ts).
import { Migrator, sql } from "kysely";
import { expect, it } from "vitest";
import { connectDatabase, openDatabase, tableNames, type DatabaseLocation, type OpenOptions, type StoreDatabase } from "../database";
import { MIGRATIONS } from "../migrations";
import { SESSION_MAX_AGE_SECONDS, SessionStore, tokenMark } from "../sessions";
import { StoreError, type StoreErrorCode } from "../StoreError";
import { StudyStore, type StudyStoreOptions } from "../StudyStore";
import { makeModel, makeStudy } from "./fixtures";

/** How the contract reaches a database engine. */
export interface ContractTarget {
  /** A new, empty database. */
  fresh(): Promise<DatabaseLocation>;
  /** Options for connections that race each other (SQLite: no blocking busy wait inside one event loop). */
  racing: OpenOptions;
}

/** Expects `promise` to reject with a {@link StoreError} of `code`; returns it. */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  return error as StoreError;
}

/** A clock that advances one second per call, from 2026-11-26T10:00:00Z. */
function steppingClock(): () => Date {
  let t = Date.parse("2026-11-26T10:00:00.000Z");
  return () => new Date((t += 1000));
}

/** Defines the storage contract's tests for one engine; `target()` is called inside the tests. */
export function storeContract(target: () => ContractTarget): void {
  const open = async (location: DatabaseLocation, options: StudyStoreOptions & OpenOptions = {}) =>
    new StudyStore(await openDatabase(location, options), options);
  const withStore = async <T>(fn: (store: StudyStore, location: DatabaseLocation) => Promise<T>, options: StudyStoreOptions = {}) => {
    const location = await target().fresh();
    const store = await open(location, options);
    try {
      return await fn(store, location);
    } finally {
      await store.close();
    }
  };

  it("migrates an empty database to the latest schema, and reopening applies nothing", async () => {
    const location = await target().fresh();
    const first: StoreDatabase = await openDatabase(location);
    expect(first.migrations.applied).toEqual(Object.keys(MIGRATIONS));
    expect(await tableNames(first)).toEqual(expect.arrayContaining(["studies", "study_versions", "sessions", "kysely_migration"]));
    await first.close();
    const second = await openDatabase(location);
    expect(second.migrations.applied).toEqual([]);
    await second.close();
  });

  it("creates a study whose first version holds exactly the documents sent", async () => {
    await withStore(
      async (store) => {
        const study = makeStudy({ name: "ImageNet T-MARS" });
        const model = makeModel();
        const created = await store.createStudy({ study, model, author: "ana", label: "first fit" });
        expect(created.study).toMatchObject({
          name: "ImageNet T-MARS",
          latestVersion: 1,
          buckets: 4,
          observations: 20,
          deletedAt: null,
          createdAt: "2026-11-26T10:00:01.000Z",
          lastFit: { version: 1, at: "2026-11-26T10:00:01.000Z" },
        });
        expect(created.study.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
        expect(created.version).toMatchObject({ version: 1, author: "ana", label: "first fit", parentVersion: null, hasModel: true });
        const read = await store.getVersion(created.study.id, 1);
        expect(read.study).toEqual(study);
        expect(read.model).toEqual(model);
        expect(read.law).toEqual({ formulation: "utility", variant: "reference" });
        expect(read.fit).toMatchObject({ seed: 20240617, loss: "huber-log", rmse: 0.0032, converged: true, options: model.fit!.options });
        expect(read.fit!.bootstrap).toEqual({ method: "runs", samples: 2, seed: 7, confidence: 0.95, draws: 2 });
      },
      { now: steppingClock() },
    );
  });

  it("keeps every version: history newest first, parent recorded, last fit tracked, old versions unchanged", async () => {
    await withStore(
      async (store) => {
        const { study } = await store.createStudy({ study: makeStudy({ runs: 5 }) });
        expect(study.name).toBe("Untitled study");
        expect(study.lastFit).toBeNull();
        const v2 = await store.saveVersion(study.id, { study: makeStudy({ runs: 10 }), model: makeModel({ seed: 1 }), parentVersion: 1, label: "fit" });
        const v3 = await store.saveVersion(study.id, { study: makeStudy({ runs: 20 }), parentVersion: 2, label: "more runs" });
        expect([v2.version.version, v3.version.version]).toEqual([2, 3]);
        expect(v3.study).toMatchObject({ latestVersion: 3, observations: 20, lastFit: { version: 2, at: v2.version.createdAt } });
        const history = await store.listVersions(study.id);
        expect(history.map((v) => [v.version, v.parentVersion, v.hasModel, v.observations, v.label])).toEqual([
          [3, 2, false, 20, "more runs"],
          [2, 1, true, 10, "fit"],
          [1, null, false, 5, null],
        ]);
        expect(history[1]!.fit?.seed).toBe(1);
        expect((await store.getVersion(study.id, 1)).study.observations).toHaveLength(5);
        expect((await store.getVersion(study.id, "latest")).version).toBe(3);
        await expectStoreError(store.getVersion(study.id, 4), "NOT_FOUND");
      },
      { now: steppingClock() },
    );
  });

  it("uses a model embedded in the study document when no separate model is sent", async () => {
    await withStore(async (store) => {
      const study = { ...makeStudy(), model: makeModel({ seed: 5 }) };
      const { study: s, version } = await store.createStudy({ study });
      expect(version.hasModel).toBe(true);
      expect(s.lastFit?.version).toBe(1);
      expect((await store.getVersion(s.id, 1)).model?.fit?.seed).toBe(5);
    });
  });

  it("rejects a parent version that does not exist, writing nothing", async () => {
    await withStore(async (store) => {
      const { study } = await store.createStudy({ study: makeStudy() });
      const error = await expectStoreError(store.saveVersion(study.id, { study: makeStudy(), parentVersion: 2 }), "VALIDATION_FAILED");
      expect(error.issues).toEqual([{ path: "parentVersion", message: "got 2; expected an existing version, 1…1" }]);
      expect((await store.getStudy(study.id)).latestVersion).toBe(1);
      expect(await store.listVersions(study.id)).toHaveLength(1);
      // The next save still gets version 2: the failed one left no gap.
      expect((await store.saveVersion(study.id, { study: makeStudy() })).version.version).toBe(2);
    });
  });

  it("renames, soft-deletes (hidden from the list, reads answer GONE, saves refused) and restores", async () => {
    await withStore(
      async (store) => {
        const a = (await store.createStudy({ name: "Alpha", study: makeStudy() })).study;
        const b = (await store.createStudy({ name: "Beta", study: makeStudy() })).study;
        const renamed = await store.updateStudy(a.id, { name: "Alpha (DataComp medium)" });
        expect(renamed.name).toBe("Alpha (DataComp medium)");
        expect(renamed.updatedAt > a.updatedAt).toBe(true);
        expect(renamed.latestVersion).toBe(1);

        const deleted = await store.deleteStudy(b.id);
        expect(deleted.deletedAt).not.toBeNull();
        expect((await store.deleteStudy(b.id)).deletedAt).toBe(deleted.deletedAt);
        expect((await store.listStudies()).studies.map((s) => s.name)).toEqual(["Alpha (DataComp medium)"]);
        expect((await store.listStudies({ deleted: "only" })).studies.map((s) => s.id)).toEqual([b.id]);
        expect((await store.listStudies({ deleted: "include" })).total).toBe(2);
        await expectStoreError(store.getStudy(b.id), "GONE");
        await expectStoreError(store.getVersion(b.id, 1), "GONE");
        await expectStoreError(store.listVersions(b.id), "GONE");
        await expectStoreError(store.saveVersion(b.id, { study: makeStudy() }), "GONE");
        await expectStoreError(store.updateStudy(b.id, { name: "x" }), "GONE");
        expect((await store.getStudy(b.id, { includeDeleted: true })).latestVersion).toBe(1);

        const restored = await store.updateStudy(b.id, { deleted: false, name: "Beta again" });
        expect(restored).toMatchObject({ deletedAt: null, name: "Beta again", latestVersion: 1 });
        expect((await store.listStudies()).total).toBe(2);
      },
      { now: steppingClock() },
    );
  });

  it("answers NOT_FOUND for unknown and malformed ids", async () => {
    await withStore(async (store) => {
      await expectStoreError(store.getStudy("AAAAAAAAAAAAAAAA"), "NOT_FOUND");
      await expectStoreError(store.getStudy("../../etc/passwd"), "NOT_FOUND");
      await expectStoreError(store.saveVersion("AAAAAAAAAAAAAAAA", { study: makeStudy() }), "NOT_FOUND");
      await expectStoreError(store.updateStudy("AAAAAAAAAAAAAAAA", { name: "x" }), "NOT_FOUND");
      expect((await store.listStudies()).total).toBe(0);
    });
  });

  it("lists most recently updated first, pages, and searches names case-insensitively with literal % and _", async () => {
    await withStore(
      async (store) => {
        const names = ["ImageNet 50%", "imagenet_small", "COCO retrieval", "ImageNet big"];
        const ids: string[] = [];
        for (const name of names) ids.push((await store.createStudy({ name, study: makeStudy({ runs: 3 }) })).study.id);
        await store.saveVersion(ids[0]!, { study: makeStudy({ runs: 7 }) }); // now the most recent
        const all = await store.listStudies();
        expect(all.studies.map((s) => s.name)).toEqual(["ImageNet 50%", "ImageNet big", "COCO retrieval", "imagenet_small"]);
        expect(all.studies[0]).toMatchObject({ latestVersion: 2, observations: 7, buckets: 4 });
        const page = await store.listStudies({ limit: 2, offset: 1 });
        expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
        expect(page.studies.map((s) => s.name)).toEqual(["ImageNet big", "COCO retrieval"]);
        expect((await store.listStudies({ search: "IMAGENET" })).total).toBe(3);
        expect((await store.listStudies({ search: "50%" })).studies.map((s) => s.name)).toEqual(["ImageNet 50%"]);
        expect((await store.listStudies({ search: "t_s" })).studies.map((s) => s.name)).toEqual(["imagenet_small"]);
        expect((await store.listStudies({ search: "%" })).total).toBe(1);
      },
      { now: steppingClock() },
    );
  });

  it("searches names with Unicode case folding: é finds Études, ß finds STRASSE, the same on every engine", async () => {
    await withStore(async (store) => {
      const names = ["Études élevées", "ÉTÉ 2026", "Straße", "ΣΟΦΙΑ", "ﬁltering", "Ｆｕｌｌ width", "etudes plain"];
      for (const name of names) await store.createStudy({ name, study: makeStudy({ runs: 1 }) });
      const found = async (search: string) => (await store.listStudies({ search })).studies.map((s) => s.name).sort();
      expect(await found("é")).toEqual(["Études élevées", "ÉTÉ 2026"].sort());
      expect(await found("ÉTUDES")).toEqual(["Études élevées"]);
      expect(await found("études")).toEqual(["Études élevées"]);
      expect(await found("e\u0301t\u00e9")).toEqual(["ÉTÉ 2026"]); // a decomposed é finds the composed one
      expect(await found("strasse")).toEqual(["Straße"]);
      expect(await found("σοφια")).toEqual(["ΣΟΦΙΑ"]);
      expect(await found("FIL")).toEqual(["ﬁltering"]);
      expect(await found("full")).toEqual(["Ｆｕｌｌ width"]);
      expect(await found("etudes")).toEqual(["etudes plain"]); // accents count: e is not é
      // A rename keeps the folded name in step.
      const { studies } = await store.listStudies({ search: "straße" });
      await store.updateStudy(studies[0]!.id, { name: "Ökologie" });
      expect(await found("ÖKO")).toEqual(["Ökologie"]);
      expect(await found("strasse")).toEqual([]);
      await expectStoreError(store.listStudies({ search: "x".repeat(201) }), "BAD_REQUEST");
    });
  });

  it("migration 0003 folds the names of studies saved before it", async () => {
    const location = await target().fresh();
    const { db } = connectDatabase(location);
    try {
      const early = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < "0003"));
      const migrated = await new Migrator({ db, provider: { getMigrations: async () => early } }).migrateToLatest();
      expect(migrated.error).toBeUndefined();
      const at = "2026-11-26T10:00:00.000Z";
      await sql`insert into studies (id, name, created_at, updated_at, latest_version) values (${"AAAAAAAAAAAAAAAA"}, ${"Études anciennes"}, ${at}, ${at}, ${0})`.execute(db);
    } finally {
      await db.destroy();
    }
    const store = await open(location);
    try {
      expect(store.database.migrations.applied).toEqual(["0003_study_search_name"]);
      expect((await store.listStudies({ search: "éTUDES" })).studies.map((s) => s.name)).toEqual(["Études anciennes"]);
    } finally {
      await store.close();
    }
  });

  it("sessions: open, find, close (a replayed cookie is refused), expire after 30 days, void after the token changes", async () => {
    await withStore(async (store) => {
      let now = Date.parse("2026-11-26T10:00:00.000Z");
      const sessions = new SessionStore(store.database, { now: () => new Date(now) });
      const mark = tokenMark("q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E");
      const a = await sessions.open(mark);
      const b = await sessions.open(mark);
      expect(a.cookieValue).toMatch(/^v2\.[A-Za-z0-9_-]{43}$/);
      expect(a.cookieValue).not.toBe(b.cookieValue);
      expect(a.session.expiresAt).toBe(new Date(now + SESSION_MAX_AGE_SECONDS * 1000).toISOString());
      // Only the hash of the cookie's secret is stored.
      const rows = await sql<{ id: string }>`select id from sessions`.execute(store.database.db);
      expect(rows.rows.map((r) => r.id).sort()).toEqual([a.session.id, b.session.id].sort());
      expect(rows.rows.some((r) => a.cookieValue.includes(r.id))).toBe(false);

      expect(await sessions.find(a.cookieValue, mark)).toEqual(a.session);
      expect(await sessions.close(a.cookieValue)).toBe(true);
      expect(await sessions.find(a.cookieValue, mark)).toBeNull();
      expect(await sessions.close(a.cookieValue)).toBe(false);
      expect(await sessions.find(b.cookieValue, mark)).toEqual(b.session);
      for (const junk of ["", "v2", `v1.${b.cookieValue.slice(3)}`, `${b.cookieValue}x`, "v2.' or 1=1 --"]) expect(await sessions.find(junk, mark)).toBeNull();

      now += SESSION_MAX_AGE_SECONDS * 1000 - 1;
      expect(await sessions.find(b.cookieValue, mark)).not.toBeNull();
      now += 1;
      expect(await sessions.find(b.cookieValue, mark)).toBeNull();
      expect(await sessions.purgeExpired()).toBe(1);
      expect(await sessions.count()).toBe(0);

      const c = await sessions.open(mark);
      const other = tokenMark("Zk3m9Q2vX8pL0aR5tY7wB1nC4dE6fG8hJ0kL2mN4pQ=");
      expect(await sessions.find(c.cookieValue, other)).toBeNull();
      // Opening a session with the new token deletes those of the old one.
      await sessions.open(other);
      expect(await sessions.count()).toBe(1);
    });
  });

  it("20 parallel saves of one study make 20 new versions, numbered densely, none lost", async () => {
    await withStore(async (store) => {
      const { study } = await store.createStudy({ study: makeStudy({ runs: 1 }) });
      const saves = Array.from({ length: 20 }, (_, i) =>
        store.saveVersion(study.id, { study: makeStudy({ runs: 1 + (i % 20) }), label: `save ${i}`, parentVersion: 1 }),
      );
      const results = await Promise.all(saves);
      expect(results.map((r) => r.version.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      const history = await store.listVersions(study.id);
      expect(history.map((v) => v.version)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
      expect(new Set(history.map((v) => v.label))).toEqual(new Set([null, ...Array.from({ length: 20 }, (_, i) => `save ${i}`)]));
      expect((await store.getStudy(study.id)).latestVersion).toBe(21);
    });
  });

  it("parallel saves through two separate connections still number densely with none lost", async () => {
    const location = await target().fresh();
    const a = await open(location, target().racing);
    const b = await open(location, target().racing);
    try {
      const { study } = await a.createStudy({ study: makeStudy({ runs: 1 }) });
      const saves = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).saveVersion(study.id, { study: makeStudy({ runs: 2 }), label: `s${i}` }));
      const results = await Promise.all(saves);
      expect(results.map((r) => r.version.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      const history = await b.listVersions(study.id);
      expect(history.map((v) => v.version)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
      expect(history.filter((v) => v.label !== null)).toHaveLength(20);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a failure in the middle of a save leaves the previous version intact and no trace of the failed one", async () => {
    let failNext = false;
    await withStore(
      async (store) => {
        const { study } = await store.createStudy({ study: makeStudy({ runs: 4 }), model: makeModel() });
        const before = await store.getVersion(study.id, 1);
        failNext = true;
        await expect(store.saveVersion(study.id, { study: makeStudy({ runs: 9 }), label: "doomed" })).rejects.toThrow("simulated crash");
        const after = await store.getStudy(study.id);
        expect(after).toEqual(study);
        expect(await store.getVersion(study.id, "latest")).toEqual(before);
        expect(await store.listVersions(study.id)).toHaveLength(1);
        await expectStoreError(store.getVersion(study.id, 2), "NOT_FOUND");
        const next = await store.saveVersion(study.id, { study: makeStudy({ runs: 9 }), label: "retry" });
        expect(next.version.version).toBe(2);
      },
      {
        faults: {
          afterVersionInsert: () => {
            if (failNext) {
              failNext = false;
              throw new Error("simulated crash after writing the version row");
            }
          },
        },
      },
    );
  });

  it("a failure in the middle of creating a study leaves no study behind", async () => {
    await withStore(
      async (store) => {
        await expect(store.createStudy({ name: "ghost", study: makeStudy() })).rejects.toThrow("simulated crash");
        expect((await store.listStudies({ deleted: "include" })).total).toBe(0);
      },
      {
        faults: {
          afterVersionInsert: () => {
            throw new Error("simulated crash");
          },
        },
      },
    );
  });

  it("keeps everything across a restart (close and reopen)", async () => {
    const location = await target().fresh();
    const first = await open(location);
    const { study } = await first.createStudy({ name: "Persistent", study: makeStudy(), model: makeModel() });
    await first.saveVersion(study.id, { study: makeStudy({ runs: 3 }), label: "second" });
    await first.deleteStudy((await first.createStudy({ name: "Trash", study: makeStudy() })).study.id);
    const listed = await first.listStudies({ deleted: "include" });
    const v1 = await first.getVersion(study.id, 1);
    await first.close();

    const second = await open(location);
    try {
      expect(await second.listStudies({ deleted: "include" })).toEqual(listed);
      expect(await second.getVersion(study.id, 1)).toEqual(v1);
      expect((await second.saveVersion(study.id, { study: makeStudy() })).version.version).toBe(3);
    } finally {
      await second.close();
    }
  });

  it("exports a version as a study file with its model embedded, or the model alone", async () => {
    await withStore(async (store) => {
      const study = makeStudy({ name: "name inside the file" });
      const model = makeModel();
      const { study: s } = await store.createStudy({ name: "ImageNet — T-MARS (4 buckets)", study, model });
      await store.saveVersion(s.id, { study: makeStudy({ runs: 2 }) });
      const file = await store.exportStudy(s.id, { version: 1 });
      expect(file.filename).toBe("imagenet-t-mars-4-buckets.v1.study.json");
      expect(JSON.parse(file.text)).toEqual({ ...study, name: "ImageNet — T-MARS (4 buckets)", model });
      const modelFile = await store.exportStudy(s.id, { version: 1, part: "model" });
      expect(modelFile.filename).toBe("imagenet-t-mars-4-buckets.v1.model.json");
      expect(JSON.parse(modelFile.text)).toEqual(model);
      const latest = await store.exportStudy(s.id);
      expect(latest.filename).toBe("imagenet-t-mars-4-buckets.v2.study.json");
      expect(JSON.parse(latest.text).model).toBeUndefined();
      await expectStoreError(store.exportStudy(s.id, { part: "model" }), "NOT_FOUND");
    });
  });
}
