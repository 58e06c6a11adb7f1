// qqt validate <input…>: read and check inputs, list every problem with file:line:column, summarise what was found.
import { DataError, type DataIssue, type SkipCount, type Study } from "@qqt/data";
import type { Command } from "commander";
import type { Context } from "../context.js";
import { CliError, EXIT_CODES } from "../errors.js";
import { countProblems, findDuplicateObservations, formatName, mergeStudies, parseList, pickStudy, readerOptions, readInput, type InputOptions, type InputRead } from "../inputs.js";
import type { StudySummaryJson, ValidateInputJson, ValidateJson } from "../json.js";
import { addInputOptions } from "../options.js";
import { formatCount } from "@qqt/core";
import { formatIssueLine, issueLocation } from "../output/issues.js";
import { renderTable } from "../output/renderTable.js";
import { poolName } from "@qqt/core";
import type { Runner } from "../program.js";
import { modelSummary } from "./predict.js";
import { plural } from "./shared.js";

interface ValidateCommandOptions extends InputOptions {
  json?: boolean;
}

/** Parameters of the default fit: a, d shared; b, tau per bucket. */
const TASK_PARAMETERS = 2;
const BUCKET_PARAMETERS = 2;
/** Distinct budgets below which a bucket's curve is poorly determined. */
const FEW_BUDGETS = 3;
/** Details (tasks, metrics, …) listed per reason of skipped rows. */
const SKIP_DETAILS = 6;

/** What a study holds, and remarks about fitting it. */
export function summarizeStudy(study: Study): StudySummaryJson {
  const pools = new Map<string, { pool: string[]; observations: number; minSamplesSeen: number; maxSamplesSeen: number }>();
  const order = new Map(study.buckets.map((b, i) => [b.id, i]));
  for (const o of study.observations) {
    const ids = [...o.pool].sort((u, v) => (order.get(u) ?? 0) - (order.get(v) ?? 0));
    const key = ids.join("+");
    const entry = pools.get(key) ?? { pool: ids, observations: 0, minSamplesSeen: Infinity, maxSamplesSeen: 0 };
    entry.observations++;
    entry.minSamplesSeen = Math.min(entry.minSamplesSeen, o.samplesSeen);
    entry.maxSamplesSeen = Math.max(entry.maxSamplesSeen, o.samplesSeen);
    pools.set(key, entry);
  }
  const buckets = study.buckets.map((b) => {
    const runs = study.observations.filter((o) => o.pool.includes(b.id));
    return {
      id: b.id,
      size: b.size,
      ...(b.label !== undefined ? { label: b.label } : {}),
      observations: runs.length,
      budgets: new Set(runs.map((o) => o.samplesSeen)).size,
    };
  });
  const notes: string[] = [];
  for (const b of buckets) {
    if (b.observations === 0) notes.push(`bucket ${b.id} is in no run: its b and tau cannot be fitted (fix them with --fix, or drop the bucket).`);
    else if (b.budgets < FEW_BUDGETS) notes.push(`bucket ${b.id} is seen at ${b.budgets} budget${b.budgets === 1 ? "" : "s"} only: its b and tau will be poorly determined (consider --share tau).`);
  }
  const parameters = TASK_PARAMETERS + BUCKET_PARAMETERS * study.buckets.length;
  if (study.observations.length > 0 && study.observations.length <= parameters) {
    notes.push(`${plural(study.observations.length, "run")} for ${parameters} parameters of the default fit: not identifiable; share or fix parameters (--share tau, --fix d=…).`);
  }
  return {
    ...(study.name !== undefined ? { name: study.name } : {}),
    ...(study.metric !== undefined ? { metric: study.metric.name } : {}),
    synthetic: study.source?.synthetic === true,
    observations: study.observations.length,
    buckets,
    pools: [...pools.values()],
    notes,
  };
}

