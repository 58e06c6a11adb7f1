// qqt predict <model.json> --pool … --samples …: predicted error per pool and budget (with bootstrap intervals).
import { adviceEngine, formatCount, scaleModel } from "@qqt/core";
import type { ModelFileV1 } from "@qqt/data";
import type { Command } from "commander";
import type { Context } from "../context.js";
import { parseInteger } from "../fitOptions.js";
import type { ModelSummaryJson, PredictJson } from "../json.js";
import { loadModel } from "../model.js";
import { BUDGET_HELP, confidenceOption, parseScale, POOL_HELP, pointsOption, scaleOption } from "../options.js";
import { formatError, formatPercent } from "../output/numbers.js";
import { renderTable, type TableColumn } from "../output/renderTable.js";
import { parseBudgets } from "../parseBudgets.js";
import { resolvePool } from "../pools.js";
import type { Runner } from "../program.js";
import { poolJson, uncertaintyJson, uniqueWarnings, warningJson } from "../recommendation.js";
import { parseConfidence, syntheticBanner } from "./shared.js";

interface PredictCommandOptions {
  pool?: string[];
  samples: string;
  points: string;
  confidence?: string;
  scale?: string;
  json?: boolean;
}

/** What a model is, for JSON outputs. */
export function modelSummary(model: ModelFileV1): ModelSummaryJson {
  return {
    ...(model.name !== undefined ? { name: model.name } : {}),
    law: { ...model.law },
    ...(model.metric !== undefined ? { metric: model.metric.name } : {}),
    synthetic: model.source?.synthetic === true,
    draws: model.fit?.bootstrap?.draws.length ?? 0,
  };
}

/** Prints who the model is (name, law, metric, synthetic), for the human outputs. */
export function printModelHeader(ctx: Context, model: ModelFileV1, path: string): void {
  if (model.source?.synthetic === true) syntheticBanner(ctx, `this model was fitted to generated runs, not real training results${model.source?.citation !== undefined ? `; source: ${model.source.citation}` : ""}.`);
  const draws = model.fit?.bootstrap?.draws.length ?? 0;
  ctx.print(
    `${ctx.out.bold(model.name ?? path)} — law ${model.law.formulation}/${model.law.variant}` +
      (model.metric !== undefined ? `, metric ${model.metric.name}` : "") +
      (draws > 0 ? `, ${draws} bootstrap draws` : ", no bootstrap draws (no intervals)"),
  );
}

/** Computes the `predict --json` object: the advice engine's predictions of each pool. */
export function computePredictions(model: ModelFileV1, pools: string[][] | undefined, budgets: number[], confidence?: number): PredictJson {
  const engine = adviceEngine(model, confidence !== undefined ? { confidence } : {});
  const forecasts = (pools ?? engine.candidates.map((c) => c.pool)).map((ids) => engine.predict(ids, budgets));
  const u = uncertaintyJson(engine.uncertainty);
  return {
    model: modelSummary(model),
    ...(u.kind === "estimated" ? { confidence: u.confidence } : {}),
    uncertainty: u,
    intervalKind: "prediction",
    pools: forecasts.map((f) => ({
      ...poolJson(f),
      limitingError: f.limitingError,
      predictions: f.predictions.map((q) => ({
        samplesSeen: q.samplesSeen,
        error: q.error,
        passes: q.passes,
        ...(q.interval !== undefined ? { interval: { low: q.interval.low, high: q.interval.high } } : {}),
        ...(q.meanInterval !== undefined ? { meanInterval: { ...q.meanInterval } } : {}),
        ...(q.extrapolation !== undefined ? { extrapolationFactor: q.extrapolation.factor } : {}),
      })),
    })),
    warnings: uniqueWarnings([{ warnings: [...engine.warnings.map(warningJson), ...forecasts.flatMap((f) => f.warnings.map(warningJson))] }]),
  };
}

