// The storage contract and the backup commands on a real PostgreSQL server: QQT_TEST_DATABASE_URL, or a throwaway
// cluster started from the installed binaries. Without either the suite is skipped, and says so loudly; with
// QQT_REQUIRE_POSTGRES=1 (set by .ci/run) it fails instead.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import * as sessionRoute from "../../app/api/session/route";
import * as studiesRoute from "../../app/api/studies/route";
import { readConfig } from "./config";
import { openDatabase, type DatabaseLocation } from "./database";
import { PEER_HEADER, peerStamp } from "./network";
import { setRuntime } from "./runtime";
import { StudyStore } from "./StudyStore";
import { makeStudy } from "./testing/fixtures";
import { cli, contents, fill, scratchDir, withStore } from "./testing/cliHelpers";
import { pgAvailability, startPgTestServer, type PgTestServer } from "./testing/pgTestServer";
import { expectStoreError, storeContract } from "./testing/storeContract";

const availability = pgAvailability();
const required = process.env.QQT_REQUIRE_POSTGRES === "1";

if (availability.kind === "unavailable") {
  const message = `PostgreSQL tests SKIPPED: ${availability.reason}.`;
  console.warn(`\n*** ${message} ***\n`);
  if (required) {
    describe("PostgreSQL store", () => {
      it("has a PostgreSQL server (QQT_REQUIRE_POSTGRES=1)", () => {
        expect.fail(message);
      });
    });
  } else {
    describe.skip(`PostgreSQL store — SKIPPED: ${availability.reason}`, () => {
      it("needs a PostgreSQL server", () => {});
    });
  }
} else {
  describe("PostgreSQL store", () => {
    let server: PgTestServer | undefined;
    beforeAll(async () => {
      server = await startPgTestServer(availability);
    }, 180_000);
    afterAll(async () => {
      await server?.stop();
    }, 60_000);

    storeContract(() => ({
      fresh: async () => ({ kind: "postgres", url: await server!.createDatabase() }),
      racing: { poolSize: 5 },
    }));

    it("a connection killed by the server in the middle of a save leaves the previous version intact", async () => {
      const url = await server!.createDatabase();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      let kill = false;
      const store = new StudyStore(await openDatabase({ kind: "postgres", url }), {
        faults: {
          // Inside the save's transaction, after its version row is written: the server ends that session.
          afterVersionInsert: async () => {
            if (!kill) return;
            kill = false;
            await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
          },
        },
      });
      try {
        const { study } = await store.createStudy({ study: makeStudy({ runs: 2 }) });
        kill = true;
        await expect(store.saveVersion(study.id, { study: makeStudy({ runs: 9 }) })).rejects.toBeInstanceOf(Error); // the message depends on timing: "terminating connection…", ECONNRESET, …
        expect((await store.getStudy(study.id)).latestVersion).toBe(1);
        await expectStoreError(store.getVersion(study.id, 2), "NOT_FOUND");
        expect((await store.getVersion(study.id, 1)).observations).toBe(2);
        expect((await store.saveVersion(study.id, { study: makeStudy() })).version.version).toBe(2);
      } finally {
        await store.close();
        await admin.end();
      }
    });

    // pg_dump/pg_restore: the cluster's own binaries, else QQT_PG_BIN, else whatever is on PATH.
    const candidate = availability.kind === "binaries" ? availability.binDir : (process.env.QQT_PG_BIN ?? "");
    const bin = candidate !== "" && existsSync(join(candidate, "pg_dump")) ? candidate : "";
    const hasTools = spawnSync(bin === "" ? "pg_dump" : join(bin, "pg_dump"), ["--version"]).status === 0;
    it.skipIf(!hasTools)("db:backup (pg_dump) then db:restore (pg_restore) into an empty database reproduces every study and version", async () => {
      const root = scratchDir();
      try {
        const source: DatabaseLocation = { kind: "postgres", url: await server!.createDatabase() };
        const expected = await withStore(source, async (store) => {
          await fill(store, "On PostgreSQL");
          return contents(store);
        });
        const env = (url: string): Record<string, string> => (bin === "" ? { DATABASE_URL: url } : { DATABASE_URL: url, QQT_PG_BIN: bin });
        // Into a directory that does not exist yet (as in the README's daily backups/qqt-<date>.dump).
        const dump = cli(root, ["backup", "backups/pg.dump"], env(source.url));
        expect(dump.stderr).toBe("");
        expect(dump.status).toBe(0);
        expect(dump.stdout).toMatch(/postgres:\/\/[^:/]+:\*\*\*@/);
        expect(dump.stdout).not.toContain(new URL(source.url).password);
        expect(existsSync(join(root, "backups", "pg.dump"))).toBe(true);
        // A second backup to the same file is refused rather than overwriting the first.
        const again = cli(root, ["backup", "backups/pg.dump"], env(source.url));
        expect(again.status).not.toBe(0);
        expect(again.stderr).toContain("already exists; choose a new file name");

        const target: DatabaseLocation = { kind: "postgres", url: await server!.createDatabase() };
        const restored = cli(root, ["restore", "backups/pg.dump"], env(target.url));
        expect(restored.stderr).toBe("");
        expect(restored.status).toBe(0);
        expect(await withStore(target, contents)).toEqual(expected);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it("through the API on PostgreSQL: a cookie replayed after sign-out gets 401, and é finds Études", async () => {
      const token = "q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E";
      const url = await server!.createDatabase();
      const store = new StudyStore(await openDatabase({ kind: "postgres", url }));
      setRuntime({ config: { ...readConfig({ DATABASE_URL: url }, "/srv/app"), accessToken: token }, store });
      const noParams = { params: Promise.resolve({} as Record<string, never>) };
      const at = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
        new Request(`http://127.0.0.1:3000${path}`, {
          method,
          headers: { [PEER_HEADER]: peerStamp({ address: "10.0.0.7" }), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      try {
        const login = await sessionRoute.POST(at("POST", "/api/session", {}, { token }), noParams);
        expect(login.status).toBe(204);
        const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
        const created = await studiesRoute.POST(at("POST", "/api/studies", { cookie }, { name: "Études sur PostgreSQL", study: makeStudy({ runs: 1 }) }), noParams);
        expect(created.status).toBe(201);
        const found = await studiesRoute.GET(at("GET", `/api/studies?q=${encodeURIComponent("é")}`, { cookie }), noParams);
        expect(await found.json()).toMatchObject({ total: 1, studies: [{ name: "Études sur PostgreSQL" }] });
        expect((await sessionRoute.DELETE(at("DELETE", "/api/session", { cookie }), noParams)).status).toBe(204);
        expect((await studiesRoute.GET(at("GET", "/api/studies", { cookie }), noParams)).status).toBe(401);
      } finally {
        setRuntime({});
        await store.close();
      }
    });
  });
}
