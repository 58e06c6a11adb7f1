// `pnpm start`: builds what the advisor and the `qqt` command need, saying what it is doing, then serves the web
// advisor on 127.0.0.1 (apps/web/scripts/start.mjs). No telemetry notices; Ctrl+C stops it with exit code 0.
//
// Ctrl+C: pnpm 10 treats a SIGINT it receives itself as a failure ("ELIFECYCLE Command failed") whatever its
// script does. So, on a terminal, this script reads Ctrl+C as a key (raw mode: the terminal sends no SIGINT to
// pnpm's process group), stops its child with SIGINT and exits 0. Without a terminal, signals are forwarded.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

const keyboard = process.stdin.isTTY === true;
if (keyboard) {
  process.stdin.setRawMode(true);
  process.on("exit", () => process.stdin.setRawMode(false));
}
let interrupted = false;

/** Runs a command with inherited output; resolves with its exit code (0 when stopped by Ctrl+C). */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    const stop = (signal) => {
      interrupted = true;
      child.kill(signal);
    };
    const onKey = (data) => {
      // Ctrl+C (0x03) or Ctrl+D (0x04) stop; other keys are ignored.
      if (data.includes(3) || data.includes(4)) stop("SIGINT");
    };
    const onSigint = () => stop("SIGINT");
    const onSigterm = () => stop("SIGTERM");
    if (keyboard) process.stdin.on("data", onKey);
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigterm);
    child.on("exit", (code, signal) => {
      if (keyboard) process.stdin.off("data", onKey);
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigterm);
      resolve(interrupted || signal === "SIGINT" || signal === "SIGTERM" ? 0 : (code ?? 1));
    });
    child.on("error", (error) => {
      console.error(`qqt start: could not run ${command}: ${error.message}`);
      resolve(1);
    });
  });
}

const started = Date.now();
console.log("qqt start: building @qqt/core, @qqt/data, @qqt/fit, @qqt/pool, @qqt/cli and the web app");
console.log("  (the first build takes about 2 minutes on 2 cores; later ones reuse turbo's cache)");
const built = await run("pnpm", [
  "exec", "turbo", "run", "build",
  "--filter=@qqt/web", "--filter=@qqt/cli",
  "--output-logs=hash-only", "--log-order=stream",
]);
if (interrupted) {
  console.log("qqt start: stopped during the build.");
  process.exit(0);
}
if (built !== 0) {
  console.error("qqt start: the build failed (its errors are above); nothing was started.");
  process.exit(built);
}
console.log(`qqt start: built in ${((Date.now() - started) / 1000).toFixed(0)} s; starting the web advisor on 127.0.0.1…`);
const served = await run(process.execPath, ["apps/web/scripts/start.mjs"]);
process.exit(served);
