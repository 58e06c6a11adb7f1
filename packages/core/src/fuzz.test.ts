// Property tests of the numeric exports on random valid, extreme and invalid arguments: a valid argument set gives
// finite numbers (or a NOT_FINITE CoreError where the exact answer is not a finite double), an invalid one is refused
// with a CoreError naming it, nothing else is ever thrown, no message is long, and no call is slow.
// `pnpm test` runs a few hundred cases per export; `pnpm fuzz` (FUZZ_RUNS, FUZZ_SEED) runs as many as asked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CoreError } from "./CoreError.js";
import { LAW_DOMAIN } from "./constants.js";
import {
  adviceEngine,
  decayFactor,
  epochsCompleted,
  findCrossovers,
  halfLife,
  lawStart,
  limitingError,
  nestedPools,
  poolHalfLives,
  poolModel,
  poolUtilityAtRepetition,
  predictCurve,
  predictError,
  recommend,
  recommendPools,
  scaleModel,
  utilityAtRepetition,
} from "./index.js";
import type { Model } from "./Model.js";
import type { Bucket, Law, TaskParams } from "./types.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 300);
const SEED = Number(process.env["FUZZ_SEED"] ?? 20261207);
/**
 * A call slower than this is a hang. A hang detector, not a benchmark: the slowest calls take milliseconds alone,
 * and one took 1.5 s on a machine loaded with other jobs, so the limit leaves room for a loaded CI machine.
 */
const SLOW_MS = 30_000;
/** The longest message any error may carry. */
const MAX_MESSAGE = 1000;

// ---- valid arguments, across the whole domain (fast-check's doubles spread over every exponent) ----
const size = fc.oneof(
  fc.double({ min: LAW_DOMAIN.minSize, max: LAW_DOMAIN.maxSize, noNaN: true }),
  fc.double({ min: 1e5, max: 1e10, noNaN: true }),
  fc.constantFrom(LAW_DOMAIN.minSize, LAW_DOMAIN.maxSize, 12.8e6),
);
const utility = fc.oneof(
  fc.double({ min: LAW_DOMAIN.minUtility, max: -Number.MIN_VALUE, noNaN: true }),
  fc.double({ min: -1, max: -1e-3, noNaN: true }),
  fc.constantFrom(LAW_DOMAIN.minUtility, -Number.MIN_VALUE),
);
const halfLifeArb = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: LAW_DOMAIN.maxHalfLife, noNaN: true }),
  fc.double({ min: 0.1, max: 100, noNaN: true }),
  fc.constantFrom(Number.MIN_VALUE, LAW_DOMAIN.maxHalfLife),
);
const positive = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.double({ min: 1e-3, max: 10, noNaN: true }),
);
const nonNegative = fc.oneof(fc.constant(0), positive);
const budget = fc.oneof(nonNegative, fc.double({ min: 1e6, max: 1e13, noNaN: true }));
const law: fc.Arbitrary<Law | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record(
    { formulation: fc.constantFrom("utility", "effective-data"), variant: fc.constantFrom("paper", "reference") },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Law>,
);
const task: fc.Arbitrary<TaskParams> = fc.record(
  {
    a: fc.oneof(positive, fc.double({ min: 1e-3, max: 1, noNaN: true })),
    d: fc.oneof(nonNegative, fc.double({ min: 0, max: 0.5, noNaN: true })),
    normalizer: positive,
  },
  { requiredKeys: ["a", "d"] },
);
const poolOf = (sizes: fc.Arbitrary<number>): fc.Arbitrary<Bucket[]> =>
  fc
    .array(fc.record({ size: sizes, b: utility, tau: halfLifeArb }), { minLength: 1, maxLength: 6 })
    .map((buckets) => buckets.map((b, i) => ({ id: `b${i}`, ...b })));
const pool = poolOf(size);

// ---- invalid values: each replaces one valid argument or field ----
const junk = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, "1", null, undefined, {}, [], true, 1n);
const badSize = fc.oneof(junk, fc.constantFrom(0, 0.5, 1e19, Number.MAX_VALUE, -5));
const badUtility = fc.oneof(junk, fc.constantFrom(0, 1e-9, -101, -Number.MAX_VALUE, 3));
const badHalfLife = fc.oneof(junk, fc.constantFrom(0, -1e-9, 2e12, Number.MAX_VALUE));
const badPositive = fc.oneof(junk, fc.constantFrom(0, -1e-300, -1));
const badBudget = fc.oneof(junk, fc.constantFrom(-1e-300, -5));

