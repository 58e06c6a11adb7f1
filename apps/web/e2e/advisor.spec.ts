import AxeBuilder from "@axe-core/playwright";
import { nestedPools, recommend, findCrossovers, type Bucket } from "@qqt/core";
import { DOMParser } from "@xmldom/xmldom";
import type { Page } from "@playwright/test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { adviceMatchesCore, downloaded, expect, expectSameNumber, openApp, screenshot, shownAdvice, test } from "./fixtures";

// The paper's T-MARS ImageNet parameters, written out here independently of the app (spec §6).
const tau = (i: number) => 1 + (9 * i) / 99;
const TMARS: Bucket[] = [
  { id: "top0-10", size: 12.8e6, b: -0.18, tau: tau(37) },
  { id: "top10-20", size: 12.8e6, b: -0.15, tau: tau(36) },
  { id: "top20-30", size: 12.8e6, b: -0.12, tau: tau(22) },
  { id: "top30-40", size: 12.8e6, b: -0.1, tau: tau(6) },
];
const TASK = { a: 0.022, d: 0.1, normalizer: 1e5 };
const LAW = { formulation: "utility", variant: "reference" } as const;
const core = (budget: number, buckets: Bucket[] = TMARS, task = TASK) => recommend(buckets, task, [budget], LAW)[0]!;

/** A valid 10-bucket model file made here (not by the app). */
function tenBucketModel() {
  const buckets = Array.from({ length: 10 }, (_, i) => ({
    id: `q${i}`,
    size: 12.8e6,
    b: -0.2 + 0.014 * i,
    tau: 5 - 0.35 * i,
    label: `top ${i * 10}–${(i + 1) * 10}%`,
  }));
  return {
    format: "qqt.model/v1",
    name: "Ten buckets (e2e)",
    law: { ...LAW },
    task: { ...TASK },
    buckets,
  };
}

