// Performance measured in the real browser (run by `pnpm --filter @qqt/web perf`, not by `pnpm test`):
// 1. slider → updated recommendation and chart latency with a 10-bucket model, 2. first-load JavaScript of the
// main route, gzipped, 3. a paper-size fit with 200 bootstrap refits in the worker while the slider keeps moving.
// Results go to test-results/perf.json; scripts/perf.mjs writes them into PERFORMANCE.md.
import type { Page } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { syntheticModel } from "../lib/synthetic";
import { afterImportFit, expect, openApp, test } from "./fixtures";

/** Slider steps measured per model. */
const STEPS = 200;
/** The SYNTHETIC DataComp-style study of @qqt/data's examples: the paper's design (4 buckets × 5 budgets) plus nested pools. */
const DATACOMP_DIR = fileURLToPath(new URL("../../../packages/data/examples/datacomp-synthetic", import.meta.url));
/** Bootstrap refits of the measured fit. */
const FIT_REFITS = 200;
/** Targets from the issue. */
const P95_TARGET_MS = 50;
const FIRST_LOAD_TARGET_KB = 300;
/**
 * During a fit the worker keeps one of the machine's two cores busy: the slider must still answer (the issue: the fit
 * "completes in the worker without blocking input"). Checked at twice the idle target; the measured value is reported.
 */
const DURING_FIT_P95_MS = 2 * P95_TARGET_MS;

interface Sample {
  /** input event → recommendation updated in the DOM */
  text: number;
  /** input event → the chart's budget line moved in the DOM */
  chart: number;
  /** input event → start of the first animation frame after both updates (the frame that shows them) */
  frame: number;
  /** input event → that frame has been painted (a task queued from its requestAnimationFrame callback) */
  painted: number;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
};
const summary = (xs: number[]) => ({
  p50: percentile(xs, 0.5),
  p95: percentile(xs, 0.95),
  max: Math.max(...xs),
});