/** Registers `qqt predict`. */
export function registerPredict(cmd: Command, run: Runner): void {
  cmd
    .summary("predicted error of pools at budgets (with intervals when the model has bootstrap draws)")
    .description(
      "Predicts the error of each pool at each budget (samples seen) from a qqt.model/v1 file, with the bootstrap interval of the prediction when the model carries draws (qqt fit --bootstrap N), and the limiting error of each pool under unlimited repetition.",
    )
    .argument("<model>", "a qqt.model/v1 file (from qqt fit -o), or example:tmars-paper")
    .option("-p, --pool <pool>", "a pool to predict (repeatable; default: the model's candidate pools, else the nested pools top-1 … top-p)", (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .requiredOption("-s, --samples <budgets>", "budgets (samples seen): a list or a range, see below")
    .addOption(pointsOption())
    .addOption(confidenceOption())
    .addOption(scaleOption())
    .option(
      "--json",
      "print JSON: { model, confidence?, uncertainty, intervalKind, pools: [{ pool, name, size, limitingError, predictions: [{ samplesSeen, error, passes, interval?, meanInterval?, extrapolationFactor? }] }], warnings } — interval is the prediction interval of one new run, meanInterval the band of the mean curve",
    )
    .addHelpText(
      "after",
      `
${POOL_HELP}

${BUDGET_HELP}

Examples:
  qqt predict model.json --pool top-1 --pool top-2 --samples 32M,128M,640M
  qqt predict model.json --pool top0-10+top20-30 --samples 12.8M..1.28B:x2 --json`,
    )
    .action(
      run(async (ctx, modelPath: string, o: PredictCommandOptions) => {
        const budgets = parseBudgets(o.samples, { points: parseInteger(o.points, "--points", 2, 10_000), option: "--samples" });
        const confidence = parseConfidence(o.confidence);
        const scale = parseScale(o.scale);
        const loaded = await loadModel(modelPath, ctx);
        const model = scale !== undefined ? scaleModel(loaded, scale) : loaded;
        if (confidence !== undefined && (model.fit?.bootstrap?.draws.length ?? 0) === 0) ctx.warn("--confidence is ignored: the model has no bootstrap draws (fit it with --bootstrap N).");
        const pools = o.pool !== undefined ? o.pool.map((spec) => resolvePool(spec, model.buckets)) : undefined;
        const out = computePredictions(model, pools, budgets, confidence);
        if (o.json === true) {
          ctx.printJson(out);
          return;
        }
        printModelHeader(ctx, model, modelPath);
        ctx.print("");
        const p = ctx.out;
        const withIntervals = out.confidence !== undefined;
        const columns: TableColumn[] = [{ header: "pool" }, { header: "size", align: "right" }];
        for (const n of budgets) columns.push({ header: formatCount(n), align: "right" });
        columns.push({ header: "limit", align: "right" });
        const rows = out.pools.map((pool) => [
          p.bold(pool.name),
          formatCount(pool.size),
          ...pool.predictions.map((q) => (q.interval !== undefined ? `${formatError(q.error)} ${p.dim(`[${formatError(q.interval.low)}, ${formatError(q.interval.high)}]`)}` : formatError(q.error))),
          formatError(pool.limitingError),
        ]);
        ctx.print(renderTable(columns, rows, { headerStyle: p.bold }));
        ctx.print(
          p.dim(
            `Predicted ${model.metric?.name ?? "error"} at each budget (samples seen); limit = error under unlimited repetition.` +
              (withIntervals
                ? ` Brackets: ${formatPercent(out.confidence!).replace(".0", "")} prediction interval of one new run (fit uncertainty plus run-to-run noise); the mean curve's band is meanInterval in --json.`
                : out.uncertainty.kind === "not-estimable"
                  ? " No intervals: the fit is not estimable (see the warning)."
                  : ""),
          ),
        );
        if (out.warnings.length > 0) {
          ctx.print("");
          ctx.print(p.yellow(`Warnings (${out.warnings.length}):`));
          for (const w of out.warnings) ctx.print(`  - ${w.message} ${p.dim(`[${w.code}]`)}`);
        }
      }),
    );
}
