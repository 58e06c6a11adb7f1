// Consumer check for @qqt/core, run from a scratch project where the packed tarball is installed with npm.
import assert from "node:assert/strict";
import { predictError, recommend } from "@qqt/core";

const tau = (i) => 1 + (9 * i) / 99;
const buckets = [-0.18, -0.15, -0.12, -0.1].map((b, i) => ({ id: `b${i}`, size: 12.8e6, b, tau: tau([37, 36, 22, 6][i]) }));
const task = { a: 0.022, d: 0.1 };
const law = { variant: "reference" };
assert.ok(Math.abs(predictError(buckets.slice(0, 1), task, 32e6, law) - 0.811987) < 1e-6, "golden top-10% @ 32M");
assert.deepEqual(recommend(buckets, task, [32e6, 64e6, 128e6, 640e6], law).map((r) => r.best), [1, 2, 2, 3]);
console.log("@qqt/core: golden values ok");
