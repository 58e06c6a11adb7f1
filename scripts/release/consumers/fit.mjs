// Consumer check for @qqt/fit from an npm-installed tarball: recovers known parameters from noise-free runs made
// with @qqt/core, writes a qqt.model/v1 file that @qqt/data reads back unchanged, and throws typed errors.
import assert from "node:assert/strict";
import { predictError } from "@qqt/core";
import { parseModel, writeModel } from "@qqt/data";
import { fit, toModelFile, FitError, VERSION } from "@qqt/fit";

// Two buckets × five budgets (2–10 epochs of 12.8M), shared a and d, per-bucket b and tau.
const task = { a: 0.022, d: 0.1 };
const truth = [
  { id: "top0-10", size: 12.8e6, b: -0.18, tau: 1 + (9 * 37) / 99 },
  { id: "top10-20", size: 12.8e6, b: -0.15, tau: 1 + (9 * 36) / 99 },
];
const observations = truth.flatMap((bucket) =>
  [2, 4, 6, 8, 10].map((epochs) => {
    const samplesSeen = epochs * bucket.size;
    return { pool: [bucket.id], samplesSeen, error: predictError([bucket], task, samplesSeen) };
  }),
);
const input = { buckets: truth.map(({ id, size }) => ({ id, size })), observations };
const result = fit(input, { seed: 1 });

const close = (actual, expected, what) =>
  assert.ok(Math.abs(actual - expected) <= 1e-4 * Math.abs(expected), `${what}: expected ${expected}, got ${actual}`);
close(result.task.a, task.a, "a");
close(result.task.d, task.d, "d");
truth.forEach((bucket, i) => {
  assert.equal(result.buckets[i].id, bucket.id);
  close(result.buckets[i].b, bucket.b, `b[${bucket.id}]`);
  close(result.buckets[i].tau, bucket.tau, `tau[${bucket.id}]`);
});
assert.ok(result.converged && result.sse < 1e-20, `noise-free data should fit exactly, got SSE ${result.sse}`);

const model = toModelFile(result, { name: "consumer check", source: { synthetic: true } });
assert.equal(model.format, "qqt.model/v1");
assert.equal(model.fit.generator, `@qqt/fit ${VERSION}`);
assert.deepEqual(parseModel(writeModel(model)).data, model);

let caught;
try {
  fit({ buckets: input.buckets, observations: [...observations, { pool: ["top20-30"], samplesSeen: 1e8, error: 0.7 }] });
} catch (error) {
  caught = error;
}
assert.ok(caught instanceof FitError, "a bad input throws a FitError");
assert.equal(caught.code, "UNKNOWN_BUCKET");
assert.equal(caught.path, "observations[10].pool[0]");
console.log("@qqt/fit: parameter recovery, model file and errors ok");
