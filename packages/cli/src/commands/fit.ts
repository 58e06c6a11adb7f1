// qqt fit <input…>: read runs, fit the law, print the parameters and diagnostics, write a qqt.model/v1 file.
import type { Study } from "@qqt/data";
import { writeModel } from "@qqt/data";
import { writeModelFile } from "@qqt/data/node";
import type { BootstrapResult, FitResult, ModelFileV1 } from "@qqt/fit";
import { DEFAULT_FIT_SETTINGS } from "@qqt/fit/defaults";
import type { Command } from "commander";
import { Option } from "commander";
import { basename } from "node:path";
import type { Context } from "../context.js";
import { parseInteger, toFitOptions, withOptionUsage, type FitCliOptions } from "../fitOptions.js";
import { loadStudy, type InputOptions } from "../inputs.js";
import { addFitOptions, addInputOptions, confidenceOption } from "../options.js";
import { formatCount } from "@qqt/core";
import { fitWording } from "../output/issues.js";
import { formatParameter } from "../output/numbers.js";
import { parameterRows, renderParameterTable } from "../output/parameters.js";
import type { Runner } from "../program.js";
import { describeStudy, parseConfidence, plural, syntheticBanner, syntheticWhat } from "./shared.js";

/** Bootstrap refits at most (a typo must not start a day-long run). */
const MAX_BOOTSTRAP = 100_000;

interface FitCommandOptions extends InputOptions, FitCliOptions {
  bootstrap: string;
  bootstrapMethod: "residuals" | "runs";
  confidence?: string;
  name?: string;
  output?: string;
  json?: boolean;
}

/** What `fit` (and `demo`) computed. */
export interface FitOutcome {
  result: FitResult;
  boot?: BootstrapResult;
  model: ModelFileV1;
}

