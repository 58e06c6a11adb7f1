// Import → answer in one step: importing runs fits them at once with the shared defaults (@qqt/fit/defaults, the
// same as `qqt fit`), the previous answer greyed with "fitting your runs…" meanwhile, then replaced.
import { fileURLToPath } from "node:url";
import { expect, FIT_TIMEOUT, openApp, test } from "./fixtures";

const KNOWN_CSV = fileURLToPath(new URL("./data/known-params-runs.csv", import.meta.url));

test.describe("import fits at once", () => {
  test("importing a tidy CSV replaces the answer without another click, greying the old one meanwhile", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    const before = await page.getByTestId("recommendation").textContent();
    await expect(page.getByTestId("model-select")).toHaveValue("example:tmars-paper");
    await page.getByTestId("import-files").setInputFiles(KNOWN_CSV);
    // While the worker fits, the old answer is greyed and says so.
    await expect(page.getByTestId("fitting-note")).toContainText("fitting your runs…", { timeout: FIT_TIMEOUT });
    await expect(page.locator(".answer-panel")).toHaveAttribute("data-stale", "true");
    // Then the fitted model replaces it, with the defaults' 200 bootstrap refits, and nobody pressed Fit.
    await expect(page.getByTestId("notice")).toContainText("200 bootstrap refits. It is now the model shown.", { timeout: FIT_TIMEOUT });
    await expect(page.getByTestId("fitting-note")).toHaveCount(0);
    await expect(page.locator(".answer-panel")).toHaveAttribute("data-stale", "false");
    await expect(page.getByTestId("model-select").locator("option:checked")).toHaveText(/^known-params-runs \(fitted, #\d+\)$/);
    expect(await page.getByTestId("recommendation").textContent()).not.toBe(before);
    // The fitted model has bootstrap draws: P(best) comes with what it does not cover.
    await expect(page.getByTestId("pbest-note")).toHaveText(
      "P(best): the share of bootstrap refits in which this pool is best; it does not cover a wrong law or runs unlike yours.",
    );
    // The expert settings stay collapsed.
    await expect(page.getByTestId("fit-settings")).not.toHaveAttribute("open", /.*/);
    await expect(page.getByTestId("fit-samples")).toBeHidden();
  });
});

test.describe("the import panel", () => {
  test("a bad CSV's problems are listed in line order, with fixes to make in the file (no library options)", async ({ page }) => {
    await openApp(page);
    const csv = [
      "bucket,pool_size,samples_seen,error",
      "top0-10,12.8M,-2,0.84", // line 2: a bad count (found while reading)
      "top0-10,,51.2M,0.79",
      "top0-10,,76.8M,1.5", // line 4: an error above 1 (found at the end)
      "top0-10,,51.2M,0.79", // line 5: repeats line 3 (found at the end)
      "top0-10,,12,8M,0.8", // line 6: a bad count
      "top10-20,abc,25.6M,0.9", // line 7: a bad pool size
    ].join("\n");
    await page.getByTestId("import-files").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const items = page.getByTestId("problem").getByTestId("problem-item");
    await expect(items.first()).toBeVisible();
    const where = await items.locator(".problem-where").allTextContents();
    const lines = where.map((w) => Number(/line (\d+)/.exec(w)?.[1]));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(lines).size).toBeGreaterThanOrEqual(4);
    for (const text of await items.allTextContents()) expect(text).not.toMatch(/\bpass\b|errorScale|bucketSizes|columns: \{|metricKind/);
  });

  test("the accepted formats are explained and the CSV template downloads, imports and fits", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("import-formats").locator("summary").click();
    await expect(page.getByTestId("import-formats")).toContainText("samples_seen");
    await expect(page.getByTestId("import-formats")).toContainText("qqt.study/v1");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("import-template").click()]);
    expect(download.suggestedFilename()).toBe("qqt-runs-template.csv");
    const path = await download.path();
    await page.getByTestId("import-files").setInputFiles(path);
    await expect(page.getByTestId("notice")).toContainText("200 bootstrap refits. It is now the model shown.", { timeout: FIT_TIMEOUT });
    await expect(page.getByTestId("fit-study-summary")).toContainText("21 runs of 3 buckets");
  });
});

test.describe("the answer", () => {
  test("a near-tie reads as a tie (within PLAN_TOLERANCE), a clear win does not", async ({ page }) => {
    await openApp(page);
    await page.getByTestId("budget-text").fill("10B");
    await expect(page.getByTestId("tie")).toContainText("top 30% or top 40%: within 0.002, any of them");
    await page.getByTestId("budget-text").fill("640M");
    await expect(page.getByTestId("recommendation")).toHaveAttribute("data-budget", "640000000");
    await expect(page.getByTestId("tie")).toHaveCount(0);
  });
});

test.describe("next runs", () => {
  test("the paper model gets ranked runs with their cost; the template's fit is settled at 640M", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    const panel = page.getByTestId("next-runs");
    await expect(panel).toHaveAttribute("data-state", "runs", { timeout: 30_000 });
    const runs = panel.getByTestId("next-run");
    expect(await runs.count()).toBeGreaterThanOrEqual(3);
    // Ranked, each with samples seen, passes and cost; the first is the cheapest start of the paper model's cold start.
    await expect(runs.first()).toContainText(/^top 10% for 12\.8M samples seen \(1\.0 passes; cost 12\.8M\)/);
    await page.getByTestId("import-files").setInputFiles(fileURLToPath(new URL("../public/qqt-runs-template.csv", import.meta.url)));
    await expect(page.getByTestId("notice")).toContainText("It is now the model shown.", { timeout: FIT_TIMEOUT });
    await expect(panel).toHaveAttribute("data-state", "settled", { timeout: 30_000 });
    await expect(panel.getByTestId("next-runs-settled")).toContainText("Settled: the expected regret is below 0.002");
    await expect(panel.getByTestId("next-run")).toHaveCount(0);
  });
});
