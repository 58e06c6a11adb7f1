// Honest answers in the page: what the advice engine warns about is shown with the answer (a fit the runs cannot
// determine, a budget far beyond the runs), the chart shades the samples seen the runs cover, and the holdout view
// measures how often the prediction intervals hold the larger runs. Every number is checked against @qqt/core's
// adviceEngine and @qqt/fit's holdout, computed here in Node.
import type { Page } from "@playwright/test";
import { adviceEngine, EXTRAPOLATION_LIMIT } from "@qqt/core";
import { loadDataCompSyntheticStudy } from "@qqt/data/examples";
import { holdout } from "@qqt/fit";
import { exampleFitSettings } from "../lib/examples";
import { formatError, formatProbability } from "../lib/format";
import { holdoutOptionsOf } from "../lib/holdout";
import { adviceMatchesModel, downloadModel, expect, FIT_TIMEOUT, openApp, screenshot, test, waitForFit, afterImportFit } from "./fixtures";

/** Four runs of four buckets: 4 observations for 10 free parameters (a, d, and b, tau per bucket). */
const FOUR_RUNS = [
  "bucket,pool_size,samples_seen,error",
  "top0-10,12.8M,25.6M,0.836",
  "top10-20,12.8M,25.6M,0.850",
  "top20-30,12.8M,51.2M,0.800",
  "top30-40,12.8M,51.2M,0.820",
  "",
].join("\n");

async function openSyntheticExample(page: Page): Promise<void> {
  await openApp(page);
  await page.getByTestId("model-select").selectOption({ label: "SYNTHETIC DataComp-style T-MARS evaluations" });
  await waitForFit(page);
  await expect(page.getByTestId("model-select")).toHaveValue("example:datacomp-synthetic");
}

