// Import, fit and export with @qqt/data and @qqt/fit in the page's worker: every number the page shows for a fitted
// model is checked against @qqt/core, computed here in Node from the model JSON the page downloads.
import AxeBuilder from "@axe-core/playwright";
import { parseStudy } from "@qqt/data";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatParameter } from "../lib/parameters";
import { adviceMatchesModel, downloaded, downloadModel, expect, FIT_TIMEOUT, manyBucketsCsv, openApp, screenshot, shownAdvice, test, waitForFit, afterImportFit } from "./fixtures";

/** Runs generated from known parameters (lib/testing/knownRuns.ts; a unit test keeps the file equal to the generator). */
const KNOWN_CSV = fileURLToPath(new URL("./data/known-params-runs.csv", import.meta.url));
/** The OpenCLIP scaling-law results of Cherti et al. (2023), as @qqt/data's example holds them. */
const OPENCLIP_CSV = fileURLToPath(new URL("../../../packages/data/examples/laion-openclip/zeroshot_results.csv", import.meta.url));
/** The SYNTHETIC DataComp-style evaluation folder of @qqt/data's examples. */
const DATACOMP_DIR = fileURLToPath(new URL("../../../packages/data/examples/datacomp-synthetic", import.meta.url));

test.describe("import and fit", () => {
  test("a tidy CSV of runs from known parameters: import, fit in the worker, and the advice equals @qqt/core's for the downloaded model", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await expect(page.getByTestId("export-study")).toBeDisabled(); // the paper model has no runs with it
    await page.getByTestId("import-files").setInputFiles(KNOWN_CSV);
    // The page fits the import at once with the defaults; the test then fits again with its own settings.
    await afterImportFit(page);
    await expect(page.getByTestId("fit-study-summary")).toContainText("21 runs of 3 buckets (38.4M unique samples), metric error.");
    await page.getByTestId("fit-samples").fill("100");
    await page.getByTestId("fit-button").click();
    await waitForFit(page);
    await expect(page.getByTestId("notice")).toContainText(", 100 bootstrap refits. It is now the model shown.");
    await expect(page.getByTestId("model-select").locator("option:checked")).toHaveText(/^known-params-runs \(fitted, #\d+\)$/);

    const model = await downloadModel(page);
    expect(model.fit?.observations).toBe(21);
    expect(model.fit?.bootstrap?.samples).toBe(100);
    expect(model.description).toContain("Fitted in the browser by @qqt/fit to 21 runs of known-params-runs.csv: utility law (paper variant)");
    for (const budget of ["64M", "640M", "6.4B"]) {
      await page.getByTestId("budget-text").fill(budget);
      await adviceMatchesModel(page, model);
    }

    // Parameters, standard errors, intervals and diagnostics as in the model file.
    const rows = page.getByTestId("parameter-table").locator("tbody tr");
    await expect(rows).toHaveCount(8);
    const a = page.locator("[data-parameter=a] td");
    await expect(a.nth(0)).toHaveText(formatParameter(model.task.a));
    await expect(a.nth(1)).toHaveText(formatParameter(model.fit!.standardErrors!.a!));
    await expect(a.nth(2)).toHaveText(`[${formatParameter(model.fit!.bootstrap!.intervals.a!.low)}, ${formatParameter(model.fit!.bootstrap!.intervals.a!.high)}]`);
    await expect(page.locator("[data-diagnostic=observations]")).toHaveText("21");
    await expect(page.locator("[data-diagnostic=rmse]")).toHaveText(model.fit!.rmse.toPrecision(4));
    await expect(page.locator("[data-diagnostic=converged]")).toHaveText(model.fit!.converged ? "yes" : "no: see the warnings");

    // The study's runs feed the runs-and-residuals charts; the draws the bands.
    await expect(page.locator("[data-testid=chart-observations] .recharts-scatter-symbol")).toHaveCount(21);
    await expect(page.locator("[data-testid=chart-residuals] .recharts-scatter-symbol")).toHaveCount(21);
    await expect(page.locator("[data-testid=chart-pools] .recharts-area")).toHaveCount(3);
    await screenshot(page, "05-fitted-csv");

    // The study JSON holds the runs and this model.
    const studyFile = await downloaded(page, () => page.getByTestId("export-study").click());
    expect(studyFile.name).toBe("known-params-runs-study.json");
    const study = parseStudy(studyFile.bytes.toString("utf8"), { file: studyFile.name }).data;
    expect(study.observations).toHaveLength(21);
    expect(study.observations[0]).toMatchObject({ pool: ["top0-10"], samplesSeen: 25.6e6, error: 0.846677 });
    expect(study.model).toEqual(model);
  });

  test("a DataComp evaluation folder: folder upload, metric choice, located errors, fit and study export — labelled SYNTHETIC", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("import-folder").setInputFiles(DATACOMP_DIR);
    await expect(page.getByTestId("notice")).toContainText(
      "Imported datacomp-synthetic/ (DataComp evaluations, 32 evaluation files): 32 runs of 4 buckets, metric imagenet1k. Skipped: 672 task lines the metric does not use",
    );
    await expect(page.getByTestId("fit-study")).toContainText("SYNTHETIC DataComp-style T-MARS evaluations (datacomp-synthetic/)");
    await expect(page.getByTestId("fit-study-summary")).toContainText("SYNTHETIC data 32 runs of 4 buckets (51.2M unique samples), metric imagenet1k.");
    await screenshot(page, "06-datacomp-folder");

    // Another metric: the official QQT code's 18-task average.
    await page.getByTestId("reread-select").selectOption("avg18");
    await page.getByTestId("reread-apply").click();
    await expect(page.getByTestId("notice")).toContainText("Read again: datacomp-synthetic/ (DataComp evaluations, 32 evaluation files): 32 runs of 4 buckets, metric avg18.");
    await expect(page.getByTestId("fit-study-summary")).toContainText("metric avg18.");
    // A reread fits at once: let that fit end before reading the folder again.
    await expect(page.getByTestId("fit-running")).toHaveCount(0, { timeout: FIT_TIMEOUT });

    // A metric the files do not cover: the tasks no file has, named once for the folder with the tasks the files do
    // have; the avg18 study stays.
    await page.getByTestId("reread-select").selectOption("avg38");
    await page.getByTestId("reread-apply").click();
    const problem = page.getByTestId("problem");
    await expect(problem).toContainText("Could not import datacomp-synthetic/.");
    await expect(problem.getByTestId("problem-item")).toHaveCount(1);
    await expect(problem.getByTestId("problem-item").first()).toContainText(
      /^datacomp-synthetic field key: 17 tasks of avg38 are missing from all 32 files: "vtab\/clevr_count_all", .* Expected: a line for every task of avg38; the files have cars, cifar10, /,
    );
    await expect(page.getByTestId("import-choice")).toBeVisible();
    await expect(page.getByTestId("fit-study-summary")).toContainText("metric avg18.");
    await page.getByRole("button", { name: "Dismiss" }).click();

    await page.getByTestId("fit-settings").locator("summary").click();
    await page.getByTestId("fit-samples").fill("0");
    await page.getByTestId("fit-button").click();
    await waitForFit(page);
    await expect(page.getByTestId("synthetic-note")).toContainText("SYNTHETIC data This model was fitted to generated runs");
    await expect(page.getByTestId("model-meta")).toContainText("SYNTHETIC data");
    await expect(page.getByTestId("chart-pools").locator("h3")).toContainText("SYNTHETIC data");
    await expect(page.getByTestId("probability-best")).toHaveText("not available: this model has no bootstrap draws");
    const model = await downloadModel(page);
    expect(model.source?.synthetic).toBe(true);
    expect(model.metric?.name).toBe("avg18");
    await adviceMatchesModel(page, model);

    const studyFile = await downloaded(page, () => page.getByTestId("export-study").click());
    const study = parseStudy(studyFile.bytes.toString("utf8"), { file: studyFile.name }).data;
    expect(study.observations).toHaveLength(32);
    expect(study.source?.synthetic).toBe(true);
    expect(study.metric?.name).toBe("avg18");
    expect(study.model).toEqual(model);
  });

  test("a dropped DataComp folder is walked (every batch of entries) and imported like a picked one", async ({ page }) => {
    await openApp(page);
    // Every file of the example folder, with its path inside the folder.
    const files: Array<{ path: string; text: string }> = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push({ path: relative(join(DATACOMP_DIR, ".."), path), text: readFileSync(path, "utf8") });
      }
    };
    walk(DATACOMP_DIR);
    // Chromium cannot make a folder entry in a synthetic drop, so the page's DataTransfer items are given the
    // browser's entry interface over real File objects (readEntries answering in batches of 10, as browsers batch).
    const transfer = await page.evaluateHandle((list) => {
      type Node = {
        isFile: boolean;
        isDirectory: boolean;
        name: string;
        fullPath: string;
        children: Map<string, Node>;
        file?: (ok: (f: File) => void) => void;
        createReader?: () => { readEntries: (ok: (batch: Node[]) => void) => void };
      };
      const node = (name: string, fullPath: string, isFile: boolean): Node => ({ isFile, isDirectory: !isFile, name, fullPath, children: new Map() });
      const root = node("", "", false);
      for (const { path, text } of list) {
        const parts = path.split("/");
        let dir = root;
        parts.forEach((part, i) => {
          const fullPath = `${dir.fullPath}/${part}`;
          if (i === parts.length - 1) {
            const file = new File([text], part);
            const leaf = node(part, fullPath, true);
            leaf.file = (ok) => ok(file);
            dir.children.set(part, leaf);
          } else {
            if (!dir.children.has(part)) dir.children.set(part, node(part, fullPath, false));
            dir = dir.children.get(part)!;
          }
        });
      }
      const withReaders = (n: Node): Node => {
        if (n.isDirectory) {
          const children = [...n.children.values()].map(withReaders);
          n.createReader = () => {
            let at = 0;
            return { readEntries: (ok) => ok(children.slice(at, (at += 10))) };
          };
        }
        return n;
      };
      const folder = withReaders([...root.children.values()][0]!);
      const dt = new DataTransfer();
      dt.items.add(new File(["placeholder"], "datacomp-synthetic"));
      // Item objects are wrappers made on access: give the folder entry through the prototype, for this item only.
      const original = DataTransferItem.prototype.webkitGetAsEntry;
      Object.defineProperty(DataTransferItem.prototype, "webkitGetAsEntry", {
        configurable: true,
        value(this: DataTransferItem) {
          return this.getAsFile()?.name === "datacomp-synthetic" ? folder : original.call(this);
        },
      });
      return dt;
    }, files);
    await page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer: transfer });
    await expect(page.getByTestId("notice")).toContainText(
      "Imported datacomp-synthetic/ (DataComp evaluations, 32 evaluation files): 32 runs of 4 buckets, metric imagenet1k.",
    );
    await expect(page.getByTestId("fit-study-summary")).toContainText("SYNTHETIC data 32 runs of 4 buckets");
  });

  test("the OpenCLIP results CSV holds one study per architecture: each can be chosen and fitted", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("import-files").setInputFiles(OPENCLIP_CSV);
    await expect(page.getByTestId("notice")).toContainText("Imported zeroshot_results.csv (OpenCLIP results): 5 studies (OpenCLIP ViT-B-16 on LAION: 9 runs;");
    const options = page.getByTestId("fit-study").locator("option");
    await expect(options).toHaveText([
      "OpenCLIP ViT-B-16 on LAION (zeroshot_results.csv)",
      "OpenCLIP ViT-B-32 on LAION (zeroshot_results.csv)",
      "OpenCLIP ViT-H-14 on LAION (zeroshot_results.csv)",
      "OpenCLIP ViT-L-14 on LAION (zeroshot_results.csv)",
      "OpenCLIP ViT-g-14 on LAION (zeroshot_results.csv)",
    ]);
    await page.getByTestId("fit-study").selectOption({ label: "OpenCLIP ViT-L-14 on LAION (zeroshot_results.csv)" });
    await expect(page.getByTestId("fit-study-summary")).toContainText("9 runs of 3 buckets");
    await afterImportFit(page);
    await page.getByTestId("fit-share-b").check();
    await page.getByTestId("fit-share-tau").check();
    await page.getByTestId("fit-samples").fill("0");
    await page.getByTestId("fit-button").click();
    await waitForFit(page);
    await expect(page.getByTestId("model-select").locator("option:checked")).toHaveText(/^OpenCLIP ViT-L-14 on LAION \(fitted, #\d+\)$/);
    await expect(page.locator("[data-testid=chart-observations] .recharts-scatter-symbol")).toHaveCount(9);
    await adviceMatchesModel(page, await downloadModel(page));
  });

  test("cancel stops a running bootstrap; the page answers the budget input meanwhile and nothing is lost", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("import-files").setInputFiles(manyBucketsCsv());
    await afterImportFit(page);
    await page.getByTestId("fit-samples").fill("5000");
    await page.getByTestId("fit-button").click();
    await expect(page.getByTestId("fit-progress-text")).toContainText(/Bootstrap: \d+ of 5000 refits/, { timeout: FIT_TIMEOUT });
    await expect(page.getByTestId("fit-button")).toBeDisabled();
    await screenshot(page, "07-fit-running");

    // The page never freezes: the budget moves the recommendation while the worker fits.
    await page.getByTestId("budget-text").fill("1.28B");
    expect((await shownAdvice(page)).budget).toBe(1.28e9);
    await page.getByTestId("budget-slider").focus();
    await page.keyboard.press("ArrowRight");
    expect((await shownAdvice(page)).budget).toBeGreaterThan(1.28e9);
    await expect(page.getByTestId("fit-running")).toBeVisible();

    const before = await page.getByTestId("fit-progress").getAttribute("value");
    await page.getByTestId("fit-cancel").click();
    await expect(page.getByTestId("notice")).toHaveText(/^Fit cancelled after \d+ bootstrap refits\. Nothing was changed; the models already loaded are all still here\.$/);
    await expect(page.getByTestId("fit-running")).toHaveCount(0);
    await expect(page.getByTestId("problem")).toHaveCount(0);
    expect(Number(before)).toBeLessThan(1);
    // The paper model and the import's own fit (with the defaults) are still there, the fit shown still shown.
    await expect(page.getByTestId("model-select").locator("optgroup[label=Loaded] option")).toHaveCount(2);
    await expect(page.getByTestId("model-select").locator("option:checked")).toHaveText(/^many-buckets-runs \(fitted, #\d+\)$/);

    // A new fit starts in a fresh worker.
    await page.getByTestId("fit-samples").fill("0");
    await page.getByTestId("fit-button").click();
    await waitForFit(page);
    await expect(page.getByTestId("model-select").locator("optgroup[label=Loaded] option")).toHaveCount(3);
  });

  test("a fit the runs cannot support fails with the fitter's reason in plain words", async ({ page }) => {
    await openApp(page);
    const csv = "bucket,pool_size,samples_seen,error\ntop0-10,12.8M,25.6M,0.84\n";
    await page.getByTestId("import-files").setInputFiles({ name: "one.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    // The page fits the import at once: the failure comes without pressing Fit.
    await expect(page.getByTestId("problem")).toContainText("Could not fit one.csv. Not enough runs for this fit:", { timeout: FIT_TIMEOUT });
    await expect(page.getByTestId("model-select")).toHaveValue("example:tmars-paper");
  });
});

test.describe("example studies, fitted when opened", () => {
  test("the SYNTHETIC DataComp study: runs, residuals, bands and probabilities from its fit; shared by id", async ({ page, context }) => {
    test.setTimeout(2 * FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("model-select").selectOption({ label: "SYNTHETIC DataComp-style T-MARS evaluations" });
    await expect(page.getByTestId("opening-example")).toBeVisible();
    await waitForFit(page);
    await expect(page.getByTestId("notice")).toContainText("Fitted SYNTHETIC DataComp-style T-MARS evaluations in ");
    await expect(page.getByTestId("model-select")).toHaveValue("example:datacomp-synthetic");
    await expect(page.getByTestId("synthetic-note")).toBeVisible();
    await expect(page.locator("[data-testid=chart-observations] .recharts-scatter-symbol")).toHaveCount(32);
    await expect(page.locator("[data-testid=chart-residuals] .recharts-scatter-symbol")).toHaveCount(32);
    await expect(page.locator("[data-testid=chart-pools] .recharts-area")).toHaveCount(4);
    const model = await downloadModel(page);
    expect(model.fit?.bootstrap?.draws.length).toBe(200);
    expect(model.law).toEqual({ formulation: "utility", variant: "reference" });
    await adviceMatchesModel(page, model);
    await screenshot(page, "08-synthetic-example-fitted");

    await page.getByTestId("budget-text").fill("1.28B");
    const before = await shownAdvice(page);
    await page.getByTestId("share-button").click();
    await expect(page.getByTestId("share-link")).toHaveValue(/#v=1&/); // the share code is loaded on demand
    const link = await page.getByTestId("share-link").inputValue();
    expect(link).toMatch(/#v=1&budget=1280000000&example=datacomp-synthetic$/);
    const other = await context.newPage();
    await openApp(other, link.slice(link.indexOf("#")));
    await waitForFit(other);
    await expect(other.getByTestId("model-select")).toHaveValue("example:datacomp-synthetic");
    expect(await shownAdvice(other)).toEqual(before); // the fit is seeded: the same model, the same answer
    await other.close();
  });

  test("a real OpenCLIP study: b and tau shared, weak estimates explained in plain words, and axe-clean", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("model-select").selectOption({ label: "OpenCLIP ViT-B-32 on LAION (Cherti et al. 2023)" });
    await waitForFit(page);
    await expect(page.getByTestId("model-meta")).toContainText("Cherti et al.");
    await expect(page.getByTestId("synthetic-note")).toHaveCount(0);
    await expect(page.getByTestId("parameter-table").locator("tbody tr")).toHaveCount(4); // a, d, shared b, shared tau
    await expect(page.locator("[data-parameter='b:*'] th")).toContainText("utility exponent, shared by every bucket");
    const warnings = page.getByTestId("fit-warnings");
    await expect(warnings.locator("li[data-code=WEAK_ESTIMATE]")).toContainText("Some parameters are only loosely pinned down. The runs determine");
    await expect(page.locator("[data-testid=chart-observations] .recharts-scatter-symbol")).toHaveCount(9);
    // LAION-80M ⊂ 400M ⊂ 2B: the pools compared are the datasets alone, never unions of them.
    await expect(page.getByTestId("chart-pools")).toContainText("Each line is a pool the model lists as a candidate (LAION-80M, LAION-400M, LAION-2B).");
    await expect(page.getByTestId("recommendation")).toContainText(/^Train on LAION-(80M|400M|2B): 1 bucket, /);
    await adviceMatchesModel(page, await downloadModel(page));
    await screenshot(page, "09-openclip-fitted");
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
  });

  test("axe finds no violation on the fit panel while a fit runs", async ({ page }) => {
    test.setTimeout(FIT_TIMEOUT + 60_000);
    await openApp(page);
    await page.getByTestId("import-files").setInputFiles(manyBucketsCsv());
    await afterImportFit(page);
    await page.getByTestId("fit-samples").fill("5000");
    await page.getByTestId("fit-button").click();
    await expect(page.getByTestId("fit-progress-text")).toContainText(/Bootstrap: \d+ of 5000 refits/, { timeout: FIT_TIMEOUT });
    const results = await new AxeBuilder({ page }).include("[data-testid=fit-panel]").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    expect(results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
    await page.getByTestId("fit-cancel").click();
    await expect(page.getByTestId("fit-running")).toHaveCount(0);
  });
});
