// What every command gets: where to print, with which colors, and whether to be quiet.
import type { Study } from "@qqt/data";
import { colorEnabled, palette, type CliIO, type Palette } from "./io.js";
import { formatCount } from "@qqt/core";
import { toJson } from "./output/json.js";

/** Global options (given before or after the command name). */
export interface GlobalOptions {
  quiet: boolean;
  debug: boolean;
  color: boolean;
}

/** A progress indicator on stderr; a no-op unless stderr is a terminal and `--quiet` is off. */
export interface Progress {
  /** Sets the count done (and the total, when known). */
  update(done: number, total?: number): void;
  /** Removes the indicator. */
  stop(): void;
}

/** How a progress indicator counts and when it appears. */
export interface ProgressOptions {
  /** `count` prints `5/10`; `bytes` prints `12.3/98.7 MB`; `rows` prints `12.3M/98.7M rows`. Default `count`. */
  unit?: "count" | "bytes" | "rows";
  /** Draw nothing for work that ends sooner than this (ms). Default 0 for a bar; a spinner waits {@link SPINNER_DELAY_MS}. */
  delayMs?: number;
}

const BYTE_UNITS = [
  { size: 1e9, name: "GB" },
  { size: 1e6, name: "MB" },
  { size: 1e3, name: "kB" },
] as const;

/** `done/total` in the largest decimal byte unit that the total reaches (`12.3/98.7 MB`). */
export function formatByteProgress(done: number, total: number): string {
  const unit = BYTE_UNITS.find((u) => total >= u.size);
  if (unit === undefined) return `${done}/${total} B`;
  return `${(done / unit.size).toFixed(1)}/${(total / unit.size).toFixed(1)} ${unit.name}`;
}

/** Width of the progress bar in characters. */
const BAR_WIDTH = 24;
/** Least time between two redraws. */
const REDRAW_MS = 80;
/** A spinner (unknown total) appears only for work that lasts longer than this. */
const SPINNER_DELAY_MS = 300;
const SPINNER = ["|", "/", "-", "\\"];
const CLEAR_LINE = "\r\u001b[K";

/** The command's context: output streams with their palettes, and the global options. */
export class Context {
  /** Palette of stdout. */
  readonly out: Palette;
  /** Palette of stderr. */
  readonly err: Palette;
  /** The study being fitted, so that fit errors about `observations[i]` can name the file and line. */
  study?: Study;

  constructor(
    readonly io: CliIO,
    readonly options: GlobalOptions,
  ) {
    this.out = palette(colorEnabled(io, "stdout", options.color));
    this.err = palette(colorEnabled(io, "stderr", options.color));
  }

  get quiet(): boolean {
    return this.options.quiet;
  }

  /** Writes result text to stdout (a newline is added unless present). */
  print(text = ""): void {
    this.io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** Whether a JSON result was written (then a later error is not written as JSON too). */
  jsonPrinted = false;

  /** Writes a JSON result to stdout. */
  printJson(value: unknown): void {
    this.jsonPrinted = true;
    this.io.stdout.write(toJson(value));
  }

  /** A warning on stderr (silenced by `--quiet`). */
  warn(text: string): void {
    if (!this.options.quiet) this.io.stderr.write(`${this.err.yellow("warning:")} ${text}\n`);
  }

  /** A note on stderr (silenced by `--quiet`). */
  note(text: string): void {
    if (!this.options.quiet) this.io.stderr.write(`${text}\n`);
  }

  /** A progress bar (known total) or spinner (unknown total) on stderr, only on a terminal and without `--quiet`. */
  progress(label: string, options: ProgressOptions = {}): Progress {
    if (this.options.quiet || !this.io.isTTY.stderr) return { update: () => undefined, stop: () => undefined };
    const delay = options.delayMs ?? 0;
    const counts =
      options.unit === "bytes" ? formatByteProgress : options.unit === "rows" ? (d: number, t: number) => `${formatCount(d)}/${formatCount(t)} rows` : (d: number, t: number) => `${d}/${t}`;
    const stderr = this.io.stderr;
    const started = Date.now();
    let last = 0;
    let done = 0;
    let total: number | undefined;
    let drawn = false;
    let frame = 0;
    const draw = () => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      let text: string;
      if (total !== undefined && total > 0) {
        const filled = Math.round((Math.min(done, total) / total) * BAR_WIDTH);
        text = `${label} [${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${counts(done, total)} ${seconds}s`;
      } else {
        text = `${label} ${SPINNER[frame++ % SPINNER.length]} ${seconds}s`;
      }
      stderr.write(`${CLEAR_LINE}${text}`);
      drawn = true;
    };
    const timer = setInterval(() => {
      if (Date.now() - started >= Math.max(delay, SPINNER_DELAY_MS)) draw();
    }, REDRAW_MS * 2);
    timer.unref?.();
    return {
      update: (d, t) => {
        done = d;
        if (t !== undefined) total = t;
        const now = Date.now();
        if (now - started < delay) return;
        if (now - last >= REDRAW_MS || (total !== undefined && done >= total)) {
          last = now;
          draw();
        }
      },
      stop: () => {
        clearInterval(timer);
        if (drawn) stderr.write(CLEAR_LINE);
      },
    };
  }
}
