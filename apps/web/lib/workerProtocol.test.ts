import { DataError } from "@qqt/data";
import { FitError } from "@qqt/fit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  advisorErrorOf,
  isCancellation,
  isWorkerResponse,
  jobError,
  POINT_FIT_SHARE,
  progressFraction,
  progressText,
  progressThrottle,
  type FitProgress,
} from "./workerProtocol";

describe("worker messages", () => {
  it("carry a FitError's code and field, and a DataError's located issues, across postMessage", () => {
    const fit = jobError(new FitError("INSUFFICIENT_DATA", "observations", "2 observations for 6 free parameters."));
    expect(fit).toEqual({ name: "FitError", code: "INSUFFICIENT_DATA", message: "observations: 2 observations for 6 free parameters.", path: "observations" });
    const issue = { code: "NEGATIVE_NUMBER" as const, file: "runs.csv", line: 3, column: 5, field: "samples_seen", message: "samples_seen is negative", expected: "a count" };
    const data = jobError(new DataError([issue]));
    expect(data).toMatchObject({ name: "DataError", code: "NEGATIVE_NUMBER", issues: [issue] });
    expect(structuredClone(data)).toEqual(data); // plain data: survives structured cloning intact
    expect(jobError("boom")).toEqual({ name: "Error", code: "UNEXPECTED", message: "boom" });
    expect(jobError(new TypeError("x"))).toEqual({ name: "TypeError", code: "UNEXPECTED", message: "x" });
  });

  it("turn a cancellation into a polite FIT_CANCELLED and other failures into located errors", () => {
    const cancelled = advisorErrorOf(jobError(new FitError("ABORTED", "options.signal", "the bootstrap was aborted after 37 refits.")), "runs.csv");
    expect(isCancellation({ name: "FitError", code: "ABORTED", message: "" })).toBe(true);
    expect([cancelled.code, cancelled.message]).toEqual([
      "FIT_CANCELLED",
      "Fit cancelled after 37 bootstrap refits. Nothing was changed; the models already loaded are all still here.",
    ]);
    const failed = advisorErrorOf(jobError(new FitError("UNKNOWN_BUCKET", "observations[3].pool[1]", 'unknown bucket "zz".')), "runs.csv");
    expect([failed.code, failed.message]).toEqual(["FIT_FAILED", 'A run names a bucket the data does not define: unknown bucket "zz".']);
    expect(failed.problems).toEqual([{ file: "runs.csv", path: "observations[3].pool[1]", message: 'unknown bucket "zz".', code: "UNKNOWN_BUCKET" }]);
    const input = advisorErrorOf(
      jobError(new DataError([{ code: "INVALID_JSON", file: "x.json", line: 2, column: 3, message: "invalid JSON" }, { code: "EMPTY_INPUT", file: "y.csv", message: "empty" }])),
      "x",
    );
    expect(input.code).toBe("INVALID_INPUT");
    expect(input.message).toBe("2 problems in 2 files:");
    expect(input.problems.map((p) => [p.file, p.line, p.column])).toEqual([
      ["x.json", 2, 3],
      ["y.csv", undefined, undefined],
    ]);
    expect(advisorErrorOf({ name: "Error", code: "WORKER_FAILED", message: "The worker stopped." }, "runs.csv").message).toBe("runs.csv: The worker stopped.");
  });

  it("recognise only the worker's responses", () => {
    expect(isWorkerResponse({ kind: "progress", id: 1, phase: "fit", done: 0, total: 1, failures: 0 })).toBe(true);
    expect(isWorkerResponse({ kind: "fit-done", id: 2 })).toBe(true);
    expect(isWorkerResponse({ kind: "fit-done", id: "2" })).toBe(false);
    expect(isWorkerResponse({ kind: "hello", id: 1 })).toBe(false);
    expect(isWorkerResponse(null)).toBe(false);
    expect(isWorkerResponse("fit-done")).toBe(false);
  });
});

describe("progress", () => {
  it.each([
    [{ phase: "fit", done: 0, total: 1, failures: 0 }, undefined, "Fitting the parameters…"],
    [{ phase: "fit", done: 1, total: 1, failures: 0 }, POINT_FIT_SHARE, "Point fit done"],
    [{ phase: "bootstrap", done: 0, total: 200, failures: 0 }, 0.05, "Bootstrap: 0 of 200 refits"],
    [{ phase: "bootstrap", done: 100, total: 200, failures: 0 }, 0.525, "Bootstrap: 100 of 200 refits"],
    [{ phase: "bootstrap", done: 200, total: 200, failures: 3 }, 1, "Bootstrap: 200 of 200 refits (3 failed)"],
  ] as Array<[FitProgress, number | undefined, string]>)("%j is %s of the bar: %s", (p, fraction, text) => {
    expect(progressFraction(p)).toBe(fraction);
    expect(progressText(p)).toBe(text);
  });

  it("never goes backwards and stays in [0, 1] (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (total, x, y) => {
        const [a, b] = [Math.min(x, y, total), Math.min(Math.max(x, y), total)];
        const fa = progressFraction({ phase: "bootstrap", done: a, total, failures: 0 })!;
        const fb = progressFraction({ phase: "bootstrap", done: b, total, failures: 0 })!;
        expect(fa).toBeGreaterThanOrEqual(POINT_FIT_SHARE);
        expect(fb).toBeLessThanOrEqual(1);
        expect(fb).toBeGreaterThanOrEqual(fa);
      }),
    );
  });

  it("is throttled to one message per interval, always passing the last", () => {
    let now = 0;
    const pass = progressThrottle(() => now, 50);
    const p = (done: number): FitProgress => ({ phase: "bootstrap", done, total: 10, failures: 0 });
    const passed: number[] = [];
    for (let done = 1; done <= 10; done++) {
      now += 20;
      if (pass(p(done))) passed.push(done);
    }
    // t = 20 (first), 80 (≥ 50 later), 140, 200 (last: done = total).
    expect(passed).toEqual([1, 4, 7, 10]);
  });
});
