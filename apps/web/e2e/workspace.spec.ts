import AxeBuilder from "@axe-core/playwright";
import { predictError, type Bucket } from "@qqt/core";
import { writeStudy, type ModelFileV1, type Study } from "@qqt/data";
import { loadDataCompSyntheticStudy, loadTmarsPaperModel } from "@qqt/data/examples";
import type { APIRequestContext, Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expect, screenshot, test } from "./fixtures";

// The team workspace in the browser, against the production build and a fresh, empty database (playwright.config
// gives the server a temporary QQT_DATA_DIR). The documents are @qqt/data's SYNTHETIC DataComp-style T-MARS study and
// the paper's T-MARS parameters; fit diagnostics are computed here with @qqt/core, independently of the app.

const { data: SYNTHETIC } = await loadDataCompSyntheticStudy();
const { data: PAPER } = await loadTmarsPaperModel();

/** SSE and RMSE of a model's predictions for the runs, computed with @qqt/core. */
function residuals(model: ModelFileV1, observations: Study["observations"]): { sse: number; rmse: number } {
  const buckets = new Map(model.buckets.map((b): [string, Bucket] => [b.id, { id: b.id, size: b.size, b: b.b, tau: b.tau }]));
  let sse = 0;
  for (const o of observations) {
    const predicted = predictError(
      o.pool.map((id) => buckets.get(id)!),
      model.task,
      o.samplesSeen,
      model.law,
    );
    sse += (predicted - o.error) ** 2;
  }
  return { sse, rmse: Math.sqrt(sse / observations.length) };
}

/** The paper's model with every b scaled by `bScale`, and a fit block whose SSE and RMSE are those of these runs. */
function modelFor(observations: Study["observations"], bScale: number, seed: number): ModelFileV1 {
  const model: ModelFileV1 = { ...PAPER, name: `T-MARS (b × ${bScale})`, buckets: PAPER.buckets.map((b) => ({ ...b, b: b.b * bScale })) };
  const { sse, rmse } = residuals(model, observations);
  model.fit = {
    generator: "qqt e2e fixture",
    loss: "sse",
    seed,
    observations: observations.length,
    sse,
    rmse,
    iterations: 12,
    converged: true,
    warnings: [],
  };
  return model;
}

/** Version 1: the first 24 runs with a model; version 2: all 32 runs with the paper's parameters. */
const RUNS_V1 = SYNTHETIC.observations.slice(0, 24);
const MODEL_V1 = modelFor(RUNS_V1, 1.05, 1);
const MODEL_V2 = modelFor(SYNTHETIC.observations, 1, 2);
const studyV1 = (name: string): Study => ({ ...SYNTHETIC, name, observations: RUNS_V1, model: MODEL_V1 });
const studyV2 = (name: string): Study => ({ ...SYNTHETIC, name, model: MODEL_V2 });

function jsonFile(name: string, text: string) {
  return { name, mimeType: "application/json", buffer: Buffer.from(text) };
}

const uniqueName = (what: string) => `E2E ${what} ${randomUUID().slice(0, 8)}`;