function inputJson(read: InputRead, study: string | undefined): { json: ValidateInputJson; problem?: string } {
  let studies = read.studies;
  let problem: string | undefined;
  if (study !== undefined && studies.length > 0) {
    try {
      studies = [pickStudy(read, study)];
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      problem = error.message;
    }
  }
  const json: ValidateInputJson = {
    path: read.path,
    ok: problem === undefined,
    format: read.format,
    issues: [],
    warnings: [...read.summary.warnings],
    rows: {
      read: read.summary.rowsRead,
      used: read.summary.rowsUsed,
      skipped: read.summary.rowsSkipped,
      skippedBy: [...read.summary.skipped],
      ...(read.summary.skippedFiles !== undefined && read.summary.skippedFiles.length > 0 ? { skippedFiles: [...read.summary.skippedFiles] } : {}),
    },
    studies: studies.map(summarizeStudy),
    ...(read.model !== undefined ? { model: { ...modelSummary(read.model), buckets: read.model.buckets.length } } : {}),
  };
  return { json, ...(problem !== undefined ? { problem } : {}) };
}

function renderInput(ctx: Context, input: ValidateInputJson, extra: string | undefined): void {
  const p = ctx.out;
  const status = input.ok ? p.green("OK") : p.red(plural(countProblems(input.issues) + (extra !== undefined ? 1 : 0), "problem"));
  ctx.print(`${p.bold(input.path)}${input.format !== undefined ? ` (${formatName(input.format as InputRead["format"])})` : ""}: ${status}`);
  for (const issue of input.issues) ctx.print(`  ${formatIssueLine(issue, p)}`);
  if (extra !== undefined) ctx.print(`  ${p.bold(input.path)} — ${extra}`);
  for (const w of input.warnings) ctx.print(`  ${p.yellow("warning")} ${issueLocation(w)} ${w.message}`);
  if (input.model !== undefined) {
    const m = input.model;
    ctx.print(`  model ${m.name !== undefined ? `"${m.name}" ` : ""}— law ${m.law.formulation}/${m.law.variant}, ${m.buckets} buckets${m.metric !== undefined ? `, metric ${m.metric}` : ""}, ${m.draws} bootstrap draws${m.synthetic ? p.yellow(", SYNTHETIC") : ""}`);
  }
  for (const s of input.studies) {
    ctx.print(`  study ${s.name !== undefined ? `"${s.name}"` : "(unnamed)"}${s.metric !== undefined ? `, metric ${s.metric}` : ""}, ${plural(s.observations, "run")}${s.synthetic ? p.yellow(" — SYNTHETIC data") : ""}`);
    ctx.print(
      renderTable(
        [{ header: "bucket" }, { header: "size", align: "right" }, { header: "runs", align: "right" }, { header: "budgets", align: "right" }, { header: "label" }],
        s.buckets.map((b) => [b.id, formatCount(b.size), String(b.observations), String(b.budgets), b.label ?? ""]),
        { indent: 4, headerStyle: p.bold },
      ).trimEnd(),
    );
    if (s.pools.length > 0) {
      ctx.print(
        renderTable(
          [{ header: "pool" }, { header: "runs", align: "right" }, { header: "samples seen", align: "right" }],
          s.pools.map((q) => [poolName(q.pool, s.buckets), String(q.observations), q.minSamplesSeen === q.maxSamplesSeen ? formatCount(q.minSamplesSeen) : `${formatCount(q.minSamplesSeen)}–${formatCount(q.maxSamplesSeen)}`]),
          { indent: 4, headerStyle: p.bold },
        ).trimEnd(),
      );
    }
    for (const note of s.notes) ctx.print(`    ${p.yellow("note:")} ${note}`);
  }
  if (input.rows !== undefined && input.format !== "qqt.model/v1") {
    const r = input.rows;
    ctx.print(`  rows: ${r.read} read, ${r.used} used, ${r.skipped} skipped${r.skipped > 0 ? ":" : ""}`);
    // Grouped by reason: the details (tasks, metrics, files) listed, the first occurrence located.
    const reasons = new Map<string, SkipCount[]>();
    for (const s of r.skippedBy) reasons.set(s.reason, [...(reasons.get(s.reason) ?? []), s]);
    for (const [reason, skips] of reasons) {
      const count = skips.reduce((n, s) => n + s.count, 0);
      const details = skips.map((s) => s.detail);
      const shown = details.length > SKIP_DETAILS ? `${details.slice(0, SKIP_DETAILS).join(", ")}, … (${details.length} in all)` : details.join(", ");
      const first = skips[0]!;
      const at = first.file !== undefined ? p.dim(` — first at ${issueLocation({ file: first.file, ...(first.line !== undefined ? { line: first.line } : {}) })}`) : "";
      ctx.print(`    ${String(count).padStart(6)} × ${reason.toLowerCase().replaceAll("_", " ")}: ${shown}${at}`);
    }
    const files = r.skippedFiles ?? [];
    if (files.length > 0) {
      const count = files.reduce((n, s) => n + s.count, 0);
      ctx.print(`  files skipped (not evaluation output): ${count} — ${files.map((s) => `${s.count} × ${s.detail}`).join(", ")}`);
    }
  }
}

