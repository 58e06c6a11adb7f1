// Turns any error into the lines printed on stderr and the exit code: one clear message, no stack trace unless
// --debug.
import { CoreError } from "@qqt/core";
import { DataError, type Study } from "@qqt/data";
import type { FitError } from "@qqt/fit";
import { CliError, EXIT_CODES, type ExitCode } from "../errors.js";
import { palette, type Palette } from "../io.js";
import type { ErrorJson } from "../json.js";
import { FIT_OPTION_PATHS, fitWording, formatIssueLine } from "./issues.js";

/** What to print for an error, and the exit code. */
export interface ErrorReport {
  lines: string[];
  exitCode: ExitCode;
}

/**
 * A fit error's message located for the command line: `file:line: observations[3].error: …` for an observation
 * read from a file, `--fix: …` for an option (instead of the library's `options.fixed.d: …`).
 */
function fitErrorMessage(error: FitError, study: Study | undefined): string {
  const message = fitWording(error.message).replace(/\.$/, "");
  const obs = /^observations\[(\d+)\]/.exec(error.path);
  if (obs !== null) {
    const origin = study?.observations[Number(obs[1])]?.origin;
    return origin !== undefined ? `${origin.file}:${origin.line}: ${message}` : message;
  }
  const option = FIT_OPTION_PATHS.find(([path]) => error.path.startsWith(path));
  if (option !== undefined && error.message.startsWith(`${error.path}: `)) {
    return `${option[1]}: ${fitWording(error.message.slice(error.path.length + 2)).replace(/\.$/, "")}`;
  }
  return message;
}

/**
 * A @qqt/fit error, recognised by name and shape so that commands which never fit (predict, recommend, validate)
 * need not load @qqt/fit at start-up.
 */
function isFitError(error: unknown): error is FitError {
  return error instanceof Error && error.name === "FitError" && typeof (error as FitError).code === "string" && typeof (error as FitError).path === "string";
}

/**
 * The JSON form of an error, printed on stdout by any command run with `--json`: `{ error: { code, message,
 * exitCode, issues? } }` (`issues`: a reader's located problems).
 */
export function errorJson(error: unknown, command: string, study?: Study): ErrorJson {
  const report = describeError(error, command, palette(false), false, study);
  const code =
    error instanceof DataError || error instanceof CoreError || error instanceof CliError
      ? error.code
      : isFitError(error)
        ? error.code
        : report.exitCode === EXIT_CODES.usage
          ? "USAGE"
          : "INTERNAL";
  return {
    error: {
      code,
      // With issues listed one by one, the message is the summary line ("32 problems in 32 files:").
      message: (error instanceof DataError && error.issues.length > 1 ? report.lines[0]! : report.lines.join("\n")).replace(/^error(?: \(qqt [a-z]+\))?: /, "").replace(/:$/, ""),
      exitCode: report.exitCode,
      ...(error instanceof DataError ? { issues: error.issues.map((i) => ({ ...i })) } : {}),
    },
  };
}

/** The lines to print for `error` (prefixed `error (qqt <command>):`) and its exit code. */
export function describeError(error: unknown, command: string, p: Palette, debug: boolean, study?: Study): ErrorReport {
  const prefix = `${p.red(p.bold("error"))}${command !== "" ? ` (qqt ${command})` : ""}:`;
  let lines: string[];
  let exitCode: ExitCode = EXIT_CODES.failure;
  if (error instanceof DataError) {
    const problems = error.issues.filter((i) => i.code !== "TOO_MANY_ERRORS");
    const more = error.issues.find((i) => i.code === "TOO_MANY_ERRORS");
    const files = [...new Set(problems.map((i) => i.file))];
    // The reader lists at most MAX_ISSUES problems and says how many more there are: count those too.
    const unlisted = more !== undefined ? Number(/and (\d+) more/.exec(more.message)?.[1] ?? 0) : 0;
    const total = problems.length + unlisted;
    lines = [
      total === 1
        ? `${prefix} cannot ${problems[0]!.code === "WRITE_FAILED" ? "write" : "read"} ${files[0]}:`
        : `${prefix} ${total} problems in ${files.length === 1 ? files[0] : `${files.length} files`}:`,
      ...problems.map((i) => `  ${formatIssueLine(i, p)}`),
      ...(more !== undefined ? [`  ${more.message}`] : []),
    ];
  } else if (isFitError(error)) {
    lines = [`${prefix} the fit failed: ${fitErrorMessage(error, study)}. ${p.dim(`[${error.code}]`)}`];
  } else if (error instanceof Error && error.name === "PoolError" && typeof (error as { code?: unknown }).code === "string") {
    // @qqt/pool's error, recognised by name: the pool commands load @qqt/pool (and DuckDB) only when they run.
    lines = [`${prefix} ${error.message} ${p.dim(`[${(error as Error & { code: string }).code}]`)}`];
  } else if (error instanceof CoreError) {
    lines = [`${prefix} ${error.message} ${p.dim(`[${error.code}]`)}`];
  } else if (error instanceof CliError) {
    lines = [`${prefix} ${error.message}`];
    exitCode = error.exitCode;
    if (error.exitCode === EXIT_CODES.usage) lines.push(p.dim(`Run \`qqt ${command === "" ? "" : `${command} `}--help\` for the options.`));
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines = [`${prefix} unexpected failure: ${message}${debug ? "" : " (run again with --debug for the stack trace)"}`];
  }
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(p.dim(error.stack));
  return { lines, exitCode };
}
