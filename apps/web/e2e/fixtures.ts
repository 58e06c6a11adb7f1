import { test as base, expect, type Download, type Page } from "@playwright/test";
import { adviceEngine, predictError, recommend, recommendPools, seededRandom, standardNormal, type Bucket, type Law, type TaskParams } from "@qqt/core";
import { parseModel, type ModelFileV1 } from "@qqt/data";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatError, formatProbability } from "../lib/format";

/** Where screenshots of the main views are kept as test artifacts (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

/**
 * Every test checks that the page asked nothing of any other origin (fonts, scripts, data, telemetry) and logged
 * no error — a CSP violation shows up as a console error, so this also checks that the policy fits the app.
 */
export const test = base.extend<{ guard: { offsite: string[]; errors: string[] } }>({
  guard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const offsite: string[] = [];
      const errors: string[] = [];
      page.on("request", (request) => {
        const url = request.url();
        if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) offsite.push(url);
      });
      page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(`console: ${message.text()}`);
      });
      await use({ offsite, errors });
      expect(offsite, "requests to other origins").toEqual([]);
      expect(errors, "errors in the page").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app and waits until the pool chart has drawn its curves. */
export async function openApp(page: Page, hash = ""): Promise<void> {
  await page.goto(`/${hash}`);
  await expect(page.locator("[data-testid=chart-pools] .recharts-line path.recharts-curve").first()).toBeVisible();
}

/** Saves a full-page screenshot of the current view. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** The recommendation as the page shows it (numbers from data attributes, full precision). */
export async function shownAdvice(page: Page): Promise<{ budget: number; best: number; error: number; sentence: string }> {
  const el = page.getByTestId("recommendation");
  return {
    budget: Number(await el.getAttribute("data-budget")),
    best: Number(await el.getAttribute("data-best")),
    error: Number(await el.getAttribute("data-error")),
    sentence: (await el.textContent()) ?? "",
  };
}

/** Starts a download with `click` and returns the file's name and bytes. */
export async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await (download as Download).path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/**
 * `actual` is `expected` up to the last bits of a double. The page computes with @qqt/core in Chromium's V8, the tests
 * with the same code in Node's V8; different V8 versions may round Math.exp/Math.log differently in the last bit, so
 * equality is checked to 1e-15 relative (a few units in the last place), and every shown digit must match.
 */
export function expectSameNumber(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
}

/** The shown recommendation equals @qqt/core's `recommend` for these parameters at the shown budget. */
export async function adviceMatchesCore(page: Page, buckets: Bucket[], task: TaskParams, law: Law, candidates?: ReadonlyArray<readonly string[]>) {
  const shown = await shownAdvice(page);
  const expected = coreAdvice(buckets, task, shown.budget, law, candidates);
  expect(shown.best).toBe(expected.best);
  expectSameNumber(shown.error, expected.errors[expected.best - 1]!);
  return { shown, expected };
}

/**
 * @qqt/core's recommendation at one budget over a model's candidate pools (else its nested pools), with `best`
 * 1-based as the page's `data-best`.
 */
export function coreAdvice(buckets: Bucket[], task: TaskParams, budget: number, law: Law, candidates?: ReadonlyArray<readonly string[]>): { best: number; errors: number[]; margin?: number } {
  if (candidates === undefined) return recommend(buckets, task, [budget], law)[0]!;
  const byId = new Map(buckets.map((b) => [b.id, b]));
  const r = recommendPools(candidates.map((ids) => ({ buckets: ids.map((id) => byId.get(id)!) })), task, [budget], law)[0]!;
  return { best: r.best + 1, errors: r.errors, ...(r.margin !== undefined ? { margin: r.margin } : {}) };
}

/** Time a fit in the worker may take on the shared 2-core machine (200 refits take 2–5 s when it is quiet). */
export const FIT_TIMEOUT = 120_000;

/** Waits until the fit in progress has ended and its model is shown. */
export async function waitForFit(page: Page): Promise<void> {
  await expect(page.getByTestId("notice")).toContainText("Fitted ", { timeout: FIT_TIMEOUT });
  await expect(page.getByTestId("fit-running")).toHaveCount(0);
}

