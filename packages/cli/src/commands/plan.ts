// qqt plan <runs…> --budget 640M: which training runs to do next, so the decision at the budget settles cheaply.
import { formatCount, formatProbability } from "@qqt/core";
import { MANIFEST_FORMAT, parseDataCompManifest, parsePoolManifest, POOL_MANIFEST_FORMAT } from "@qqt/data";
import { readPath } from "@qqt/data/node";
import { readFile } from "node:fs/promises";
import { DEFAULT_FIT_SETTINGS } from "@qqt/fit/defaults";
import type { PlanCandidate, PlanResult } from "@qqt/fit";
import { Option, type Command } from "commander";
import type { Context } from "../context.js";
import { CliError, usage } from "../errors.js";
import { parseInteger, parseNumber, toFitOptions, type FitCliOptions } from "../fitOptions.js";
import { loadStudy, type InputOptions } from "../inputs.js";
import type { PlanJson } from "../json.js";
import { addFitOptions, addInputOptions, BUDGET_HELP, POOL_HELP } from "../options.js";
import { formatError, formatPasses } from "../output/numbers.js";
import { renderTable } from "../output/renderTable.js";
import { parseBudgets } from "../parseBudgets.js";
import { resolvePool } from "../pools.js";
import type { Runner } from "../program.js";
import { fitStudy } from "./fit.js";
import { describeStudy, syntheticBanner, syntheticWhat } from "./shared.js";

interface PlanCommandOptions extends InputOptions, FitCliOptions {
  budget?: string;
  budgets?: string;
  next: string;
  maxCost?: string;
  overhead?: string;
  tolerance?: string;
  candidates?: string[];
  buckets?: string;
  shareTauColdStart?: boolean;
  bootstrap: string;
  json?: boolean;
}

/** `--candidates "top-1@640M; top0-10+top10-20@1.28B"`: pools (the pool syntax) at budgets. */
function parseCandidates(specs: readonly string[], buckets: ReadonlyArray<{ id: string; label?: string }>): PlanCandidate[] {
  const items = specs.flatMap((v) => v.split(";")).map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) throw usage("--candidates: no run given. Expected runs such as top-1@640M; top0-10+top10-20@1.28B.");
  return items.map((item) => {
    const at = item.lastIndexOf("@");
    if (at <= 0 || at === item.length - 1) throw usage(`--candidates: "${item}" is not POOL@BUDGET, e.g. top-1@640M or top0-10+top10-20@1.28B.`);
    const pool = resolvePool(item.slice(0, at), buckets, "--candidates");
    const budgets = parseBudgets(item.slice(at + 1), { option: "--candidates" });
    if (budgets.length !== 1) throw usage(`--candidates: "${item}" names ${budgets.length} budgets; give one per run.`);
    return { pool, samplesSeen: budgets[0]! };
  });
}

/** The planner's errors (targets, candidates) are about the user's input: exit 1 with their message. */
function planFailure(error: unknown): never {
  if (error instanceof Error && error.name === "FitError") {
    const e = error as Error & { code: string; path: string };
    const message = e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
    throw new CliError("PLAN_FAILED", `cannot plan: ${message.replace(/\.$/, "")}. [${e.code}]`);
  }
  throw error;
}

