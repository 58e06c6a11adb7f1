// Generates examples/datacomp-synthetic (or the folder given as first argument): a SYNTHETIC DataComp-style evaluation directory whose ImageNet error comes
// from the tmars-paper model (examples/tmars-paper/tmars-imagenet.model.json) through @qqt/core's predictError, with
// seeded Gaussian noise. Run: `pnpm --filter @qqt/data generate` (needs @qqt/core built). The output is committed;
// re-running with the same seed reproduces it byte for byte.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { predictError, seededRandom, standardNormal } from "@qqt/core";

const here = new URL("..", import.meta.url).pathname;
// Optional argument: another output folder (the tests regenerate into a temporary one and compare).
const out = process.argv[2] ?? join(here, "examples", "datacomp-synthetic");
mkdirSync(out, { recursive: true });
const model = JSON.parse(readFileSync(join(here, "examples", "tmars-paper", "tmars-imagenet.model.json"), "utf8"));

const SEED = 20240607;
/** Standard deviation of the noise on ImageNet accuracy (absolute). */
const IMAGENET_NOISE = 0.002;
/** Standard deviation of the noise on the other tasks' scores. */
const TASK_NOISE = 0.004;
const SINGLE_BUCKET_EPOCHS = [2, 4, 6, 8, 10];
const NESTED_POOL_EPOCHS = [1, 2, 4, 8];
const DECIMALS = 6;

// @qqt/core's seeded generator and Box–Muller normal: the one random source of qqt.
const random = seededRandom(SEED);
const normal = () => standardNormal(random);
const round = (x) => Number(x.toFixed(DECIMALS));
const clamp01 = (x) => Math.min(1, Math.max(0, x));

// Tasks: the 18 of avg18 (spec §8) plus extras the metric does not use (counted as skipped by the reader).
// Each task: display name, chance score r (DataComp tasklist.yml random_score) and transfer slope s:
// score = r + (1 − r) · min(1, s · imagenetAccuracy) + noise. Retrieval tasks use r = 0.
const TASKS = [
  ["imagenet1k", "ImageNet 1k", 0.001, 1],
  ["cifar10", "CIFAR-10", 0.1, 2.6],
  ["vtab/caltech101", "Caltech-101", 0.0098, 2.4],
  ["vtab/cifar100", "CIFAR-100", 0.01, 1.6],
  ["food101", "Food-101", 0.0099, 1.5],
  ["imagenet_sketch", "ImageNet Sketch", 0.001, 0.7],
  ["imagenetv2", "ImageNet v2", 0.001, 0.85],
  ["imagenet-a", "ImageNet-A", 0.0081, 0.2],
  ["imagenet-o", "ImageNet-O", 0.006, 1.3],
  ["imagenet-r", "ImageNet-R", 0.0062, 1.0],
  ["objectnet", "ObjectNet", 0.0095, 0.6],
  ["vtab/flowers", "Oxford Flowers-102", 0.0098, 1.1],
  ["vtab/pets", "Oxford-IIIT Pet", 0.027, 1.4],
  ["voc2007", "Pascal VOC 2007", 0.154, 1.5],
  ["vtab/resisc45", "RESISC45", 0.0223, 1.0],
  ["cars", "Stanford Cars", 0.0052, 0.8],
  ["retrieval/flickr_1k_test_image_text_retrieval", "Flickr", 0, 1.2],
  ["retrieval/mscoco_2014_5k_test_image_text_retrieval", "MSCOCO", 0, 0.7],
  // Extras, not in avg18:
  ["mnist", "MNIST", 0.1003, 0.9],
  ["vtab/svhn", "SVHN", 0.1179, 0.7],
  ["sun397", "SUN397", 0.0046, 1.4],
  ["fairness/fairface", "FairFace", null, null],
];

function evalLines(imagenetError) {
  const acc = clamp01(1 - imagenetError + IMAGENET_NOISE * normal());
  return TASKS.map(([key, dataset, r, s]) => {
    let metrics;
    if (r === null) metrics = { main_metric: null };
    else if (key === "imagenet1k") {
      const a = round(acc);
      metrics = { acc1: a, acc5: round(clamp01(a + 0.25 * (1 - a))), mean_per_class_recall: round(clamp01(a + 0.001 * normal())), main_metric: a };
    } else if (key.startsWith("retrieval/")) {
      const score = round(clamp01(Math.min(1, s * acc) + TASK_NOISE * normal()));
      metrics = { "image_retrieval_recall@1": round(clamp01(score - 0.03)), "text_retrieval_recall@1": round(clamp01(score + 0.03)), "mean_recall@1": score, main_metric: score };
    } else {
      const score = round(clamp01(r + (1 - r) * Math.min(1, s * acc) + TASK_NOISE * normal()));
      metrics = { acc1: score, main_metric: score };
    }
    return JSON.stringify({ key, dataset, metrics, synthetic: true });
  }).join("\n") + "\n";
}

// Start clean: remove previously generated run folders (only folders inside the example).
for (const name of readdirSync(out)) {
  if (statSync(join(out, name)).isDirectory()) rmSync(join(out, name), { recursive: true });
}

const law = model.law;
const task = model.task;
const buckets = model.buckets;
const S = buckets[0].size;
let files = 0;
for (const bucket of buckets) {
  for (const k of SINGLE_BUCKET_EPOCHS) {
    const dir = join(out, bucket.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `eval_results_epoch_${k}_step_-1.jsonl`), evalLines(predictError([bucket], task, k * S, law)));
    files++;
  }
}
const pools = {};
for (let p = 2; p <= buckets.length; p++) {
  const name = `top0-${p * 10}`;
  const pool = buckets.slice(0, p);
  pools[name] = pool.map((b) => b.id);
  for (const k of NESTED_POOL_EPOCHS) {
    const dir = join(out, `${name}_${k}x`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "eval_results.jsonl"), evalLines(predictError(pool, task, k * p * S, law)));
    files++;
  }
}

const manifest = {
  format: "qqt.datacomp-manifest/v1",
  name: "SYNTHETIC DataComp-style T-MARS evaluations",
  description:
    "SYNTHETIC data, not real training results: ImageNet errors generated from the paper's T-MARS model (tmars-paper example) with seeded noise; other tasks derived from the ImageNet accuracy. For demonstrating read → fit → recommend.",
  source: {
    citation: "Generated by qqt from the T-MARS parameters of Goyal et al., CVPR 2024 (Fig. 4)",
    synthetic: true,
    note: `SYNTHETIC. scripts/generate-datacomp-synthetic.mjs, seed ${SEED}, noise sd ${IMAGENET_NOISE} on ImageNet accuracy`,
  },
  metric: "imagenet1k",
  buckets: buckets.map((b, i) => ({
    id: b.id,
    size: b.size,
    label: b.label,
    quality: { score: "T-MARS", fromPercentile: i * 10, toPercentile: (i + 1) * 10 },
  })),
  pools,
};
writeFileSync(join(out, "qqt-manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`wrote ${files} SYNTHETIC evaluation files and qqt-manifest.json to ${out}`);