/** The page's model, downloaded and read back with @qqt/data. */
export async function downloadModel(page: Page): Promise<ModelFileV1> {
  const json = await downloaded(page, () => page.getByTestId("export-model").click());
  return parseModel(json.bytes.toString("utf8"), { file: json.name }).data;
}

/**
 * Checks the shown answer against @qqt/core (the point estimate) and its interval and probability of being best
 * against the advice engine over the downloaded model: the page renders what adviceEngine(model) returns.
 */
export async function adviceMatchesModel(page: Page, model: ModelFileV1): Promise<void> {
  const { buckets, task, law } = model;
  const { shown, expected } = await adviceMatchesCore(page, buckets, task, law, model.candidates);
  await expect(page.getByTestId("predicted-error")).toContainText(formatError(expected.errors[expected.best - 1]!));
  const engine = adviceEngine(model);
  const advice = engine.advise(shown.budget);
  expect(advice.best.index + 1).toBe(shown.best);
  if (engine.uncertainty.kind === "estimated") {
    const level = Math.round(engine.uncertainty.confidence * 100);
    await expect(page.getByTestId("error-interval")).toHaveText(
      ` (${level}% prediction interval of one new run: ${formatError(advice.best.interval!.low)} – ${formatError(advice.best.interval!.high)})`,
    );
    await expect(page.getByTestId("mean-interval")).toHaveText(
      ` band of the mean curve: ${formatError(advice.best.meanInterval!.low)} – ${formatError(advice.best.meanInterval!.high)}; from ${engine.uncertainty.draws} bootstrap draws`,
    );
    await expect(page.getByTestId("probability-best")).toHaveText(`${formatProbability(advice.best.probability!)} of bootstrap draws pick ${advice.best.name}`);
  } else if (engine.uncertainty.kind === "not-estimable") {
    await expect(page.getByTestId("probability-best")).toHaveText(`not estimable: ${engine.uncertainty.reasons.join("; ")}`);
    await expect(page.getByTestId("error-interval")).toHaveCount(0);
  } else {
    await expect(page.getByTestId("probability-best")).toHaveText("not available: this model has no bootstrap draws");
  }
  // Every warning of the engine for this answer is shown, in its words.
  const warnings = [...engine.warnings, ...advice.warnings];
  await expect(page.locator("[data-testid=advice-warnings] li:not([data-source=fit])")).toHaveCount(warnings.length);
  for (const w of warnings) await expect(page.getByTestId("advice-warnings")).toContainText(w.message);
}


/**
 * After an import of runs: waits for the fit the page starts at once (with the shared defaults) and opens the
 * collapsed expert settings, so a test can fit again with its own.
 */
export async function afterImportFit(page: Page): Promise<void> {
  await waitForFit(page);
  const details = page.getByTestId("fit-settings");
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
}

/**
 * A SYNTHETIC study whose bootstrap runs long enough to be watched and cancelled: 40 buckets of 12.8M samples, each
 * alone after 1 … 10 passes, errors from the utility law plus seeded noise (sd 0.002). 5,000 refits of it take tens
 * of seconds (≈ 3 ms each); the 21-run fixture's 5,000 refits, warm-started from the point fit, take a second or two,
 * too short for a test to watch and cancel reliably.
 */
export function manyBucketsCsv(): { name: string; mimeType: string; buffer: Buffer } {
  const random = seededRandom(7);
  const rows = ["# SYNTHETIC: 40 buckets × 10 runs from known parameters (apps/web/e2e/fixtures.ts)", "pool,pool_size,samples_seen,error"];
  for (let i = 0; i < 40; i++) {
    const bucket = { id: `q${String(i).padStart(2, "0")}`, size: 12.8e6, b: -0.2 + (0.1 * i) / 40, tau: 1 + (7 * i) / 40 };
    for (let passes = 1; passes <= 10; passes++) {
      const error = predictError([bucket], { a: 0.022, d: 0.1, normalizer: 1e5 }, passes * bucket.size) + 0.002 * standardNormal(random);
      rows.push(`${bucket.id},12.8M,${passes * bucket.size},${error.toFixed(6)}`);
    }
  }
  return { name: "many-buckets-runs.csv", mimeType: "text/csv", buffer: Buffer.from(`${rows.join("\n")}\n`) };
}
