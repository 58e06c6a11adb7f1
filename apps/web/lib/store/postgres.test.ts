// The storage contract on a real PostgreSQL server: QQT_TEST_DATABASE_URL, or a throwaway cluster started from the
// installed binaries. Without either the suite is skipped, and says so; with QQT_REQUIRE_POSTGRES=1 (set by .ci/run)
// it fails instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgAvailability, startPgTestServer, type PgTestServer } from "./testing/pgTestServer";
import { storeContract } from "./testing/storeContract";

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
  });
}