/** Fits a study (with an optional bootstrap, with a progress bar) and builds the model file. */
export async function fitStudy(
  ctx: Context,
  study: Study,
  options: ReturnType<typeof toFitOptions>,
  settings: { bootstrap: number; method: "residuals" | "runs"; confidence?: number; name?: string; description?: string },
): Promise<FitOutcome> {
  const { bootstrap, fit, toModelFile } = await import("@qqt/fit"); // loaded only by the commands that fit
  const result = await withOptionUsage(() => fit(study, options));
  let boot: BootstrapResult | undefined;
  if (settings.bootstrap > 0) {
    const bar = ctx.progress("bootstrap");
    try {
      boot = await withOptionUsage(() =>
        bootstrap(study, {
        ...options,
        samples: settings.bootstrap,
        method: settings.method,
        ...(settings.confidence !== undefined ? { confidence: settings.confidence } : {}),
        fit: result,
        onProgress: (p) => bar.update(p.done, p.total),
        }),
      );
    } finally {
      bar.stop();
    }
    for (const w of boot.warnings) if (!result.warnings.some((r) => r.message === w.message)) result.warnings.push(w);
  }
  const name = settings.name ?? study.name;
  const model = toModelFile(result, {
    ...(boot !== undefined ? { bootstrap: boot } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(settings.description !== undefined ? { description: settings.description } : {}),
    ...(study.metric !== undefined ? { metric: study.metric } : {}),
    ...(study.source !== undefined ? { source: { ...study.source } } : {}),
    ...(study.candidates !== undefined ? { candidates: study.candidates } : {}),
  });
  return { result, ...(boot !== undefined ? { boot } : {}), model };
}

/** The human-readable fit report (without the study header). */
export function renderFitReport(ctx: Context, outcome: FitOutcome, truth?: ModelFileV1): string {
  const { result, model } = outcome;
  const p = ctx.out;
  const lines: string[] = [];
  const confidence = model.fit?.bootstrap?.confidence;
  lines.push(renderParameterTable(parameterRows(model, truth), p, confidence !== undefined ? { confidence } : {}).trimEnd());
  lines.push("");
  const fitLine = [
    `loss ${result.loss}`,
    `sse ${formatParameter(result.sse)}`,
    `rmse ${formatParameter(result.rmse)}`,
    plural(result.iterations, "iteration"),
    result.converged ? p.green("converged") : p.red("NOT converged"),
    plural(result.freeParameters, "free parameter"),
    plural(result.observations, "run"),
    `seed ${result.seed}`,
  ];
  lines.push(`Fit: ${fitLine.join(", ")}`);
  const boot = outcome.boot;
  if (boot !== undefined) {
    lines.push(
      `Bootstrap: ${boot.successful} of ${boot.samples} refits (${boot.method}), ${Math.round(boot.confidence * 100)}% percentile intervals` +
        (boot.failures > 0 ? p.yellow(`, ${boot.failures} failed`) : ""),
    );
  }
  if (result.warnings.length > 0) {
    lines.push("", p.yellow(`Warnings (${result.warnings.length}):`));
    for (const w of result.warnings) lines.push(`  - ${fitWording(w.message).replace(/\.?$/, ".")} ${p.dim(`[${w.code}]`)}`);
  } else {
    lines.push("No warnings: no parameter on a bound, all identifiable.");
  }
  return lines.join("\n") + "\n";
}

/** Registers `qqt fit`. */
export function registerFit(cmd: Command, run: Runner): void {
  cmd
    .summary("fit the QQT law to training runs and write a qqt.model/v1 file")
    .description(
      "Reads training runs (study JSON, tidy CSV/TSV, a DataComp evaluation directory, the OpenCLIP results CSV; several inputs are merged when compatible), fits the quality–quantity tradeoff law jointly (a, d shared; b, tau per bucket by default), and prints the parameters with standard errors (and bootstrap intervals), the fit diagnostics and warnings.",
    )
    .argument("<inputs...>", "files or directories with training runs (or example:<id>, see qqt --help)");
  addInputOptions(cmd);
  addFitOptions(cmd);
  cmd
    .optionsGroup("Uncertainty:")
    .option("--bootstrap <n>", "bootstrap refits for intervals and the probability of being best (0 = none)", String(DEFAULT_FIT_SETTINGS.bootstrap.samples))
    .addOption(
      new Option("--bootstrap-method <method>", "residuals (keeps the design; right for few runs per bucket) or runs (resample runs)")
        .choices(["residuals", "runs"])
        .default(DEFAULT_FIT_SETTINGS.bootstrap.method),
    )
    .addOption(confidenceOption("level of the bootstrap percentile intervals, in (0, 1) (default 0.95)"))
    .optionsGroup("Output:")
    .option("-o, --output <file>", "write the model (qqt.model/v1 JSON) to this file")
    .option("--name <text>", "the model's name (default: the study's)")
    .option("--json", "print the model JSON (qqt.model/v1) instead of the report")
    .addHelpText(
      "after",
      `
Examples:
  qqt fit example:datacomp-synthetic --variant reference -o model.json
  qqt fit runs.csv -o model.json
  qqt fit evals/ --metric avg18 --variant reference --bootstrap 200 -o model.json
  qqt fit zeroshot_results.csv --study ViT-B-32 --share tau --json > model.json
  qqt fit runs.csv --fix d=0.1 --bounds tau=1..10 --loss huber-log`,
    )
    .action(
      run(async (ctx, inputs: string[], o: FitCommandOptions) => {
        const samples = parseInteger(o.bootstrap, "--bootstrap", 0, MAX_BOOTSTRAP);
        const confidence = parseConfidence(o.confidence);
        toFitOptions(o); // usage errors before reading
        const { study } = await loadStudy(inputs, o, ctx);
        ctx.study = study;
        const options = toFitOptions(o, study.buckets.map((b) => b.id));
        const outcome = await fitStudy(ctx, study, options, {
          bootstrap: samples,
          method: o.bootstrapMethod,
          ...(confidence !== undefined ? { confidence } : {}),
          ...(o.name !== undefined ? { name: o.name } : {}),
          description: `Fitted by qqt fit to ${inputs.map((i) => basename(i)).join(", ")} (${describeStudy(study)}).`,
        });
        const written = `Wrote ${o.output} (qqt.model/v1${outcome.boot !== undefined ? `, ${outcome.boot.draws.length} bootstrap draws` : ""}).`;
        if (o.output !== undefined) await writeModelFile(o.output, outcome.model);
        if (o.json === true) {
          for (const w of outcome.result.warnings) ctx.warn(`${fitWording(w.message)} [${w.code}]`);
          ctx.print(writeModel(outcome.model));
          if (o.output !== undefined) ctx.note(written);
          return;
        }
        if (study.source?.synthetic === true) syntheticBanner(ctx, syntheticWhat(study));
        const law = `${outcome.result.law.formulation}, ${outcome.result.law.variant} variant`;
        ctx.print(`${ctx.out.bold(`Fitted the QQT law (${law})`)} to ${describeStudy(study)}${study.name !== undefined ? ` — ${study.name}` : ""}`);
        if (study.metric !== undefined) ctx.print(`Metric: ${study.metric.name}${study.metric.description !== undefined ? ` (${study.metric.description})` : ""}`);
        ctx.print(`Buckets: ${study.buckets.map((b) => `${b.id} (${formatCount(b.size)})`).join(", ")}`);
        ctx.print("");
        ctx.print(renderFitReport(ctx, outcome));
        if (o.output === undefined) ctx.print(ctx.out.dim("Save the model with -o model.json, then: qqt recommend model.json --budgets 32M,128M,640M"));
        else ctx.note(written);
      }),
    );
}
