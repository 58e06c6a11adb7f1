import { bootstrap, fit, toModelFile } from "@qqt/fit";
import { describe, expect, it } from "vitest";
import { fitDiagnostics, formatParameter, parameterRows } from "./parameters";
import { TMARS } from "./testing/fixtures";
import { readInput } from "./readInput";
import { knownRunsCsv } from "./testing/knownRuns";

const study = () => {
  const r = readInput("runs.csv", [{ path: "runs.csv", text: knownRunsCsv() }], {});
  if (!r.ok) throw new Error(r.message);
  return r.studies[0]!;
};

describe("parameter table", () => {
  it.each([
    [4.363636363636363, "4.364"],
    [0.022, "0.022"],
    [-0.18, "-0.18"],
    [0.000123456, "0.0001235"],
    [123456, "123500"],
    [Number.NaN, "—"],
  ])("formatParameter(%d) = %s", (x, text) => expect(formatParameter(x)).toBe(text));

  it("shows a hand-entered model's parameters without standard errors or intervals", () => {
    const rows = parameterRows(TMARS);
    expect(rows.map((r) => [r.key, r.estimate, r.standardError, r.interval])).toEqual([
      ["a", "0.022", "—", "—"],
      ["d", "0.1", "—", "—"],
      ["b:top0-10", "-0.18", "—", "—"],
      ["b:top10-20", "-0.15", "—", "—"],
      ["b:top20-30", "-0.12", "—", "—"],
      ["b:top30-40", "-0.1", "—", "—"],
      ["tau:top0-10", "4.364", "—", "—"],
      ["tau:top10-20", "4.273", "—", "—"],
      ["tau:top20-30", "3", "—", "—"],
      ["tau:top30-40", "1.545", "—", "—"],
    ]);
    expect(rows[2]!.description).toBe("utility exponent, top 0–10% by T-MARS");
    expect(fitDiagnostics(TMARS)).toEqual([]);
  });

  it("shows a fit's standard errors and bootstrap intervals; shared parameters once, fixed ones as fixed", async () => {
    const input = study();
    const options = { seed: 1, share: ["tau" as const], fixed: { d: 0.1 } };
    const result = fit(input, options);
    const boot = await bootstrap(input, { ...options, samples: 20, fit: result });
    const model = toModelFile(result, { bootstrap: boot });
    const rows = parameterRows(model);
    expect(rows.map((r) => r.key)).toEqual(["a", "d", "b:top0-10", "b:top10-20", "b:top20-30", "tau:*"]);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.d).toMatchObject({ estimate: "0.1", standardError: "fixed", interval: "fixed" });
    expect(byKey.a!.standardError).toBe(formatParameter(result.standardErrors.a!));
    expect(byKey.a!.interval).toBe(`[${formatParameter(boot.intervals.a!.low)}, ${formatParameter(boot.intervals.a!.high)}]`);
    expect(byKey["tau:*"]).toMatchObject({ description: "half-life (repetitions), shared by every bucket", estimate: formatParameter(result.buckets[0]!.tau) });
    expect(byKey["b:top10-20"]!.interval).toBe(
      `[${formatParameter(boot.intervals.buckets[1]!.b!.low)}, ${formatParameter(boot.intervals.buckets[1]!.b!.high)}]`,
    );
    const diagnostics = Object.fromEntries(fitDiagnostics(model).map((d) => [d.key, d.value]));
    expect(diagnostics).toEqual({
      generator: model.fit!.generator,
      observations: "21",
      sse: result.sse.toPrecision(4),
      rmse: result.rmse.toPrecision(4),
      iterations: String(result.iterations),
      converged: result.converged ? "yes" : "no: see the warnings",
      loss: "squared error",
      seed: "1",
      bootstrap: `${boot.draws.length} of 20 refits succeeded (residuals), 95% intervals`,
    });
  });
});
