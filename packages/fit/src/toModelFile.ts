import type { Model, ModelCoverage, ModelFit } from "@qqt/core";
import type { ModelFileV1, ModelMetric, SourceInfo } from "@qqt/data";
import type { BootstrapResult } from "./bootstrap.js";
import { FitError } from "./FitError.js";
import type { FitResult } from "./types.js";
import { VERSION } from "./version.js";

/**
 * What {@link toModelFile} adds to a fit: its bootstrap and the descriptive fields of the model file.
 *
 * @example
 * ```ts
 * const meta: ModelFileMeta = { name: "T-MARS ImageNet", metric: { name: "imagenet1k", description: "ImageNet zero-shot top-1 error" } };
 * ```
 */
export interface ModelFileMeta {
  /** A {@link bootstrap} of the same fit, stored as `fit.bootstrap` (intervals and every draw). */
  bootstrap?: BootstrapResult;
  /** Short name to show, e.g. `"T-MARS ImageNet"`. */
  name?: string;
  /** What the model describes, in a sentence or two. */
  description?: string;
  /** The evaluation metric whose error the model predicts. */
  metric?: ModelMetric;
  /** Where the runs come from; `synthetic: true` marks generated data. */
  source?: SourceInfo;
  /** ISO time to record; omitted by default so the output is a pure function of its inputs. */
  createdAt?: string;
  /**
   * The pools to compare when recommending (bucket ids each), e.g. a study's `candidates`; absent means the nested
   * pools of the best-first buckets.
   */
  candidates?: readonly (readonly string[])[];
}

/**
 * Converts a fit (and optionally its bootstrap) into a `qqt.model/v1` object, ready for `JSON.stringify` or
 * `@qqt/data`'s `writeModel`.
 *
 * @remarks Pure: the same inputs give the same object (`createdAt` only when given). Plain JSON: numbers are
 * finite, optional fields are omitted (never null), buckets keep the input order (best first); fixed parameters have
 * no standard error or interval entry. The result passes `@qqt/data`'s `parseModel` unchanged.
 * @throws A {@link FitError} `INVALID_OPTION` (path `meta.bootstrap`) when the bootstrap was run on other buckets, or
 * (path `meta.candidates`) when a candidate pool names a bucket the fit does not have.
 * @example
 * ```ts
 * const result = fit(input, { seed: 1 });
 * const file = toModelFile(result, { name: "T-MARS", metric: { name: "imagenet1k" } });
 * file.format; // "qqt.model/v1"
 * file.fit?.generator; // `@qqt/fit ${VERSION}`, e.g. "@qqt/fit 0.1.0"
 * writeModel(file); // stable JSON text (from @qqt/data)
 * ```
 */
export function toModelFile(result: FitResult, meta: ModelFileMeta = {}): ModelFileV1 {
  const { bootstrap } = meta;
  if (meta.candidates !== undefined) {
    const ids = new Set(result.buckets.map((b) => b.id));
    const unknown = meta.candidates.flat().find((id) => !ids.has(id));
    if (unknown !== undefined) throw new FitError("INVALID_OPTION", "meta.candidates", `candidate pools name bucket "${unknown}", which the fit does not have.`);
  }
  if (bootstrap !== undefined) {
    const ids = result.buckets.map((b) => b.id).join("\u0000");
    if (bootstrap.fit.buckets.map((b) => b.id).join("\u0000") !== ids) {
      throw new FitError("INVALID_OPTION", "meta.bootstrap", "the bootstrap was run on other buckets than this fit.");
    }
  }
  const point = result.model ?? pointModel(result);
  const fitRecord = point.fit as ModelFit;
  const file: ModelFileV1 = {
    format: "qqt.model/v1",
    ...(meta.name !== undefined ? { name: meta.name } : {}),
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.source !== undefined ? { source: { ...meta.source } } : {}),
    ...(meta.metric !== undefined ? { metric: modelMetric(meta.metric) } : {}),
    law: { ...point.law },
    task: { ...point.task },
    buckets: point.buckets.map((b) => ({ ...b })),
    fit: {
      ...fitRecord,
      ...(meta.createdAt !== undefined ? { createdAt: meta.createdAt } : {}),
      ...(bootstrap !== undefined
        ? {
            bootstrap: {
              method: bootstrap.method,
              samples: bootstrap.samples,
              seed: bootstrap.seed,
              confidence: bootstrap.confidence,
              intervals: {
                ...(bootstrap.intervals.a ? { a: { ...bootstrap.intervals.a } } : {}),
                ...(bootstrap.intervals.d ? { d: { ...bootstrap.intervals.d } } : {}),
                buckets: bootstrap.intervals.buckets.map((b) => ({
                  id: b.id,
                  ...(b.b ? { b: { ...b.b } } : {}),
                  ...(b.tau ? { tau: { ...b.tau } } : {}),
                })),
              },
              draws: bootstrap.draws.map((d) => ({ a: d.a, d: d.d, b: [...d.b], tau: [...d.tau] })),
            },
          }
        : {}),
    },
    ...(meta.candidates !== undefined
      ? { candidates: meta.candidates.map((pool) => [...pool]) }
      : point.candidates !== undefined
        ? { candidates: point.candidates.map((pool) => [...pool]) }
        : {}),
  };
  // Key order of the record as written: generator first, createdAt after it.
  if (file.fit !== undefined) file.fit = orderFit(file.fit);
  return file;
}

