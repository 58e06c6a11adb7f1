// Option groups shared by several commands, with their help texts.
import { DEFAULT_FIT_SETTINGS } from "@qqt/fit/defaults";
import { Option, type Command } from "commander";
import { usage } from "./errors.js";

/** `--scale F`: the same top-k% of a pool F times larger (recommend, predict). */
export function scaleOption(): Option {
  return new Option("--scale <factor>", "answer for a pool this many times larger than the model's (e.g. 10: runs on a 1/10 pilot pool, training on the full one)");
}

/** Parses `--scale`: a finite factor > 0. */
export function parseScale(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) throw usage(`--scale: expected a factor > 0 such as 10, got "${text}".`);
  return value;
}

/** The budget syntax, shown in the help of every command that takes budgets. */
export const BUDGET_HELP = `Budgets (samples seen):
  counts      640M, 1.28B, 6.4e8, 1_000_000, 640k  (k, M, B/G, T; lowercase m is refused)
  lists       32M,128M,640M                        (sorted, duplicates dropped)
  ranges      32M..10B                             (--points N log-spaced budgets, ends included; default 10)
              32M..10B:x2                          (geometric: 32M, 64M, 128M, … up to 10B)
              12.8M..128M:+12.8M                   (linear steps: 12.8M, 25.6M, … up to 128M)
  mixed       12.8M,32M..640M:x2`;

/** The pool syntax, shown in the help of predict and recommend. */
export const POOL_HELP = `Pools (one or more buckets trained on together):
  top-3               the 3 best buckets (nested pools top-1 … top-p)
  top30%              the best buckets down to 30% (when bucket ids/labels give ranges, e.g. top0-10)
  top0-10+top30-40    a union of buckets by id (also "top0-10,top30-40")
  top10-20            a single bucket
  all                 every bucket
  bucket:all          the bucket with id "all" (for ids that read like a pool)`;

/** Reading options: `fit`, `validate`, `holdout`. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .optionsGroup("Input options:")
    .option("--metric <name>", "metric to read: a task key (imagenet1k), avg18, avg38, all, or a comma-separated list of task keys (DataComp); the metric value to keep (tidy CSV with a metric column); the downstream dataset (OpenCLIP CSV)")
    .addOption(new Option("--accuracy-scale <scale>", "scale of an accuracy column whose values all lie in [0, 1], or that mixes percents (24, 24%) with fractions (0.31)").choices(["fraction", "percent"]))
    .addOption(new Option("--error-scale <scale>", "scale of an error column (default fraction)").choices(["fraction", "percent"]))
    .addOption(new Option("--metric-kind <kind>", "what the value column measures").choices(["error", "1-accuracy", "loss"]))
    .option("--study <name>", "the study to use when a file holds several (OpenCLIP CSV: one per architecture); a unique part of the name is enough")
    .option("--score <column>", "the accuracy-like column to read from an OpenCLIP CSV (default acc1; e.g. image_retrieval_recall@5 for the retrieval tasks)")
    .option("--columns <map>", "read fields from other column names, e.g. samplesSeen=samples,error=err (tidy CSV)")
    .option("--bucket-size <count>", "size of every bucket not sized otherwise, e.g. 12.8M (DataComp directories without a manifest)")
    .option("--bucket-sizes <map>", "bucket sizes by id, e.g. top0-10=12.8M,top10-20=12.8M, or a qqt.pool/v1 manifest from qqt pool bucket -o (its bucket row counts), e.g. manifest.json")
    .option("--bucket-order <ids>", "best-first order of the buckets, e.g. top0-10,top10-20,top20-30 (default: order of first appearance)")
    .option("--delimiter <char>", 'CSV delimiter: ",", ";" or tab (default: sniffed from the header)');
}

/** Law and fitting options: `fit`, `holdout`. */
export function addFitOptions(cmd: Command): Command {
  return cmd
    .optionsGroup("Law and fit options:")
    .addOption(new Option("--formulation <name>", "the law's formulation").choices(["utility", "effective-data"]).default("utility"))
    .addOption(new Option("--variant <name>", "how the irreducible error d enters: paper (Eq. 3, y = R + d) or reference (the official code)").choices(["paper", "reference"]).default("paper"))
    .option("--fix <values>", "hold parameters constant, e.g. a=0.022,d=0.1 or tau[top30-40]=1.5 (b=…, tau=… for every bucket)")
    .option("--share <params>", "one value for every bucket: tau, b, tau,b or none (default: b and tau per bucket)")
    .option("--bounds <ranges>", "bounds of free parameters, e.g. d=0..0.3,tau=1..10 (an end may be left out)")
    .addOption(new Option("--loss <name>", "sse (the paper's) or huber-log (robust to outliers)").choices(["sse", "huber-log"]).default("sse"))
    .option("--huber-delta <x>", "transition of the huber-log loss in log-error units (default 0.05)")
    .option("--seed <n>", "seed of every random choice; same input, options and seed give the same fit", String(DEFAULT_FIT_SETTINGS.seed))
    .option("--starts <n>", "global-stage candidates polished (default 4)")
    .option("--max-iterations <n>", "Levenberg–Marquardt iterations per start (default 1000)")
    .option("--strict", "fail (exit 1) when the fit does not converge, instead of warning");
}

/** `--points`, for commands with budgets. */
export function pointsOption(): Option {
  return new Option("--points <n>", "budgets per range written without a step (log-spaced, ends included)").default("10");
}

/** `--confidence`, for commands that show intervals. */
export function confidenceOption(description = "level of the bootstrap intervals, in (0, 1) (default: the model's, else 0.95)"): Option {
  return new Option("--confidence <level>", description);
}
