import { defineConfig } from "@playwright/test";

// Browser tests against the production build (`next build` must have run; `pnpm test` takes care of it), in
// Debian's chromium — never a browser downloaded by Playwright. The port comes from QQT_WEB_PORT (scripts/test.mjs
// picks a free one); the default is for running `playwright test` by hand.
const port = Number(process.env.QQT_WEB_PORT ?? 4317);
const baseURL = `http://127.0.0.1:${port}`;

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright-artifacts",
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  // One worker: the machine has two cores and the server needs one.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL,
    acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
    serviceWorkers: "block",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "chromium", testIgnore: /perf\.spec\.ts$/ },
    { name: "perf", testMatch: /perf\.spec\.ts$/, timeout: 300_000 },
  ],
  webServer: {
    command: `pnpm exec next start --port ${port} --hostname 127.0.0.1`,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { NEXT_TELEMETRY_DISABLED: "1" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