/**
 * The point model of a fit (no bootstrap, no descriptive fields): the law, parameters and the fit's record. Used
 * by {@link fit} for `FitResult.model`. @internal
 */
export function pointModel(result: Omit<FitResult, "model"> & { model?: Model }, groups?: readonly string[]): Model {
  const se = result.standardErrors;
  const seBuckets = se.buckets.map((b) => ({ id: b.id, ...finite("b", b.b), ...finite("tau", b.tau) }));
  const hasSe = se.a !== undefined || se.d !== undefined || seBuckets.some((b) => "b" in b || "tau" in b);
  return {
    format: "qqt.model/v1",
    law: { formulation: result.law.formulation, variant: result.law.variant },
    task: { a: result.task.a, d: result.task.d, normalizer: result.task.normalizer },
    buckets: result.buckets.map((b) => ({
      id: b.id,
      size: b.size,
      b: b.b,
      tau: b.tau,
      ...(b.label !== undefined ? { label: b.label } : {}),
    })),
    fit: {
      generator: `@qqt/fit ${VERSION}`,
      loss: result.loss,
      seed: result.seed,
      options: JSON.parse(JSON.stringify(result.options)) as Record<string, unknown>,
      observations: result.observations,
      freeParameters: result.freeParameters,
      sse: result.sse,
      rmse: result.rmse,
      iterations: result.iterations,
      converged: result.converged,
      warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
      ...(hasSe ? { standardErrors: { ...finite("a", se.a), ...finite("d", se.d), buckets: seBuckets } } : {}),
      coverage: JSON.parse(JSON.stringify(result.coverage)) as ModelCoverage,
      ...(result.noise !== undefined ? { noise: { ...result.noise } } : {}),
    },
    ...optionalCandidates(groupCandidates(result.buckets, groups)),
  };
}

/**
 * The default pools of a fit whose buckets share quality groups at several sizes (a pilot pool and the full pool):
 * the nested pools top-1 … top-k over the largest bucket of each group, in the groups' best-first order — the same
 * top-k% at the largest scale fitted. `undefined` when no group has two buckets.
 */
function groupCandidates(buckets: readonly { id: string; size: number }[], groups: readonly string[] | undefined): string[][] | undefined {
  if (groups === undefined || new Set(groups).size === groups.length) return undefined;
  const largest = new Map<string, { id: string; size: number }>();
  buckets.forEach((b, i) => {
    const g = groups[i] as string;
    const known = largest.get(g);
    if (known === undefined || b.size > known.size) largest.set(g, b);
  });
  const order = [...largest.values()].map((b) => b.id);
  return order.map((_, k) => order.slice(0, k + 1));
}

function optionalCandidates(candidates: string[][] | undefined): { candidates?: string[][] } {
  return candidates === undefined ? {} : { candidates };
}

const FIT_KEYS = ["generator", "createdAt", "loss", "seed", "options", "observations", "freeParameters", "sse", "rmse", "iterations", "converged", "warnings", "standardErrors", "coverage", "noise", "bootstrap"] as const;

function orderFit(fit: ModelFit): ModelFit {
  const out: Record<string, unknown> = {};
  for (const key of FIT_KEYS) if (fit[key] !== undefined) out[key] = fit[key];
  return out as unknown as ModelFit;
}

/** The model's metric: name, description and kind (a study's metric may carry more, e.g. the tasks averaged). */
function modelMetric(metric: ModelMetric & { tasks?: unknown }): ModelMetric {
  return {
    name: metric.name,
    ...(metric.description !== undefined ? { description: metric.description } : {}),
    ...(metric.kind !== undefined ? { kind: metric.kind } : {}),
  };
}

function finite<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return value !== undefined && Number.isFinite(value) ? ({ [key]: value } as { [P in K]?: number }) : {};
}