/** Registers `qqt validate`. */
export function registerValidate(cmd: Command, run: Runner): void {
  cmd
    .summary("read and check inputs: every problem with file:line:column, and what was found")
    .description(
      "Reads each input as qqt fit would and prints every problem as `file:line:column field — message (expected …; suggestion …)`, then summarises what was found: format, studies, metric, buckets with sizes, runs per bucket and per pool, rows read/used/skipped with reasons, and remarks about fitting it. Several inputs are also checked for being mergeable. Exit code 1 when there is any problem.",
    )
    .argument("<inputs...>", "files or directories with training runs, model files, or example:<id>");
  addInputOptions(cmd);
  cmd
    .optionsGroup("Output:")
    .option("--json", "print JSON: { ok, problems, inputs: [{ path, ok, format, issues, warnings, rows, studies }], mergeProblem? }")
    .addHelpText("after", `\nExamples:\n  qqt validate runs.csv\n  qqt validate evals/ --metric avg18\n  qqt validate a.csv b.csv --json`)
    .action(
      run(async (ctx, inputs: string[], o: ValidateCommandOptions) => {
        const options = readerOptions(o);
        const results: Array<{ json: ValidateInputJson; problem?: string; read?: InputRead }> = [];
        for (const path of inputs) {
          try {
            const read = await readInput(path, options, ctx);
            results.push({ ...inputJson(read, o.study), read });
          } catch (error) {
            if (!(error instanceof DataError)) throw error;
            const issues: DataIssue[] = [...error.issues];
            results.push({ json: { path, ok: false, issues, warnings: [], studies: [] } });
          }
        }
        // The inputs with runs must merge as fit merges them (model files hold no runs, unreadable inputs are listed
        // above): bucket sizes and metric agree, and no run is given twice.
        let mergeProblem: string | undefined;
        const studied = results.filter((r) => r.read !== undefined && r.problem === undefined && r.read.studies.length > 0);
        if (studied.length > 1) {
          try {
            const parts = studied.map((r) => ({ path: r.read!.path, study: pickStudy(r.read!, o.study) }));
            mergeStudies(parts, { ...(o.bucketOrder !== undefined ? { bucketOrder: parseList(o.bucketOrder) } : {}), duplicates: "ignore" });
            // Mergeable: a run given twice is a problem of the input that repeats it.
            for (const { part, issue } of findDuplicateObservations(parts)) {
              const json = studied[part]!.json;
              json.issues.push(issue);
              json.ok = false;
            }
          } catch (error) {
            if (!(error instanceof CliError)) throw error;
            mergeProblem = error.message;
          }
        }
        const problems = results.reduce((n, r) => n + countProblems(r.json.issues) + (r.problem !== undefined ? 1 : 0), 0) + (mergeProblem !== undefined ? 1 : 0);
        const out: ValidateJson = { ok: problems === 0, problems, inputs: results.map((r) => r.json), ...(mergeProblem !== undefined ? { mergeProblem } : {}) };
        if (o.json === true) ctx.printJson(out);
        else {
          results.forEach((r, i) => {
            if (i > 0) ctx.print("");
            renderInput(ctx, r.json, r.problem);
          });
          if (mergeProblem !== undefined) ctx.print(`\n${ctx.out.red("cannot merge the inputs:")} ${mergeProblem}`);
          ctx.print("");
          ctx.print(problems === 0 ? ctx.out.green(`No problems in ${inputs.length} input${inputs.length === 1 ? "" : "s"}.`) : ctx.out.red(`${plural(problems, "problem")} found.`));
        }
        return problems === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
      }),
    );
}
