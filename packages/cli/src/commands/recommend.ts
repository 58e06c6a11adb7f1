// qqt recommend <model.json> --budgets …: the best pool per budget, runner-up, margin, probability, crossovers.
import type { Command } from "commander";
import { usage } from "../errors.js";
import { parseInteger } from "../fitOptions.js";
import { loadModel } from "../model.js";
import { BUDGET_HELP, confidenceOption, parseScale, POOL_HELP, pointsOption, scaleOption } from "../options.js";
import { scaleModel } from "@qqt/core";
import { parseBudgets } from "../parseBudgets.js";
import { resolvePool } from "../pools.js";
import type { Runner } from "../program.js";
import { computeRecommendations, renderRecommendations } from "../recommendation.js";
import { parseConfidence } from "./shared.js";
import { printModelHeader } from "./predict.js";

interface RecommendCommandOptions {
  budgets: string;
  points: string;
  candidates?: string[];
  range?: string;
  confidence?: string;
  scale?: string;
  json?: boolean;
}

/** `--range 10M..10B` → the crossover search range. */
function parseRange(text: string): { min: number; max: number } {
  if (!/\.\./.test(text) || text.includes(",") || text.includes(":")) throw usage(`--range: expected MIN..MAX, e.g. 10M..10B, got "${text}".`);
  const values = parseBudgets(text, { points: 2, option: "--range" });
  return { min: values[0]!, max: values[values.length - 1]! };
}

/** Registers `qqt recommend`. */
export function registerRecommend(cmd: Command, run: Runner): void {
  cmd
    .summary("the best pool per budget, runner-up, margin, probability of being best, crossovers")
    .description(
      "For each budget (samples seen), the pool with the lowest predicted error among the --candidates you give, else the model's candidate pools, else the nested pools (top-1, top-2, … of the best-first buckets), the runner-up and its margin, the probability of being best over the model's bootstrap draws (when it has them), and the budgets where the best pool changes.",
    )
    .argument("<model>", "a qqt.model/v1 file (from qqt fit -o), or example:tmars-paper")
    .requiredOption("-b, --budgets <budgets>", "budgets (samples seen): a list or a range, see below")
    .addOption(pointsOption())
    .option(
      "-c, --candidates <pools>",
      'candidate pools instead of the nested ones: pools separated by ";" or spaces, each in the pool syntax below (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--range <min..max>", "budget range searched for crossovers (default: from the smallest to the largest budget; a decade either side of a single budget)")
    .addOption(confidenceOption())
    .addOption(scaleOption())
    .option(
      "--json",
      'print JSON: [{ budget, best: { pool, name, error, label, passes, probability?, interval?, meanInterval? }, runnerUp?, margin?, candidates: [...], crossovers: [{ budget, from, to, error, interval? }], extrapolationFactor?, uncertainty, warnings: [{ code, message }] }] — interval is the prediction interval of one new run, meanInterval the band of the mean curve',
    )
    .addHelpText(
      "after",
      `
${POOL_HELP}

${BUDGET_HELP}

Examples:
  qqt recommend model.json --budgets 32M,128M,640M
  qqt recommend example:tmars-paper --budgets 32M,128M,640M      (the paper's T-MARS parameters)
  qqt recommend model.json --budgets 10M..10B --points 7 --json
  qqt recommend model.json --budgets 128M --candidates "top-1; top-2; top0-10+top30-40"
  qqt recommend pilot.json --scale 10 --budgets 128M,1.28B        (fitted on a 1/10 pilot pool: the full pool's answer)`,
    )
    .action(
      run(async (ctx, modelPath: string, o: RecommendCommandOptions) => {
        const budgets = parseBudgets(o.budgets, { points: parseInteger(o.points, "--points", 2, 10_000), option: "--budgets" });
        const confidence = parseConfidence(o.confidence);
        const range = o.range !== undefined ? parseRange(o.range) : undefined;
        const scale = parseScale(o.scale);
        const loaded = await loadModel(modelPath, ctx);
        const model = scale !== undefined ? scaleModel(loaded, scale) : loaded;
        if (confidence !== undefined && (model.fit?.bootstrap?.draws.length ?? 0) === 0) ctx.warn("--confidence is ignored: the model has no bootstrap draws (fit it with --bootstrap N).");
        const { buckets } = model;
        let candidates: string[][] | undefined;
        if (o.candidates !== undefined) {
          const specs = o.candidates.flatMap((v) => v.split(/[;\s]+/)).filter((s) => s !== "");
          if (specs.length === 0) throw usage("--candidates: no pool given.");
          candidates = specs.map((spec) => resolvePool(spec, buckets, "--candidates"));
          const keys = candidates.map((c) => c.join("+"));
          const dup = keys.find((k, i) => keys.indexOf(k) !== i);
          if (dup !== undefined) throw usage(`--candidates: the pool ${dup} is given twice.`);
        }
        const entries = computeRecommendations(model, {
          budgets,
          ...(candidates !== undefined ? { candidates } : {}),
          ...(range !== undefined ? { range } : {}),
          ...(confidence !== undefined ? { confidence } : {}),
        });
        if (o.json === true) {
          ctx.printJson(entries);
          return;
        }
        printModelHeader(ctx, model, modelPath);
        ctx.print(
          ctx.out.dim(
            candidates === undefined && model.candidates === undefined
              ? "Candidates: the nested pools top-1 … top-" + buckets.length + " of the best-first buckets."
              : `Candidates${candidates === undefined ? " (the model's)" : ""}: ${entries[0]!.candidates.map((c) => c.name).join(", ")}.`,
          ),
        );
        ctx.print("");
        ctx.print(renderRecommendations(entries, ctx.out));
      }),
    );
}
