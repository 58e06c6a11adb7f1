import { AdvisorError, type Problem, type Result } from "./AdvisorError";
import { childKey, type TextPosition } from "./jsonLocate";

import type { ModelBootstrapDraw as BootstrapDraw, Interval, ModelFileV1 } from "@qqt/data";

// The advisor's first, hand-written `qqt.model/v1` validator, KEPT ONLY for lib/store/validate.ts (whose tests pin its
// messages). The advisor itself reads models with @qqt/data's parseModel (lib/modelFile.ts). Delete this file once
// the store validates with @qqt/data too.

const MODEL_FORMAT = "qqt.model/v1";
/** Most buckets a model may have. */
const MAX_BUCKETS = 100;
/** Most bootstrap draws a model may carry. */
const MAX_DRAWS = 10_000;

type Json = unknown;
type Obj = Record<string, Json>;

/** Collects problems while validating, each located in the source text when positions are known. */
class Checker {
  readonly problems: Problem[] = [];
  constructor(
    private readonly file: string | undefined,
    private readonly positions: Map<string, TextPosition> | undefined,
  ) {}

  report(path: string, message: string): void {
    // A missing field has no position of its own: point at its nearest present ancestor.
    let at: TextPosition | undefined;
    for (let p: string | undefined = path; p !== undefined && at === undefined; p = parentPath(p)) {
      at = this.positions?.get(p);
    }
    const problem: Problem = { path, message };
    if (this.file !== undefined) problem.file = this.file;
    if (at !== undefined) {
      problem.line = at.line;
      problem.column = at.column;
    }
    this.problems.push(problem);
  }

