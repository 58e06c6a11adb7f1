// Consumer check for @qqt/data (browser entry, examples entry and Node entry) from an npm-installed tarball.
import assert from "node:assert/strict";
import { parseCount, parseStudy, writeStudy, DataError } from "@qqt/data";
import { loadTmarsPaperModel } from "@qqt/data/examples";
import { examplePath, readDataCompDirectory } from "@qqt/data/node";
import { predictError } from "@qqt/core";

assert.equal(parseCount("12.8M"), 12_800_000);
const { data: model } = await loadTmarsPaperModel();
const { buckets, task, law } = model; // the model file is @qqt/core's Model: no converter
assert.ok(Math.abs(predictError(buckets.slice(0, 2), task, 64e6, law) - 0.742862) < 1e-6, "golden top-20% @ 64M");

const { data: study } = await readDataCompDirectory(examplePath("datacomp-synthetic"), { metric: "imagenet1k" });
assert.ok(study.observations.length > 0 && study.source?.synthetic === true);
assert.deepEqual(parseStudy(writeStudy(study)).data.observations.length, study.observations.length);

let caught;
try {
  parseStudy('{"format":"qqt.study/v1","buckets":[]}', { file: "bad.json" });
} catch (error) {
  caught = error;
}
assert.ok(caught instanceof DataError && caught.issues.length > 0 && caught.issues[0].file === "bad.json");
console.log("@qqt/data: examples, readers and errors ok");
