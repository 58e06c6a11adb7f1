import { adviceEngine } from "@qqt/core";
import type { ModelFileV1, Study } from "@qqt/data";
import { loadDataCompSyntheticStudy, loadTmarsPaperModel } from "@qqt/data/examples";
import type { APIRequestContext, Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { expect, openApp, screenshot, test } from "./fixtures";

// The workspace's comparison of two versions shows what each advises (recommendation per standard budget, crossovers),
// and the advisor and the workspace fit a 390 × 844 phone: no horizontal scroll, the answer and the main chart first.

const { data: SYNTHETIC } = await loadDataCompSyntheticStudy();
const { data: PAPER } = await loadTmarsPaperModel();

/** Version 2's model: the paper's, with a shorter-lived top 20–30% bucket (tau 1), so the answer moves from 640M on. */
const SHORT_LIVED: ModelFileV1 = { ...PAPER, name: "T-MARS, top 20–30% tau 1", buckets: PAPER.buckets.map((b) => (b.id === "top20-30" ? { ...b, tau: 1 } : b)) };
const PHONE = { width: 390, height: 844 };

async function twoVersions(request: APIRequestContext): Promise<string> {
  const name = `E2E compare advice ${randomUUID().slice(0, 8)}`;
  const v1: Study = { ...SYNTHETIC, name, model: PAPER };
  const created = await request.post("/api/studies", { data: { study: v1 } });
  expect(created.status()).toBe(201);
  const id = ((await created.json()) as { study: { id: string } }).study.id;
  const v2 = await request.post(`/api/studies/${id}/versions`, { data: { study: { ...v1, model: SHORT_LIVED }, parentVersion: 1 } });
  expect(v2.status()).toBe(201);
  return id;
}

/** The page's width beyond the viewport (0: no horizontal scroll). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test.describe("workspace compare: the advice of both versions", () => {
  test("the recommendation per standard budget and the crossovers of both versions, changed ones marked", async ({ page, request }) => {
    const id = await twoVersions(request);
    await page.goto(`/workspace?study=${id}&version=2&compare=1-2`);
    const table = page.getByTestId("ws-compare-recommendations");
    const rows = table.getByTestId("ws-compare-recommendation");
    await expect(rows).toHaveCount(7);
    const a = adviceEngine(PAPER);
    const b = adviceEngine(SHORT_LIVED);
    const changed: string[] = [];
    for (const row of await rows.all()) {
      const budget = Number(await row.getAttribute("data-budget"));
      const bestA = a.advise(budget).best;
      const bestB = b.advise(budget).best;
      await expect(row.locator("td").nth(0)).toContainText(bestA.name);
      await expect(row.locator("td").nth(1)).toContainText(bestB.name);
      const moved = bestA.index !== bestB.index;
      await expect(row).toHaveAttribute("data-changed", String(moved));
      await expect(row.locator("td").nth(2)).toHaveText(moved ? "changed" : "same");
      if (moved) {
        await expect(row.locator("td.ws-changed")).toHaveCount(1);
        changed.push((await row.locator("th").textContent())!);
      }
    }
    expect(changed).toEqual(["640M", "1.28B", "12.8B"]);
    await expect(page.getByTestId("ws-compare-advice-summary")).toContainText("The recommendation changes at 3 of 7 standard budgets");

    // The crossovers of both versions, from each engine; the ones that differ marked.
    const crossovers = page.getByTestId("ws-compare-crossover");
    const range = { min: 1e7, max: 1e11 };
    const count = new Set([...a.crossovers(range), ...b.crossovers(range)].map((c) => `${c.from.name}→${c.to.name}`)).size;
    await expect(crossovers).toHaveCount(count);
    await expect(crossovers.filter({ hasText: "top 10% → top 20%" }).locator("td")).toHaveText(["49.3M", "49.3M", "same"]);
    await expect(page.locator("[data-testid=ws-compare-crossover][data-changed=true]")).not.toHaveCount(0);
    await screenshot(page, "workspace-compare-advice");
  });
});

test.describe("phone, 390 × 844", () => {
  test.use({ viewport: PHONE });

  test("the advisor: no horizontal scroll, the answer and then the main chart first, within two screens", async ({ page }) => {
    await openApp(page);
    expect(await overflow(page)).toBe(0);
    const answer = (await page.getByTestId("recommendation").boundingBox())!;
    const chart = (await page.getByTestId("chart-pools").boundingBox())!;
    const budget = (await page.getByTestId("budget-text").boundingBox())!;
    expect(answer.y).toBeLessThan(chart.y);
    expect(chart.y).toBeLessThan(budget.y); // above the controls
    expect(chart.y).toBeLessThan(2 * PHONE.height); // it was about 5,000 px down
    // The answer's facts: each value on its own line, not squeezed beside its label one word per line.
    const facts = page.locator(".facts").first();
    const dd = (await facts.locator("dd").first().boundingBox())!;
    expect(dd.width).toBeGreaterThan(300);
    // No axis label is clipped: every tick label and axis name of the pool chart lies inside its SVG.
    const clipped = await page.evaluate(() => {
      const svg = document.querySelector("[data-testid=chart-pools] .recharts-wrapper > svg")!;
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll("text")]
        .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
        .map(({ text }) => text);
    });
    expect(clipped).toEqual([]);
    await screenshot(page, "phone-advisor");

    // The utility chart opened under "details": still no horizontal scroll.
    await page.getByTestId("details-utility").locator("summary").click();
    expect(await overflow(page)).toBe(0);
  });

  test("the workspace with a comparison open: no horizontal scroll", async ({ page, request }) => {
    const id = await twoVersions(request);
    await page.goto("/workspace");
    await expect(page.getByRole("heading", { level: 1, name: "qqt workspace" })).toBeVisible();
    expect(await overflow(page)).toBe(0);
    await page.goto(`/workspace?study=${id}&version=2&compare=1-2`);
    await expect(page.getByTestId("ws-compare-recommendations")).toBeVisible();
    for (const summary of await page.locator("details > summary").all()) await summary.click();
    expect(await overflow(page)).toBe(0); // it was 453 px wide
    await screenshot(page, "phone-workspace-compare");
  });
});