/** Registers `qqt plan`. */
export function registerPlan(cmd: Command, run: Runner): void {
  cmd
    .summary("which training runs to do next, so the decision at your budget settles at the least compute")
    .description(
      "Fits the runs (with a bootstrap), then ranks candidate runs by the expected reduction of the decision's regret at the target budgets per unit of compute (samples seen): the bootstrap draws reweighted by each run's simulated outcome. Says `settled` when the expected regret is below --tolerance. With --buckets and no runs, proposes the first design (the cheapest one that makes the law identifiable) next to the paper's.",
    )
    .argument("[inputs...]", "files or directories with training runs (or example:<id>); none with --buckets for a cold start")
    .option("-b, --budget <budget>", "the target budget (samples seen) of the decision, e.g. 640M")
    .option("--budgets <budgets>", "several targets, e.g. 640M,1.28B")
    .option("--next <n>", "runs to propose, chosen together (greedy, each accounting for the ones before)", "3")
    .option("--max-cost <samples>", "most samples seen the proposed runs may cost together")
    .option("--overhead <samples>", "fixed cost of every run, in samples seen (start-up, evaluation)", "0")
    .option("--tolerance <error>", "expected regret below which the decision is settled (error units)", "0.002")
    .option("-c, --candidates <runs>", 'candidate runs instead of the default ones: POOL@BUDGET separated by ";" (repeatable)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option("--buckets <file>", "cold start: a qqt.pool/v1 manifest or a study whose buckets (ids, sizes) to design the first runs for")
    .option("--share-tau-cold-start", "cold start with one tau for all buckets (cheaper; the paper found a shared tau fits worse)")
    .addOption(new Option("--bootstrap <n>", "bootstrap refits for the ensemble the plan weighs").default(String(DEFAULT_FIT_SETTINGS.bootstrap.samples)));
  addInputOptions(cmd);
  addFitOptions(cmd);
  cmd
    .optionsGroup("Output:")
    .option("--json", 'print JSON: { method, decision: [{ budget, best, name, probability?, expectedRegret? }], settled, expectedRegret?, next: [{ pool, name, samplesSeen, passes, cost, expectedRegretAfter?, why }], totalCost, paperDesign?, notes }')
    .addHelpText(
      "after",
      `\n${POOL_HELP}\n\n${BUDGET_HELP}\n\nExamples:\n  qqt plan runs.csv --budget 640M\n  qqt plan runs.csv --budgets 640M,1.28B --next 5 --max-cost 2B --json\n  qqt plan --buckets manifest.json --budget 640M        (cold start: the first runs to train)\n  qqt plan runs.csv --budget 640M --candidates "top-2@640M; top0-10@128M"`,
    )
    .action(
      run(async (ctx, inputs: string[], o: PlanCommandOptions) => {
        if ((o.budget === undefined) === (o.budgets === undefined)) throw usage("plan: give the target as --budget 640M (or several as --budgets 640M,1.28B).");
        const targets = parseBudgets((o.budget ?? o.budgets)!, { option: o.budget !== undefined ? "--budget" : "--budgets" });
        const next = parseInteger(o.next, "--next", 1, 100);
        const maxCost = o.maxCost !== undefined ? parseBudgets(o.maxCost, { option: "--max-cost" })[0] : undefined;
        const overhead = o.overhead === "0" ? 0 : parseBudgets(o.overhead!, { option: "--overhead" })[0]!;
        const tolerance = parseNumber(o.tolerance!, "--tolerance", "an expected regret in error units, e.g. 0.002");
        if (!(tolerance > 0)) throw usage(`--tolerance: expected an expected regret > 0 in error units, e.g. 0.002, got "${o.tolerance}".`);
        const settings = { next, ...(maxCost !== undefined ? { maxCost } : {}), overhead, tolerance };
        const { coldStartDesign, planNextRuns } = await import("@qqt/fit"); // loaded only by the commands that fit
        let result: PlanResult;
        if (o.buckets !== undefined) {
          if (inputs.length > 0) throw usage("plan: --buckets is for a cold start, without runs; give either runs or --buckets.");
          const buckets = await coldStartBuckets(o.buckets);
          try {
            result = coldStartDesign(buckets, targets, { ...settings, shareTau: o.shareTauColdStart === true });
          } catch (error) {
            planFailure(error);
          }
          output(ctx, o, result, `Cold start for ${buckets.length} buckets from ${o.buckets}`);
          return;
        }
        if (inputs.length === 0) throw usage("plan: give the runs to plan from (files or directories), or --buckets <manifest> for a cold start.");
        const samples = parseInteger(o.bootstrap, "--bootstrap", 0, 10_000);
        if (samples === 1) throw usage("--bootstrap: expected 0 or at least 2 refits, got 1.");
        toFitOptions(o);
        const { study } = await loadStudy(inputs, o, ctx);
        ctx.study = study;
        const candidates = o.candidates !== undefined ? parseCandidates(o.candidates, study.buckets) : undefined;
        const outcome = await fitStudy(ctx, study, toFitOptions(o, study.buckets.map((b) => b.id)), { bootstrap: samples, method: DEFAULT_FIT_SETTINGS.bootstrap.method });
        try {
          result = planNextRuns(outcome.model, targets, candidates, {
            ...settings,
            studyBudgets: [...new Set(study.observations.map((r) => r.samplesSeen))],
            ...(study.candidates !== undefined ? { decisionPools: study.candidates } : {}),
          });
        } catch (error) {
          planFailure(error);
        }
        if (study.source?.synthetic === true && o.json !== true) syntheticBanner(ctx, syntheticWhat(study));
        output(ctx, o, result, `Plan for ${describeStudy(study)}${study.name !== undefined ? ` — ${study.name}` : ""}`);
      }),
    );
}

/** The buckets of a cold start: a qqt.pool/v1 manifest's (ids and counts), a DataComp manifest's, or a study's. */
async function coldStartBuckets(path: string): Promise<Array<{ id: string; size: number }>> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError("NO_STUDY", `--buckets: cannot read ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}.`);
  });
  let format: unknown;
  try {
    format = (JSON.parse(text) as { format?: unknown }).format;
  } catch {
    format = undefined;
  }
  let buckets: Array<{ id: string; size: number }> | undefined;
  if (format === POOL_MANIFEST_FORMAT) {
    buckets = parsePoolManifest(text, { file: path }).buckets.map((b) => ({ id: b.id, size: b.count }));
  } else if (format === MANIFEST_FORMAT) {
    buckets = parseDataCompManifest(text, { file: path }).buckets?.map((b) => ({ id: b.id, size: b.size }));
  } else {
    const { data } = await readPath(path);
    buckets = (data.studies[0]?.buckets ?? data.model?.buckets)?.map((b) => ({ id: b.id, size: b.size }));
  }
  if (buckets === undefined || buckets.length === 0) {
    throw new CliError("NO_STUDY", `${path} has no buckets: --buckets takes a qqt.pool/v1 manifest (qqt pool bucket -o manifest.json), a DataComp manifest with buckets, or a study with buckets.`);
  }
  return buckets;
}

