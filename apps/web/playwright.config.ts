import { defineConfig } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Browser tests against the production build (`next build` must have run; `pnpm test` takes care of it), in
// Debian's chromium — never a browser downloaded by Playwright. The port comes from QQT_WEB_PORT (scripts/test.mjs
// picks a free one); the default is for running `playwright test` by hand.
const port = Number(process.env.QQT_WEB_PORT ?? 4317);
const baseURL = `http://127.0.0.1:${port}`;

// The workspace's database for these tests: a fresh temporary directory, made once by the test runner (its workers
// inherit the variable, so they do not make their own) and removed when the run ends. A second server, with an
// access token, serves the sign-in tests (e2e/workspace-auth.spec.ts) on QQT_WEB_AUTH_PORT.
if (process.env.QQT_E2E_DATA_DIR === undefined) {
  const dir = mkdtempSync(join(tmpdir(), "qqt-e2e-"));
  process.env.QQT_E2E_DATA_DIR = dir;
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
}
const dataDir = process.env.QQT_E2E_DATA_DIR;
export const E2E_ACCESS_TOKEN = (process.env.QQT_E2E_ACCESS_TOKEN ??= `e2e-${randomBytes(24).toString("base64url")}`);
const authPort = Number(process.env.QQT_WEB_AUTH_PORT ?? port + 1);
export const AUTH_BASE_URL = `http://127.0.0.1:${authPort}`;

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
  webServer: [
    {
      command: `pnpm exec next start --port ${port} --hostname 127.0.0.1`,
      url: `${baseURL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { NEXT_TELEMETRY_DISABLED: "1", QQT_DATA_DIR: join(dataDir, "open") },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `pnpm exec next start --port ${authPort} --hostname 127.0.0.1`,
      url: `${AUTH_BASE_URL}/api/session`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { NEXT_TELEMETRY_DISABLED: "1", QQT_DATA_DIR: join(dataDir, "token"), QQT_ACCESS_TOKEN: E2E_ACCESS_TOKEN },
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
