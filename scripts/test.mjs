// `pnpm test`: runs every workspace's tests through turbo, then sums the vitest JSON reports (and the Playwright JSON
// report of the web app's browser tests, `test-results/playwright.json`) into one final line `N passed, N failed`
// so that a run with zero tests is visible. Exits non-zero on any failure or on zero tests.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaces = ["packages", "apps"].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : [],
);
const reportsOf = (ws) => {
  const dir = join(ws, "test-results");
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => (f.startsWith("vitest") || f === "playwright.json") && f.endsWith(".json"))
        .map((f) => join(dir, f))
    : [];
};
for (const ws of workspaces) for (const report of reportsOf(ws)) rmSync(report);

const args = ["turbo", "run", "test", ...process.argv.slice(2)];
const run = spawnSync("pnpm", ["exec", ...args], { cwd: root, stdio: "inherit", env: process.env });

let passed = 0;
let failed = 0;
const lines = [];
for (const ws of workspaces) {
  for (const report of reportsOf(ws)) {
    const json = JSON.parse(readFileSync(report, "utf8"));
    // vitest: numPassedTests/numFailedTests; Playwright: stats.expected (+ flaky, passed on retry) / unexpected.
    const counts = report.endsWith("playwright.json")
      ? { passed: json.stats.expected + json.stats.flaky, failed: json.stats.unexpected, kind: "browser" }
      : { passed: json.numPassedTests, failed: json.numFailedTests, kind: "unit" };
    passed += counts.passed;
    failed += counts.failed;
    lines.push(`  ${ws.slice(root.length)} (${counts.kind}): ${counts.passed} passed, ${counts.failed} failed`);
  }
}
console.log("\nTest summary:");
for (const line of lines) console.log(line);
if (existsSync(join(root, "apps", "web")) && !existsSync("/usr/bin/chromium")) {
  console.log("  apps/web (browser): SKIPPED — /usr/bin/chromium is missing; install it with: apt-get install -y chromium");
}
console.log(`${passed} passed, ${failed} failed`);
if (run.status !== 0 || failed > 0 || passed === 0) process.exit(run.status || 1);
