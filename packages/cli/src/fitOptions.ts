// The fitting options shared by `fit`, `holdout` and `demo`: parsing the command line into @qqt/fit's FitOptions.
import type { ModelFileV1 } from "@qqt/data";
import type { FitBounds, FitOptions, FixedParameters, LossName, Range } from "@qqt/fit";
import { usage, type CliError } from "./errors.js";
import { parseAssignments } from "./inputs.js";
import { FIT_OPTION_PATHS, fitWording } from "./output/issues.js";

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

/** The values each parameter may take (the law's domain, as @qqt/fit checks it). */
const DOMAIN: Readonly<Record<Parameter, { test: (x: number) => boolean; text: string }>> = {
  a: { test: (x) => x > 0, text: "> 0" },
  d: { test: (x) => x >= 0, text: ">= 0" },
  b: { test: (x) => x < 0, text: "< 0" },
  tau: { test: (x) => x > 0, text: "> 0" },
};

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
    const domain = DOMAIN[(per?.[1] ?? key) as Parameter] as (typeof DOMAIN)[Parameter] | undefined;
    if (domain !== undefined && !domain.test(value)) throw usage(`--fix: ${key} must be ${domain.text}, got ${key}=${raw}.`);
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
    const domain = DOMAIN[key as Parameter];
    for (const [end, text, word] of [["min", m[1]!, "lower"], ["max", m[2]!, "upper"]] as const) {
      if (text.trim() === "") continue;
      const x = parseNumber(text, "--bounds", `a number for the ${word} bound of ${key}`);
      if (!domain.test(x)) throw usage(`--bounds: the ${word} bound of ${key} must be ${domain.text}, got ${key}=${value}.`);
      range[end] = x;
    }
    if (range.min !== undefined && range.max !== undefined && !(range.min < range.max)) {
      throw usage(
        range.min === range.max
          ? `--bounds: ${key}=${value} leaves no room; the lower bound must be below the upper one (to hold ${key} at ${range.min}, use --fix ${key}=${range.min}).`
          : `--bounds: ${key}=${value} runs backwards; the lower bound must be below the upper one: ${key}=${range.max}..${range.min}.`,
      );
    }
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
  if (o.huberDelta !== undefined) {
    const delta = parseNumber(o.huberDelta, "--huber-delta", "a number > 0 (log-error units)");
    if (!(delta > 0)) throw usage(`--huber-delta: expected a number > 0 (log-error units, default 0.05), got "${o.huberDelta}".`);
    options.huberDelta = delta;
  }
  if (o.starts !== undefined) options.starts = parseInteger(o.starts, "--starts", 1, 1000);
  if (o.maxIterations !== undefined) options.maxIterations = parseInteger(o.maxIterations, "--max-iterations", 1);
  if (o.strict === true) options.strict = true;
  if (options.fixed !== undefined && options.bounds !== undefined) checkFixedInBounds(options.fixed, options.bounds);
  return options;
}

/** A value held constant with `--fix` must lie within the `--bounds` given for it. */
function checkFixedInBounds(fixed: FixedParameters, bounds: FitBounds): void {
  for (const param of PARAMETERS) {
    const range = bounds[param];
    const value = fixed[param];
    if (range === undefined || value === undefined) continue;
    const values: Array<[string, number]> = typeof value === "number" ? [[param, value]] : Object.entries(value).map(([id, x]) => [`${param}[${id}]`, x]);
    for (const [name, x] of values) {
      if ((range.min !== undefined && x < range.min) || (range.max !== undefined && x > range.max)) {
        throw usage(`--fix ${name}=${x} is outside --bounds ${param}=${range.min ?? ""}..${range.max ?? ""}; fix a value inside the bounds or widen them.`);
      }
    }
  }
}

/**
 * A usage error (exit 2) for a @qqt/fit error about an option value that only the data shows to be wrong (e.g.
 * `--fix d=0.9` above every observed error, `--bounds d=2..` above the default upper bound of d); undefined for any
 * other error. Recognised by name and shape, so that @qqt/fit stays loaded only by the commands that fit.
 */
export function fitOptionUsage(error: unknown): CliError | undefined {
  if (!(error instanceof Error) || error.name !== "FitError") return undefined;
  const { code, path } = error as Error & { code?: unknown; path?: unknown };
  if ((code !== "INVALID_OPTION" && code !== "INVALID_BOUNDS") || typeof path !== "string") return undefined;
  const option = FIT_OPTION_PATHS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
  if (option === undefined) return undefined;
  const message = error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;
  return usage(`${option[1]}: ${fitWording(message)} [${code}]`);
}

/** Runs `fn`, turning @qqt/fit's errors about option values into usage errors (see {@link fitOptionUsage}). */
export async function withOptionUsage<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fitOptionUsage(error) ?? error;
  }
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
