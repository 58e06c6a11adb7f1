// qqt holdout <input…> --fit-until <budget>: fit on the small budgets, report the errors of the extrapolation.
import { DEFAULT_FIT_SETTINGS } from "@qqt/fit/defaults";
import { safeParseBudget } from "@qqt/data";
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
import { poolName } from "@qqt/core";
import type { Runner } from "../program.js";
import { describeStudy, syntheticBanner, syntheticWhat } from "./shared.js";
import { usage } from "../errors.js";
import { Option } from "commander";
import { parseInteger } from "../fitOptions.js";
import { confidenceOption } from "../options.js";
import { parseConfidence } from "./shared.js";

/** Passes in a table cell: `8`, `2.5`, `~0.31`. */
function formatPassesShort(passes: number): string {
  return passes >= 10 ? String(Math.round(passes)) : String(Number(passes.toPrecision(2)));
}

interface HoldoutCommandOptions extends InputOptions, FitCliOptions {
  fitUntil?: string;
  fitUntilPasses?: string;
  bootstrap: string;
  bootstrapMethod: "residuals" | "runs";
  confidence?: string;
  json?: boolean;
}

const ONE_BUDGET = "one budget (samples seen) such as 64M, 102.4M, 1.28B or 6.4e8";

/** `--fit-until`: one budget (not a list or a range, as `--budgets` takes). */
export function parseFitUntil(text: string): number {
  const item = text.trim();
  if (/^\d{1,3}(?:,\d{3})+$/.test(item)) throw usage(`--fit-until: write "${item}" as ${item.replaceAll(",", "_")} or ${item.replaceAll(",", "")} (no thousands separators). Expected ${ONE_BUDGET}.`);
  if (item.includes(",") || item.includes("..")) throw usage(`--fit-until: expected ${ONE_BUDGET}, got the ${item.includes("..") ? "range" : "list"} "${item}".`);
  const r = safeParseBudget(item, "budget");
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const why = issue.message.replace(/^budget: /, "").replace(/\.$/, "");
    throw usage(`--fit-until: ${why}${issue.suggestion !== undefined ? ` (${issue.suggestion})` : ""}. Expected ${ONE_BUDGET}.`);
  }
  return r.data.samples;
}

/** `--fit-until-passes`: a number of passes over a run's pool (> 0, e.g. 6 for "fit up to 6 epochs"). */
export function parseFitUntilPasses(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) throw usage(`--fit-until-passes: expected a number of passes > 0 such as 6 or 2.5, got "${text}".`);
  return value;
}

