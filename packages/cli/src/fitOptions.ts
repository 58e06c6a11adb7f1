// The fitting options shared by `fit`, `holdout` and `demo`: parsing the command line into @qqt/fit's FitOptions.
import type { ModelFileV1 } from "@qqt/data";
import type { FitBounds, FitOptions, FixedParameters, LossName, Range } from "@qqt/fit";
import { usage } from "./errors.js";
import { parseAssignments } from "./inputs.js";

/** The fitting options as commander parses them. */
export interface FitCliOptions {
  formulation: "utility" | "effective-data";
  variant: "paper" | "reference";
  fix?: string;
  share?: string;
  bounds?: string;
  loss: LossName;
  huberDelta?: string;
  seed: string;
  starts?: string;
  maxIterations?: string;
  strict?: boolean;
}

const PARAMETERS = ["a", "d", "b", "tau"] as const;
type Parameter = (typeof PARAMETERS)[number];
const PER_BUCKET = /^(b|tau)\[(.+)\]$/;

/** A finite number from an option value. */
export function parseNumber(text: string, option: string, what = "a number"): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) throw usage(`${option}: expected ${what}, got "${text}".`);
  return value;
}

/** A whole number in [min, max] from an option value. */
export function parseInteger(text: string, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw usage(`${option}: expected a whole number${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`}, got "${text}".`);
  }
  return value;
}

/** `--fix a=0.022,d=0.1,tau[top30-40]=1.5,b=-0.1`. */
export function parseFixed(text: string, bucketIds?: readonly string[]): FixedParameters {
  const fixed: FixedParameters = {};
  for (const [key, raw] of parseAssignments(text, "--fix", "a=0.022,d=0.1 or tau[top30-40]=1.5")) {
    const value = parseNumber(raw, "--fix", `a number for ${key}`);
    const per = PER_BUCKET.exec(key);
    if (per !== null) {
      const param = per[1] as "b" | "tau";
      const id = per[2]!;
      if (bucketIds !== undefined && !bucketIds.includes(id)) throw usage(`--fix: unknown bucket "${id}" in ${key}. Buckets: ${bucketIds.join(", ")}.`);
      const current = fixed[param];
      if (typeof current === "number") throw usage(`--fix: ${param} is fixed for every bucket and for ${id}; give one or the other.`);
      fixed[param] = { ...(current ?? {}), [id]: value };
      continue;
    }
    if (!(PARAMETERS as readonly string[]).includes(key)) {
      throw usage(`--fix: unknown parameter "${key}". Expected a, d, b, tau (every bucket) or b[<bucket>], tau[<bucket>].`);
    }
    const param = key as Parameter;
    if (fixed[param] !== undefined) throw usage(`--fix: ${param} is given twice.`);
    fixed[param] = value;
  }
  return fixed;
}

/** `--share tau,b` (or `none`). */
export function parseShare(text: string): Array<"b" | "tau"> {
  const items = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 1 && items[0] === "none") return [];
  const bad = items.find((s) => s !== "b" && s !== "tau");
  if (bad !== undefined || items.length === 0) throw usage(`--share: expected tau, b, "tau,b" or none, got "${text}".`);
  return [...new Set(items)] as Array<"b" | "tau">;
}

/** `--bounds d=0..0.3,tau=1..10` (either end may be left out: `d=..0.3`). */
export function parseBounds(text: string): FitBounds {
  const bounds: FitBounds = {};
  for (const [key, value] of parseAssignments(text, "--bounds", "d=0..0.3,tau=1..10")) {
    if (!(PARAMETERS as readonly string[]).includes(key)) throw usage(`--bounds: unknown parameter "${key}". Expected a, d, b or tau.`);
    const m = /^(.*?)\.\.(.*)$/.exec(value);
    if (m === null) throw usage(`--bounds: "${key}=${value}" is not a range. Expected ${key}=MIN..MAX, e.g. tau=1..10 (an end may be left out).`);
    const range: Range = {};
    if (m[1]!.trim() !== "") range.min = parseNumber(m[1]!, "--bounds", `a number for the lower bound of ${key}`);
    if (m[2]!.trim() !== "") range.max = parseNumber(m[2]!, "--bounds", `a number for the upper bound of ${key}`);
    bounds[key as Parameter] = range;
  }
  return bounds;
}

/**
 * @qqt/fit options for the command-line options. Without `bucketIds` (before the inputs are read) only the syntax
 * is checked, so usage errors come before any reading.
 */
export function toFitOptions(o: FitCliOptions, bucketIds?: readonly string[]): FitOptions {
  const options: FitOptions = {
    law: { formulation: o.formulation, variant: o.variant },
    loss: o.loss,
    seed: parseInteger(o.seed, "--seed", 0, 2 ** 32 - 1),
  };
  if (o.fix !== undefined) options.fixed = parseFixed(o.fix, bucketIds);
  if (o.share !== undefined) options.share = parseShare(o.share);
  if (o.bounds !== undefined) options.bounds = parseBounds(o.bounds);
  if (o.huberDelta !== undefined) options.huberDelta = parseNumber(o.huberDelta, "--huber-delta", "a number > 0 (log-error units)");
  if (o.starts !== undefined) options.starts = parseInteger(o.starts, "--starts", 1, 1000);
  if (o.maxIterations !== undefined) options.maxIterations = parseInteger(o.maxIterations, "--max-iterations", 1);
  if (o.strict === true) options.strict = true;
  return options;
}

/** Whether a parameter (of a bucket) was held fixed in the fit that produced a model. */
export function isFixed(model: ModelFileV1, param: Parameter, bucketId?: string): boolean {
  const fixed = (model.fit?.options?.["fixed"] ?? {}) as FixedParameters;
  const value = fixed[param];
  if (value === undefined) return false;
  if (typeof value === "number") return true;
  return bucketId !== undefined && typeof value === "object" && value !== null && bucketId in value;
}

/** Whether a bucket parameter was shared by all buckets in the fit. */
export function isShared(model: ModelFileV1, param: "b" | "tau"): boolean {
  const share = model.fit?.options?.["share"];
  return Array.isArray(share) && share.includes(param);
}
