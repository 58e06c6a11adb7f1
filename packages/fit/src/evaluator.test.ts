import { predictError, type Bucket, type Law } from "@qqt/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEvaluator } from "./evaluator.js";
import { buildLayout, emptyParams, toTheta } from "./layout.js";
import { buildProblem } from "./problem.js";
import type { FitInput } from "./types.js";

// The fitter's own evaluation of the law must agree with @qqt/core, and its analytic Jacobian with differences.

const SIZES = [12.8e6, 12.8e6, 25.6e6, 6.4e6];
const POOLS = [[0], [1], [0, 1], [0, 1, 2], [2, 3], [3]];

function study(budgets: number[]): FitInput {
  const buckets = SIZES.map((size, i) => ({ id: `q${i}`, size }));
  const observations = POOLS.flatMap((pool) =>
    budgets.map((n) => ({ pool: pool.map((i) => `q${i}`), samplesSeen: n, error: 0.5 })),
  );
  return { buckets, observations };
}

const paramsArb = fc.record({
  a: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  d: fc.double({ min: 0, max: 0.5, noNaN: true }),
  b: fc.array(fc.double({ min: -0.6, max: -0.01, noNaN: true }), { minLength: 4, maxLength: 4 }),
  tau: fc.array(fc.double({ min: 0.3, max: 60, noNaN: true }), { minLength: 4, maxLength: 4 }),
});

function setup(law: Law, budgets: number[], share?: Array<"b" | "tau">) {
  const input = study(budgets);
  const problem = buildProblem(input, law, 1e5, false);
  const layout = buildLayout(problem, share, undefined, { b: { min: -1 }, tau: { max: 100 }, d: { max: 1 } });
  return { input, problem, layout, evaluator: createEvaluator(problem, layout) };
}

const BUDGETS = [3e6, 12.8e6, 25.6e6, 40e6, 128e6, 1.5e9, 3.2e10];

describe("evaluator", () => {
  for (const law of [{ variant: "paper" }, { variant: "reference" }, { formulation: "effective-data" }, { formulation: "effective-data", variant: "reference" }] as Law[]) {
    it(`matches predictError of @qqt/core (${JSON.stringify(law)})`, () => {
      const { input, problem, layout, evaluator } = setup(law, BUDGETS);
      expect(evaluator.analytic).toBe(true);
      fc.assert(
        fc.property(paramsArb, (p) => {
          const params = emptyParams(4);
          params.a = p.a;
          params.d = p.d;
          params.b.set(p.b);
          params.tau.set(p.tau);
          const out = evaluator.predict(toTheta(layout, params), new Float64Array(problem.count));
          input.observations.forEach((obs, j) => {
            const pool: Bucket[] = obs.pool.map((id) => {
              const i = Number(id.slice(1));
              return { id, size: SIZES[i] as number, b: p.b[i] as number, tau: p.tau[i] as number };
            });
            const expected = predictError(pool, { a: p.a, d: p.d }, obs.samplesSeen, law);
            expect(Math.abs((out[j] as number) - expected)).toBeLessThanOrEqual(1e-11 * expected);
          });
        }),
        { numRuns: 40, seed: 11 },
      );
    });
  }

  for (const [law, share] of [
    [{ variant: "paper" }, undefined],
    [{ variant: "reference" }, undefined],
    [{ variant: "paper" }, ["b", "tau"]],
    [{ variant: "reference" }, ["tau"]],
    [{ formulation: "effective-data" }, undefined],
    [{ formulation: "effective-data", variant: "reference" }, ["tau"]],
    [{ formulation: "effective-data" }, ["b", "tau"]],
  ] as Array<[Law, Array<"b" | "tau"> | undefined]>) {
    it(`analytic Jacobian matches central differences (${JSON.stringify(law)}, share ${JSON.stringify(share)})`, () => {
      const { problem, layout, evaluator } = setup(law, BUDGETS, share);
      const size = layout.size;
      fc.assert(
        fc.property(paramsArb, (p) => {
          const params = emptyParams(4);
          params.a = p.a;
          params.d = Math.max(p.d, 0.01);
          params.b.set(p.b);
          params.tau.set(p.tau);
          const theta = toTheta(layout, params);
          const jac = new Float64Array(problem.count * size);
          const out = new Float64Array(problem.count);
          evaluator.jacobian(theta, out, jac);
          const up = new Float64Array(problem.count);
          const down = new Float64Array(problem.count);
          const h = 1e-6;
          for (let s = 0; s < size; s++) {
            const t1 = Float64Array.from(theta);
            const t2 = Float64Array.from(theta);
            t1[s] = (t1[s] as number) + h;
            t2[s] = (t2[s] as number) - h;
            evaluator.predict(t1, up);
            evaluator.predict(t2, down);
            for (let j = 0; j < problem.count; j++) {
              const numeric = ((up[j] as number) - (down[j] as number)) / (2 * h);
              const analytic = jac[j * size + s] as number;
              expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(numeric)));
            }
          }
        }),
        { numRuns: 15, seed: 5 },
      );
    });
  }

  it("returns non-finite predictions (never throws) for a diverged parameter vector", () => {
    for (const law of [{ variant: "paper" }, { formulation: "effective-data" }] as Law[]) {
      const { problem, layout, evaluator } = setup(law, BUDGETS);
      const theta = new Float64Array(layout.size).fill(NaN);
      const out = evaluator.predict(theta, new Float64Array(problem.count));
      expect(out.every((x) => Number.isNaN(x))).toBe(true);
    }
  });
});
