// Small helpers shared by the command files.
import type { Study } from "@qqt/data";
import type { Context } from "../context.js";
import { parseNumber } from "../fitOptions.js";
import { usage } from "../errors.js";
import { formatCount } from "@qqt/core";

/** `--confidence` as a number in (0, 1), or undefined. */
export function parseConfidence(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = parseNumber(text, "--confidence", "a level in (0, 1), e.g. 0.95");
  if (!(value > 0 && value < 1)) throw usage(`--confidence: expected a level in (0, 1), e.g. 0.95, got "${text}".`);
  return value;
}

/** One line saying what was read. */
export function describeStudy(study: Study): string {
  const pools = new Set(study.observations.map((o) => [...o.pool].sort().join("+"))).size;
  const budgets = study.observations.map((o) => o.samplesSeen);
  const span = budgets.length > 0 ? `, ${formatCount(Math.min(...budgets))}–${formatCount(Math.max(...budgets))} samples seen` : "";
  return `${plural(study.observations.length, "run")} on ${plural(pools, "pool")} of ${plural(study.buckets.length, "bucket")}${span}`;
}

/** A loud banner for synthetic data (on stdout: it belongs to the result). */
export function syntheticBanner(ctx: Context, what: string): void {
  ctx.print(ctx.out.yellow(ctx.out.bold(`SYNTHETIC DATA: ${what}`)));
}

/** What synthetic runs are, for the banner. */
export function syntheticWhat(study: Study): string {
  const from = study.source?.citation !== undefined ? `; source: ${study.source.citation}` : "";
  return `these runs are generated, not real training results${from}.`;
}

/** `1 run`, `3 runs`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
