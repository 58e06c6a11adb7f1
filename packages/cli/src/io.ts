// The command's view of the outside world: two text streams, whether they are terminals, and the environment.
// Injected so that commands are testable in-process; `processIO()` is the real one.
import pc from "picocolors";

/**
 * Where text goes: anything with a `write(text)` method (a Node stream, or an array-backed fake in tests).
 *
 * @example
 * ```ts
 * const chunks: string[] = [];
 * const sink: TextSink = { write: (text) => chunks.push(text) };
 * ```
 */
export interface TextSink {
  /** Writes `text` as it is (no newline added). */
  write(text: string): unknown;
}

/**
 * The input/output of one run of the command: streams, terminal flags and environment.
 *
 * @remarks Results go to `stdout`, progress, warnings and errors to `stderr`. Colors are used on a stream only when
 * it is a terminal, `NO_COLOR` is unset or empty and `--no-color` was not given; `FORCE_COLOR` (non-empty, not `0`)
 * turns them on for non-terminals; `color` overrides all of this.
 * @example
 * ```ts
 * const out: string[] = [];
 * const io: CliIO = {
 *   stdout: { write: (t) => out.push(t) },
 *   stderr: { write: () => true },
 *   isTTY: { stdout: false, stderr: false },
 *   env: {},
 * };
 * await run(["--version"], io); // 0, and out holds "0.0.0\n"
 * ```
 */
export interface CliIO {
  /** Results: tables, JSON. */
  stdout: TextSink;
  /** Progress bars, warnings, errors. */
  stderr: TextSink;
  /** Whether each stream is a terminal (progress bars need a terminal on stderr). */
  isTTY: {
    /** `stdout` is a terminal. */
    stdout: boolean;
    /** `stderr` is a terminal. */
    stderr: boolean;
  };
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, `COLUMNS` are read). */
  env: Readonly<Record<string, string | undefined>>;
  /** Forces colors on or off on both streams, whatever the terminal and the environment say. */
  color?: boolean;
}

/**
 * The {@link CliIO} of the running Node process.
 *
 * @example
 * ```ts
 * const code = await run(["demo"], processIO());
 * ```
 */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    env: process.env,
  };
}

/** Text styles (identity functions when colors are off). @internal */
export interface Palette {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

/** Whether a stream gets colors (see {@link CliIO}). @internal */
export function colorEnabled(io: CliIO, stream: "stdout" | "stderr", flag: boolean): boolean {
  if (io.color !== undefined) return io.color && flag;
  if (!flag) return false;
  const noColor = io.env["NO_COLOR"];
  if (noColor !== undefined && noColor !== "") return false;
  const force = io.env["FORCE_COLOR"];
  if (force !== undefined && force !== "" && force !== "0") return true;
  return io.isTTY[stream];
}

/** A palette that colors or not. @internal */
export function palette(enabled: boolean): Palette {
  const c = pc.createColors(enabled);
  return {
    enabled,
    bold: (t) => c.bold(t),
    dim: (t) => c.dim(t),
    red: (t) => c.red(t),
    yellow: (t) => c.yellow(t),
    green: (t) => c.green(t),
    cyan: (t) => c.cyan(t),
  };
}
