// Type-level consumer of @qqt/core: must compile under moduleResolution nodenext and bundler.
import { predictError, recommend, type Bucket, type CoreError, type Recommendation, type TaskParams } from "@qqt/core";

const bucket: Bucket = { id: "x", size: 12.8e6, b: -0.18, tau: 4.36 };
const task: TaskParams = { a: 0.022, d: 0.1 };
const error: number = predictError([bucket], task, 32e6, { formulation: "utility", variant: "reference" });
const recs: Recommendation[] = recommend([bucket], task, [32e6]);
const best: number = recs[0]!.best;
const code: CoreError["code"] = "INVALID_BUCKET";
export { error, best, code };
