// qqt holdout <input…> --fit-until <budget>: fit on the small budgets, report the errors of the extrapolation.
import { safeParseCount } from "@qqt/data";
import type { Command } from "commander";
import { basename } from "node:path";
import { toFitOptions, withOptionUsage, type FitCliOptions } from "../fitOptions.js";
import { loadStudy, type InputOptions } from "../inputs.js";
import type { HoldoutJson } from "../json.js";
import { addFitOptions, addInputOptions } from "../options.js";
import { formatCount } from "@qqt/core";
import { fitWording } from "../output/issues.js";
import { formatDelta, formatError, formatParameter, formatPercent } from "../output/numbers.js";
import { parameterRows, renderParameterTable } from "../output/parameters.js";
import { renderTable } from "../output/renderTable.js";
import { poolName } from "../pools.js";
import type { Runner } from "../program.js";
import { describeStudy, syntheticBanner, syntheticWhat } from "./shared.js";
import { usage } from "../errors.js";

interface HoldoutCommandOptions extends InputOptions, FitCliOptions {
  fitUntil: string;
  json?: boolean;
}

const ONE_BUDGET = "one budget (samples seen) such as 64M, 102.4M, 1.28B or 6.4e8";

/** `--fit-until`: one budget (not a list or a range, as `--budgets` takes). */
export function parseFitUntil(text: string): number {
  const item = text.trim();
  if (/^\d{1,3}(?:,\d{3})+$/.test(item)) throw usage(`--fit-until: write "${item}" as ${item.replaceAll(",", "_")} or ${item.replaceAll(",", "")} (no thousands separators). Expected ${ONE_BUDGET}.`);
  if (item.includes(",") || item.includes("..")) throw usage(`--fit-until: expected ${ONE_BUDGET}, got the ${item.includes("..") ? "range" : "list"} "${item}".`);
  const r = safeParseCount(item, "budget");
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const why = issue.message.replace(/^budget: /, "").replace(/\.$/, "");
    throw usage(`--fit-until: ${why}${issue.suggestion !== undefined ? ` (${issue.suggestion})` : ""}. Expected ${ONE_BUDGET}.`);
  }
  if (!(r.data > 0)) throw usage(`--fit-until: expected ${ONE_BUDGET}, got "${text}" (a budget must be more than 0 samples).`);
  return Math.round(r.data);
}

