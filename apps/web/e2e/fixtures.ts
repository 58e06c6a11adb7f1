import { test as base, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
