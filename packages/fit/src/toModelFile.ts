import type { BootstrapResult } from "./bootstrap.js";
import { FitError } from "./FitError.js";
import type { FitResult } from "./types.js";
import { VERSION } from "./version.js";

/**
 * The `qqt.model/v1` file (the shared contract with `@qqt/data`, which owns its reader, writer and JSON Schema).
 *
 * @remarks Plain JSON: numbers are finite, optional fields are omitted (never null). Buckets are best-first.
 * Fixed parameters have no standard error or interval entry.
 * @example
 * ```ts
 * const file: ModelFileV1 = { format: "qqt.model/v1", law: { formulation: "utility", variant: "paper" },
 *   task: { a: 0.022, d: 0.1, normalizer: 1e5 }, buckets: [{ id: "top0-10", size: 12.8e6, b: -0.18, tau: 4.36 }] };
 * ```
 */
export interface ModelFileV1 {
  format: "qqt.model/v1";
  name?: string;
  description?: string;
  source?: { citation?: string; url?: string; licence?: string; synthetic?: boolean; note?: string };
  metric?: { name: string; description?: string };
  law: { formulation: "utility" | "effective-data"; variant: "paper" | "reference" };
  task: { a: number; d: number; normalizer: number };
  buckets: Array<{ id: string; size: number; b: number; tau: number; label?: string }>;
  fit?: {
    generator: string;
    createdAt?: string;
    loss: "sse" | "huber-log";
    seed: number;
    options?: Record<string, unknown>;
    observations: number;
    sse: number;
    rmse: number;
    iterations: number;
    converged: boolean;
    warnings: Array<{ code: string; message: string }>;
    standardErrors?: { a?: number; d?: number; buckets: Array<{ id: string; b?: number; tau?: number }> };
    bootstrap?: {
      method: "runs" | "residuals";
      samples: number;
      seed: number;
      confidence: number;
      intervals: {
        a?: { low: number; high: number };
        d?: { low: number; high: number };
        buckets: Array<{ id: string; b?: { low: number; high: number }; tau?: { low: number; high: number } }>;
      };
      draws: Array<{ a: number; d: number; b: number[]; tau: number[] }>;
    };
  };
}

/**
 * Extra descriptive fields of a model file.
 *
 * @example
 * ```ts
 * const meta: ModelFileMeta = { name: "T-MARS ImageNet", metric: { name: "imagenet1k top-1 error" } };
 * ```
 */
export interface ModelFileMeta {
  bootstrap?: BootstrapResult;
  name?: string;
  description?: string;
  metric?: { name: string; description?: string };
  source?: ModelFileV1["source"];
  /** ISO time to record; omitted by default so the output is a pure function of its inputs. */
  createdAt?: string;
}

/**
 * Converts a fit (and optionally its bootstrap) into a `qqt.model/v1` object, ready for `JSON.stringify`.
 *
 * @remarks Pure: the same inputs give the same object (`createdAt` only when given). Throws `INVALID_OPTION` when
 * the bootstrap belongs to another fit (different buckets).
 * @example
 * ```ts
 * const file = toModelFile(result, { bootstrap: boot, name: "T-MARS", metric: { name: "imagenet1k error" } });
 * file.fit.generator; // "@qqt/fit 0.1.0"
 * ```
 */
export function toModelFile(result: FitResult, meta: ModelFileMeta = {}): ModelFileV1 {
  const { bootstrap } = meta;
  if (bootstrap !== undefined) {
    const ids = result.buckets.map((b) => b.id).join("\u0000");
    if (bootstrap.fit.buckets.map((b) => b.id).join("\u0000") !== ids) {
      throw new FitError("INVALID_OPTION", "meta.bootstrap", "the bootstrap was run on other buckets than this fit.");
    }
  }
  const se = result.standardErrors;
  const seBuckets = se.buckets.map((b) => ({ id: b.id, ...finite("b", b.b), ...finite("tau", b.tau) }));
  const hasSe = se.a !== undefined || se.d !== undefined || seBuckets.some((b) => "b" in b || "tau" in b);
  const file: ModelFileV1 = {
    format: "qqt.model/v1",
    ...(meta.name !== undefined ? { name: meta.name } : {}),
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.source !== undefined ? { source: { ...meta.source } } : {}),
    ...(meta.metric !== undefined ? { metric: { ...meta.metric } } : {}),
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
      ...(meta.createdAt !== undefined ? { createdAt: meta.createdAt } : {}),
      loss: result.loss,
      seed: result.seed,
      options: JSON.parse(JSON.stringify(result.options)) as Record<string, unknown>,
      observations: result.observations,
      sse: result.sse,
      rmse: result.rmse,
      iterations: result.iterations,
      converged: result.converged,
      warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
      ...(hasSe ? { standardErrors: { ...finite("a", se.a), ...finite("d", se.d), buckets: seBuckets } } : {}),
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
  };
  return file;
}

function finite<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return value !== undefined && Number.isFinite(value) ? ({ [key]: value } as { [P in K]?: number }) : {};
}
