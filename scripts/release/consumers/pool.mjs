// Consumer check for @qqt/pool from an npm-installed tarball: DuckDB's binary installs with it, buckets a CSV by
// exact rank, writes a DataComp .npy, and fails with a typed error leaving nothing behind.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePoolManifest, writePoolManifest } from "@qqt/data";
import { bucketPool, PoolError, writeSubset } from "@qqt/pool";

const dir = mkdtempSync(join(tmpdir(), "qqt-pool-consumer-"));
const hex = (i) => i.toString(16).padStart(32, "0");
const csv = join(dir, "scores.csv");
writeFileSync(csv, ["uid,score", ...Array.from({ length: 20 }, (_, i) => `${hex(i)},${i / 20}`), `${hex(99)},nan`].join("\n") + "\n");

const { manifest } = await bucketPool({ input: csv, score: "score", buckets: 4, threads: 1 });
assert.deepEqual(manifest.buckets.map((b) => [b.id, b.count]), [["top0-25", 5], ["top25-50", 5], ["top50-75", 5], ["top75-100", 5]]);
assert.equal(manifest.rows.excluded.nanScore, 1);
assert.deepEqual(parsePoolManifest(writePoolManifest(manifest)), manifest);

const npy = join(dir, "top25.npy");
const r = await writeSubset({ input: csv, score: "score", select: { kind: "top", percent: 25 }, format: "datacomp-npy", output: npy, threads: 1 });
assert.equal(r.rows, 5);
const bytes = readFileSync(npy);
assert.equal(bytes.length, 128 + 16 * 5);
assert.equal(bytes.subarray(1, 6).toString("latin1"), "NUMPY");

let caught;
try {
  await writeSubset({ input: csv, score: "nope", select: { kind: "top", percent: 25 }, format: "txt", output: join(dir, "x.txt") });
} catch (error) {
  caught = error;
}
assert.ok(caught instanceof PoolError && caught.code === "MISSING_COLUMN" && caught.file === csv);
assert.deepEqual(readdirSync(dir).sort(), ["scores.csv", "top25.npy"]);
rmSync(dir, { recursive: true, force: true });
console.log("@qqt/pool: buckets, .npy subset and typed errors ok");
