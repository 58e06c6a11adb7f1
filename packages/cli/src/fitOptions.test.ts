import { describe, expect, it } from "vitest";
import { FitError } from "@qqt/fit";
import { CliError } from "./errors.js";
import { fitOptionUsage, parseBounds, parseFixed, parseShare, toFitOptions } from "./fitOptions.js";

const ids = ["top0-10", "top10-20"];

describe("fit options from the command line", () => {
  it("parses --fix for task parameters, every bucket, and single buckets", () => {
    expect(parseFixed("a=0.022,d=0.1", ids)).toEqual({ a: 0.022, d: 0.1 });
    expect(parseFixed("tau[top10-20]=1.5,b[top0-10]=-0.18,tau[top0-10]=4", ids)).toEqual({ tau: { "top10-20": 1.5, "top0-10": 4 }, b: { "top0-10": -0.18 } });
    expect(parseFixed("b=-0.1", ids)).toEqual({ b: -0.1 });
  });

  it.each([
    ["x=1", /unknown parameter "x"/],
    ["a=", /not key=value/],
    ["a=foo", /expected a number for a/],
    ["a=1,a=2", /given twice/],
    ["tau[nope]=1", /unknown bucket "nope".*top0-10, top10-20/],
    ["tau=1,tau[top0-10]=2", /every bucket and for top0-10/],
    ["a=0", /--fix: a must be > 0, got a=0\./],
    ["d=-1e-3", /--fix: d must be >= 0, got d=-1e-3\./],
    ["b=0", /--fix: b must be < 0, got b=0\./],
    ["b[top0-10]=0.2", /--fix: b\[top0-10\] must be < 0/],
    ["tau=-2", /--fix: tau must be > 0/],
  ])("refuses --fix %s", (text, message) => {
    expect(() => parseFixed(text, ids)).toThrow(message);
  });

  it("parses --share and --bounds", () => {
    expect(parseShare("tau")).toEqual(["tau"]);
    expect(parseShare("tau,b,tau")).toEqual(["tau", "b"]);
    expect(parseShare("none")).toEqual([]);
    expect(() => parseShare("a")).toThrow(/tau, b/);
    expect(parseBounds("d=0..0.3,tau=1..")).toEqual({ d: { min: 0, max: 0.3 }, tau: { min: 1 } });
    expect(parseBounds("a=..1e-2")).toEqual({ a: { max: 0.01 } });
    expect(() => parseBounds("d=0.3")).toThrow(/not a range/);
    expect(() => parseBounds("q=0..1")).toThrow(/unknown parameter/);
    expect(parseBounds("d=0..")).toEqual({ d: { min: 0 } });
    expect(parseBounds("b=..-0.01")).toEqual({ b: { max: -0.01 } });
  });

  it.each([
    ["d=0.3..0", "--bounds: d=0.3..0 runs backwards; the lower bound must be below the upper one: d=0..0.3."],
    ["a=0..0", "--bounds: the lower bound of a must be > 0, got a=0..0."],
    ["a=1e-3..1e-3", "--bounds: a=1e-3..1e-3 leaves no room; the lower bound must be below the upper one (to hold a at 0.001, use --fix a=0.001)."],
    ["d=-1..", "--bounds: the lower bound of d must be >= 0, got d=-1..."],
    ["b=..0", "--bounds: the upper bound of b must be < 0, got b=..0."],
    ["tau=..-1", "--bounds: the upper bound of tau must be > 0, got tau=..-1."],
  ])("refuses --bounds %s (usage error)", (text, message) => {
    let error: unknown;
    try {
      parseBounds(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toBe(message);
  });

  it("refuses --huber-delta <= 0 and a --fix value outside its --bounds", () => {
    const base = { formulation: "utility", variant: "paper", loss: "huber-log", seed: "0" } as const;
    expect(() => toFitOptions({ ...base, huberDelta: "0" })).toThrow(/--huber-delta: expected a number > 0/);
    expect(() => toFitOptions({ ...base, huberDelta: "-0.1" })).toThrow(/--huber-delta: expected a number > 0/);
    expect(() => toFitOptions({ ...base, fix: "d=0.5", bounds: "d=0..0.3" })).toThrow("--fix d=0.5 is outside --bounds d=0..0.3; fix a value inside the bounds or widen them.");
    expect(() => toFitOptions({ ...base, fix: "tau[top0-10]=20", bounds: "tau=1..10" }, ids)).toThrow("--fix tau[top0-10]=20 is outside --bounds tau=1..10");
    expect(toFitOptions({ ...base, fix: "d=0.2", bounds: "d=0..0.3" }).fixed).toEqual({ d: 0.2 });
  });

  it("turns @qqt/fit's errors about option values into usage errors naming the option", () => {
    const bounds = fitOptionUsage(new FitError("INVALID_BOUNDS", "options.bounds.d", "min (2) must be below max (0.9) once defaults are filled in."));
    expect(bounds).toBeInstanceOf(CliError);
    expect(bounds!.exitCode).toBe(2);
    expect(bounds!.message).toBe("--bounds: min (2) must be below max (0.9) once defaults are filled in. [INVALID_BOUNDS]");
    const fixed = fitOptionUsage(new FitError("INVALID_OPTION", "options.fixed.d", "fixed d = 0.99 is outside the bounds in effect [0, 0.9]; widen options.bounds.d."));
    expect(fixed!.message).toBe("--fix: fixed d = 0.99 is outside the bounds in effect [0, 0.9]; widen --bounds d=MIN..MAX. [INVALID_OPTION]");
    // Not about an option value: left as the failed fit it is.
    expect(fitOptionUsage(new FitError("INSUFFICIENT_DATA", "options.fitUntil", "no run has samplesSeen > 1e10."))).toBeUndefined();
    expect(fitOptionUsage(new FitError("INVALID_OPTION", "observations[3].error", "expected a number."))).toBeUndefined();
    expect(fitOptionUsage(new Error("options.fixed: boom"))).toBeUndefined();
  });

  it("builds FitOptions, checking seed, starts and iterations", () => {
    expect(
      toFitOptions({ formulation: "utility", variant: "reference", loss: "huber-log", seed: "7", fix: "d=0.1", share: "tau", starts: "2", huberDelta: "0.1" }, ids),
    ).toEqual({ law: { formulation: "utility", variant: "reference" }, loss: "huber-log", seed: 7, fixed: { d: 0.1 }, share: ["tau"], starts: 2, huberDelta: 0.1 });
    expect(() => toFitOptions({ formulation: "utility", variant: "paper", loss: "sse", seed: "-1" }, ids)).toThrow(/--seed: expected a whole number/);
    expect(() => toFitOptions({ formulation: "utility", variant: "paper", loss: "sse", seed: "1.5" }, ids)).toThrow(/--seed/);
    expect(() => toFitOptions({ formulation: "utility", variant: "paper", loss: "sse", seed: "0", starts: "0" }, ids)).toThrow(/--starts/);
  });
});
