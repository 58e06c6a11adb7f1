// The storage contract on a real SQLite file in a temporary directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";
import { storeContract } from "./testing/storeContract";

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
