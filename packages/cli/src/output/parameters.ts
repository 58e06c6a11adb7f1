// The fitted parameters of a model as rows (for JSON) and as a table (for people).
import type { Interval, ModelFileV1 } from "@qqt/data";
import { isFixed, isShared } from "../fitOptions.js";
import type { Palette } from "../io.js";
import { formatInterval, formatParameter } from "./numbers.js";
import { renderTable, type TableColumn } from "./renderTable.js";

/** One parameter of a fitted model. */
export interface ParameterRow {
  parameter: "a" | "d" | "b" | "tau";
  /** The bucket of `b` / `tau`; absent for `a`, `d`, and for `b` / `tau` shared by every bucket. */
  bucket?: string;
  estimate: number;
  /** `free`, `fixed` (held constant: no error, no interval) or `shared` (one value for every bucket). */
  status: "free" | "fixed" | "shared";
  standardError?: number;
  interval?: Interval;
  /** The true value, when known (the synthetic demo). */
  truth?: number;
}

/** The rows of a model's parameters, with the true values of `truth` (same buckets) when given. */
export function parameterRows(model: ModelFileV1, truth?: ModelFileV1): ParameterRow[] {
  const se = model.fit?.standardErrors;
  const ci = model.fit?.bootstrap?.intervals;
  const rows: ParameterRow[] = [];
  const add = (row: ParameterRow, standardError: number | undefined, interval: Interval | undefined, trueValue: number | undefined) => {
    if (row.status !== "fixed") {
      if (standardError !== undefined) row.standardError = standardError;
      if (interval !== undefined) row.interval = interval;
    }
    if (trueValue !== undefined) row.truth = trueValue;
    rows.push(row);
  };
  for (const param of ["a", "d"] as const) {
    add({ parameter: param, estimate: model.task[param], status: isFixed(model, param) ? "fixed" : "free" }, se?.[param], ci?.[param], truth?.task[param]);
  }
  for (const param of ["b", "tau"] as const) {
    if (isShared(model, param) && !isFixed(model, param)) {
      const first = model.buckets[0]!;
      const trueValues = truth?.buckets.map((b) => b[param]);
      add(
        { parameter: param, estimate: first[param], status: "shared" },
        se?.buckets.find((b) => b.id === first.id)?.[param],
        ci?.buckets.find((b) => b.id === first.id)?.[param],
        trueValues !== undefined && trueValues.every((v) => v === trueValues[0]) ? trueValues[0] : undefined,
      );
      continue;
    }
    for (const bucket of model.buckets) {
      add(
        { parameter: param, bucket: bucket.id, estimate: bucket[param], status: isFixed(model, param, bucket.id) ? "fixed" : "free" },
        se?.buckets.find((b) => b.id === bucket.id)?.[param],
        ci?.buckets.find((b) => b.id === bucket.id)?.[param],
        truth?.buckets.find((b) => b.id === bucket.id)?.[param],
      );
    }
  }
  return rows;
}

/** The parameter table: estimate, std. error, interval (when bootstrapped), true value (when known). */
export function renderParameterTable(rows: readonly ParameterRow[], p: Palette, options: { confidence?: number; indent?: number } = {}): string {
  const hasSe = rows.some((r) => r.standardError !== undefined);
  const hasCi = rows.some((r) => r.interval !== undefined);
  const hasTruth = rows.some((r) => r.truth !== undefined);
  const columns: TableColumn[] = [{ header: "parameter" }, { header: "bucket" }, { header: "estimate", align: "right" }];
  if (hasSe) columns.push({ header: "std. error", align: "right" });
  if (hasCi) columns.push({ header: `${Math.round((options.confidence ?? 0.95) * 100)}% interval` });
  if (hasTruth) columns.push({ header: "true", align: "right" }, { header: "vs true", align: "right" });
  const body = rows.map((r) => {
    const estimate = formatParameter(r.estimate) + (r.status === "fixed" && !hasSe ? ` ${p.dim("(fixed)")}` : "");
    const cells = [r.parameter, r.bucket ?? (r.status === "shared" ? "(all, shared)" : ""), estimate];
    if (hasSe) cells.push(r.status === "fixed" ? p.dim("fixed") : r.standardError !== undefined ? formatParameter(r.standardError) : p.dim("n/a"));
    if (hasCi) cells.push(r.interval !== undefined ? formatInterval(r.interval.low, r.interval.high) : r.status === "fixed" ? p.dim("fixed") : "");
    if (hasTruth) {
      cells.push(r.truth !== undefined ? formatParameter(r.truth) : "");
      cells.push(r.truth !== undefined && r.truth !== 0 ? `${r.estimate >= r.truth ? "+" : "−"}${((Math.abs(r.estimate - r.truth) / Math.abs(r.truth)) * 100).toFixed(1)}%` : "");
    }
    return cells;
  });
  return renderTable(columns, body, { headerStyle: p.bold, ...(options.indent !== undefined ? { indent: options.indent } : {}) });
}
