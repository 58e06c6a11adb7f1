import { describe, expect, it } from "vitest";
import { parseBounds, parseFixed, parseShare, toFitOptions } from "./fitOptions.js";

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
