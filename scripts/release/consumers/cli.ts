// Type-level consumer of @qqt/cli: the programmatic API and the documented --json shapes.
import { EXIT_CODES, parseBudgets, run, type CliIO, type ExitCode, type PredictJson, type RecommendJson } from "@qqt/cli";

const io: CliIO = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: { stdout: false, stderr: false }, env: {} };
const budgets: number[] = parseBudgets("32M,128M,640M");
async function recommend(model: string): Promise<ExitCode> {
  return run(["recommend", model, "--budgets", "32M,640M", "--json"], io);
}
function bestPools(out: RecommendJson): string[][] {
  return out.map((entry) => entry.best.pool);
}
function firstError(out: PredictJson): number | undefined {
  return out.pools[0]?.predictions[0]?.error;
}
const usage: 2 = EXIT_CODES.usage;
export { budgets, recommend, bestPools, firstError, usage };
