import { expect } from "vitest";
import { DataError } from "../DataError.js";
import type { DataIssue } from "../DataError.js";
import type { SafeParseResult } from "../types.js";

/** The issues of a failed safeParse result; fails the test if it succeeded. */
export function issuesOf<T>(result: SafeParseResult<T>): readonly DataIssue[] {
  if (result.success) throw new Error(`expected a DataError, got success: ${JSON.stringify(result.data).slice(0, 200)}`);
  expect(result.error).toBeInstanceOf(DataError);
  return result.error.issues;
}

/** The first issue with `code`, failing the test when there is none. */
export function issueWith<T>(result: SafeParseResult<T>, code: DataIssue["code"]): DataIssue {
  const issues = issuesOf(result);
  const found = issues.find((i) => i.code === code);
  if (found === undefined) throw new Error(`no ${code} issue; got ${issues.map((i) => i.code).join(", ")}: ${issues.map((i) => i.message).join(" | ")}`);
  return found;
}

export const MINIMAL_STUDY =
  '{"format":"qqt.study/v1","buckets":[{"id":"top0-10","size":12800000}],"observations":[{"pool":["top0-10"],"samplesSeen":25600000,"error":0.83}]}';

/** A JSONL line of DataComp evaluation output. */
export function evalLine(key: string, mainMetric: number | null, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ key, dataset: key, metrics: { main_metric: mainMetric, ...extra } })}\n`;
}
