// qqt predict <model.json> --pool … --samples …: predicted error per pool and budget (with bootstrap intervals).
import type { ModelFileV1 } from "@qqt/data";
import { modelToCore } from "@qqt/data";
import type { Command } from "commander";
import type { Context } from "../context.js";
import { parseInteger } from "../fitOptions.js";
import type { ModelSummaryJson, PredictJson } from "../json.js";
import { loadModel } from "../model.js";
import { BUDGET_HELP, confidenceOption, POOL_HELP, pointsOption } from "../options.js";
import { formatCount } from "@qqt/core";
import { formatError, formatPercent } from "../output/numbers.js";
import { renderTable, type TableColumn } from "../output/renderTable.js";
import { parseBudgets } from "../parseBudgets.js";
import { poolName, poolSize, resolvePool } from "../pools.js";
import type { Runner } from "../program.js";
import { nestedIds } from "../recommendation.js";
import { drawsOf, errorIntervals, pointModels } from "../uncertainty.js";
import { parseConfidence, syntheticBanner } from "./shared.js";

interface PredictCommandOptions {
  pool?: string[];
  samples: string;
  points: string;
  confidence?: string;
  json?: boolean;
}

/** What a model is, for JSON outputs. */
export function modelSummary(model: ModelFileV1): ModelSummaryJson {
  return {
    ...(model.name !== undefined ? { name: model.name } : {}),
    law: { ...model.law },
    ...(model.metric !== undefined ? { metric: model.metric.name } : {}),
    synthetic: model.source?.synthetic === true,
    draws: drawsOf(model).length,
  };
}

/** Prints who the model is (name, law, metric, synthetic), for the human outputs. */
export function printModelHeader(ctx: Context, model: ModelFileV1, path: string): void {
  if (model.source?.synthetic === true) syntheticBanner(ctx, `this model was fitted to generated runs, not real training results${model.source?.citation !== undefined ? `; source: ${model.source.citation}` : ""}.`);
  const draws = drawsOf(model).length;
  ctx.print(
    `${ctx.out.bold(model.name ?? path)} — law ${model.law.formulation}/${model.law.variant}` +
      (model.metric !== undefined ? `, metric ${model.metric.name}` : "") +
      (draws > 0 ? `, ${draws} bootstrap draws` : ", no bootstrap draws (no intervals)"),
  );
}

/** Computes the `predict --json` object. */
export function computePredictions(model: ModelFileV1, pools: string[][], budgets: number[], confidence?: number): PredictJson {
  const { buckets } = modelToCore(model);
  const level = confidence ?? model.fit?.bootstrap?.confidence ?? 0.95;
  const models = pointModels(model, pools);
  const intervals = drawsOf(model).length > 0 ? errorIntervals(model, pools, budgets, level) : undefined;
  return {
    model: modelSummary(model),
    ...(intervals !== undefined ? { confidence: level } : {}),
    pools: pools.map((ids, p) => {
      const size = poolSize(ids, buckets);
      const curve = models[p]!.curve(budgets);
      return {
        pool: ids,
        name: poolName(ids, buckets),
        size,
        limitingError: models[p]!.limitingError(),
        predictions: budgets.map((n, k) => ({
          samplesSeen: n,
          error: curve[k]!,
          passes: n / size,
          ...(intervals !== undefined ? { interval: intervals[p]![k]! } : {}),
        })),
      };
    }),
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
    .option("--json", "print JSON: { model, confidence?, pools: [{ pool, name, size, limitingError, predictions: [{ samplesSeen, error, passes, interval? }] }] }")
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
        const model = await loadModel(modelPath, ctx);
        if (confidence !== undefined && drawsOf(model).length === 0) ctx.warn("--confidence is ignored: the model has no bootstrap draws (fit it with --bootstrap N).");
        const { buckets } = modelToCore(model);
        const pools = o.pool !== undefined ? o.pool.map((spec) => resolvePool(spec, buckets)) : (model.candidates ?? nestedIds(buckets));
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
              (withIntervals ? ` Brackets: ${formatPercent(out.confidence!).replace(".0", "")} bootstrap interval of the prediction.` : ""),
          ),
        );
      }),
    );
}