/** Registers `qqt holdout`. */
export function registerHoldout(cmd: Command, run: Runner): void {
  cmd
    .summary("fit on the small budgets, measure the prediction error on the larger ones")
    .description(
      "The honest test of an extrapolating law: fits on the runs with samples seen ≤ --fit-until, predicts every larger run, and reports predicted vs observed error per run with the mean absolute error, the largest error and the RMSE.",
    )
    .argument("<inputs...>", "files or directories with training runs (or example:<id>)")
    .option("--fit-until <budget>", "fit on runs with samples seen ≤ this budget (e.g. 64M); predict the rest")
    .option("--fit-until-passes <passes>", "instead: fit on runs with at most this many passes (epochs) over their pool, e.g. 6; predict the rest")
    .option("--bootstrap <n>", "bootstrap refits of the early fit, for a prediction interval per held-out run and the coverage (0 = none)", "0")
    .addOption(new Option("--bootstrap-method <method>", "residuals or runs").choices(["residuals", "runs"]).default(DEFAULT_FIT_SETTINGS.bootstrap.method))
    .addOption(confidenceOption("level of the prediction intervals, in (0, 1) (default 0.95)"));
  addInputOptions(cmd);
  addFitOptions(cmd);
  cmd
    .optionsGroup("Output:")
    .option("--json", "print JSON: { fitUntil | fitUntilPasses, fitted, heldOut, summary: { …, coverage? }, predictions: [{ pool, samplesSeen, passes, observed, predicted, absoluteError, interval?, covered?, … }], parameters, model }")
    .addHelpText(
      "after",
      `\nThe budget is a count such as 64M, 102.4M, 1.28B or 6.4e8.\n\nExamples:\n  qqt holdout runs.csv --fit-until 64M\n  qqt holdout runs.csv --fit-until-passes 6 --bootstrap 200     (fit up to 6 epochs, predict 8 and 10, with intervals)\n  qqt holdout evals/ --metric avg18 --variant reference --fit-until 102.4M --json`,
    )
    .action(
      run(async (ctx, inputs: string[], o: HoldoutCommandOptions) => {
        if ((o.fitUntil === undefined) === (o.fitUntilPasses === undefined)) {
          throw usage("holdout: give one split, --fit-until <budget> (samples seen) or --fit-until-passes <passes> (epochs over a run's pool).");
        }
        const fitUntil = o.fitUntil !== undefined ? parseFitUntil(o.fitUntil) : undefined;
        const fitUntilPasses = o.fitUntilPasses !== undefined ? parseFitUntilPasses(o.fitUntilPasses) : undefined;
        const samples = parseInteger(o.bootstrap, "--bootstrap", 0, 10_000);
        if (samples === 1) throw usage("--bootstrap: expected 0 (none) or at least 2 refits, got 1.");
        const confidence = parseConfidence(o.confidence);
        toFitOptions(o); // usage errors before reading
        const { study } = await loadStudy(inputs, o, ctx);
        const options = toFitOptions(o, study.buckets.map((b) => b.id));
        const { holdout } = await import("@qqt/fit"); // loaded only by the commands that fit
        const bar = samples > 0 ? ctx.progress("bootstrap") : undefined;
        const result = await withOptionUsage(() =>
          holdout(study, {
            ...options,
            ...(fitUntil !== undefined ? { fitUntil } : { fitUntilPasses: fitUntilPasses! }),
            ...(samples > 0
              ? {
                  bootstrap: {
                    samples,
                    method: o.bootstrapMethod,
                    ...(confidence !== undefined ? { confidence } : {}),
                    onProgress: (q: { done: number; total: number }) => bar!.update(q.done, q.total),
                  },
                }
              : {}),
          }),
        ).finally(() => bar?.stop());
        const split = fitUntil !== undefined ? `runs ≤ ${formatCount(fitUntil)}` : `runs ≤ ${fitUntilPasses} passes`;
        const name = `${study.name ?? inputs.map((i) => basename(i)).join(", ")} (${split})`;
        const model = {
          ...result.model,
          name,
          ...(study.metric !== undefined ? { metric: { name: study.metric.name, ...(study.metric.description !== undefined ? { description: study.metric.description } : {}), ...(study.metric.kind !== undefined ? { kind: study.metric.kind } : {}) } } : {}),
          ...(study.source !== undefined ? { source: { ...study.source } } : {}),
        };
        const buckets = study.buckets;
        const coverage = result.summary.coverage;
        const out: HoldoutJson = {
          ...(fitUntil !== undefined ? { fitUntil } : { fitUntilPasses: fitUntilPasses! }),
          fitted: result.fitted.length,
          heldOut: result.predictions.length,
          summary: {
            count: result.summary.count,
            meanAbsoluteError: result.summary.meanAbsoluteError,
            maxAbsoluteError: result.summary.maxAbsoluteError,
            rootMeanSquaredError: result.summary.rootMeanSquaredError,
            ...(Number.isFinite(result.summary.meanRelativeError) ? { meanRelativeError: result.summary.meanRelativeError } : {}),
            ...(coverage !== undefined ? { coverage: { ...coverage } } : {}),
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
              passes: p.passes,
              ...(p.interval !== undefined ? { interval: { low: p.interval.low, high: p.interval.high } } : {}),
              ...(p.covered !== undefined ? { covered: p.covered } : {}),
              ...(p.extrapolation !== undefined ? { extrapolationFactor: p.extrapolation.factor } : {}),
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
        const splitText = fitUntil !== undefined ? `samples seen ≤ ${formatCount(fitUntil)}` : `at most ${fitUntilPasses} passes over their pool`;
        ctx.print(`Fitted on ${out.fitted} runs with ${splitText} (law ${result.fit.law.formulation}/${result.fit.law.variant}); predicting the ${out.heldOut} others.`);
        ctx.print("");
        const withIntervals = out.predictions.some((q) => q.interval !== undefined);
        const level = `${Math.round((coverage?.confidence ?? confidence ?? 0.95) * 100)}%`;
        ctx.print(
          renderTable(
            [
              { header: "pool" },
              { header: "samples seen", align: "right" },
              { header: "passes", align: "right" },
              { header: "observed", align: "right" },
              { header: "predicted", align: "right" },
              ...(withIntervals ? [{ header: `${level} prediction interval` }, { header: "covers" }] : []),
              { header: "pred − obs", align: "right" },
              { header: "relative", align: "right" },
            ],
            out.predictions.map((q) => [
              q.name,
              formatCount(q.samplesSeen),
              formatPassesShort(q.passes),
              formatError(q.observed),
              formatError(q.predicted),
              ...(withIntervals ? [q.interval !== undefined ? `${formatError(q.interval.low)}–${formatError(q.interval.high)}` : "", q.covered === undefined ? "" : q.covered ? p.green("yes") : p.red("no")] : []),
              formatDelta(q.predicted - q.observed),
              q.relativeError !== undefined ? formatPercent(q.relativeError) : "—",
            ]),
            { headerStyle: p.bold },
          ),
        );
        const worst = out.predictions.reduce((a, b) => (b.absoluteError > a.absoluteError ? b : a));
        const s = out.summary;
        ctx.print(
          `${p.bold("Extrapolation error")}: mean absolute ${formatError(s.meanAbsoluteError)}, max ${formatError(s.maxAbsoluteError)} (${worst.name} at ${formatCount(worst.samplesSeen)}), RMSE ${formatError(s.rootMeanSquaredError)}` +
            (s.meanRelativeError !== undefined ? `, mean relative ${formatPercent(s.meanRelativeError)}` : ""),
        );
        if (coverage !== undefined) {
          ctx.print(
            `${p.bold("Coverage")}: the ${level} prediction interval holds ${coverage.covered} of ${coverage.count} held-out runs (${formatPercent(coverage.fraction)}); ` +
              p.dim(`intervals include run-to-run noise; with few runs the fraction scatters widely around ${level}.`),
          );
        } else if (samples > 0) {
          ctx.print(p.yellow("No prediction intervals: the early fit is not estimable (see the warnings)."));
        } else {
          ctx.print(p.dim("Add --bootstrap 200 for a prediction interval per held-out run and the coverage."));
        }
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