/** Installs the in-page probe: timestamps from the input event to DOM updates and to the next painted frame. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __samples: Sample[]; __waitFor: (n: number) => Promise<void>; __disposeProbe?: () => void };
    // One probe at a time: each measurement starts from a fresh one (and its own sample list).
    w.__disposeProbe?.();
    w.__samples = [];
    let waiter: { n: number; resolve: () => void } | null = null;
    const record = (sample: Sample) => {
      w.__samples.push(sample);
      if (waiter && w.__samples.length >= waiter.n) {
        waiter.resolve();
        waiter = null;
      }
    };
    // Resolves once n samples exist (event-driven: no polling inside the page while it is being measured).
    w.__waitFor = (n) => (w.__samples.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })));
    const slider = document.querySelector<HTMLInputElement>("[data-testid=budget-slider]")!;
    const text = document.querySelector<HTMLInputElement>("[data-testid=budget-text]")!;
    const rec = document.querySelector<HTMLElement>("[data-testid=recommendation]")!;
    const chart = document.querySelector<HTMLElement>("[data-testid=chart-pools]")!;
    let pending: { start: number; text: number; chart: number; done: boolean } | null = null;
    const nextFrame = (onFrame: (t: number) => void, onPainted: (t: number) => void) =>
      requestAnimationFrame(() => {
        const frame = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => onPainted(performance.now());
        channel.port2.postMessage(null);
        onFrame(frame);
      });
    const finish = () => {
      const p = pending;
      if (!p || p.done || !p.text || !p.chart) return;
      p.done = true;
      let frame = 0;
      nextFrame(
        (t) => (frame = t),
        (t) => record({ text: p.text - p.start, chart: p.chart - p.start, frame: frame - p.start, painted: t - p.start }),
      );
    };
    const onInput = (e: Event) => (pending = { start: e.timeStamp, text: 0, chart: 0, done: false });
    slider.addEventListener("input", onInput, { capture: true });
    const recObserver = new MutationObserver(() => {
      if (pending && !pending.text) {
        pending.text = performance.now();
        finish();
      }
    });
    recObserver.observe(rec, { attributes: true, attributeFilter: ["data-budget"], childList: true, characterData: true, subtree: true });
    const chartObserver = new MutationObserver(() => {
      if (!pending || pending.chart) return;
      // The budget line's label shows the new budget.
      if (chart.querySelector(".qqt-budget-line text")?.textContent === `budget ${text.value}`) {
        pending.chart = performance.now();
        finish();
      }
    });
    chartObserver.observe(chart, { childList: true, subtree: true, characterData: true, attributes: true });
    w.__disposeProbe = () => {
      slider.removeEventListener("input", onInput, { capture: true });
      recObserver.disconnect();
      chartObserver.disconnect();
      pending = null;
    };
  });
}

async function importTenBuckets(page: Page, draws: number): Promise<void> {
  const model = syntheticModel({ buckets: 10, seed: 10, draws, name: `Synthetic 10 buckets, ${draws} draws` });
  await page.getByTestId("import-files").setInputFiles({ name: "ten.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(model)) });
  await expect(page.getByTestId("model-select").locator("option:checked")).toHaveText(`Synthetic 10 buckets, ${draws} draws (imported from ten.json)`);
  await expect(page.locator("[data-testid=chart-pools] .recharts-line path.recharts-curve")).toHaveCount(11);
}

async function measureSlider(page: Page, draws: number): Promise<{ samples: Sample[] }> {
  await importTenBuckets(page, draws);
  await page.getByTestId("budget-text").fill("100M");
  await installProbe(page);
  const slider = page.getByTestId("budget-slider");
  await slider.focus();
  for (let i = 0; i < STEPS; i++) {
    // Sweep right then left so every step changes the budget.
    await page.keyboard.press(Math.floor(i / 50) % 2 === 0 ? "ArrowRight" : "ArrowLeft");
    await page.evaluate((n) => (window as unknown as { __waitFor: (n: number) => Promise<void> }).__waitFor(n), i + 1);
  }
  const samples = await page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);
  return { samples };
}

test("slider latency and first-load JavaScript", async ({ page, browser }) => {
  // First-load JavaScript of the main route: every script the page loads, gzipped (zlib default level, as served).
  const scripts = new Map<string, Buffer>();
  let firstLoad = true;
  page.on("response", async (response) => {
    if (!firstLoad || response.request().resourceType() !== "script") return;
    try {
      scripts.set(response.url(), await response.body());
    } catch {
      // A response that ends after the first load (e.g. the worker's scripts) is not part of it.
    }
  });
  await openApp(page);
  await page.waitForLoadState("networkidle");
  firstLoad = false;
  const chunks = [...scripts.entries()].map(([url, body]) => ({
    file: new URL(url).pathname,
    bytes: body.length,
    gzip: gzipSync(body).length,
  }));
  const firstLoadJs = {
    scripts: chunks.length,
    rawKB: chunks.reduce((s, c) => s + c.bytes, 0) / 1024,
    gzipKB: chunks.reduce((s, c) => s + c.gzip, 0) / 1024,
    chunks: chunks.sort((a, b) => b.gzip - a.gzip),
  };

  const results: Record<string, unknown> = {
    chromium: browser.version(),
    cpus: cpus().length,
    loadAverageBefore: loadavg()[0],
    firstLoad: firstLoadJs,
    steps: STEPS,
    slider: {},
  };
  for (const draws of [0, 200]) {
    const { samples } = await measureSlider(page, draws);
    (results.slider as Record<string, unknown>)[`10 buckets, ${draws} bootstrap draws`] = {
      text: summary(samples.map((s) => s.text)),
      chart: summary(samples.map((s) => s.chart)),
      frame: summary(samples.map((s) => s.frame)),
      painted: summary(samples.map((s) => s.painted)),
    };
  }
  results.fit = await measureFit(page);
  results.loadAverageAfter = loadavg()[0];
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/perf.json", JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));

  expect(firstLoadJs.gzipKB).toBeLessThan(FIRST_LOAD_TARGET_KB);
  for (const r of Object.values(results.slider as Record<string, { frame: { p95: number } }>)) {
    expect(r.frame.p95).toBeLessThan(P95_TARGET_MS);
  }
  expect((results.fit as { slider: { frame: { p95: number } } }).slider.frame.p95).toBeLessThan(DURING_FIT_P95_MS);
});

/**
 * A paper-size fit in the worker (the SYNTHETIC DataComp study: 4 buckets, 32 runs; 200 bootstrap refits) while the
 * slider moves the 10-bucket model with 200 draws: fit time, and the slider's latency during the fit.
 */