function output(ctx: Context, o: PlanCommandOptions, result: PlanResult, title: string): void {
  const json: PlanJson = {
    method: result.method,
    decision: result.decision.map((d) => ({
      budget: d.budget,
      best: [...d.best],
      name: d.name,
      ...(d.probability !== undefined ? { probability: d.probability } : {}),
      ...(d.expectedRegret !== undefined ? { expectedRegret: d.expectedRegret } : {}),
    })),
    settled: result.settled,
    ...(result.expectedRegret !== undefined ? { expectedRegret: result.expectedRegret } : {}),
    tolerance: result.tolerance,
    next: result.next.map((r) => ({
      pool: [...r.pool],
      name: r.name,
      samplesSeen: r.samplesSeen,
      passes: r.passes,
      cost: r.cost,
      ...(r.expectedRegretAfter !== undefined ? { expectedRegretAfter: r.expectedRegretAfter } : {}),
      why: r.why,
    })),
    totalCost: result.totalCost,
    candidates: result.candidates,
    ...(result.paperDesign !== undefined ? { paperDesign: { ...result.paperDesign } } : {}),
    notes: [...result.notes],
  };
  if (o.json === true) {
    ctx.printJson(json);
    return;
  }
  const p = ctx.out;
  ctx.print(p.bold(title));
  if (result.decision.length > 0) {
    ctx.print("");
    ctx.print("The decision now:");
    ctx.print(
      renderTable(
        [{ header: "budget", align: "right" }, { header: "best pool" }, { header: "P(best)", align: "right" }, { header: "expected regret", align: "right" }],
        result.decision.map((d) => [
          formatCount(d.budget),
          p.bold(d.name),
          d.probability !== undefined ? formatProbability(d.probability, result.draws) : p.yellow("not estimable"),
          d.expectedRegret !== undefined ? formatError(d.expectedRegret) : "—",
        ]),
        { headerStyle: p.bold, indent: 2 },
      ).trimEnd(),
    );
  }
  ctx.print("");
  if (result.settled) {
    ctx.print(p.green(`Settled: the expected regret is below ${result.tolerance} at every target; no run is worth its cost for this decision.`));
  } else {
    ctx.print(result.method === "cold-start" ? "The first runs to train:" : result.method === "identifiability" ? "Runs that make the fit identifiable:" : "Runs worth doing next (in this order):");
    ctx.print(
      renderTable(
        [
          { header: "#", align: "right" },
          { header: "pool" },
          { header: "samples seen", align: "right" },
          { header: "passes" },
          { header: "cost", align: "right" },
          ...(result.method === "value-of-information" ? [{ header: "regret after", align: "right" as const }] : []),
          { header: "why" },
        ],
        result.next.map((r, i) => [
          String(i + 1),
          p.bold(r.name),
          formatCount(r.samplesSeen),
          formatPasses(r.passes),
          formatCount(r.cost),
          ...(result.method === "value-of-information" ? [r.expectedRegretAfter !== undefined ? formatError(r.expectedRegretAfter) : ""] : []),
          r.why,
        ]),
        { headerStyle: p.bold, indent: 2 },
      ).trimEnd(),
    );
    ctx.print(`Total: ${formatCount(result.totalCost)} samples seen${result.paperDesign !== undefined ? `; the paper's design: ${result.paperDesign.runs} runs, ${formatCount(result.paperDesign.cost)}` : ""}.`);
  }
  for (const note of result.notes) ctx.print(p.dim(note));
}
