// qqt demo: read → fit → recommend on the built-in SYNTHETIC DataComp-style example, and compare the fitted
// parameters and recommendations with the true ones it was generated from (the paper's T-MARS parameters).
import { readModelFile, examplePath } from "@qqt/data/node";
import { DEFAULT_FIT_SETTINGS } from "@qqt/fit/defaults";
import type { Command } from "commander";
import { join } from "node:path";
import { parseInteger } from "../fitOptions.js";
import { loadStudy } from "../inputs.js";
import type { DemoJson } from "../json.js";
import { formatCount } from "@qqt/core";
import { parameterRows } from "../output/parameters.js";
import { formatParameter } from "../output/numbers.js";
import { parseBudgets } from "../parseBudgets.js";
import type { Runner } from "../program.js";
import { computeRecommendations, renderRecommendations } from "../recommendation.js";
import { fitStudy, renderFitReport } from "./fit.js";
import { describeStudy } from "./shared.js";

/** The budgets of the paper's comparison (spec §6). */
const DEFAULT_BUDGETS = "32M,64M,128M,640M";
/** Bootstrap refits of the demo: the default of every fit. */
const DEFAULT_BOOTSTRAP = String(DEFAULT_FIT_SETTINGS.bootstrap.samples);
const EXAMPLE = "datacomp-synthetic";

const NOTICE =
  "SYNTHETIC DATA: the built-in datacomp-synthetic example is generated, not real training results. Its ImageNet errors " +
  "come from the QQT law with the paper's T-MARS parameters (Goyal et al., CVPR 2024, Fig. 4; the tmars-paper example) " +
  "plus seeded noise, so the fit can be checked against the true parameters.";

interface DemoCommandOptions {
  budgets: string;
  bootstrap: string;
  seed: string;
  json?: boolean;
}

/** How many true parameter values lie inside their bootstrap interval, and which do not. */
function recoveredParameters(rows: ReturnType<typeof parameterRows>): { inside: number; total: number; outside: string[] } {
  const checked = rows.filter((r) => r.interval !== undefined && r.truth !== undefined);
  const outside = checked
    .filter((r) => r.truth! < r.interval!.low || r.truth! > r.interval!.high)
    .map((r) => `${r.parameter}${r.bucket !== undefined ? `[${r.bucket}]` : ""} ${formatParameter(r.truth!)} not in [${formatParameter(r.interval!.low)}, ${formatParameter(r.interval!.high)}]`);
  return { inside: checked.length - outside.length, total: checked.length, outside };
}

