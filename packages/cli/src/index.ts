// The public, programmatic API of @qqt/cli (the `qqt` command itself is the main product: see the README).
// Every export here is part of the semver contract, as are the `--json` shapes below and the exit codes.

export { main, run } from "./main.js";
export { processIO } from "./io.js";
export type { CliIO, TextSink } from "./io.js";
export { CliError, EXIT_CODES } from "./errors.js";
export type { CliErrorCode, ExitCode } from "./errors.js";
export { parseBudgets, DEFAULT_RANGE_POINTS, MAX_BUDGETS } from "./parseBudgets.js";
export type { BudgetOptions } from "./parseBudgets.js";
// Moved to @qqt/core (the one count formatter); re-exported so existing imports keep working.
export { formatCount } from "@qqt/core";
export { renderTable } from "./output/renderTable.js";
export type { TableColumn, TableOptions } from "./output/renderTable.js";
export type {
  IntervalJson,
  PredictionIntervalJson,
  UncertaintyJson,
  WarningJson,
  ExtrapolationJson,
  PoolJson,
  CandidateJson,
  BestJson,
  CrossoverJson,
  CrossoverIntervalJson,
  RecommendEntryJson,
  RecommendJson,
  ModelSummaryJson,
  PredictionJson,
  PredictPoolJson,
  PredictJson,
  ParameterJson,
  HoldoutPredictionJson,
  HoldoutJson,
  StudySummaryJson,
  ValidateInputJson,
  ValidateJson,
  DemoJson,
  PlanJson,
  ErrorJson,
} from "./json.js";