/** Registers `qqt holdout`. */
export function registerHoldout(cmd: Command, run: Runner): void {
  cmd
    .summary("fit on the small budgets, measure the prediction error on the larger ones")
    .description(
      "The honest test of an extrapolating law: fits on the runs with samples seen ≤ --fit-until, predicts every larger run, and reports predicted vs observed error per run with the mean absolute error, the largest error and the RMSE.",
    )
    .argument("<inputs...>", "files or directories with training runs (or example:<id>)")
    .requiredOption("--fit-until <budget>", "fit on runs with samples seen ≤ this budget (e.g. 64M); predict the rest");
  addInputOptions(cmd);
  addFitOptions(cmd);
  cmd
    .optionsGroup("Output:")
    .option("--json", "print JSON: { fitUntil, fitted, heldOut, summary, predictions: [{ pool, samplesSeen, observed, predicted, absoluteError, … }], parameters, model }")
    .addHelpText("after", `\nThe budget is a count such as 64M, 102.4M, 1.28B or 6.4e8.\n\nExamples:\n  qqt holdout runs.csv --fit-until 64M\n  qqt holdout evals/ --metric avg18 --variant reference --fit-until 102.4M --json`)
    .action(
      run(async (ctx, inputs: string[], o: HoldoutCommandOptions) => {
        const fitUntil = parseFitUntil(o.fitUntil);
        toFitOptions(o); // usage errors before reading
        const { study } = await loadStudy(inputs, o, ctx);
        const options = toFitOptions(o, study.buckets.map((b) => b.id));
        const { holdout, toModelFile } = await import("@qqt/fit"); // loaded only by the commands that fit
        const result = await withOptionUsage(() => holdout(study, { ...options, fitUntil }));
        const name = `${study.name ?? inputs.map((i) => basename(i)).join(", ")} (runs ≤ ${formatCount(fitUntil)})`;
        const model = toModelFile(result.fit, {
          name,
          ...(study.metric !== undefined ? { metric: { name: study.metric.name, ...(study.metric.description !== undefined ? { description: study.metric.description } : {}) } } : {}),
          ...(study.source !== undefined ? { source: { ...study.source } } : {}),
        });
        const buckets = study.buckets;
        const out: HoldoutJson = {
          fitUntil,
          fitted: result.fitted.length,
          heldOut: result.predictions.length,
          summary: {
            count: result.summary.count,
            meanAbsoluteError: result.summary.meanAbsoluteError,
            maxAbsoluteError: result.summary.maxAbsoluteError,
            rootMeanSquaredError: result.summary.rootMeanSquaredError,
            ...(Number.isFinite(result.summary.meanRelativeError) ? { meanRelativeError: result.summary.meanRelativeError } : {}),
          },
          predictions: result.predictions.map((p) => {
            const origin = study.observations[p.index]?.origin;
            return {
              pool: p.pool,
              name: poolName(p.pool, buckets),
              samplesSeen: p.samplesSeen,
              observed: p.observed,
              predicted: p.predicted,
              absoluteError: p.absoluteError,
              ...(Number.isFinite(p.relativeError) ? { relativeError: p.relativeError } : {}),
              ...(origin !== undefined ? { origin: { file: origin.file, line: origin.line } } : {}),
            };
          }),
          parameters: parameterRows(model),
          model,
        };
        if (o.json === true) {
          for (const w of result.fit.warnings) ctx.warn(`${fitWording(w.message)} [${w.code}]`);
          ctx.printJson(out);
          return;
        }
        const p = ctx.out;
        if (study.source?.synthetic === true) syntheticBanner(ctx, syntheticWhat(study));
        ctx.print(`${p.bold("Holdout test")} on ${describeStudy(study)}${study.name !== undefined ? ` — ${study.name}` : ""}`);
        ctx.print(`Fitted on ${out.fitted} runs with samples seen ≤ ${formatCount(fitUntil)} (law ${result.fit.law.formulation}/${result.fit.law.variant}); predicting the ${out.heldOut} larger runs.`);
        ctx.print("");
        ctx.print(
          renderTable(
            [
              { header: "pool" },
              { header: "samples seen", align: "right" },
              { header: "observed", align: "right" },
              { header: "predicted", align: "right" },
              { header: "pred − obs", align: "right" },
              { header: "relative", align: "right" },
            ],
            out.predictions.map((q) => [q.name, formatCount(q.samplesSeen), formatError(q.observed), formatError(q.predicted), formatDelta(q.predicted - q.observed), q.relativeError !== undefined ? formatPercent(q.relativeError) : "—"]),
            { headerStyle: p.bold },
          ),
        );
        const worst = out.predictions.reduce((a, b) => (b.absoluteError > a.absoluteError ? b : a));
        const s = out.summary;
        ctx.print(
          `${p.bold("Extrapolation error")}: mean absolute ${formatError(s.meanAbsoluteError)}, max ${formatError(s.maxAbsoluteError)} (${worst.name} at ${formatCount(worst.samplesSeen)}), RMSE ${formatError(s.rootMeanSquaredError)}` +
            (s.meanRelativeError !== undefined ? `, mean relative ${formatPercent(s.meanRelativeError)}` : ""),
        );
        ctx.print("");
        ctx.print(`Parameters fitted on the ${out.fitted} early runs (sse ${formatParameter(result.fit.sse)}, ${result.fit.converged ? "converged" : p.red("NOT converged")}):`);
        ctx.print(renderParameterTable(out.parameters, p, { indent: 2 }).trimEnd());
        if (result.fit.warnings.length > 0) {
          ctx.print("");
          ctx.print(p.yellow(`Warnings (${result.fit.warnings.length}):`));
          for (const w of result.fit.warnings) ctx.print(`  - ${fitWording(w.message)} ${p.dim(`[${w.code}]`)}`);
        }
      }),
    );
}