  object(value: Json, path: string, what = "an object"): Obj | undefined {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Obj;
    this.report(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  array(value: Json, path: string, what: string): Json[] | undefined {
    if (Array.isArray(value)) return value;
    this.report(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  number(value: Json, path: string, test: (x: number) => boolean, what: string): number | undefined {
    if (typeof value === "number" && Number.isFinite(value) && test(value)) return value;
    this.report(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  string(value: Json, path: string, what = "a string"): string | undefined {
    if (typeof value === "string") return value;
    this.report(path, `got ${describe(value)}; expected ${what}`);
    return undefined;
  }

  oneOf<T extends string>(value: Json, path: string, options: readonly T[]): T | undefined {
    if (typeof value === "string" && (options as readonly string[]).includes(value)) return value as T;
    this.report(path, `got ${describe(value)}; expected one of ${options.map((o) => JSON.stringify(o)).join(", ")}`);
    return undefined;
  }

  optionalString(obj: Obj, key: string, path: string): string | undefined {
    return obj[key] === undefined ? undefined : this.string(obj[key], childKey(path, key));
  }
}

const positive = (x: number) => x > 0;
const nonNegative = (x: number) => x >= 0;
const negative = (x: number) => x < 0;
const nonNegativeInteger = (x: number) => x >= 0 && Number.isInteger(x);
const any = () => true;

/**
 * Checks that a parsed JSON value is a valid `qqt.model/v1` model, reporting every field-level problem.
 *
 * @remarks Checks types, ranges (`a > 0`, `d ≥ 0`, `normalizer > 0`, `size > 0`, `b < 0`, `tau > 0`), unique bucket
 * ids, and that every bootstrap draw has one `b` and one `tau` per bucket. With `positions` (from
 * {@link scanJson}) each problem carries the line and column of the offending value. The returned model is a fresh
 * copy holding only the fields of the format. Unknown fields are ignored (forward compatibility). Kept for lib/store,
 * whose tests pin these messages; the advisor reads models with @qqt/data's `parseModel` (see lib/modelFile.ts).
 * @example
 * ```ts
 * const r = validateModel({ format: "qqt.model/v1", law: { formulation: "utility", variant: "paper" },
 *   task: { a: 0.02, d: 0.1, normalizer: 1e5 }, buckets: [{ id: "x", size: 1e6, b: 0.1, tau: 2 }] });
 * // r.ok === false; r.error.problems[0] → { path: "buckets[0].b", message: "got 0.1; expected a finite utility exponent < 0" }
 * ```
 */
export function validateModel(
  value: unknown,
  options: { file?: string; positions?: Map<string, TextPosition> } = {},
): Result<ModelFileV1> {
  const c = new Checker(options.file, options.positions);
  const model = checkModel(c, value);
  if (c.problems.length > 0 || model === undefined) {
    const name = options.file ?? "The model";
    const count = c.problems.length;
    return {
      ok: false,
      error: new AdvisorError(
        "INVALID_MODEL",
        `${name} is not a valid ${MODEL_FORMAT} model: ${count} problem${count === 1 ? "" : "s"} found.`,
        c.problems,
      ),
    };
  }
  return { ok: true, value: model };
}

function checkModel(c: Checker, value: Json): ModelFileV1 | undefined {
  const root = c.object(value, "", `a ${MODEL_FORMAT} JSON object`);
  if (!root) return undefined;
  if (root.format !== MODEL_FORMAT) {
    const hint =
      typeof root.format === "string" && root.format.startsWith("qqt.study/")
        ? " (this is a study file: only model files can be opened for now)"
        : "";
    c.report("format", `got ${describe(root.format)}; expected "${MODEL_FORMAT}"${hint}`);
  }
  const model: Partial<ModelFileV1> = { format: MODEL_FORMAT };
  const name = c.optionalString(root, "name", "");
  if (name !== undefined) model.name = name;
  const description = c.optionalString(root, "description", "");
  if (description !== undefined) model.description = description;

  if (root.source !== undefined) {
    const s = c.object(root.source, "source");
    if (s) {
      const source: NonNullable<ModelFileV1["source"]> = {};
      for (const key of ["citation", "url", "licence", "note"] as const) {
        const v = c.optionalString(s, key, "source");
        if (v !== undefined) source[key] = v;
      }
      if (s.synthetic !== undefined) {
        if (typeof s.synthetic === "boolean") source.synthetic = s.synthetic;
        else c.report("source.synthetic", `got ${describe(s.synthetic)}; expected true or false`);
      }
      model.source = source;
    }
  }
  if (root.metric !== undefined) {
    const m = c.object(root.metric, "metric", "an object { name, description? }");
    if (m) {
      const metricName = c.string(m.name, "metric.name", "a metric name such as \"imagenet1k error\"");
      const metricDescription = c.optionalString(m, "description", "metric");
      if (metricName !== undefined) {
        model.metric = { name: metricName };
        if (metricDescription !== undefined) model.metric.description = metricDescription;
      }
    }
  }

  const law = c.object(root.law, "law", 'an object { formulation: "utility" | "effective-data", variant: "paper" | "reference" }');
  if (law) {
    const formulation = c.oneOf(law.formulation, "law.formulation", ["utility", "effective-data"] as const);
    const variant = c.oneOf(law.variant, "law.variant", ["paper", "reference"] as const);
    if (formulation && variant) model.law = { formulation, variant };
  }

  const task = c.object(root.task, "task", "an object { a, d, normalizer }");
  if (task) {
    const a = c.number(task.a, "task.a", positive, "a finite sample-count scale > 0");
    const d = c.number(task.d, "task.d", nonNegative, "a finite irreducible error >= 0");
    const normalizer = c.number(task.normalizer, "task.normalizer", positive, "a finite number > 0 (1e5 in the official code)");
    if (a !== undefined && d !== undefined && normalizer !== undefined) model.task = { a, d, normalizer };
  }

  const bucketList = c.array(root.buckets, "buckets", "an array of buckets { id, size, b, tau, label? }, best first");
  if (bucketList) {
    if (bucketList.length === 0) c.report("buckets", "got an empty array; expected at least one bucket");
    if (bucketList.length > MAX_BUCKETS) c.report("buckets", `got ${bucketList.length} buckets; expected at most ${MAX_BUCKETS}`);
    const seen = new Map<string, number>();
    const buckets: ModelFileV1["buckets"] = [];
    bucketList.slice(0, MAX_BUCKETS).forEach((item, i) => {
      const path = `buckets[${i}]`;
      const o = c.object(item, path, "a bucket { id, size, b, tau, label? }");
      if (!o) return;
      const id = typeof o.id === "string" && o.id.length > 0 ? o.id : undefined;
      if (id === undefined) c.report(`${path}.id`, `got ${describe(o.id)}; expected a non-empty string`);
      else if (seen.has(id)) c.report(`${path}.id`, `got ${describe(id)}, already used by buckets[${seen.get(id)}]; expected unique bucket ids`);
      else seen.set(id, i);
      const size = c.number(o.size, `${path}.size`, positive, "a finite number of unique samples > 0");
      const b = c.number(o.b, `${path}.b`, negative, "a finite utility exponent < 0");
      const tau = c.number(o.tau, `${path}.tau`, positive, "a finite half-life in repetitions > 0");
      const label = c.optionalString(o, "label", path);
      if (id !== undefined && size !== undefined && b !== undefined && tau !== undefined) {
        buckets.push(label === undefined ? { id, size, b, tau } : { id, size, b, tau, label });
      }
    });
    model.buckets = buckets;
  }

  if (root.fit !== undefined) {
    const fit = checkFit(c, root.fit, Array.isArray(root.buckets) ? root.buckets.length : 0);
    if (fit) model.fit = fit;
  }
  return c.problems.length === 0 ? (model as ModelFileV1) : undefined;
}

function checkFit(c: Checker, value: Json, bucketCount: number): ModelFileV1["fit"] | undefined {
  const f = c.object(value, "fit", "an object describing the fit (or no fit field for a hand-entered model)");
  if (!f) return undefined;
  const generator = c.string(f.generator, "fit.generator", 'the fitting tool, e.g. "@qqt/fit 0.1.0"');
  const loss = c.oneOf(f.loss, "fit.loss", ["sse", "huber-log"] as const);
  const seed = c.number(f.seed, "fit.seed", any, "a finite number");
  const observations = c.number(f.observations, "fit.observations", nonNegativeInteger, "a count of observations >= 0");
  const sse = c.number(f.sse, "fit.sse", nonNegative, "a finite sum of squared errors >= 0");
  const rmse = c.number(f.rmse, "fit.rmse", nonNegative, "a finite root-mean-square error >= 0");
  const iterations = c.number(f.iterations, "fit.iterations", nonNegativeInteger, "a count of iterations >= 0");
  let converged: boolean | undefined;
  if (typeof f.converged === "boolean") converged = f.converged;
  else c.report("fit.converged", `got ${describe(f.converged)}; expected true or false`);
  const warnings: Array<{ code: string; message: string }> = [];
  const warningList = c.array(f.warnings, "fit.warnings", "an array of { code, message } (empty when there are none)");
  warningList?.forEach((w, i) => {
    const o = c.object(w, `fit.warnings[${i}]`, "a warning { code, message }");
    if (!o) return;
    const code = c.string(o.code, `fit.warnings[${i}].code`);
    const message = c.string(o.message, `fit.warnings[${i}].message`);
    if (code !== undefined && message !== undefined) warnings.push({ code, message });
  });
  const createdAt = c.optionalString(f, "createdAt", "fit");
  let options: Record<string, unknown> | undefined;
  if (f.options !== undefined) options = c.object(f.options, "fit.options");

  let standardErrors: NonNullable<ModelFileV1["fit"]>["standardErrors"];
  if (f.standardErrors !== undefined) {
    const se = c.object(f.standardErrors, "fit.standardErrors", "an object { a?, d?, buckets }");
    if (se) {
      const entries = c.array(se.buckets, "fit.standardErrors.buckets", "an array of { id, b?, tau? }") ?? [];
      standardErrors = { buckets: [] };
      if (se.a !== undefined) standardErrors.a = c.number(se.a, "fit.standardErrors.a", nonNegative, "a standard error >= 0");
      if (se.d !== undefined) standardErrors.d = c.number(se.d, "fit.standardErrors.d", nonNegative, "a standard error >= 0");
      entries.forEach((e, i) => {
        const path = `fit.standardErrors.buckets[${i}]`;
        const o = c.object(e, path, "an object { id, b?, tau? }");
        if (!o) return;
        const id = c.string(o.id, `${path}.id`, "a bucket id");
        const entry: { id: string; b?: number; tau?: number } = { id: id ?? "" };
        if (o.b !== undefined) entry.b = c.number(o.b, `${path}.b`, nonNegative, "a standard error >= 0");
        if (o.tau !== undefined) entry.tau = c.number(o.tau, `${path}.tau`, nonNegative, "a standard error >= 0");
        standardErrors!.buckets.push(entry);
      });
    }
  }

  let bootstrap: NonNullable<ModelFileV1["fit"]>["bootstrap"];
  if (f.bootstrap !== undefined) bootstrap = checkBootstrap(c, f.bootstrap, bucketCount);

  if (
    generator === undefined ||
    loss === undefined ||
    seed === undefined ||
    observations === undefined ||
    sse === undefined ||
    rmse === undefined ||
    iterations === undefined ||
    converged === undefined
  ) {
    return undefined;
  }
  const fit: NonNullable<ModelFileV1["fit"]> = { generator, loss, seed, observations, sse, rmse, iterations, converged, warnings };
  if (createdAt !== undefined) fit.createdAt = createdAt;
  if (options !== undefined) fit.options = options;
  if (standardErrors !== undefined) fit.standardErrors = standardErrors;
  if (bootstrap !== undefined) fit.bootstrap = bootstrap;
  return fit;
}

function checkBootstrap(c: Checker, value: Json, bucketCount: number): NonNullable<ModelFileV1["fit"]>["bootstrap"] {
  const path = "fit.bootstrap";
  const o = c.object(value, path, "an object { method, samples, seed, confidence, intervals, draws }");
  if (!o) return undefined;
  const method = c.oneOf(o.method, `${path}.method`, ["runs", "residuals"] as const);
  const samples = c.number(o.samples, `${path}.samples`, nonNegativeInteger, "a count of requested samples >= 0");
  const seed = c.number(o.seed, `${path}.seed`, any, "a finite number");
  const confidence = c.number(o.confidence, `${path}.confidence`, (x) => x > 0 && x < 1, "a level between 0 and 1, e.g. 0.95");
  const intervals = checkIntervals(c, o.intervals, `${path}.intervals`);
  const drawList = c.array(o.draws, `${path}.draws`, "an array of draws { a, d, b[], tau[] }") ?? [];
  if (drawList.length > MAX_DRAWS) c.report(`${path}.draws`, `got ${drawList.length} draws; expected at most ${MAX_DRAWS}`);
  const draws: BootstrapDraw[] = [];
  drawList.slice(0, MAX_DRAWS).forEach((item, i) => {
    const p = `${path}.draws[${i}]`;
    const d = c.object(item, p, "a draw { a, d, b[], tau[] }");
    if (!d) return;
    const a = c.number(d.a, `${p}.a`, positive, "a finite sample-count scale > 0");
    const dd = c.number(d.d, `${p}.d`, nonNegative, "a finite irreducible error >= 0");
    const b = numberArray(c, d.b, `${p}.b`, bucketCount, negative, "a finite utility exponent < 0");
    const tau = numberArray(c, d.tau, `${p}.tau`, bucketCount, positive, "a finite half-life > 0");
    if (a !== undefined && dd !== undefined && b && tau) draws.push({ a, d: dd, b, tau });
  });
  if (method === undefined || samples === undefined || seed === undefined || confidence === undefined || !intervals) return undefined;
  return { method, samples, seed, confidence, intervals, draws };
}

function checkIntervals(
  c: Checker,
  value: Json,
  path: string,
): NonNullable<NonNullable<ModelFileV1["fit"]>["bootstrap"]>["intervals"] | undefined {
  const o = c.object(value, path, "an object { a?, d?, buckets }");
  if (!o) return undefined;
  const interval = (v: Json, p: string): Interval | undefined => {
    const i = c.object(v, p, "an interval { low, high }");
    if (!i) return undefined;
    const low = c.number(i.low, `${p}.low`, any, "a finite number");
    const high = c.number(i.high, `${p}.high`, any, "a finite number");
    if (low === undefined || high === undefined) return undefined;
    if (low > high) {
      c.report(p, `got low ${low} > high ${high}; expected low <= high`);
      return undefined;
    }
    return { low, high };
  };
  const out: NonNullable<NonNullable<ModelFileV1["fit"]>["bootstrap"]>["intervals"] = { buckets: [] };
  if (o.a !== undefined) {
    const a = interval(o.a, `${path}.a`);
    if (a) out.a = a;
  }
  if (o.d !== undefined) {
    const d = interval(o.d, `${path}.d`);
    if (d) out.d = d;
  }
  const list = c.array(o.buckets, `${path}.buckets`, "an array of { id, b?, tau? }") ?? [];
  list.forEach((e, i) => {
    const p = `${path}.buckets[${i}]`;
    const b = c.object(e, p, "an object { id, b?, tau? }");
    if (!b) return;
    const id = c.string(b.id, `${p}.id`, "a bucket id") ?? "";
    const entry: { id: string; b?: Interval; tau?: Interval } = { id };
    if (b.b !== undefined) {
      const iv = interval(b.b, `${p}.b`);
      if (iv) entry.b = iv;
    }
    if (b.tau !== undefined) {
      const iv = interval(b.tau, `${p}.tau`);
      if (iv) entry.tau = iv;
    }
    out.buckets.push(entry);
  });
  return out;
}

function numberArray(
  c: Checker,
  value: Json,
  path: string,
  length: number,
  test: (x: number) => boolean,
  what: string,
): number[] | undefined {
  const list = c.array(value, path, `an array of ${length} numbers, one per bucket`);
  if (!list) return undefined;
  if (list.length !== length) {
    c.report(path, `got ${list.length} values; expected ${length}, one per bucket in the order of "buckets"`);
    return undefined;
  }
  const out: number[] = [];
  let ok = true;
  list.forEach((v, i) => {
    const x = c.number(v, `${path}[${i}]`, test, what);
    if (x === undefined) ok = false;
    else out.push(x);
  });
  return ok ? out : undefined;
}

/** The path of the value containing `path`, or undefined at the root. */
function parentPath(path: string): string | undefined {
  if (path === "") return undefined;
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut <= 0 ? "" : path.slice(0, cut);
}

/** A short description of a JSON value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return "an object";
}
