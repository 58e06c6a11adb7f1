import { adviceEngine, recommend } from "@qqt/core";
import { describe, expect, it } from "vitest";
import { compileAdvisor } from "./advisor";
import { TMARS as TMARS_IMAGENET, TMARS_WITH_DRAWS as TMARS_ILLUSTRATION } from "./testing/fixtures";
import { crossoverRows } from "./crossoverTable";
import { budgetTable, csvCell, exportBudgets, recommendationsCsv, STANDARD_BUDGETS, standardBudgets } from "./table";

/** A small RFC 4180 reader, to check the CSV by parsing it back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("budgetTable", () => {
  it("gives the best pool at the standard budgets, as @qqt/core's recommend", () => {
    const rows = budgetTable(compileAdvisor(TMARS_IMAGENET));
    const core = recommend(TMARS_IMAGENET.buckets, TMARS_IMAGENET.task, [...STANDARD_BUDGETS], TMARS_IMAGENET.law);
    expect(rows.map((r) => r.budget)).toEqual([...STANDARD_BUDGETS]);
    expect(rows.map((r) => r.best)).toEqual(core.map((r) => r.best));
    expect(rows.map((r) => r.pool.name)).toEqual(["top 10%", "top 10%", "top 20%", "top 20%", "top 30%", "top 30%", "top 30%"]);
  });
});

describe("recommendationsCsv", () => {
  it("writes one row per budget with every pool's error in full precision", () => {
    const advisor = compileAdvisor(TMARS_IMAGENET);
    const rows = budgetTable(advisor, [64e6, 640e6]);
    const csv = recommendationsCsv(TMARS_IMAGENET, rows);
    expect(csv.endsWith("\r\n")).toBe(true);
    const table = parseCsv(csv);
    expect(table[0]).toEqual([
      "model", "budget_samples", "best_pool", "best_k", "buckets", "unique_samples", "passes", "predicted_error",
      "interval_low", "interval_high", "mean_low", "mean_high", "confidence", "probability_best", "runner_up", "runner_up_k", "margin",
      "extrapolation_factor", "warnings", "error_top1", "error_top2", "error_top3", "error_top4",
      "row", "best_bucket_ids", "runner_up_bucket_ids", "crossover_from", "crossover_from_k", "crossover_from_bucket_ids",
      "crossover_low", "crossover_median", "crossover_high", "crossover_probability",
    ]);
    expect(table).toHaveLength(3);
    const r = Object.fromEntries(table[0]!.map((h, i) => [h, table[2]![i]!]));
    expect(r.model).toBe("T-MARS ImageNet (paper parameters)");
    expect(Number(r.budget_samples)).toBe(640e6);
    expect(r.best_pool).toBe("top 30%");
    expect(Number(r.unique_samples)).toBe(38.4e6);
    expect(Number(r.predicted_error)).toBe(rows[1]!.error);
    expect(Number(r.error_top2)).toBe(rows[1]!.errors[1]);
    expect(Number(r.margin)).toBe(rows[1]!.margin);
    expect(r.runner_up).toBe("top 20%");
    expect([r.row, r.best_bucket_ids, r.runner_up_bucket_ids]).toEqual(["budget", "top0-10;top10-20;top20-30", "top0-10;top10-20"]);
    expect([r.interval_low, r.interval_high, r.mean_low, r.mean_high, r.confidence, r.probability_best, r.extrapolation_factor, r.warnings]).toEqual(["", "", "", "", "", "", "", ""]);
    expect(csv).not.toMatch(/NaN|undefined|Infinity/);
  });

  it("lists the engine's crossovers after the budgets, with the pools' bucket ids and the spread over the draws", () => {
    const advisor = compileAdvisor(TMARS_IMAGENET);
    const range = { min: 1e7, max: 1e11 };
    const table = parseCsv(recommendationsCsv(TMARS_IMAGENET, budgetTable(advisor, [640e6]), crossoverRows(advisor.crossovers(range), advisor.pools)));
    expect(table).toHaveLength(4);
    expect(table.every((row) => row.length === table[0]!.length)).toBe(true);
    const rows = table.slice(2).map((cells) => Object.fromEntries(table[0]!.map((h, i) => [h, cells[i]!])));
    const engine = advisor.engine.crossovers(range);
    expect(rows.map((r) => [r.row, Number(r.budget_samples), r.best_pool, r.best_k, r.best_bucket_ids, r.crossover_from, r.crossover_from_k, r.crossover_from_bucket_ids])).toEqual([
      ["crossover", engine[0]!.budget, "top 20%", "2", "top0-10;top10-20", "top 10%", "1", "top0-10"],
      ["crossover", engine[1]!.budget, "top 30%", "3", "top0-10;top10-20;top20-30", "top 20%", "2", "top0-10;top10-20"],
    ]);
    expect(Number(rows[0]!.predicted_error)).toBe(engine[0]!.error);
    expect([rows[0]!.crossover_low, rows[0]!.crossover_high, rows[0]!.error_top1]).toEqual(["", "", ""]);

    const withDraws = compileAdvisor(TMARS_ILLUSTRATION);
    const markers = withDraws.crossovers(range, { intervals: true });
    const t = parseCsv(recommendationsCsv(TMARS_ILLUSTRATION, [], crossoverRows(markers, withDraws.pools)));
    const c = Object.fromEntries(t[0]!.map((h, i) => [h, t[1]![i]!]));
    expect([Number(c.crossover_low), Number(c.crossover_median), Number(c.crossover_high), Number(c.crossover_probability)]).toEqual([
      markers[0]!.interval!.low,
      markers[0]!.interval!.median,
      markers[0]!.interval!.high,
      markers[0]!.probability,
    ]);
  });

  it("fills the interval, probability, extrapolation and warning columns from the engine when the model has draws", () => {
    const rows = budgetTable(compileAdvisor(TMARS_ILLUSTRATION), [640e6]);
    const table = parseCsv(recommendationsCsv(TMARS_ILLUSTRATION, rows));
    const r = Object.fromEntries(table[0]!.map((h, i) => [h, table[1]![i]!]));
    const e = adviceEngine(TMARS_ILLUSTRATION).advise(640e6);
    expect(Number(r.interval_low)).toBe(e.best.interval!.low);
    expect(Number(r.interval_high)).toBe(e.best.interval!.high);
    expect(Number(r.mean_low)).toBe(e.best.meanInterval!.low);
    expect(Number(r.mean_high)).toBe(e.best.meanInterval!.high);
    expect(Number(r.confidence)).toBe(0.95);
    expect(Number(r.probability_best)).toBe(e.best.probability);
    // 640M is 5x the largest run of the synthetic design (128M): the engine flags it.
    expect(Number(r.extrapolation_factor)).toBe(e.extrapolation!.factor);
    expect(r.warnings).toBe("EXTRAPOLATION");
  });

  it("quotes and neutralises hostile text from model names", () => {
    const model = { ...TMARS_IMAGENET, name: '=HYPERLINK("http://x","click"), "quoted"' };
    const table = parseCsv(recommendationsCsv(model, budgetTable(compileAdvisor(model), [1e8])));
    expect(table[1]![0]).toBe(`'=HYPERLINK("http://x","click"), "quoted"`);
  });

  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@sum", "'@sum"],
    [-0.5, "-0.5"],
    [undefined, ""],
    [Number.NaN, ""],
  ])("csvCell(%j) = %j", (value, cell) => {
    expect(csvCell(value as string | number | undefined)).toBe(cell);
  });
});

describe("exportBudgets", () => {
  it("adds the chosen budget to the standard ones, sorted and once", () => {
    expect(exportBudgets(500e6)).toEqual([12.8e6, 32e6, 64e6, 128e6, 500e6, 640e6, 1.28e9, 12.8e9]);
    expect(exportBudgets(640e6)).toEqual([...STANDARD_BUDGETS]);
  });
});

describe("standard budgets", () => {
  it("are 1 to 1000 passes over the smallest bucket: the paper's list for 12.8M buckets", () => {
    expect(standardBudgets(TMARS_IMAGENET)).toEqual([...STANDARD_BUDGETS]);
    expect(budgetTable(compileAdvisor(TMARS_IMAGENET)).map((r) => r.budget)).toEqual([...STANDARD_BUDGETS]);
    const laion = { ...TMARS_IMAGENET, buckets: [{ id: "LAION-80M", size: 80000415, b: -0.8, tau: 30 }] };
    expect(standardBudgets(laion)).toEqual([80e6, 200e6, 400e6, 800e6, 4e9, 8e9, 80e9]);
  });
});
