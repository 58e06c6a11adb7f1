// Consumer check for @qqt/cli from an npm-installed tarball: the `qqt` binary on the paper's T-MARS model (shipped
// with @qqt/data), checked against @qqt/core; exit codes; and the programmatic API.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { findCrossovers, nestedPools, predictError } from "@qqt/core";
import { loadTmarsPaperModel } from "@qqt/data/examples";
import { EXIT_CODES, parseBudgets, run } from "@qqt/cli";

const bin = join(process.cwd(), "node_modules", ".bin", "qqt");
const qqt = (...args) => spawnSync(bin, args, { encoding: "utf8", env: { PATH: process.env.PATH } });

// recommend --json on the installed example model reproduces docs/qqt-law.md §6.
const r = qqt("recommend", "example:tmars-paper", "--budgets", "32M,64M,128M,640M", "--json");
assert.equal(r.status, 0, r.stderr);
const out = JSON.parse(r.stdout);
const { data: model } = await loadTmarsPaperModel();
const { buckets, task, law } = model; // the model file is @qqt/core's Model: no converter
assert.deepEqual(out.map((e) => e.best.pool.length), [1, 2, 2, 3]);
for (const entry of out) {
  // The compiled pools of recommend and the one-budget predictError sum the series in different orders: a few ulp.
  entry.candidates.forEach((c, i) => {
    const single = predictError(buckets.slice(0, i + 1), task, entry.budget, law);
    assert.ok(Math.abs(c.error - single) <= 1e-14 * single, `${c.error} vs predictError ${single}`);
  });
}
assert.ok(Math.abs(out[1].best.error - 0.742862) < 1e-6, "golden top-20% @ 64M");
const crossovers = findCrossovers(nestedPools(buckets), task, { min: 32e6, max: 640e6 }, law);
assert.deepEqual(out[0].crossovers.map((c) => c.budget), crossovers.map((c) => c.budget));

// Exit codes: usage 2, bad input 1, with a clear message and no stack trace.
const usage = qqt("recommend", "example:tmars-paper", "--budgets", "32M..");
assert.equal(usage.status, 2);
assert.match(usage.stderr, /needs both ends/);
const missing = qqt("predict", "missing.json", "--samples", "1M");
assert.equal(missing.status, 1);
assert.match(missing.stderr, /missing\.json — no such file or directory/);
assert.doesNotMatch(missing.stderr, /\n\s+at /);

// Programmatic API.
assert.deepEqual(parseBudgets("32M..1B:x2"), [32e6, 64e6, 128e6, 256e6, 512e6]);
const chunks = [];
const code = await run(["--version"], { stdout: { write: (t) => chunks.push(t) }, stderr: process.stderr, isTTY: { stdout: false, stderr: false }, env: {} });
assert.equal(code, EXIT_CODES.ok);
assert.match(chunks.join(""), /^\d+\.\d+\.\d+/);
console.log("@qqt/cli: binary, golden recommendations, exit codes and API ok");
