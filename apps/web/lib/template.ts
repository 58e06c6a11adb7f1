/**
 * Where the page serves the CSV template of runs (a static file in `public/`): the tidy CSV columns with comments,
 * and 21 SYNTHETIC runs of 3 buckets that import and fit as they are.
 *
 * @example
 * ```ts
 * RUNS_TEMPLATE_PATH; // "/qqt-runs-template.csv"
 * ```
 */
export const RUNS_TEMPLATE_PATH = "/qqt-runs-template.csv";