test.describe("honest answers", () => {
  test("a fit of 4 runs for 10 free parameters: 'not estimable' instead of a probability, no interval, the fit's warnings — also once saved and imported again", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("import-files").setInputFiles({ name: "four.csv", mimeType: "text/csv", buffer: Buffer.from(FOUR_RUNS) });
    await afterImportFit(page);
    await page.getByTestId("fit-samples").fill("20");
    await page.getByTestId("fit-button").click();
    await waitForFit(page);

    const model = await downloadModel(page);
    expect(model.fit).toMatchObject({ observations: 4, freeParameters: 10 });
    const engine = adviceEngine(model);
    expect(engine.uncertainty.kind).toBe("not-estimable");
    const check = async () => {
      const warning = page.locator("[data-testid=advice-warnings] li[data-code=NOT_ESTIMABLE]");
      await expect(warning).toHaveText(/^Not estimable: 4 runs for 10 free parameters: the runs do not determine the fit/);
      await expect(page.getByTestId("probability-best")).toHaveText(`not estimable: ${engine.uncertainty.reasons.join("; ")}`);
      await expect(page.getByTestId("probability-best")).not.toContainText("%");
      await expect(page.getByTestId("error-interval")).toHaveCount(0);
      await expect(page.getByTestId("mean-interval")).toHaveCount(0);
      await expect(page.getByTestId("no-interval")).toHaveText(" (no interval: not estimable)");
      // The fitter's own warnings travel with the model and are repeated with the answer.
      await expect(page.locator("[data-testid=advice-warnings] li[data-code=NOT_IDENTIFIABLE]")).toContainText("From the fit: The runs cannot pin down every parameter");
      // No probability in the table either, and no bands on the chart.
      await expect(page.getByTestId("budget-table").locator("tbody tr").first()).toContainText("not estimable");
      await expect(page.getByTestId("budget-table")).not.toContainText("100%");
      await expect(page.getByTestId("band-text")).toHaveText("No bands: the fit is not estimable (see the recommendation's warning).");
      await expect(page.locator("[data-testid=chart-pools] .recharts-area")).toHaveCount(0);
      await adviceMatchesModel(page, model);
    };
    await check();
    await screenshot(page, "10-not-estimable");

    // The saved model carries its record: imported again, it says the same.
    await page.getByTestId("import-files").setInputFiles({ name: "four-model.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(model)) });
    await expect(page.getByTestId("notice")).toHaveText("Imported four-model.json (model JSON): a model of 4 buckets with its fit.");
    await check();
  });

  test("the SYNTHETIC study: the chart shades the samples seen its runs cover, and 20B is an EXTRAPOLATION with its factor", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    // The paper's model is entered by hand: no record of runs, so nothing to shade and no distance to give.
    await expect(page.locator("[data-testid=chart-pools] .qqt-coverage")).toHaveCount(0);
    await expect(page.getByTestId("coverage-text")).toHaveText("This model has no record of the runs it was fitted to, so the chart cannot show which budgets they cover.");
    await expect(page.getByTestId("extrapolation")).toContainText("unknown: this model comes without a record of the runs");

    await page.getByTestId("model-select").selectOption({ label: "SYNTHETIC DataComp-style T-MARS evaluations" });
    await waitForFit(page);
    const model = await downloadModel(page);
    const engine = adviceEngine(model);
    const covered = engine.coverage!.samplesSeen;
    expect(covered).toEqual({ low: 25.6e6, high: 409.6e6 });
    await expect(page.locator("[data-testid=chart-pools] .qqt-coverage")).toHaveCount(1);
    await expect(page.getByTestId("coverage-text")).toHaveText(
      `Shaded grey: the samples seen by the fitted runs (25.6M–410M); answers further than ${EXTRAPOLATION_LIMIT}× beyond them are flagged as extrapolation.`,
    );
    await expect(page.getByTestId("chart-pools").locator(".legend")).toContainText("samples seen by the fitted runs (25.6M–410M)");
    // The bands are the engine's, labelled as what they are; the mean-curve band is offered separately.
    await expect(page.getByTestId("band-text")).toHaveText(`Coloured bands: the 95% prediction band: where one new run lands, from ${engine.uncertainty.draws} bootstrap draws.`);
    await expect(page.locator("[data-testid=chart-pools] .recharts-area")).toHaveCount(4);
    await page.getByTestId("band-kind").selectOption("mean");
    await expect(page.getByTestId("band-text")).toHaveText(`Coloured bands: the 95% band of the mean curve (fit uncertainty only), from ${engine.uncertainty.draws} bootstrap draws.`);
    await expect(page.getByTestId("chart-pools").locator(".legend")).toContainText("95% band of the mean curve (fit uncertainty only)");
    await page.getByTestId("band-kind").selectOption("prediction");

    // Inside the runs: no warning.
    await page.getByTestId("budget-text").fill("128M");
    await expect(page.getByTestId("extrapolation")).toHaveAttribute("data-factor", String(engine.advise(128e6).extrapolation!.factor));
    await expect(page.locator("[data-testid=advice-warnings] li:not([data-source=fit])")).toHaveCount(0);
    await adviceMatchesModel(page, model);

    // 20B: 48.8× the largest run, and far more passes than any run made.
    await page.getByTestId("budget-text").fill("20B");
    const far = engine.advise(20e9);
    const factor = far.extrapolation!.factor;
    expect(factor).toBeGreaterThan(EXTRAPOLATION_LIMIT);
    const warning = page.locator("[data-testid=advice-warnings] li[data-code=EXTRAPOLATION]");
    await expect(warning).toHaveCount(1);
    await expect(warning).toContainText(far.warnings.find((w) => w.code === "EXTRAPOLATION")!.message);
    await expect(warning).toContainText(`Extrapolation ×${factor >= 100 ? Math.round(factor) : Number(factor.toPrecision(3))}:`);
    await expect(warning).toContainText("20B samples seen is 48.8× the largest fitted run (409.6M)");
    await expect(page.getByTestId("extrapolation")).toHaveAttribute("data-factor", String(factor));
    await expect(page.getByTestId("extrapolation")).toContainText("the budget is 48.8× the largest fitted run (410M)");
    // The interval is named as what it is: one new run's.
    await expect(page.getByTestId("error-interval")).toHaveText(
      ` (95% prediction interval of one new run: ${formatError(far.best.interval!.low)} – ${formatError(far.best.interval!.high)})`,
    );
    await expect(page.getByTestId("probability-best")).toHaveText(`${formatProbability(far.best.probability!)} of bootstrap draws pick ${far.best.name}`);
    await adviceMatchesModel(page, model);
    // The standard table marks the far budgets.
    await expect(page.getByTestId("budget-table").locator("tbody tr").last()).toHaveAttribute("data-warnings", /EXTRAPOLATION/);
    await screenshot(page, "11-extrapolation");
  });

  test("the holdout view fits the smaller budgets of the study shown and shows the coverage of the larger runs", async ({ page }) => {
    test.setTimeout(2 * FIT_TIMEOUT + 60_000);
    await openSyntheticExample(page);
    const panel = page.getByTestId("holdout");
    await expect(panel).toContainText("Settings: those of the model shown.");
    await expect(page.getByTestId("holdout-until-samples")).toHaveValue("140M");
    await page.getByTestId("holdout-by-passes").check();
    await expect(page.getByTestId("holdout-until-passes")).toHaveValue("7");
    await page.getByTestId("holdout-until-passes").fill("6");
    await page.getByTestId("holdout-refits").fill("50");
    await page.getByTestId("holdout-run").click();
    await expect(page.getByTestId("holdout-coverage")).toBeVisible({ timeout: FIT_TIMEOUT });

    // @qqt/fit's holdout of the same study with the same settings, here in Node (seeded: the same numbers).
    const study = (await loadDataCompSyntheticStudy()).data;
    const settings = exampleFitSettings("datacomp-synthetic");
    const expected = await holdout(study, holdoutOptionsOf(settings, { by: "passes", until: 6 }, 50));
    const coverage = expected.summary.coverage!;
    expect(coverage.count).toBe(11);
    await expect(page.getByTestId("holdout-summary")).toContainText("Fitted on 21 runs with at most 6 passes over their pool; predicting the 11 others.");
    await expect(page.getByTestId("holdout-coverage")).toContainText(
      `Coverage: the 95% prediction interval holds ${coverage.covered} of ${coverage.count} held-out runs (${formatProbability(coverage.fraction)}).`,
    );
    await expect(page.getByTestId("holdout-error")).toContainText(`mean absolute ${formatError(expected.summary.meanAbsoluteError)}`);
    const rows = page.getByTestId("holdout-table").locator("tbody tr");
    await expect(rows).toHaveCount(expected.predictions.length);
    for (let i = 0; i < expected.predictions.length; i++) {
      const p = expected.predictions[i]!;
      const cells = rows.nth(i).locator("td");
      await expect(cells.nth(2)).toHaveText(formatError(p.observed));
      await expect(cells.nth(3)).toHaveText(formatError(p.predicted));
      await expect(cells.nth(4)).toHaveText(`${formatError(p.interval!.low)} – ${formatError(p.interval!.high)}`);
      await expect(cells.nth(5)).toHaveText(p.covered ? "yes" : "no");
    }
    await screenshot(page, "12-holdout");
  });
});