/** RFC 4180 CSV to rows of cells (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

async function budgetMatchesCore(page: Page, buckets: Bucket[] = TMARS) {
  return adviceMatchesCore(page, buckets, TASK, LAW);
}

test.describe("first load", () => {
  test("renders the charts and the paper model's recommendation, equal to @qqt/core", async ({ page }) => {
    await openApp(page);
    // Charts: one curve per pool plus the envelope, the differences to the best pool, and the utility curves under
    // the collapsed "details".
    await expect(page.locator("[data-testid=chart-pools] .recharts-line path.recharts-curve")).toHaveCount(5);
    await expect(page.locator("[data-testid=chart-difference] .recharts-line path.recharts-curve")).toHaveCount(4);
    await expect(page.getByTestId("chart-utility")).toBeHidden();
    await page.getByTestId("details-utility").locator("summary").click();
    await expect(page.locator("[data-testid=chart-utility] .recharts-line path.recharts-curve")).toHaveCount(4);
    await expect(page.locator("[data-testid=chart-pools] .recharts-reference-dot")).toHaveCount(2);
    await expect(page.locator("[data-testid=chart-pools] .recharts-cartesian-axis-tick-value").filter({ hasText: /^1B$/ })).toHaveCount(1);
    await expect(page.getByTestId("chart-pools").getByText("budget 640M")).toBeVisible();

    // The recommendation at the default budget (640M) is @qqt/core's, digit for digit.
    const { shown, expected } = await budgetMatchesCore(page);
    expect(shown.budget).toBe(640e6);
    expect(expected.best).toBe(3);
    expect(shown.error).toBeCloseTo(0.599218, 6); // spec §6 golden value
    expect(shown.sentence).toBe("Train on the top 30%: 3 buckets, 38.4M unique samples, about 17 passes.");
    await expect(page.getByTestId("predicted-error")).toHaveText(expected.errors[2]!.toFixed(4));
    await expect(page.getByTestId("runner-up")).toHaveText(
      `top 20%: ${expected.errors[1]!.toFixed(4)} (worse by ${expected.margin!.toFixed(4)})`,
    );
    await expect(page.getByTestId("probability-best")).toContainText("no bootstrap draws");

    // The standard-budget table, row by row.
    const rows = page.locator("[data-testid=budget-table] tbody tr");
    await expect(rows).toHaveCount(7);
    const budgets = [12.8e6, 32e6, 64e6, 128e6, 640e6, 1.28e9, 12.8e9];
    const names = ["top 10%", "top 20%", "top 30%", "top 40%"];
    for (let i = 0; i < budgets.length; i++) {
      const r = core(budgets[i]!);
      const cells = rows.nth(i).locator("td");
      await expect(cells.nth(0)).toHaveText(names[r.best - 1]!);
      await expect(cells.nth(3)).toHaveText(r.errors[r.best - 1]!.toFixed(4));
    }

    // Crossovers in words, as @qqt/core finds them.
    const crossings = findCrossovers(nestedPools(TMARS), TASK, { min: 1e7, max: 1e11 }, LAW);
    expect(crossings.map((c) => [c.from, c.to])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    await expect(page.getByTestId("crossover-text")).toHaveText("The best pool changes at 49.3M: top 10% → top 20%; 440M: top 20% → top 30%.");
    await expect(page.getByTestId("model-meta")).toContainText("Goyal, Maini, Lipton, Raghunathan, Kolter");
    await expect(page.getByTestId("observations-empty")).toBeVisible();
    // The other built-in examples are listed with their source: the SYNTHETIC DataComp study and the real OpenCLIP runs.
    await expect(page.getByTestId("model-select").locator("optgroup[label^=Examples] option")).toHaveText([
      "SYNTHETIC DataComp-style T-MARS evaluations",
      "OpenCLIP ViT-B-32 on LAION (Cherti et al. 2023)",
      "OpenCLIP ViT-B-16 on LAION (Cherti et al. 2023)",
      "OpenCLIP ViT-L-14 on LAION (Cherti et al. 2023)",
    ]);
    await expect(page.getByTestId("parameter-table").locator("tbody tr")).toHaveCount(10);
    await expect(page.getByTestId("parameters")).toContainText("Entered by hand (no fit record)");
    await screenshot(page, "01-first-load");
  });

  test("serves the security headers", async ({ page }) => {
    const response = await page.request.get("/");
    const headers = response.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/https?:/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-powered-by"]).toBeUndefined();
  });
});

test.describe("budget", () => {
  test("the slider and the text box move the recommendation and the chart's budget line", async ({ page }) => {
    await openApp(page);
    const slider = page.getByTestId("budget-slider");
    const text = page.getByTestId("budget-text");

    await slider.focus();
    await page.keyboard.press("Home");
    await expect(text).toHaveValue("10M");
    let { shown } = await budgetMatchesCore(page);
    expect(shown.budget).toBe(1e7);
    expect(shown.sentence).toContain("top 10%");
    await expect(page.getByTestId("chart-pools").getByText("budget 10M")).toBeVisible();

    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    ({ shown } = await budgetMatchesCore(page));
    expect(shown.budget).toBeGreaterThan(1e7);
    await expect(text).toHaveValue(await slider.getAttribute("aria-valuetext").then((v) => v!.replace(" samples", "")));

    await page.keyboard.press("End");
    ({ shown } = await budgetMatchesCore(page));
    expect(shown.budget).toBe(1e11);

    await text.fill("64M");
    ({ shown } = await budgetMatchesCore(page));
    expect(shown).toMatchObject({ budget: 64e6, best: 2 });
    expect(shown.error).toBeCloseTo(0.742862, 6);
    await expect(page.getByTestId("chart-pools").getByText("budget 64M")).toBeVisible();
    const position = Number(await slider.inputValue());
    expect(position).toBe(Math.round((Math.log10(6.4) / 4) * 1000)); // log position of 64M in 10M–100B

    await text.fill("100 GPU-h x 1000/s");
    ({ shown } = await budgetMatchesCore(page));
    expect(shown.budget).toBe(3.6e8);
    await expect(page.getByTestId("budget-help")).toHaveText("= 360,000,000 samples seen");

    await text.fill("lots");
    await expect(text).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("budget-help")).toContainText('Budget "lots" is not a count. Expected samples seen such as 640M');
    expect((await shownAdvice(page)).budget).toBe(3.6e8); // the last valid budget stays in force

    await text.fill("1_000_000_000");
    expect((await shownAdvice(page)).budget).toBe(1e9);
    await expect(text).toHaveAttribute("aria-invalid", "false");
    await expect(page.getByTestId("below-law-range")).toHaveCount(0);

    // Below the law's range (normalizer / a = 4.55M for the paper's a) the answer says it is not a recommendation.
    await text.fill("1M");
    expect((await shownAdvice(page)).budget).toBe(1e6);
    await expect(page.getByTestId("below-law-range")).toContainText("1M samples seen is below the law's range, which starts at 4.545M (normalizer / a)");

    // A budget outside the slider range widens the chart instead of being clipped.
    await text.fill("3T");
    ({ shown } = await budgetMatchesCore(page));
    expect(shown.budget).toBe(3e12);
    await expect(page.locator("[data-testid=chart-pools] .recharts-cartesian-axis-tick-value").filter({ hasText: /^10T$/ })).toHaveCount(1);

    // The GPU-hour calculator and the table's budget buttons set the budget too.
    await page.getByText("From GPU-hours").click();
    await page.getByTestId("gpu-hours").fill("50");
    await page.getByTestId("gpu-rate").fill("2500");
    await page.getByTestId("gpu-apply").click();
    expect((await shownAdvice(page)).budget).toBe(50 * 3600 * 2500);
    await page.getByRole("button", { name: "Use a budget of 32M samples" }).click();
    ({ shown } = await budgetMatchesCore(page));
    expect(shown.budget).toBe(32e6);
    await expect(text).toHaveValue("32M");
  });
});

test.describe("import", () => {
  test("a malformed CSV, a broken JSON and bad fields are listed with file, line, field and expectation; the app keeps working", async ({ page }) => {
    await openApp(page);
    const input = page.getByTestId("import-files");
    const problem = page.getByTestId("problem");
    const items = problem.getByTestId("problem-item");

    // A tidy CSV with a negative and an unreadable count: both listed, each at its line and column.
    const csv = "bucket,pool_size,samples_seen,error\ntop0-10,12.8M,25.6M,0.84\ntop0-10,,-5,0.76\ntop10-20,12.8M,abc,0.86\n";
    await input.setInputFiles({ name: "bad-runs.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(problem).toContainText("Could not import bad-runs.csv. bad-runs.csv could not be read: 2 problems found.");
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText('bad-runs.csv line 3:10 field samples_seen: samples_seen: "-5" is negative Expected: a count such as 12800000, 12.8M');
    await expect(items.nth(1)).toContainText('bad-runs.csv line 4:16 field samples_seen: samples_seen: "abc" is not a count');
    await expect(problem).toContainText("Everything already loaded is still available.");
    await screenshot(page, "03-import-problems");

    // Broken JSON: the syntax error's line and column.
    await input.setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{\n  "format": "qqt.model/v1",\n  "task": {"a": 0.02,}\n}') });
    await expect(problem).toContainText("Could not import broken.json.");
    await expect(items.first()).toContainText('broken.json line 3:22: invalid JSON: expected a member name (no trailing comma) but found "}"');

    // A well-formed model with bad fields: every field-level problem with its line.
    const bad = tenBucketModel();
    bad.buckets[2]!.tau = -3;
    bad.task.a = 0;
    const badText = JSON.stringify(bad, null, 2);
    const tauLine = badText.split("\n").findIndex((l) => l.includes('"tau": -3')) + 1;
    await input.setInputFiles({ name: "bad-fields.json", mimeType: "application/json", buffer: Buffer.from(badText) });
    await expect(problem).toContainText("bad-fields.json could not be read: 2 problems found.");
    await expect(problem).toContainText(`bad-fields.json line ${tauLine}:7 field buckets[2].tau: buckets[2].tau is -3 Expected: a half-life tau in (0, 1e12] repetitions.`);
    await expect(problem).toContainText("field task.a: task.a is 0 Expected: a sample-count scale a > 0.");

    // Nothing was lost and everything still works.
    await expect(page.getByTestId("model-select").locator("optgroup[label=Loaded] option")).toHaveCount(1);
    await page.getByTestId("budget-text").fill("128M");
    const { shown } = await budgetMatchesCore(page);
    expect(shown.best).toBe(2);
    await expect(page.getByTestId("fit-empty")).toBeVisible();

    // An import over the size limit is refused before it is read.
    const huge = `${test.info().outputDir}/huge.csv`;
    mkdirSync(test.info().outputDir, { recursive: true });
    writeFileSync(huge, Buffer.alloc(51 * 1024 * 1024, 32));
    await input.setInputFiles(huge);
    await expect(problem).toContainText(
      "huge.csv is 51 MB; the limit is 50 MB per import (MAX_IMPORT_BYTES). Nothing was read. Import a smaller part (e.g. one folder of runs), or remove files that are not evaluation output.",
    );
    rmSync(huge);
    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect(problem).toHaveCount(0);
  });

  test("an ambiguous accuracy column asks how to read it, and imports once told", async ({ page }) => {
    await openApp(page);
    const csv = "bucket,pool_size,samples_seen,accuracy\ntop0-10,12.8M,25.6M,0.16\ntop0-10,,51.2M,0.24\ntop0-10,,102.4M,0.28\n";
    await page.getByTestId("import-files").setInputFiles({ name: "acc.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const problem = page.getByTestId("problem");
    await expect(problem).toContainText("acc.csv line 1:4 field accuracy: every accuracy is in [0, 1]");
    await expect(page.getByTestId("import-choice")).toContainText("does not say whether 0.31 means 31% (a fraction) or 0.31% (a percent)");
    await screenshot(page, "04-import-choice");
    await page.getByTestId("import-choice-select").selectOption("fraction");
    await page.getByTestId("import-choice-apply").click();
    await expect(page.getByTestId("fit-study")).toHaveValue(/^study:/);
    await expect(page.getByTestId("fit-study-summary")).toContainText("3 runs of 1 buckets");
    // Read as told, then fitted at once with the defaults, without pressing Fit.
    await expect(page.getByTestId("notice")).toContainText("Fitted acc in ", { timeout: 50_000 });
    await expect(problem).toHaveCount(0);
  });

  test("a valid model imports by file picker or drag-and-drop and its recommendation equals @qqt/core", async ({ page }) => {
    await openApp(page);
    const model = tenBucketModel();
    await page.getByTestId("import-files").setInputFiles({ name: "ten.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(model)) });
    await expect(page.getByTestId("notice")).toHaveText("Imported ten.json (model JSON): a model of 10 buckets.");
    await expect(page.getByTestId("model-select").locator("option:checked")).toHaveText("Ten buckets (e2e) (imported from ten.json)");
    await expect(page.locator("[data-testid=chart-pools] .recharts-line path.recharts-curve")).toHaveCount(11);
    for (const budget of ["32M", "640M", "12.8B"]) {
      await page.getByTestId("budget-text").fill(budget);
      await budgetMatchesCore(page, model.buckets);
    }

    // Drag and drop a second file onto the drop zone.
    const renamed = { ...model, name: "Dropped model" };
    const transfer = await page.evaluateHandle((json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], "dropped.json", { type: "application/json" }));
      return dt;
    }, JSON.stringify(renamed));
    await page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer: transfer });
    await expect(page.getByTestId("notice")).toHaveText("Imported dropped.json (model JSON): a model of 10 buckets.");
    await expect(page.getByTestId("model-select").locator("optgroup[label=Loaded] option")).toHaveCount(3);
    await page.getByTestId("model-select").selectOption({ label: "T-MARS ImageNet (paper parameters)" });
    await budgetMatchesCore(page);
  });
});

test.describe("export", () => {
  test("model JSON, recommendations CSV and each chart as SVG and PNG download as valid files", async ({ page }) => {
    await openApp(page);
    const json = await downloaded(page, () => page.getByTestId("export-model").click());
    expect(json.name).toBe("t-mars-imagenet-paper-parameters-model.json");
    const model = JSON.parse(json.bytes.toString("utf8"));
    expect(model.format).toBe("qqt.model/v1");
    expect(model.buckets.map((b: Bucket) => [b.b, b.tau])).toEqual(TMARS.map((b) => [b.b, b.tau]));
    expect(model.task).toEqual(TASK);

    await page.getByTestId("budget-text").fill("500M");
    const csv = await downloaded(page, () => page.getByTestId("export-csv").click());
    expect(csv.name).toBe("t-mars-imagenet-paper-parameters-recommendations.csv");
    const table = parseCsv(csv.bytes.toString("utf8"));
    const header = table[0]!;
    expect(header.slice(0, 4)).toEqual(["model", "budget_samples", "best_pool", "best_k"]);
    // header + 7 standard budgets + the chosen 500M, then the 2 crossovers
    expect(table).toHaveLength(11);
    expect(table.slice(1).map((cells) => cells[header.indexOf("row")])).toEqual([...Array(8).fill("budget"), "crossover", "crossover"]);
    for (const cells of table.slice(1, 9)) {
      const row = Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
      expect(row.model).toBe("T-MARS ImageNet (paper parameters)");
      const expected = core(Number(row.budget_samples));
      expect(Number(row.best_k)).toBe(expected.best);
      expectSameNumber(Number(row.predicted_error), expected.errors[expected.best - 1]!);
      expectSameNumber(Number(row.error_top4), expected.errors[3]!);
    }
    expect(table.some((cells) => cells[1] === "500000000")).toBe(true);

    await page.getByTestId("details-utility").locator("summary").click(); // the utility chart is under "details"
    for (const [chart, legendLabel] of [
      ["pools", "top 30%"],
      ["difference", "top 30%"],
      ["utility", "top 20–30% by T-MARS"],
    ] as const) {
      const frame = page.getByTestId(`chart-${chart}`);
      const svg = await downloaded(page, () => frame.getByRole("button", { name: /as SVG$/ }).click());
      expect(svg.name).toMatch(/\.svg$/);
      const errors: string[] = [];
      const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level} ${message}`) }).parseFromString(
        svg.bytes.toString("utf8"),
        "image/svg+xml",
      );
      expect(errors).toEqual([]);
      expect(doc.documentElement!.tagName).toBe("svg");
      const paths = doc.getElementsByTagName("path");
      const curves = Array.from({ length: paths.length }, (_, i) => paths[i]!).filter((p) => p.getAttribute("class")?.includes("recharts-curve"));
      expect(curves.length).toBe(await frame.locator(".recharts-wrapper > svg path.recharts-curve").count());
      expect(curves.length).toBeGreaterThanOrEqual(4);
      expect(svg.bytes.toString("utf8")).toContain(`>${legendLabel}</text>`); // the legend is drawn into the file

      const png = await downloaded(page, () => frame.getByRole("button", { name: /as PNG$/ }).click());
      expect(png.name).toMatch(/\.png$/);
      expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const width = png.bytes.readUInt32BE(16);
      const height = png.bytes.readUInt32BE(20);
      const box = (await frame.locator(".recharts-wrapper > svg").boundingBox())!;
      expect(width).toBe(2 * Math.round(box.width));
      expect(height).toBeGreaterThan(2 * Math.round(box.height));
    }
  });
});

test.describe("share", () => {
  test("a share link restores an example and its budget", async ({ page, context }) => {
    await openApp(page);
    await page.getByTestId("budget-text").fill("1.28B");
    const before = await shownAdvice(page);
    await page.getByTestId("share-button").click();
    await expect(page.getByTestId("share-link")).toHaveValue(/#v=1&/); // the share code is loaded on demand
    const link = await page.getByTestId("share-link").inputValue();
    expect(link).toMatch(/#v=1&budget=1280000000&example=tmars-paper$/);

    const other = await context.newPage();
    await openApp(other, link.slice(link.indexOf("#")));
    await expect(other.getByTestId("notice")).toHaveText("Restored the shared view.");
    await expect(other.getByTestId("budget-text")).toHaveValue("1.28B");
    await expect(other.getByTestId("model-select")).toHaveValue("example:tmars-paper");
    expect(await shownAdvice(other)).toEqual(before);
    await other.close();
  });

  test("a share link carries an imported model, and a tampered link is refused without breaking the app", async ({ page, context }) => {
    await openApp(page);
    const model = tenBucketModel();
    await page.getByTestId("import-files").setInputFiles({ name: "ten.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(model)) });
    await expect(page.getByTestId("notice")).toContainText("Imported ten.json");
    await page.getByTestId("budget-text").fill("2B");
    const before = await shownAdvice(page);
    await page.getByTestId("share-button").click();
    await expect(page.getByTestId("share-link")).toHaveValue(/#v=1&/); // the share code is loaded on demand
    const link = await page.getByTestId("share-link").inputValue();
    expect(link).toContain("&model=z.");

    const other = await context.newPage();
    await openApp(other, link.slice(link.indexOf("#")));
    await expect(other.getByTestId("notice")).toHaveText("Restored the shared model and budget.");
    await expect(other.getByTestId("model-select").locator("option:checked")).toHaveText("Ten buckets (e2e) (shared)");
    expect(await shownAdvice(other)).toEqual(before);
    await budgetMatchesCore(other, model.buckets);

    await other.close();

    // Tampered: the payload cut short, opened fresh.
    const hash = link.slice(link.indexOf("#"));
    const cut = await context.newPage();
    await openApp(cut, hash.slice(0, hash.length - 30));
    await expect(cut.getByTestId("problem")).toContainText("Could not open the share link.");
    await expect(cut.getByTestId("model-select").locator("optgroup[label=Loaded] option")).toHaveCount(1);
    await budgetMatchesCore(cut); // the default model still works

    // Tampered while the app is open (the fragment changes in place): the loaded models stay.
    const invalid = Buffer.from(JSON.stringify({ ...model, task: { a: -1, d: 0.1, normalizer: 1e5 } })).toString("base64url");
    await cut.evaluate((h) => (window.location.hash = h), `v=1&budget=1e9&model=j.${invalid}`);
    await expect(cut.getByTestId("problem")).toContainText("share link field task.a: task.a is -1 Expected: a sample-count scale a > 0.");
    await expect(cut.getByTestId("model-select").locator("optgroup[label=Loaded] option")).toHaveCount(1);
    await cut.close();
  });
});

test.describe("accessibility", () => {
  for (const [name, setup] of [
    ["the paper model", async (_: Page) => {}],
    [
      "an import error with its problems",
      async (page: Page) => {
        await page.getByTestId("import-files").setInputFiles({ name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("bucket,pool_size,samples_seen,error\na,1M,-2,0.5\n") });
        await expect(page.getByTestId("problem-item")).toHaveCount(1);
      },
    ],
  ] as const) {
    test(`axe finds no serious or critical violation on ${name}`, async ({ page }) => {
      await openApp(page);
      await setup(page);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
      expect(results.violations.map((v) => v.id)).toEqual([]);
    });
  }

  test("every control is reachable and named for the keyboard", async ({ page }) => {
    await openApp(page);
    const names: string[] = [];
    for (let i = 0; i < 90; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return "";
        const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
        return `${el.tagName.toLowerCase()}:${labelled.trim().slice(0, 80)}`;
      });
      names.push(name);
    }
    expect(names).toEqual(expect.arrayContaining([
      expect.stringMatching(/^input:Samples seen/),
      expect.stringMatching(/^input:Budget on a log scale/),
      expect.stringMatching(/^select:Model shown/),
      expect.stringMatching(/^input:Files: study or model JSON/),
      expect.stringMatching(/^input:A DataComp evaluation folder/),
      expect.stringMatching(/^button:Model JSON/),
      expect.stringMatching(/^button:Download “Predicted error by filtering level” as SVG/),
    ]));
    expect(names.filter((n) => n.endsWith(":"))).toEqual([]); // nothing focusable without a name
  });
});
