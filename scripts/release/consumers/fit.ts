// Type-level consumer of @qqt/fit: must compile under moduleResolution nodenext and bundler.
import type { ModelFileV1 as DataModelFile } from "@qqt/data";
import {
  bootstrap,
  fit,
  FitError,
  toModelFile,
  DEFAULT_BOUNDS,
  type BootstrapResult,
  type FitErrorCode,
  type FitInput,
  type FitOptions,
  type FitResult,
  type FitWarningCode,
  type ModelFileV1,
} from "@qqt/fit";

const input: FitInput = {
  buckets: [{ id: "top0-10", size: 12.8e6 }],
  observations: [
    { pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.85 },
    { pool: ["top0-10"], samplesSeen: 51.2e6, error: 0.79 },
  ],
};
const options: FitOptions = { seed: 1, share: ["tau"], fixed: { d: 0.1 }, bounds: { tau: { min: 0.5, max: DEFAULT_BOUNDS.tau.max } } };
const result: FitResult = fit(input, options);
const a: number = result.task.a;
const tau: number = result.buckets[0]!.tau;
const atBound: boolean = result.warnings.some((w) => w.code === "AT_BOUND");
const warningCode: FitWarningCode = "NOT_IDENTIFIABLE";

function describe(error: unknown): string {
  if (!(error instanceof FitError)) return "unexpected";
  const code: FitErrorCode = error.code;
  switch (code) {
    case "INSUFFICIENT_DATA":
    case "UNKNOWN_BUCKET":
    case "INVALID_BUCKET":
    case "INVALID_OBSERVATION":
    case "INVALID_BOUNDS":
    case "INVALID_OPTION":
    case "UNSUPPORTED":
    case "NOT_CONVERGED":
    case "NUMERICAL":
    case "ABORTED":
      return `${code} at ${error.path}`;
    default: {
      const exhaustive: never = code;
      return exhaustive;
    }
  }
}

async function withBootstrap(): Promise<DataModelFile> {
  const boot: BootstrapResult = await bootstrap(input, { ...options, samples: 50 });
  const file: ModelFileV1 = toModelFile(result, { bootstrap: boot, metric: { name: "imagenet1k" } });
  return file; // fit's ModelFileV1 is @qqt/data's
}
export { a, tau, atBound, warningCode, describe, withBootstrap };