async function measureFit(page: Page) {
  await importTenBuckets(page, 200);
  await page.getByTestId("import-folder").setInputFiles(DATACOMP_DIR);
  await expect(page.getByTestId("fit-study-summary")).toContainText("32 runs of 4 buckets");
  // The page fits the import at once with the defaults; wait for it, show the 10-bucket model again, and time a refit.
  await afterImportFit(page);
  await page.getByTestId("model-select").selectOption({ label: "Synthetic 10 buckets, 200 draws (imported from ten.json)" });
  await page.getByTestId("fit-samples").fill(String(FIT_REFITS));
  await page.getByTestId("budget-text").fill("100M");
  await installProbe(page);
  const slider = page.getByTestId("budget-slider");
  const started = Date.now();
  await page.getByTestId("fit-button").click();
  await expect(page.getByTestId("fit-running")).toBeVisible();
  await slider.focus();
  let steps = 0;
  // Move the slider for as long as the fit runs (each step waits for its frame, so this is the page answering).
  while ((await page.getByTestId("fit-running").count()) > 0) {
    await page.keyboard.press(Math.floor(steps / 50) % 2 === 0 ? "ArrowRight" : "ArrowLeft");
    steps++;
    await page.evaluate((n) => (window as unknown as { __waitFor: (n: number) => Promise<void> }).__waitFor(n), steps);
  }
  const wallMs = Date.now() - started;
  await expect(page.getByTestId("notice")).toContainText("Fitted SYNTHETIC DataComp-style T-MARS evaluations in ");
  const notice = (await page.getByTestId("notice").textContent()) ?? "";
  const workerSeconds = Number(/ in ([\d.]+) s:/.exec(notice)?.[1]);
  const samples = await page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);
  // The last step may have landed after the fit ended (the model shown changed): keep those taken during the fit.
  const duringShortFit = samples.slice(0, Math.max(1, steps - 1));

  // The 200-refit fit is over in a few seconds, a few dozen steps: for a steadier p95, STEPS more steps during a long
  // bootstrap (5000 refits) of the same study, cancelled afterwards.
  await page.getByTestId("model-select").selectOption({ label: "Synthetic 10 buckets, 200 draws (imported from ten.json)" });
  await page.getByTestId("fit-samples").fill("5000");
  await page.getByTestId("budget-text").fill("100M");
  await installProbe(page);
  await page.getByTestId("fit-button").click();
  await expect(page.getByTestId("fit-progress-text")).toContainText("Bootstrap:", { timeout: 60_000 });
  await slider.focus();
  for (let i = 0; i < STEPS; i++) {
    await page.keyboard.press(Math.floor(i / 50) % 2 === 0 ? "ArrowRight" : "ArrowLeft");
    await page.evaluate((n) => (window as unknown as { __waitFor: (n: number) => Promise<void> }).__waitFor(n), i + 1);
  }
  const stillRunning = (await page.getByTestId("fit-running").count()) > 0;
  const longFit = await page.evaluate(() => (window as unknown as { __samples: Sample[] }).__samples);
  await page.getByTestId("fit-cancel").click();
  await expect(page.getByTestId("notice")).toContainText("Fit cancelled after");
  const during = [...duringShortFit, ...longFit];
  return {
    refits: FIT_REFITS,
    study: "SYNTHETIC DataComp-style T-MARS evaluations (4 buckets, 32 runs)",
    workerSeconds,
    wallSeconds: wallMs / 1000,
    stepsDuringShortFit: duringShortFit.length,
    stepsDuringLongFit: longFit.length,
    longFitStillRunning: stillRunning,
    steps: during.length,
    slider: {
      text: summary(during.map((s) => s.text)),
      chart: summary(during.map((s) => s.chart)),
      frame: summary(during.map((s) => s.frame)),
      painted: summary(during.map((s) => s.painted)),
    },
  };
}
