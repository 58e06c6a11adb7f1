// `pnpm --filter @qqt/web perf`: measures the advisor in the real browser (Debian's chromium) against the production
// build and writes the numbers into PERFORMANCE.md (between the results markers). See e2e/perf.spec.ts.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const app = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync("/usr/bin/chromium")) {
  console.error("The performance measurement needs Debian's chromium: apt-get install -y chromium");
  process.exit(1);
}
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const run = (args, extra = {}) => spawnSync("pnpm", ["exec", ...args], { cwd: app, stdio: "inherit", env: { ...env, ...extra } }).status ?? 1;
if (run(["next", "build"]) !== 0) process.exit(1);
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
rmSync(`${app}/test-results/perf.json`, { force: true });
const status = run(["playwright", "test", "--project=perf", "--reporter=list"], { QQT_WEB_PORT: String(port) });

if (!existsSync(`${app}/test-results/perf.json`)) {
  console.error("\nThe perf test wrote no results (it failed before measuring): see above. PERFORMANCE.md is unchanged.");
  process.exit(status || 1);
}
const results = JSON.parse(readFileSync(`${app}/test-results/perf.json`, "utf8"));
const ms = (x) => `${x.toFixed(1)} ms`;
const rows = Object.entries(results.slider).map(
  ([name, r]) =>
    `| ${name} | ${ms(r.text.p50)} / ${ms(r.text.p95)} | ${ms(r.chart.p50)} / ${ms(r.chart.p95)} | **${ms(r.frame.p50)} / ${ms(r.frame.p95)}** | ${ms(r.painted.p50)} / ${ms(r.painted.p95)} |`,
);
const chunks = results.firstLoad.chunks
  .map((c) => `| \`${c.file}\` | ${(c.bytes / 1024).toFixed(1)} kB | ${(c.gzip / 1024).toFixed(1)} kB |`)
  .join("\n");
const block = `<!-- results:start -->
Measured ${new Date().toISOString().slice(0, 10)} with Chromium ${results.chromium} (headless, \`--disable-gpu\`), ${results.cpus} CPUs,
load average ${results.loadAverageBefore.toFixed(1)} before / ${results.loadAverageAfter.toFixed(1)} after (the machine is shared), ${results.steps} slider steps per model.

**Slider → updated recommendation and chart** (p50 / p95; target: p95 < 50 ms for the frame that shows the update):

| model | recommendation in DOM | budget line in DOM | **frame showing both** | frame painted |
|---|---|---|---|---|
${rows.join("\n")}

**A paper-size fit in the worker while the slider moves** (${results.fit.study}, ${results.fit.refits} bootstrap refits; the slider
drives the 10-bucket model with 200 draws meanwhile): the fit took **${results.fit.workerSeconds.toFixed(1)} s** in the worker
(${results.fit.wallSeconds.toFixed(1)} s from the click to the model shown). Slider steps while the worker fits: ${results.fit.stepsDuringShortFit}
during that fit, plus ${results.fit.stepsDuringLongFit} during a 5000-refit bootstrap of the same study${results.fit.longFitStillRunning ? " (still running after the last step, then cancelled)" : ""}:

| during the fit | recommendation in DOM | budget line in DOM | **frame showing both** | frame painted |
|---|---|---|---|---|
| 10 buckets, 200 draws | ${ms(results.fit.slider.text.p50)} / ${ms(results.fit.slider.text.p95)} | ${ms(results.fit.slider.chart.p50)} / ${ms(results.fit.slider.chart.p95)} | **${ms(results.fit.slider.frame.p50)} / ${ms(results.fit.slider.frame.p95)}** | ${ms(results.fit.slider.painted.p50)} / ${ms(results.fit.slider.painted.p95)} |

**First-load JavaScript of \`/\`** (target < 300 kB gzipped): **${results.firstLoad.gzipKB.toFixed(1)} kB gzipped**
(${results.firstLoad.rawKB.toFixed(1)} kB raw) in ${results.firstLoad.scripts} scripts:

| script | raw | gzipped |
|---|---|---|
${chunks}
<!-- results:end -->`;
const file = `${app}/PERFORMANCE.md`;
const text = readFileSync(file, "utf8");
writeFileSync(file, text.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, block));
console.log(`\nPERFORMANCE.md updated.${status === 0 ? "" : " The perf test FAILED its targets: see above."}`);
process.exit(status);
