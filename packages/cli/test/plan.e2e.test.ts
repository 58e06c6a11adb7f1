// qqt plan: the next runs for a decision, its cold start, and its refusals.
import { predictError, seededRandom, standardNormal } from "@qqt/core";
import { beforeAll, describe, expect, it } from "vitest";
import { writePoolManifest } from "@qqt/data";
import type { PlanJson } from "../src/index.js";
import { qqt, REFERENCE, scratch, tidyCsv, TMARS, TMARS_TASK, write } from "./helpers.js";

const S = 12.8e6;
let dir: string;
let thin: string;

beforeAll(() => {
  dir = scratch();
  // top 10% run to 2 passes only; top10-20 and the top-20% pool to 4: the decision near 49M hinges on top 10% there.
  const random = seededRandom(4);
  const rows: Array<{ pool: string[]; samplesSeen: number; error: number }> = [];
  const run = (ids: string[], n: number) => rows.push({ pool: ids, samplesSeen: n, error: predictError(TMARS.filter((b) => ids.includes(b.id)), TMARS_TASK, n, REFERENCE) + 0.003 * standardNormal(random) });
  for (const p of [1, 2]) run(["top0-10"], p * S);
  for (const p of [1, 2, 4]) run(["top10-20"], p * S);
  for (const p of [1, 2, 4]) run(["top0-10", "top10-20"], 2 * p * S);
  thin = write(dir, "thin.csv", tidyCsv(rows));
});

describe("qqt plan", () => {
  it("--json: the decision, settled or not, and the next runs with their cost and expected regret after", async () => {
    const r = await qqt(["plan", thin, "--variant", "reference", "--budget", "49.25M", "--next", "2", "--seed", "4", "--bootstrap", "100", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.method).toBe("value-of-information");
    expect(out.decision).toHaveLength(1);
    expect(out.decision[0]!.budget).toBe(49.25e6);
    expect(out.decision[0]!.best.length).toBeGreaterThan(0);
    expect(typeof out.decision[0]!.probability).toBe("number");
    expect(out.settled).toBe(false);
    expect(out.next).toHaveLength(2);
    for (const n of out.next) {
      expect(n.cost).toBe(n.samplesSeen);
      expect(n.expectedRegretAfter!).toBeLessThan(out.expectedRegret!);
      expect(n.passes).toBeCloseTo(n.samplesSeen / (n.pool.length * S), 9);
    }
    expect(out.totalCost).toBe(out.next[0]!.cost + out.next[1]!.cost);
    const text = await qqt(["plan", thin, "--variant", "reference", "--budget", "49.25M", "--seed", "4", "--bootstrap", "100"]);
    expect(text.stdout).toMatch(/The decision now:/);
    expect(text.stdout).toMatch(/Runs worth doing next \(in this order\):/);
    expect(text.stdout).toMatch(/regret after/);
  });

  it("proposes the first design from bucket sizes alone (cold start), next to the paper's", async () => {
    // A 128M pool bucketed as DataComp medium's top 10%, 10–20%, 20–30%, 30–40% and the rest.
    const sizes = [S, S, S, S, 6 * S];
    const total = 10 * S;
    const manifest = write(
      dir,
      "manifest.json",
      writePoolManifest({
        format: "qqt.pool/v1",
        generator: "@qqt/pool test",
        source: { files: ["scores.parquet"], id: "uid", score: "clip_l14_similarity_score", order: "higher-is-better" },
        rows: { read: total, valid: total, excluded: { missingId: 0, missingScore: 0, nanScore: 0, infiniteScore: 0, nonNumericScore: 0 }, duplicates: { ids: 0, rows: 0, examples: [] } },
        rule: { kind: "exact-rank", edges: [0, 10, 20, 30, 40, 100], ties: "id-ascending" },
        buckets: ["top0-10", "top10-20", "top20-30", "top30-40", "top40-100"].map((id, i) => ({
          id,
          count: sizes[i]!,
          scoreMin: 0.4 - 0.05 * (i + 1),
          scoreMax: 0.4 - 0.05 * i,
          fromPercent: [0, 10, 20, 30, 40][i]!,
          toPercent: [10, 20, 30, 40, 100][i]!,
        })),
        edges: [10, 20, 30, 40].map((percent, i) => ({ percent, rank: (i + 1) * S, tiedAbove: 0, tiedBelow: 0 })),
      }),
    );
    const broken = write(dir, "broken.json", JSON.stringify({ format: "qqt.pool/v1", buckets: [] }));
    const refused = await qqt(["plan", "--buckets", broken, "--budget", "640M"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken\.json/);
    const r = await qqt(["plan", "--buckets", manifest, "--budget", "640M", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.method).toBe("cold-start");
    expect(out.next).toHaveLength(15); // 1, 2, 4 passes of each of the 5 buckets
    expect(out.totalCost).toBe(7 * total);
    expect(out.paperDesign).toEqual({ runs: 25, cost: 30 * total });
    const text = await qqt(["plan", "--buckets", manifest, "--budget", "640M"]);
    expect(text.stdout).toMatch(/Total: 896M samples seen; the paper's design: 25 runs, 3\.84B\./);
  });

  it("says settled when the decision is sure", async () => {
    const runs = write(dir, "paper.csv", tidyCsv(TMARS.flatMap((b) => [2, 4, 6, 8, 10].map((e) => ({ pool: [b.id], samplesSeen: e * b.size, error: predictError([b], TMARS_TASK, e * b.size, REFERENCE) + 0.001 * Math.cos(e + b.b * 50) })))));
    const r = await qqt(["plan", runs, "--variant", "reference", "--budget", "26M", "--bootstrap", "40", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PlanJson;
    expect(out.settled).toBe(true);
    expect(out.next).toEqual([]);
  });

  it.each([
    [["--budget", "1M"], /cannot plan: every target \(1M\) is below the smallest fitted run \(12\.8M samples seen\)/],
    [["--budget", "49.25M", "--candidates", "nope@64M"], /--candidates: unknown bucket "nope"/],
    [["--budget", "49.25M", "--max-cost", "1M"], /cannot plan: none of the \d+ candidate runs can change the decision at 49\.25M.*within --max-cost 1M/],
  ])("refuses %j with a clear message", async (args, message) => {
    const r = await qqt(["plan", thin, "--variant", "reference", "--seed", "4", "--bootstrap", "100", ...args]);
    expect(r.code).toBe(args.includes("--candidates") ? 2 : 1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("needs a target, and runs or --buckets", async () => {
    expect((await qqt(["plan", thin])).stderr).toMatch(/give the target as --budget 640M/);
    expect((await qqt(["plan", "--budget", "640M"])).stderr).toMatch(/give the runs to plan from/);
  });
});
