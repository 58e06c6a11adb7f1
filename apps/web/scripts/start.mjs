// `pnpm start` (from the repository root, after the build) or `pnpm --filter @qqt/web start`: serves the production
// build on 127.0.0.1 and prints the advisor's URL once it answers. PORT=4000 to change the port. Ctrl+C stops it.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { existsSync } from "node:fs";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const app = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.0.1";
const port = Number(process.env.PORT ?? 3000);
/** How long the server may take to answer its first request. */
const READY_TIMEOUT_MS = 120_000;
const POLL_MS = 250;

if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT=${process.env.PORT} is not a port number; expected e.g. PORT=4000.`);
  process.exit(2);
}
if (!existsSync(`${app}/.next/BUILD_ID`)) {
  console.error("The web app is not built yet. From the repository root: pnpm start (builds, then starts it).");
  process.exit(1);
}

// Next's own entry point, run by this Node (not through pnpm, which would print ELIFECYCLE when Ctrl+C stops it).
const nextBin = createRequire(`${app}/package.json`).resolve("next/dist/bin/next");
const server = spawn(process.execPath, [nextBin, "start", "--hostname", HOST, "--port", String(port)], {
  cwd: app,
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
  });
}
server.on("exit", (code, signal) => {
  if (stopping || signal !== null) {
    console.log("qqt web advisor stopped.");
    process.exit(0);
  }
  process.exit(code ?? 1);
});

const answers = () =>
  new Promise((resolve) => {
    const req = request({ host: HOST, port, path: "/", method: "HEAD", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });

const started = Date.now();
while (!(await answers())) {
  if (Date.now() - started > READY_TIMEOUT_MS) {
    console.error(`The web app did not answer on http://${HOST}:${port}/ within ${READY_TIMEOUT_MS / 1000} s (is the port in use? try PORT=4000).`);
    server.kill("SIGTERM");
    process.exit(1);
  }
  await sleep(POLL_MS);
}
console.log(`qqt web advisor: http://${HOST}:${port}`);
console.log("Opens on the paper's T-MARS model; the SYNTHETIC DataComp study and the OpenCLIP studies are in the model list. Ctrl+C to stop.");
