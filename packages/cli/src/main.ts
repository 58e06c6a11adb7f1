import { CommanderError } from "commander";
import { Context } from "./context.js";
import { EXIT_CODES, type ExitCode } from "./errors.js";
import { processIO, type CliIO } from "./io.js";
import { describeError, errorJson } from "./output/describeError.js";
import { buildProgram, globalOptions, type RunState } from "./program.js";

/**
 * Runs `qqt` with the arguments after the program name and resolves to the exit code (it never calls
 * `process.exit`, never throws, and prints errors as one clear message on `io.stderr`).
 *
 * @param args - The arguments, e.g. `["recommend", "model.json", "--budgets", "32M,640M", "--json"]`.
 * @param io - Streams and environment (default: the process's, see {@link processIO}).
 * @example
 * ```ts
 * const code = await run(["recommend", "model.json", "--budgets", "32M,128M,640M", "--json"]);
 * code; // 0 (and the JSON array on stdout)
 * ```
 */
export async function run(args: readonly string[], io: CliIO = processIO()): Promise<ExitCode> {
  const state: RunState = { command: "", exitCode: EXIT_CODES.ok };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync([...args], { from: "user" });
    return state.exitCode === EXIT_CODES.ok ? EXIT_CODES.ok : state.exitCode === EXIT_CODES.usage ? EXIT_CODES.usage : EXIT_CODES.failure;
  } catch (error) {
    const json = args.includes("--json");
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error (unknown option, missing argument, bad choice, no
      // command) is a usage error. Commander has already printed its message.
      if (error.exitCode === 0) return EXIT_CODES.ok;
      if (json) io.stdout.write(JSON.stringify({ error: { code: "USAGE", message: error.message.replace(/^error: /, ""), exitCode: EXIT_CODES.usage } }, null, 2) + "\n");
      return EXIT_CODES.usage;
    }
    const ctx = state.ctx ?? new Context(io, globalOptions(program));
    const report = describeError(error, state.command, ctx.err, ctx.options.debug, ctx.study);
    io.stderr.write(report.lines.join("\n") + "\n");
    // With --json, scripts read the error from stdout too (validate prints its own JSON report before failing).
    if (json && !ctx.jsonPrinted) io.stdout.write(JSON.stringify(errorJson(error, state.command, ctx.study), null, 2) + "\n");
    return report.exitCode;
  }
}

/**
 * The entry point of the `qqt` binary: runs with `argv` as Node gives it (`[node, script, ...args]`).
 *
 * @param argv - `process.argv` (the first two entries are skipped).
 * @param io - Streams and environment (default: the process's).
 * @example
 * ```ts
 * process.exitCode = await main(process.argv);
 * ```
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<ExitCode> {
  return run(argv.slice(2), io);
}