/** Registers `qqt demo`. */
export function registerDemo(cmd: Command, run: Runner): void {
  cmd
    .summary("read → fit → recommend on the built-in SYNTHETIC example, compared with the true parameters")
    .description(
      "Runs the whole workflow on the built-in datacomp-synthetic example: a DataComp-style evaluation directory GENERATED from the paper's T-MARS parameters with seeded noise (not real results). Reads it, fits the law (utility, reference variant: the one that generated it) with a bootstrap, compares the fitted parameters with the true ones, and recommends a pool per budget next to the true model's answer.",
    )
    .option("-b, --budgets <budgets>", "budgets to recommend for", DEFAULT_BUDGETS)
    .option("--bootstrap <n>", "bootstrap refits (0 = none)", DEFAULT_BOOTSTRAP)
    .option("--seed <n>", "seed of the fit and bootstrap", String(DEFAULT_FIT_SETTINGS.seed))
    .option("--json", "print JSON: { synthetic: true, notice, example, study, model, truth, parameters, recommendations, trueRecommendations }")
    .action(
      run(async (ctx, o: DemoCommandOptions) => {
        const budgets = parseBudgets(o.budgets);
        const samples = parseInteger(o.bootstrap, "--bootstrap", 0, 10_000);
        const seed = parseInteger(o.seed, "--seed", 0, 2 ** 32 - 1);
        const truthPath = join(examplePath("tmars-paper"), "tmars-imagenet.model.json");
        const { data: truth } = await readModelFile(truthPath);
        const { study } = await loadStudy([examplePath(EXAMPLE)], { metric: "imagenet1k" }, ctx);
        ctx.study = study;
        const outcome = await fitStudy(ctx, study, { law: { formulation: "utility", variant: "reference" }, seed }, {
          bootstrap: samples,
          method: "residuals",
          name: `${study.name} (fitted by qqt demo)`,
          description: "Fitted by qqt demo to the SYNTHETIC datacomp-synthetic example (imagenet1k).",
        });
        const recommendations = computeRecommendations(outcome.model, { budgets });
        const trueRecommendations = computeRecommendations(truth, { budgets });
        if (o.json === true) {
          const out: DemoJson = {
            synthetic: true,
            notice: NOTICE,
            example: EXAMPLE,
            study: { name: study.name ?? EXAMPLE, observations: study.observations.length, buckets: study.buckets.length, metric: study.metric?.name ?? "imagenet1k" },
            model: outcome.model,
            truth,
            parameters: parameterRows(outcome.model, truth),
            recommendations,
            trueRecommendations,
          };
          ctx.printJson(out);
          return;
        }
        const p = ctx.out;
        ctx.print(p.yellow(p.bold(NOTICE)));
        ctx.print("");
        ctx.print(`${p.bold("1. Read")} ${EXAMPLE}: ${describeStudy(study)}, metric ${study.metric?.name ?? "imagenet1k"}`);
        ctx.print(`   ${p.dim(`(${examplePath(EXAMPLE)})`)}`);
        ctx.print("");
        ctx.print(`${p.bold("2. Fit")} the QQT law (utility, reference variant), ${samples > 0 ? `${samples} bootstrap refits` : "no bootstrap"}; "true" = the T-MARS parameters the data was generated from:`);
        ctx.print(renderFitReport(ctx, outcome, truth));
        const recovered = recoveredParameters(parameterRows(outcome.model, truth));
        if (recovered.total > 0) {
          ctx.print(
            `True value inside its ${Math.round((outcome.model.fit?.bootstrap?.confidence ?? 0.95) * 100)}% bootstrap interval: ${recovered.inside} of ${recovered.total} parameters` +
              (recovered.outside.length > 0 ? ` (outside: ${recovered.outside.join("; ")})` : "") +
              ".",
          );
        }
        ctx.print("");
        ctx.print(`${p.bold("3. Recommend")} for ${budgets.map((n) => formatCount(n)).join(", ")} samples seen (fitted model; "true best" from the true parameters):`);
        ctx.print(renderRecommendations(recommendations, p, { truth: trueRecommendations }));
        const trueCrossovers = trueRecommendations[0]?.crossovers ?? [];
        if (trueCrossovers.length > 0) {
          const fitted = recommendations[0]?.crossovers ?? [];
          const inside = trueCrossovers.filter((t) => {
            const f = fitted.find((c) => c.from.name === t.from.name && c.to.name === t.to.name);
            return f?.interval !== undefined && t.budget >= f.interval.low && t.budget <= f.interval.high;
          });
          ctx.print(
            `True crossovers: ${trueCrossovers.map((c) => `${c.from.name} → ${c.to.name} at ${formatCount(c.budget)}`).join("; ")}` +
              (fitted.some((c) => c.interval !== undefined) ? ` — ${inside.length} of ${trueCrossovers.length} inside the fitted crossover's bootstrap interval.` : "."),
          );
          ctx.print(
            p.dim(
              "The bootstrap intervals are of the fit (parameters, crossovers: the mean curve); a 95% interval misses its truth about 1 time in 20, and intervals of one fit are correlated, so one miss among ten parameters is no surprise. The prediction intervals of the table add a run's noise: see qqt holdout --bootstrap for their coverage on held-out runs.",
            ),
          );
        }
        ctx.print("");
        ctx.print(p.dim("Your own runs: qqt validate runs.csv, then qqt fit runs.csv -o model.json and qqt recommend model.json --budgets …"));
      }),
    );
}
