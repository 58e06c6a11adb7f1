import { LAW_DOMAIN } from "@qqt/core";
import { DEFAULT_BOUNDS } from "./constants.js";
import { FitError, show } from "./FitError.js";
import type { Problem } from "./problem.js";
import type { FitBounds, FixedParameters, PerBucket, Range } from "./types.js";

// Internal: maps between the optimizer's vector θ and the natural parameters.
// θ holds log a, d, log(−b) and log tau for the free parameters only; fixed ones are closed over, shared ones take
// one slot for all buckets. The log scales make λ·I damping and finite steps meaningful for every parameter.

export type ParameterKind = "a" | "d" | "b" | "tau";

/** Natural parameters of a whole study. */
export interface NaturalParams {
  a: number;
  d: number;
  b: Float64Array;
  tau: Float64Array;
}

export interface Layout {
  size: number;
  aSlot: number;
  aFixed: number;
  dSlot: number;
  dFixed: number;
  /** Slot of each bucket's b (−1 when fixed) and its fixed value (NaN when free). */
  bSlot: Int32Array;
  bFixed: Float64Array;
  tauSlot: Int32Array;
  tauFixed: Float64Array;
  /** θ-space bounds. */
  lower: Float64Array;
  upper: Float64Array;
  kinds: ParameterKind[];
  /** Human name of each slot, e.g. `a`, `b[top0-10]`, `tau (shared)`. */
  names: string[];
  /** Buckets each slot acts on (empty for a and d). */
  slotBuckets: number[][];
  shareB: boolean;
  shareTau: boolean;
  /** Natural bounds after defaults. */
  bounds: Record<ParameterKind, { min: number; max: number }>;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

const DOMAIN: Record<ParameterKind, { test: (x: number) => boolean; text: string }> = {
  a: { test: (x) => x > 0, text: "a finite number > 0" },
  d: { test: (x) => x >= 0, text: "a finite number >= 0" },
  b: { test: (x) => x < 0 && x >= LAW_DOMAIN.minUtility, text: `a number in [${LAW_DOMAIN.minUtility}, 0) (@qqt/core's LAW_DOMAIN)` },
  tau: { test: (x) => x > 0 && x <= LAW_DOMAIN.maxHalfLife, text: "a number of repetitions in (0, 1e12] (@qqt/core's LAW_DOMAIN)" },
};

/** Checks `share`. */
export function checkShare(share: unknown): { shareB: boolean; shareTau: boolean; list: Array<"b" | "tau"> } {
  if (share === undefined) return { shareB: false, shareTau: false, list: [] };
  if (!Array.isArray(share) || share.some((s) => s !== "b" && s !== "tau")) {
    throw new FitError("INVALID_OPTION", "options.share", `expected an array of "b" and/or "tau", got ${show(share)}.`);
  }
  const list = [...new Set(share as Array<"b" | "tau">)];
  return { shareB: list.includes("b"), shareTau: list.includes("tau"), list };
}

/**
 * Resolves bounds with defaults; `minError` (the smallest observed error, else `maxError`, else 1) sets the default
 * upper bound of d: an irreducible error cannot lie above an error that was observed.
 */
export function resolveBounds(bounds: FitBounds | undefined, minError: number, maxError = minError): Layout["bounds"] {
  if (bounds !== undefined && (bounds === null || typeof bounds !== "object")) {
    throw new FitError("INVALID_BOUNDS", "options.bounds", `expected { a?, d?, b?, tau? } of { min?, max? }, got ${show(bounds)}.`);
  }
  const defaults: Record<ParameterKind, { min: number; max: number }> = {
    a: { ...DEFAULT_BOUNDS.a },
    d: { min: DEFAULT_BOUNDS.d.min, max: minError > 0 ? minError : maxError > 0 ? maxError : 1 },
    b: { ...DEFAULT_BOUNDS.b },
    tau: { ...DEFAULT_BOUNDS.tau },
  };
  for (const kind of ["a", "d", "b", "tau"] as const) {
    const given: Range | undefined = bounds?.[kind];
    if (given === undefined) continue;
    const path = `options.bounds.${kind}`;
    if (given === null || typeof given !== "object") {
      throw new FitError("INVALID_BOUNDS", path, `expected { min?, max? }, got ${show(given)}.`);
    }
    for (const end of ["min", "max"] as const) {
      const value = given[end];
      if (value === undefined) continue;
      if (!isFiniteNumber(value) || !DOMAIN[kind].test(value)) {
        throw new FitError("INVALID_BOUNDS", `${path}.${end}`, `expected ${DOMAIN[kind].text}, got ${show(value)}.`);
      }
      defaults[kind][end] = value;
    }
    if (!(defaults[kind].min < defaults[kind].max)) {
      throw new FitError(
        "INVALID_BOUNDS",
        path,
        `min (${defaults[kind].min}) must be below max (${defaults[kind].max}) once defaults are filled in.`,
      );
    }
  }
  return defaults;
}

/** Expands a PerBucket value into per-bucket values (NaN = not given). */
export function perBucket(value: PerBucket | undefined, problem: Problem, kind: "b" | "tau", path: string): Float64Array {
  const out = new Float64Array(problem.buckets.length).fill(NaN);
  if (value === undefined) return out;
  const check = (x: unknown, at: string): number => {
    if (!isFiniteNumber(x) || !DOMAIN[kind].test(x)) {
      throw new FitError("INVALID_OPTION", at, `expected ${DOMAIN[kind].text}, got ${show(x)}.`);
    }
    return x;
  };
  if (typeof value === "number") return out.fill(check(value, path));
  if (value === null || typeof value !== "object") {
    throw new FitError("INVALID_OPTION", path, `expected a number or an object { bucketId: number }, got ${show(value)}.`);
  }
  for (const [id, x] of Object.entries(value)) {
    const i = problem.bucketIndex.get(id);
    if (i === undefined) {
      throw new FitError("UNKNOWN_BUCKET", `${path}.${id}`, `no bucket has id ${show(id)}.`);
    }
    out[i] = check(x, `${path}.${id}`);
  }
  return out;
}

/** Checks a scalar fixed/initial value. */
export function scalarValue(value: unknown, kind: "a" | "d", path: string): number {
  if (value === undefined) return NaN;
  if (!isFiniteNumber(value) || !DOMAIN[kind].test(value)) {
    throw new FitError("INVALID_OPTION", path, `expected ${DOMAIN[kind].text}, got ${show(value)}.`);
  }
  return value;
}

/** Builds the θ layout from the problem and the share/fixed/bounds options. */
export function buildLayout(
  problem: Problem,
  shareOption: unknown,
  fixed: FixedParameters | undefined,
  boundsOption: FitBounds | undefined,
): Layout {
  const { shareB, shareTau } = checkShare(shareOption);
  if (fixed !== undefined && (fixed === null || typeof fixed !== "object")) {
    throw new FitError("INVALID_OPTION", "options.fixed", `expected { a?, d?, b?, tau? }, got ${show(fixed)}.`);
  }
  let maxError = 0;
  let minError = Infinity;
  for (const e of problem.y) {
    maxError = Math.max(maxError, e);
    minError = Math.min(minError, e);
  }
  const bounds = resolveBounds(boundsOption, Number.isFinite(minError) ? minError : 0, maxError);
  const p = problem.buckets.length;
  const aFixed = scalarValue(fixed?.a, "a", "options.fixed.a");
  const dFixed = scalarValue(fixed?.d, "d", "options.fixed.d");
  const bFixed = perBucket(fixed?.b, problem, "b", "options.fixed.b");
  const tauFixed = perBucket(fixed?.tau, problem, "tau", "options.fixed.tau");
  for (const [kind, values, share] of [
    ["b", bFixed, shareB],
    ["tau", tauFixed, shareTau],
  ] as const) {
    if (!share) continue;
    const given = values.filter((x) => !Number.isNaN(x));
    if (given.length > 0 && (given.length < p || given.some((x) => x !== given[0]))) {
      throw new FitError(
        "INVALID_OPTION",
        `options.fixed.${kind}`,
        `with share: ["${kind}"] every bucket has one ${kind}; fix it with a single number, e.g. fixed: { ${kind}: ${given[0]} }.`,
      );
    }
  }

  // A held-constant value outside the bounds in effect (e.g. d above every observed error) cannot give a fit.
  const outside = (value: number, kind: ParameterKind, path: string) => {
    const { min, max } = bounds[kind];
    if (!Number.isNaN(value) && (value < min || value > max)) {
      const why = kind === "d" && value > max ? " (the irreducible error cannot exceed an observed error)" : "";
      throw new FitError(
        "INVALID_OPTION",
        path,
        `fixed ${kind} = ${value} is outside the bounds in effect [${min}, ${max}]${why}; fix a value inside them or widen options.bounds.${kind}.`,
      );
    }
  };
  outside(aFixed, "a", "options.fixed.a");
  outside(dFixed, "d", "options.fixed.d");
  problem.buckets.forEach((bucket, i) => {
    outside(bFixed[i] as number, "b", `options.fixed.b.${bucket.id}`);
    outside(tauFixed[i] as number, "tau", `options.fixed.tau.${bucket.id}`);
  });

  const lower: number[] = [];
  const upper: number[] = [];
  const kinds: ParameterKind[] = [];
  const names: string[] = [];
  const slotBuckets: number[][] = [];
  const addSlot = (kind: ParameterKind, name: string, bucketsOfSlot: number[]): number => {
    const { min, max } = bounds[kind];
    if (kind === "d") {
      lower.push(min);
      upper.push(max);
    } else if (kind === "b") {
      lower.push(Math.log(-max));
      upper.push(Math.log(-min));
    } else {
      lower.push(Math.log(min));
      upper.push(Math.log(max));
    }
    kinds.push(kind);
    names.push(name);
    slotBuckets.push(bucketsOfSlot);
    return kinds.length - 1;
  };
  const aSlot = Number.isNaN(aFixed) ? addSlot("a", "a", []) : -1;
  const dSlot = Number.isNaN(dFixed) ? addSlot("d", "d", []) : -1;
  const bSlot = new Int32Array(p).fill(-1);
  const tauSlot = new Int32Array(p).fill(-1);
  for (const [kind, slots, values, share] of [
    ["b", bSlot, bFixed, shareB],
    ["tau", tauSlot, tauFixed, shareTau],
  ] as const) {
    if (share) {
      if (Number.isNaN(values[0] as number) && p > 0) {
        const all = problem.buckets.map((_, i) => i);
        slots.fill(addSlot(kind, `${kind} (shared)`, all));
      }
      continue;
    }
    // One slot per quality group (a bucket without a `quality.group` is a group of its own).
    const members = new Map<number, number[]>();
    for (let i = 0; i < p; i++) {
      const g = problem.group[i] as number;
      let list = members.get(g);
      if (list === undefined) members.set(g, (list = []));
      list.push(i);
    }
    for (const [g, list] of members) {
      const fixedValues = list.map((i) => values[i] as number).filter((x) => !Number.isNaN(x));
      const ids = list.map((i) => (problem.buckets[i] as { id: string }).id);
      if (fixedValues.length > 0) {
        if (fixedValues.length < list.length || fixedValues.some((x) => x !== fixedValues[0])) {
          throw new FitError(
            "INVALID_OPTION",
            `options.fixed.${kind}`,
            `buckets ${ids.map((id) => show(id)).join(", ")} share the quality group ${show(problem.groupNames[g])}, so they have one ${kind}: fix it to one value for all of them, or for none.`,
          );
        }
        continue;
      }
      if (!list.some((i) => problem.touched[i])) {
        const first = list[0] as number;
        throw new FitError(
          "INSUFFICIENT_DATA",
          `buckets[${first}]`,
          list.length === 1
            ? `bucket ${show(ids[0])} is in no observation's pool, so its ${kind} cannot be fitted; fix it (options.fixed.${kind}), share it (options.share), give it a quality group with fitted buckets (quality.group) or remove the bucket.`
            : `no observation's pool holds a bucket of the quality group ${show(problem.groupNames[g])} (${ids.join(", ")}), so its ${kind} cannot be fitted; fix it (options.fixed.${kind}) or share it (options.share).`,
        );
      }
      const name = list.length === 1 ? `${kind}[${ids[0]}]` : `${kind}[quality ${problem.groupNames[g]}]`;
      const slot = addSlot(kind, name, list);
      for (const i of list) slots[i] = slot;
    }
  }
  return {
    size: kinds.length,
    aSlot,
    aFixed,
    dSlot,
    dFixed,
    bSlot,
    bFixed,
    tauSlot,
    tauFixed,
    lower: Float64Array.from(lower),
    upper: Float64Array.from(upper),
    kinds,
    names,
    slotBuckets,
    shareB,
    shareTau,
    bounds,
  };
}

/** Natural parameters from θ (into `out`). */
export function toNatural(layout: Layout, theta: ArrayLike<number>, out: NaturalParams): NaturalParams {
  out.a = layout.aSlot >= 0 ? Math.exp(theta[layout.aSlot] as number) : layout.aFixed;
  out.d = layout.dSlot >= 0 ? (theta[layout.dSlot] as number) : layout.dFixed;
  for (let i = 0; i < out.b.length; i++) {
    const bs = layout.bSlot[i] as number;
    out.b[i] = bs >= 0 ? -Math.exp(theta[bs] as number) : (layout.bFixed[i] as number);
    const ts = layout.tauSlot[i] as number;
    out.tau[i] = ts >= 0 ? Math.exp(theta[ts] as number) : (layout.tauFixed[i] as number);
  }
  return out;
}

/** θ from natural parameters, clamped into the bounds. Shared slots take the first bucket's value. */
export function toTheta(layout: Layout, params: NaturalParams): Float64Array {
  const theta = new Float64Array(layout.size);
  if (layout.aSlot >= 0) theta[layout.aSlot] = Math.log(params.a);
  if (layout.dSlot >= 0) theta[layout.dSlot] = params.d;
  for (let i = params.b.length - 1; i >= 0; i--) {
    const bs = layout.bSlot[i] as number;
    if (bs >= 0) theta[bs] = Math.log(-(params.b[i] as number));
    const ts = layout.tauSlot[i] as number;
    if (ts >= 0) theta[ts] = Math.log(params.tau[i] as number);
  }
  return clampTheta(layout, theta);
}

/** Clamps θ into its bounds in place. */
export function clampTheta(layout: Layout, theta: Float64Array): Float64Array {
  for (let k = 0; k < layout.size; k++) {
    theta[k] = Math.min(Math.max(theta[k] as number, layout.lower[k] as number), layout.upper[k] as number);
  }
  return theta;
}

/** A zeroed NaturalParams for `p` buckets. */
export function emptyParams(p: number): NaturalParams {
  return { a: NaN, d: NaN, b: new Float64Array(p), tau: new Float64Array(p) };
}