/** Marks "append a copy of the first element" (a duplicate bucket id). */
const DUPLICATE = Symbol("duplicate");

type Case<T> = { valid: true; value: T } | { valid: false; value: T; what: string };

/** Turns one valid argument set into an invalid one by replacing one field with a bad value. */
function breakOne<T extends object>(valid: fc.Arbitrary<T>, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Case<T>> {
  const names = Object.keys(fields);
  return fc
    .tuple(valid, fc.constantFrom(...names), fc.nat())
    .chain(([value, name]) =>
      (fields[name] as fc.Arbitrary<unknown>).map((bad) => ({ valid: false as const, value: set(value, name, bad), what: `${name} = ${show(bad)}` })),
    );
}

/** A copy of `value` with the dotted `path` (numbers index arrays, `*` = the last element) set to `bad`. */
function set<T>(value: T, path: string, bad: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split(".");
  let node: Record<string, unknown> = copy;
  for (let k = 0; k < keys.length - 1; k++) {
    const name = key(node, keys[k] as string);
    if (node[name] === null || typeof node[name] !== "object") node[name] = {};
    node = node[name] as Record<string, unknown>;
  }
  const last = key(node, keys[keys.length - 1] as string);
  if (bad === DUPLICATE && Array.isArray(node)) node.push(structuredClone(node[0]));
  else if (bad === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = bad;
  return copy as T;
}
function key(node: Record<string, unknown>, name: string): string {
  return name === "*" && Array.isArray(node) ? String(node.length - 1) : name;
}
function show(x: unknown): string {
  if (typeof x === "bigint") return `${x}n`;
  if (typeof x === "number") return String(x);
  return JSON.stringify(x) ?? String(x);
}

function cases<T extends object>(valid: fc.Arbitrary<T>, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Case<T>> {
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((value) => ({ valid: true as const, value })) },
    { weight: 2, arbitrary: breakOne(valid, fields) },
  );
}

/** Every number reachable in a result (arrays, typed arrays, plain objects). */
function nonFinite(x: unknown, path = "result", depth = 0): string | undefined {
  if (typeof x === "number") return Number.isFinite(x) ? undefined : `${path} = ${x}`;
  if (depth > 6 || x === null || typeof x !== "object") return undefined;
  if (ArrayBuffer.isView(x)) {
    const values = x as unknown as ArrayLike<number>;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return `${path}[${i}] = ${values[i]}`;
    return undefined;
  }
  for (const [k, v] of Object.entries(x)) {
    const bad = nonFinite(v, `${path}.${k}`, depth + 1);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

/** What a call may do: a valid case returns finite numbers or throws NOT_FINITE; an invalid case throws a CoreError. */
function expectContract<T>(c: Case<T>, call: (value: T) => unknown, allowed: (x: unknown) => string | undefined = nonFinite): void {
  const started = performance.now();
  let result: unknown;
  let error: unknown;
  let threw = false;
  try {
    result = call(c.value);
  } catch (e) {
    threw = true;
    error = e;
  }
  const ms = performance.now() - started;
  const input = JSON.stringify(c.value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v))?.slice(0, 600);
  if (ms > SLOW_MS) throw new Error(`slow: ${ms.toFixed(0)} ms for ${input}`);
  if (threw) {
    if (!(error instanceof CoreError)) throw new Error(`foreign error ${(error as Error)?.name}: ${(error as Error)?.message?.slice(0, 200)} for ${input}`, { cause: error });
    if (error.message.length > MAX_MESSAGE) throw new Error(`message of ${error.message.length} characters for ${input}`);
    if (c.valid && error.code !== "NOT_FINITE") throw new Error(`refused a valid input: ${error.message} for ${input}`);
    return;
  }
  if (!c.valid) throw new Error(`accepted an invalid input (${c.what}) for ${input}`);
  const bad = allowed(result);
  if (bad !== undefined) throw new Error(`non-finite output ${bad} for ${input}`);
}

/** Per-test time limit: a long `pnpm fuzz` run is bounded by 1 s per case on average, not by vitest's default. */
const TIMEOUT = 10_000 + RUNS * 1_000;

const property = <T>(arb: fc.Arbitrary<Case<T>>, call: (value: T) => unknown, allowed?: (x: unknown) => string | undefined) => () =>
  fc.assert(
    fc.property(arb, (c) => expectContract(c, call, allowed)),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );

const poolFields = {
  "pool.0.size": badSize,
  "pool.*.b": badUtility,
  "pool.0.tau": badHalfLife,
  "pool.*.id": fc.constantFrom<unknown>("", 5, null),
  "pool.*": fc.constantFrom<unknown>(null, 3, "bucket"),
  "pool.duplicate": fc.constant<unknown>(DUPLICATE),
  pool: fc.constantFrom<unknown>([], null, "pool", {}),
};
const taskFields = { "task.a": badPositive, "task.d": badBudget, "task.normalizer": fc.oneof(badPositive.filter((x) => x !== undefined), fc.constant(null)), task: fc.constantFrom<unknown>(null, 1, "t") };
const lawFields = { law: fc.constantFrom<unknown>(null, "paper", 1), "law.variant": fc.constantFrom<unknown>("official", 1, null), "law.formulation": fc.constantFrom<unknown>("effective", null) };
const evaluation = fc.record({ pool, task, n: budget, law });
const evaluationFields = { ...poolFields, ...taskFields, ...lawFields, n: badBudget };

describe(`@qqt/core exports on random arguments (${RUNS} cases each, seed ${SEED})`, () => {
  it("predictError", property(cases(evaluation, evaluationFields), (v) => predictError(v.pool, v.task, v.n, v.law)), TIMEOUT);

  it("predictCurve", property(
    cases(fc.record({ pool, task, budgets: fc.array(budget, { maxLength: 5 }), law }), {
      ...poolFields, ...taskFields, ...lawFields,
      "budgets.0": badBudget,
      budgets: fc.constantFrom<unknown>(null, 5, { length: -1 }, { length: 1.5 }),
    }),
    (v) => predictCurve(v.pool, v.task, v.budgets, v.law),
  ), TIMEOUT);

  it("poolModel: errorAt, curve, limitingError, utilityAt", property(
    cases(fc.record({ pool, task, n: budget, repetition: nonNegative, law }), { ...evaluationFields, repetition: badBudget }),
    (v) => {
      const model = poolModel(v.pool, v.task, v.law);
      const out = { size: model.size, utility: model.utilityAt(v.repetition), error: model.errorAt(v.n), curve: model.curve([v.n]) };
      return { ...out, limit: model.limitingError() };
    },
  ), TIMEOUT);

  it("limitingError", property(cases(evaluation, { ...poolFields, ...taskFields, ...lawFields }), (v) => limitingError(v.pool, v.task, v.law)), TIMEOUT);

  it("recommend and recommendPools", property(
    cases(fc.record({ pool, task, budgets: fc.array(budget, { minLength: 1, maxLength: 3 }), law }), { ...poolFields, ...taskFields, ...lawFields, "budgets.0": badBudget, budgets: fc.constantFrom<unknown>(null, "1e9") }),
    (v) => [recommend(v.pool, v.task, v.budgets, v.law), recommendPools(nestedPools(v.pool), v.task, v.budgets, v.law)],
  ), TIMEOUT);

  it("findCrossovers", property(
    cases(
      fc.record({ pool, task, min: fc.double({ min: 1, max: 1e12, noNaN: true }), span: fc.double({ min: 1.001, max: 1e6, noNaN: true }), law }),
      { ...poolFields, ...taskFields, ...lawFields, min: badPositive },
    ),
    (v) => findCrossovers(nestedPools(v.pool), v.task, { min: v.min, max: typeof v.min === "number" ? v.min * v.span : 1e12, pointsPerDecade: 4 }, v.law),
  ), TIMEOUT);

  it("utilityAtRepetition, poolUtilityAtRepetition, poolHalfLives", property(
    cases(fc.record({ pool, repetition: nonNegative, law }), { ...poolFields, ...lawFields, repetition: badBudget }),
    (v) => [utilityAtRepetition(Array.isArray(v.pool) ? (v.pool[0] as Bucket) : v.pool, v.repetition), poolUtilityAtRepetition(v.pool, v.repetition, v.law), poolHalfLives(v.pool)],
  ), TIMEOUT);

  it("decayFactor, halfLife", property(
    cases(fc.record({ tau: halfLifeArb, decay: fc.double({ min: Number.MIN_VALUE, max: 1 - Number.EPSILON / 2, noNaN: true }) }), { tau: badHalfLife, decay: fc.oneof(junk, fc.constantFrom(0, 1, 1.5)) }),
    (v) => [decayFactor(v.tau), halfLife(v.decay)],
  ), TIMEOUT);

  it("epochsCompleted, lawStart", property(
    cases(fc.record({ n: budget, size, task }), { n: badBudget, size: fc.oneof(junk, fc.constantFrom(0, -1)), ...taskFields }),
    (v) => [epochsCompleted(v.n, v.size), lawStart(v.task)],
  ), TIMEOUT);

  it("adviceEngine and scaleModel", property(
    cases(
      fc.record({ pool: poolOf(fc.double({ min: 1e3, max: 1e15, noNaN: true })), task, law: fc.record({ formulation: fc.constantFrom("utility", "effective-data"), variant: fc.constantFrom("paper", "reference") }), budget, factor: fc.double({ min: 1e-3, max: 1e3, noNaN: true }) }),
      { ...poolFields, ...taskFields, "law.variant": fc.constantFrom<unknown>("official", null), budget: badBudget, factor: badPositive },
    ),
    (v) => {
      const model = { format: "qqt.model/v1", law: v.law, task: v.task, buckets: v.pool } as Model;
      const engine = adviceEngine(scaleModel(model, v.factor));
      return { advice: engine.advise(v.budget), lawStart: engine.lawStart };
    },
    // Advice may carry Infinity where the metric is unbounded (a loss) and undefined intervals; check its numbers.
    (x) => nonFinite(x),
  ), TIMEOUT);
});

describe("saved cases: what the random search found, kept as regression tests", () => {
  const bucket = (b: Partial<Bucket>): Bucket => ({ id: "x", size: 12.8e6, b: -0.1, tau: 4, ...b });
  it.each([
    ["n = 0, paper variant: diverges", () => predictError([bucket({})], { a: 0.02, d: 0.1 }, 0), "NOT_FINITE", "samplesSeen"],
    ["the power term overflows a double", () => predictError([bucket({ b: -100 })], { a: 1e-300, d: 0 }, 1), "NOT_FINITE", "samplesSeen"],
    ["a null normalizer is not the default", () => predictError([bucket({})], { a: 0.02, d: 0.1, normalizer: null as unknown as number }, 1e6), "INVALID_TASK", "task.normalizer"],
    ["utilityAt(-1)", () => poolModel([bucket({})], { a: 0.02, d: 0.1 }).utilityAt(-1), "INVALID_ARGUMENT", "repetition"],
    ["a list that is not a list", () => predictCurve([bucket({})], { a: 0.02, d: 0.1 }, null as unknown as number[]), "INVALID_SAMPLES", "samplesSeen"],
    ["a half-life past the domain", () => predictError([bucket({ tau: 1e300 })], { a: 0.02, d: 0.1 }, 1e9), "INVALID_BUCKET", "pool[0].tau"],
  ] as const)("%s", (_name, call, code, argument) => {
    expect(call).toThrow(expect.objectContaining({ code, argument }));
  });

  it("a half-life of 5e-324 repetitions decays at once: utility b at pass 0, none after, finite errors", () => {
    const model = poolModel([bucket({ tau: Number.MIN_VALUE }), bucket({ id: "y", tau: 2 })], { a: 0.02, d: 0.1 });
    expect(model.utilityAt(0)).toBeCloseTo(-0.1, 15);
    expect(model.utilityAt(1)).toBeCloseTo(0.5 * -0.1 * 0.5 ** (1 / 4), 15);
    expect(Number.isFinite(model.errorAt(1e12))).toBe(true);
  });

  it("a tiny a keeps its answer: the head is taken as a sum of logs when a·n/N leaves the doubles", () => {
    // b · log(a · n / N) with a = 1e-320: a·n/N underflows but the law's value is finite.
    const y = predictError([bucket({ b: -0.01 })], { a: 1e-320, d: 0 }, 1e6);
    expect(y).toBeCloseTo(Math.exp(-0.01 * (Math.log(1e-320) + Math.log(1e6) - Math.log(1e5))), 12);
  });
});