/** Creates a study through the API (for tests about something else than saving). */
async function createStudy(request: APIRequestContext, study: Study, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await request.post("/api/studies", { data: { study, ...extra } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { study: { id: string } }).study.id;
}

/** Removes the console errors a test provokes on purpose (a 404 answer, …) after checking they happened. */
function expectPageErrors(guard: { errors: string[] }, patterns: RegExp[]): void {
  for (const pattern of patterns) {
    const at = guard.errors.findIndex((e) => pattern.test(e));
    expect(at, `an error matching ${pattern} in ${JSON.stringify(guard.errors)}`).toBeGreaterThanOrEqual(0);
    guard.errors.splice(at, 1);
  }
}

async function openWorkspace(page: Page, query = ""): Promise<void> {
  await page.goto(`/workspace${query}`);
  await expect(page.getByRole("heading", { level: 1, name: "qqt workspace" })).toBeVisible();
}

async function saveFromFile(page: Page, file: ReturnType<typeof jsonFile>, fields: { name?: string; label?: string; author?: string }): Promise<void> {
  await page.getByTestId("ws-import-file").setInputFiles(file);
  await expect(page.getByTestId("ws-import-read")).toBeVisible();
  if (fields.name !== undefined) await page.getByTestId("ws-save-name").fill(fields.name);
  if (fields.label !== undefined) await page.getByTestId("ws-save-label").fill(fields.label);
  if (fields.author !== undefined) await page.getByTestId("ws-save-author").fill(fields.author);
  await page.getByTestId("ws-save-submit").click();
}

const studyRow = (page: Page, name: string) => page.getByTestId("ws-study-row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });

test.describe("team workspace", () => {
  test("a study saved from a file is there after a reload, with its counts", async ({ page }) => {
    const name = uniqueName("saved from a file");
    await openWorkspace(page);
    const { name: _drop, ...unnamed } = SYNTHETIC;
    await saveFromFile(page, jsonFile("datacomp-synthetic.study.json", writeStudy(unnamed)), { name, label: "first runs", author: "ana" });
    await expect(page.getByTestId("ws-import-read")).toContainText("Read datacomp-synthetic.study.json (qqt.study/v1): 4 buckets, 32 runs.");
    await expect(page.getByTestId("ws-save-done")).toContainText(`Saved “${name}” as version 1.`);
    await expect(studyRow(page, name)).toHaveCount(1); // the list refreshed itself

    await page.reload();
    const row = studyRow(page, name);
    await expect(row).toHaveCount(1);
    await expect(row.locator("td")).toHaveText([/^4$/, /^32$/, "none", /\d/]);
    await screenshot(page, "workspace-list");

    // Opened from the list: the version as saved, with who saved it and why.
    await row.getByRole("link", { name }).click();
    await expect(page.getByTestId("ws-study-name")).toHaveText(name);
    await expect(page.getByTestId("ws-version-facts")).toContainText("by ana");
    await expect(page.getByTestId("ws-version-facts")).toContainText("first runs");
    await expect(page.getByTestId("ws-buckets").locator("tbody tr")).toHaveCount(4);
    // The author is remembered in this browser for the next save.
    await expect(page.getByTestId("ws-save-author")).toHaveCount(0);
    await page.getByTestId("ws-import-file").setInputFiles(jsonFile("again.json", writeStudy(SYNTHETIC)));
    await expect(page.getByTestId("ws-save-author")).toHaveValue("ana");
  });

  test("a second version, its history, the two compared side by side, and the share link of the first", async ({ page, context, request }) => {
    const name = uniqueName("two fits");
    const id = await createStudy(request, studyV1(name), { label: "24 runs, first fit", author: "ana" });

    await openWorkspace(page, `?study=${id}`);
    await expect(page.getByTestId("ws-study")).toHaveAttribute("data-version", "1");
    await saveFromFile(page, jsonFile("all-runs.study.json", writeStudy(studyV2(name))), { label: "all 32 runs, refit", author: "ben" });
    await expect(page.getByTestId("ws-save-done")).toContainText(`Saved “${name}” as version 2.`);
    // The page moves to the version just saved (its share link) and keeps the confirmation.
    await expect(page).toHaveURL(new RegExp(`\\?study=${id}&version=2$`));
    await expect(page.getByTestId("ws-study")).toHaveAttribute("data-version", "2");
    await expect(page.getByTestId("ws-save-done")).toBeVisible();

    // History: newest first, with the fit quality of each version (SSE/RMSE computed here with @qqt/core).
    const rows = page.getByTestId("ws-history-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute("data-version", "2");
    const cells = (n: number) => rows.nth(n).locator("td");
    await expect(cells(0)).toHaveText([/\d/, "ben", "all 32 runs, refit", "1", "32", "utility, reference", sig4(MODEL_V2.fit!.sse), sig4(MODEL_V2.fit!.rmse)]);
    await expect(cells(1)).toHaveText([/\d/, "ana", "24 runs, first fit", "—", "24", "utility, reference", sig4(MODEL_V1.fit!.sse), sig4(MODEL_V1.fit!.rmse)]);
    await screenshot(page, "workspace-study");

    // Compare version 1 with version 2.
    await page.getByTestId("ws-compare-a").selectOption("1");
    await page.getByTestId("ws-compare-b").selectOption("2");
    await page.getByTestId("ws-compare-submit").click();
    await expect(page).toHaveURL(new RegExp(`compare=1-2`));
    const compare = page.getByTestId("ws-compare");
    await expect(page.getByTestId("ws-compare-runs")).toHaveText("24 → 32: 8 added, 0 removed, 0 re-measured");
    const top = compare.locator('[data-bucket="top0-10"][data-param="b"] td');
    const [bA, bB] = [MODEL_V1.buckets[0]!.b, MODEL_V2.buckets[0]!.b]; // −0.189 and −0.18
    await expect(top).toHaveText([String(Number(bA.toPrecision(6))), String(Number(bB.toPrecision(6))), `+${Number((bB - bA).toPrecision(4))}`]);
    const tau = compare.locator('[data-bucket="top0-10"][data-param="tau"] td');
    await expect(tau).toHaveText([/^4\.36364$/, /^4\.36364$/, "0"]);
    await expect(compare.getByTestId("ws-compare-task-a").locator("td")).toHaveText(["0.022", "0.022", "0"]);
    // The added runs are listed: the eight the first version did not have.
    await compare.getByTestId("ws-compare-added").locator("summary").click();
    await expect(compare.getByTestId("ws-compare-added").locator("tbody tr")).toHaveCount(8);
    // …and the page agrees with the API's comparison.
    const api = (await (await request.get(`/api/studies/${id}/compare?a=1&b=2`)).json()) as { comparison: { observations: unknown } };
    expect(api.comparison.observations).toEqual({ a: 24, b: 32, added: 8, removed: 0, changed: 0 });
    await screenshot(page, "workspace-compare");

    // Open version 1 from the history; its share link opens exactly that version in another tab.
    await page.getByRole("link", { name: "Open version 1" }).click();
    await expect(page.getByTestId("ws-study")).toHaveAttribute("data-version", "1");
    await expect(page.getByTestId("ws-not-latest")).toContainText("the latest is version 2");
    const link = await page.getByTestId("ws-share-link").inputValue();
    expect(link).toBe(`${new URL(page.url()).origin}/workspace?study=${id}&version=1`);
    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByTestId("ws-study")).toHaveAttribute("data-version", "1");
    await expect(other.getByTestId("ws-study-name")).toHaveText(name);
    await expect(other.getByTestId("ws-fit-rmse")).toHaveText(sig4(MODEL_V1.fit!.rmse));
    await other.close();

    // Exports: the study file of version 1 with its model embedded.
    const download = page.waitForEvent("download");
    await page.getByTestId("ws-export-study").click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.v1\.study\.json$/);
    const exported = JSON.parse(await streamText(await file.createReadStream())) as Study;
    expect(exported.observations).toHaveLength(24);
    expect(exported.model?.buckets[0]?.b).toBe(MODEL_V1.buckets[0]!.b);

    // "Open in the advisor" carries version 1's model to the advisor page.
    await page.getByTestId("ws-open-advisor").click();
    await expect(page).toHaveURL(/\/#v=1&budget=\d+&model=z\./);
    await expect(page.getByTestId("model-select").locator("option:checked")).toContainText(MODEL_V1.name!);
  });

  test("the advisor saves its current model to the workspace, where it opens", async ({ page }) => {
    const name = uniqueName("saved from the advisor");
    await page.goto("/");
    await page.getByTestId("workspace-save-open").click();
    await page.getByTestId("ws-save-name").fill(name);
    await page.getByTestId("ws-save-label").fill("paper parameters");
    await page.getByTestId("ws-save-submit").click();
    await expect(page.getByTestId("ws-save-done")).toContainText(`Saved “${name}” as version 1.`);
    await page.getByTestId("ws-save-open").click();
    await expect(page.getByTestId("ws-study-name")).toHaveText(name);
    // The paper's model alone: a study of its four buckets and no runs, with the model's b for the first bucket.
    await expect(page.getByTestId("ws-buckets").locator("tbody tr")).toHaveCount(4);
    await expect(page.getByTestId("ws-buckets").locator("tbody tr").first()).toContainText("-0.18");
  });

  test("rename, move to the trash, find it there and restore it", async ({ page, request }) => {
    const name = uniqueName("to rename");
    const renamed = `${name} (renamed)`;
    const id = await createStudy(request, studyV1(name));
    await openWorkspace(page, `?study=${id}`);
    await page.getByTestId("ws-rename-input").fill(renamed);
    await page.getByTestId("ws-rename").click();
    await expect(page.getByTestId("ws-study-name")).toHaveText(renamed);
    await expect(page.getByTestId("ws-action-status")).toHaveText(`Renamed to “${renamed}”.`);

    await page.getByTestId("ws-trash").click();
    await expect(page.getByTestId("ws-trashed")).toContainText(`“${renamed}” is in the trash.`);
    await page.getByRole("link", { name: "← All studies" }).click();
    await page.getByTestId("ws-search").fill(renamed);
    await expect(page.getByTestId("ws-list-empty")).toContainText(`No study has “${renamed}” in its name.`);

    await page.getByTestId("ws-trash-link").click();
    await expect(page).toHaveURL(/view=trash/);
    const row = studyRow(page, renamed);
    await expect(row).toHaveCount(1);
    await screenshot(page, "workspace-trash");
    await row.getByRole("button", { name: `Restore ${renamed}` }).click();
    await expect(page.getByTestId("ws-list-status")).toContainText(`Restored “${renamed}”.`);
    await expect(studyRow(page, renamed)).toHaveCount(0);
    await page.getByTestId("ws-list-status").getByRole("link", { name: "Open it" }).click();
    await expect(page.getByTestId("ws-study-name")).toHaveText(renamed);
    expect((await request.get(`/api/studies/${id}`)).status()).toBe(200);
  });

  test("a save that someone else overtook warns first, then keeps both versions", async ({ page, request }) => {
    const name = uniqueName("concurrent");
    const id = await createStudy(request, studyV1(name));
    await openWorkspace(page, `?study=${id}`);
    await expect(page.getByTestId("ws-study")).toHaveAttribute("data-version", "1");
    // Meanwhile a colleague saves version 2.
    const theirs = await request.post(`/api/studies/${id}/versions`, { data: { study: studyV2(name), parentVersion: 1, author: "colleague", label: "their refit" } });
    expect(theirs.status()).toBe(201);

    await saveFromFile(page, jsonFile("mine.json", writeStudy(studyV1(name))), { label: "my change" });
    const conflict = page.getByTestId("ws-save-conflict");
    await expect(conflict).toContainText("Version 2 was saved since you opened version 1.");
    await expect(conflict).toContainText("by colleague: their refit");
    await page.getByTestId("ws-save-anyway").click();
    await expect(page.getByTestId("ws-save-done")).toContainText("as version 3.");
    const history = (await (await request.get(`/api/studies/${id}/versions`)).json()) as { versions: Array<{ version: number; parentVersion: number | null; label: string | null }> };
    expect(history.versions.map((v) => [v.version, v.parentVersion, v.label])).toEqual([
      [3, 1, "my change"],
      [2, 1, "their refit"],
      [1, null, null],
    ]);
  });

  test("a file with problems is refused in the page with each problem located, and nothing is saved", async ({ page, request }) => {
    await openWorkspace(page);
    const before = ((await (await request.get("/api/studies?deleted=include")).json()) as { total: number }).total;
    const text = writeStudy(SYNTHETIC).replace('"top10-20"]', '"top10-2O"]');
    await page.getByTestId("ws-import-file").setInputFiles(jsonFile("typo.study.json", text));
    const problem = page.getByTestId("ws-import-problem");
    await expect(problem).toContainText("typo.study.json could not be read");
    await expect(problem).toContainText('bucket "top10-2O" is not in buckets');
    await expect(problem).toContainText('Did you mean "top10-20"?');
    const line = text.split("\n").findIndex((l) => l.includes("top10-2O")) + 1;
    await expect(problem.locator("code").first()).toHaveText(new RegExp(`^typo\\.study\\.json:${line}:\\d+, observations\\[\\d+\\]\\.pool\\[1\\]$`));
    await expect(page.getByTestId("ws-save")).toHaveCount(0);
    expect(((await (await request.get("/api/studies?deleted=include")).json()) as { total: number }).total).toBe(before);
  });

  test("a model file alone is saved with a study of its buckets", async ({ page }) => {
    const name = uniqueName("model only");
    await openWorkspace(page);
    await saveFromFile(page, jsonFile("tmars.model.json", JSON.stringify(PAPER)), { name });
    await expect(page.getByTestId("ws-save")).toContainText("4 buckets, 0 runs, and a model. The model is saved with a study of its buckets and no runs yet.");
    await expect(page.getByTestId("ws-save-done")).toContainText(`Saved “${name}” as version 1.`);
    await page.getByTestId("ws-save-open").click();
    await expect(page.getByTestId("ws-model-a")).toHaveText("0.022");
    await expect(page.getByTestId("ws-fit")).toHaveCount(0);
  });

  test("share links that cannot open say why: unknown study, unknown version, study in the trash", async ({ page, request, guard }) => {
    await openWorkspace(page, "?study=AAAAAAAAAAAAAAAA&version=1");
    await expect(page.getByTestId("ws-not-found")).toContainText("No such study.");

    const name = uniqueName("gone");
    const id = await createStudy(request, studyV1(name));
    await openWorkspace(page, `?study=${id}&version=7`);
    await expect(page.getByTestId("ws-not-found")).toContainText(`“${name}” has no version 7.`);
    await page.getByRole("link", { name: "Open its latest version (1)" }).click();
    await expect(page.getByTestId("ws-study")).toHaveAttribute("data-version", "1");

    expect((await request.delete(`/api/studies/${id}`)).status()).toBe(200);
    await openWorkspace(page, `?study=${id}&version=1`);
    await expect(page.getByTestId("ws-trashed")).toContainText("This study is in the trash.");
    await page.getByTestId("ws-restore-here").click();
    await expect(page.getByTestId("ws-study")).toHaveAttribute("data-version", "1");

    // The browser logs each 404/410 answer: exactly the ones provoked here.
    expectPageErrors(guard, [/status of 404/, /status of 404/, /status of 404/, /status of 404/, /status of 410/, /status of 410/]);
  });

  test.describe("accessibility", () => {
    const axe = async (page: Page) => {
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
      expect(results.violations.map((v) => v.id)).toEqual([]);
    };

    test("axe finds no violation on the list, a study with a comparison open, and an import error", async ({ page, request }) => {
      const name = uniqueName("axe");
      const id = await createStudy(request, studyV1(name));
      await request.post(`/api/studies/${id}/versions`, { data: { study: studyV2(name), parentVersion: 1 } });
      await openWorkspace(page);
      await expect(page.getByTestId("ws-study-table")).toBeVisible();
      await axe(page);

      await openWorkspace(page, `?study=${id}&version=2&compare=1-2`);
      await expect(page.getByTestId("ws-compare")).toBeVisible();
      for (const summary of await page.locator("details > summary").all()) await summary.click();
      await axe(page);

      await page.getByTestId("ws-import-file").setInputFiles(jsonFile("bad.json", "{"));
      await expect(page.getByTestId("ws-import-problem")).toBeVisible();
      await axe(page);
    });

    test("every control of a study is reachable by keyboard and named", async ({ page, request }) => {
      const id = await createStudy(request, studyV2(uniqueName("keyboard")));
      await openWorkspace(page, `?study=${id}`);
      await expect(page.getByTestId("ws-open-advisor")).toBeVisible();
      const names: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        names.push(
          await page.evaluate(() => {
            const el = document.activeElement as HTMLElement | null;
            if (!el || el === document.body) return "";
            const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute("aria-label") ?? el.textContent ?? "";
            return `${el.tagName.toLowerCase()}:${labelled.trim().slice(0, 80)}`;
          }),
        );
      }
      expect(names).toEqual(
        expect.arrayContaining([
          "a:← All studies",
          "input:Name",
          "input:Share link to version 1",
          "button:Copy",
          "a:Download the study (JSON)",
          "a:Open in the advisor",
          "button:Move to the trash",
        ]),
      );
      expect(names.filter((n) => n.endsWith(":"))).toEqual([]);
    });
  });
});

/** A number as the workspace shows fit metrics: 4 significant digits, exponent notation below 1e-4. */
function sig4(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && abs < 1e-4) return x.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(4)));
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
