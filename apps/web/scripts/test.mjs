// `pnpm --filter @qqt/web test`: the unit tests (vitest), then the browser tests (Playwright) when Debian's
// chromium is installed at /usr/bin/chromium — otherwise a loud SKIPPED notice saying how to install it.
// The browser tests run against the production build on a free localhost port.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const app = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const run = (command, args, extraEnv = {}) =>
  spawnSync(command, args, { cwd: app, stdio: "inherit", env: { ...env, ...extraEnv } }).status ?? 1;

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const unit = run("pnpm", ["exec", "vitest", "run"]);

rmSync(`${app}/test-results/playwright.json`, { force: true });
let browser = 0;
if (!existsSync(CHROMIUM)) {
  const line = "=".repeat(78);
  console.log(`\n${line}\n  BROWSER TESTS SKIPPED: ${CHROMIUM} not found.\n`);
  console.log("  The end-to-end tests drive Debian's chromium (never a browser downloaded by Playwright).");
  console.log("  Install it, then run the tests again:\n");
  console.log("      sudo apt-get update && sudo apt-get install -y chromium\n");
  console.log(`  (.ci/run installs it automatically.)\n${line}\n`);
} else {
  if (!existsSync(`${app}/.next/BUILD_ID`)) {
    console.log("No production build of the web app yet: running `next build` first.");
    const built = run("pnpm", ["exec", "next", "build"]);
    if (built !== 0) process.exit(built);
  }
  const port = await freePort();
  let authPort = await freePort();
  while (authPort === port) authPort = await freePort();
  console.log(`\nBrowser tests: ${CHROMIUM}, production build served on http://127.0.0.1:${port}/ (and with an access token on ${authPort})`);
  browser = run("pnpm", ["exec", "playwright", "test", "--project=chromium"], { QQT_WEB_PORT: String(port), QQT_WEB_AUTH_PORT: String(authPort) });
}
process.exit(unit !== 0 ? unit : browser);
