import { adviceEngine } from "@qqt/core";
import { downloaded, downloadModel, expect, FIT_TIMEOUT, openApp, screenshot, test, waitForFit } from "./fixtures";
import type { Page } from "@playwright/test";

// The charts tell what the decision needs: the y axis named by the metric and kept inside its range, the runs' budget
// range shaded, the difference of each pool to the best one, the crossovers with their intervals, and the utility
// chart out of the way under "details".

/** The numbers on a chart's y axis. */
async function yTicks(page: Page, chart: string): Promise<number[]> {
  const texts = await page.locator(`[data-testid=chart-${chart}] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
  return texts.map(Number);
}

test.describe("charts", () => {
  test("an OpenCLIP example (1 − accuracy): the error axis stays within [0, 1] and is named by the metric; crossovers with intervals", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 90_000);
    await openApp(page);
    await page.getByTestId("model-select").selectOption({ label: "OpenCLIP ViT-B-32 on LAION (Cherti et al. 2023)" });
    await waitForFit(page);
    const model = await downloadModel(page);
    expect(model.metric?.kind).toBe("1-accuracy");

    const ticks = await yTicks(page, "pools");
    expect(ticks.length).toBeGreaterThan(2);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1); // was 5.0 (the law's curves leave [0, 1] at small budgets)
    await expect(page.locator("[data-testid=chart-pools] .recharts-label", { hasText: "predicted" })).toHaveText("predicted imagenet1k error (1 − accuracy)");

    // The samples-seen range of the fitted runs, shaded on both charts.
    await expect(page.locator("[data-testid=chart-pools] .qqt-coverage")).toHaveCount(1);
    await expect(page.locator("[data-testid=chart-difference] .qqt-coverage")).toHaveCount(1);
    await expect(page.getByTestId("coverage-text")).toContainText("samples seen by the fitted runs (2.44B–34.7B)");

    // The crossover table: the engine's crossovers (point budgets), each with its bootstrap interval once the worker
    // has computed it.
    const table = page.getByTestId("crossover-table");
    const engine = adviceEngine(model);
    const [min, max] = await page.locator("[data-testid=chart-pools] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents().then((t) => [t[0], t.at(-1)]);
    expect([min, max]).toEqual(["100M", "1T"]);
    const crossovers = engine.crossovers({ min: 1e8, max: 1e12 });
    const rows = table.locator("tbody tr");
    await expect(rows).toHaveCount(crossovers.length);
    await expect(rows.first()).toHaveAttribute("data-interval-low", /\d/, { timeout: 30_000 });
    for (let i = 0; i < crossovers.length; i++) {
      const row = rows.nth(i);
      expect(Number(await row.getAttribute("data-budget"))).toBeCloseTo(crossovers[i]!.budget, -3);
      const low = Number(await row.getAttribute("data-interval-low"));
      const high = Number(await row.getAttribute("data-interval-high"));
      expect(low).toBeLessThanOrEqual(high);
      expect(low).toBeGreaterThan(0);
      await expect(row.locator("td").nth(3)).toHaveText(/^[\d.]+[MBT]–[\d.]+[MBT]$/);
    }
    await screenshot(page, "20-openclip-charts");

    // Share links stay short: the example by reference, and the same model imported as a file (200 draws) as a
    // compact payload without its draws, which says so when opened.
    await page.getByTestId("share-button").click();
    await expect(page.getByTestId("share-link")).toHaveValue(/#v=1&/);
    const byId = await page.getByTestId("share-link").inputValue();
    expect(byId).toMatch(/&example=laion-openclip\/ViT-B-32$|&example=laion-openclip%2FViT-B-32$/);
    expect(byId.length).toBeLessThan(2000);
    await page.getByTestId("import-files").setInputFiles({ name: "openclip.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(model)) });
    await expect(page.getByTestId("notice")).toContainText("Imported openclip.json");
    await page.getByTestId("share-button").click();
    await expect(page.getByTestId("share-link")).toHaveValue(/&model=z\./);
    const inline = await page.getByTestId("share-link").inputValue();
    expect(inline.length).toBeLessThan(2000); // the whole model with its draws: 14,753 characters
    const other = await page.context().newPage();
    await openApp(other, inline.slice(inline.indexOf("#")));
    await expect(other.getByTestId("notice")).toContainText("without its 200 bootstrap draws");
    await expect(other.getByTestId("recommendation")).toHaveAttribute("data-best", (await page.getByTestId("recommendation").getAttribute("data-best"))!);
    await other.close();
  });

  test("the paper model: the difference chart puts the best pool at 0 and marks the crossovers; utility under details", async ({ page }) => {
    await openApp(page);
    await expect(page.locator("[data-testid=chart-pools] .recharts-label", { hasText: "predicted" })).toHaveText("predicted imagenet1k error");
    const ticks = await yTicks(page, "pools");
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1);
    // No record of runs (entered by hand): nothing shaded.
    await expect(page.locator("[data-testid=chart-pools] .qqt-coverage")).toHaveCount(0);

    const diff = page.getByTestId("chart-difference");
    await expect(diff.locator(".recharts-line path.recharts-curve")).toHaveCount(4);
    await expect(diff.locator(".recharts-reference-dot")).toHaveCount(2);
    await expect(diff.locator(".recharts-label", { hasText: "difference" })).toHaveText("difference to the best pool");
    expect(await yTicks(page, "difference")).toEqual([0, 0.02, 0.04, 0.06, 0.08]);

    const table = page.getByTestId("crossover-table");
    await expect(table.locator("tbody tr")).toHaveCount(2);
    await expect(table.locator("tbody tr").first().locator("td")).toHaveText(["49.3M", "top 10% → top 20%", "0.7711", "—", "—"]);
    await expect(table.getByTestId("crossover-note")).toHaveText("No intervals: this model has no bootstrap draws.");
    // A crossover's budget is a button that moves the answer there.
    await table.getByRole("button", { name: "440M" }).click();
    await expect(page.getByTestId("budget-text")).toHaveValue("440M");

    await expect(page.getByTestId("chart-utility")).toBeHidden();
    await page.getByTestId("details-utility").locator("summary").click();
    await expect(page.locator("[data-testid=chart-utility] .recharts-line path.recharts-curve")).toHaveCount(4);
  });

  test("exports carry the model name, the metric and the crossovers: SVG, PNG and the recommendations CSV", async ({ page }) => {
    await openApp(page);
    const frame = page.getByTestId("chart-pools");
    const svg = (await downloaded(page, () => frame.getByRole("button", { name: /as SVG$/ }).click())).bytes.toString("utf8");
    for (const note of [
      "Model: T-MARS ImageNet (paper parameters)",
      "Metric: imagenet1k error — ImageNet zero-shot top-1 error (1 − acc1)",
      "Best pool changes at 49.3M: top 10% → top 20%",
      "Best pool changes at 440M: top 20% → top 30%",
    ]) {
      expect(svg).toContain(`>${note}</text>`);
    }
    expect(svg).toContain(">predicted imagenet1k error<"); // the y axis's label
    // The PNG is the same document rendered: taller than the plot by the title, the four notes and the legend.
    const png = await downloaded(page, () => frame.getByRole("button", { name: /as PNG$/ }).click());
    const box = (await frame.locator(".recharts-wrapper > svg").boundingBox())!;
    expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(2 * (Math.round(box.height) + 28 + 4 * 17));

    const csv = (await downloaded(page, () => page.getByTestId("export-csv").click())).bytes.toString("utf8").trim().split("\r\n");
    const header = csv[0]!.split(",");
    const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i], v])));
    expect(rows.filter((r) => r.row === "budget")).toHaveLength(7);
    expect(rows.find((r) => r.budget_samples === "640000000")?.best_bucket_ids).toBe("top0-10;top10-20;top20-30");
    const crossings = rows.filter((r) => r.row === "crossover");
    expect(crossings.map((r) => [r.crossover_from, r.best_pool, r.crossover_from_bucket_ids, r.best_bucket_ids])).toEqual([
      ["top 10%", "top 20%", "top0-10", "top0-10;top10-20"],
      ["top 20%", "top 30%", "top0-10;top10-20", "top0-10;top10-20;top20-30"],
    ]);
    expect(Number(crossings[0]!.budget_samples)).toBeCloseTo(49.3e6, -5);
  });
});
