// Builds the commander program: global options, one subcommand per file in commands/, usage errors that exit 2.
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { registerDemo } from "./commands/demo.js";
import { registerFit } from "./commands/fit.js";
import { registerHoldout } from "./commands/holdout.js";
import { registerPlan } from "./commands/plan.js";
import { registerPool } from "./commands/pool.js";
import { registerPredict } from "./commands/predict.js";
import { registerRecommend } from "./commands/recommend.js";
import { registerValidate } from "./commands/validate.js";
import { Context, type GlobalOptions } from "./context.js";
import { EXAMPLES_HELP } from "./examples.js";
import { colorEnabled, palette, type CliIO } from "./io.js";

/** The package version, read from the installed package.json. */
export const VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Wraps a command's action: builds its context and records its exit code. */
export type Runner = <A extends unknown[]>(fn: (ctx: Context, ...args: A) => Promise<number | void>) => (...args: unknown[]) => Promise<void>;

/** State of one run, shared by the actions and the error handler. */
export interface RunState {
  /** Name of the subcommand being run. */
  command: string;
  /** The context, once an action started. */
  ctx?: Context;
  /** Exit code set by an action (e.g. 1 from validate). */
  exitCode: number;
}

/** Global options of the program. */
export function globalOptions(program: Command): GlobalOptions {
  const o = program.opts<{ quiet?: boolean; debug?: boolean; color?: boolean }>();
  return { quiet: o.quiet === true, debug: o.debug === true, color: o.color !== false };
}

/** The `qqt` program for one run. */
export function buildProgram(io: CliIO, state: RunState): Command {
  const program = new Command("qqt");
  const errPalette = () => palette(colorEnabled(io, "stderr", globalOptions(program).color));
  program
    .description(
      "qqt: how much to filter your data for the compute you have. Fits the quality–quantity tradeoff scaling law of Goyal et al. (CVPR 2024) to training runs, predicts errors and recommends a pool per training budget.",
    )
    .version(VERSION, "-V, --version", "print the version")
    .option("-q, --quiet", "no progress bars, notes or warnings on stderr (errors are still printed)")
    .option("--no-color", "no colors (also: NO_COLOR=1; colors are off when the output is not a terminal)")
    .option("--debug", "print stack traces of errors")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, errPalette().red(errPalette().bold("error:")))),
      getOutHelpWidth: () => Number(io.env["COLUMNS"]) || 100,
      getErrHelpWidth: () => Number(io.env["COLUMNS"]) || 100,
      getOutHasColors: () => colorEnabled(io, "stdout", globalOptions(program).color),
      getErrHasColors: () => colorEnabled(io, "stderr", globalOptions(program).color),
    })
    .showHelpAfterError("(run with --help for the options)")
    .exitOverride()
    .addHelpText(
      "after",
      `
Quick start:
  qqt demo                                        read → fit → recommend on built-in SYNTHETIC data
  qqt validate runs.csv                           check your runs, with file:line for every problem
  qqt fit runs.csv -o model.json                  fit the law
  qqt recommend model.json --budgets 32M,128M,640M
  qqt predict model.json --pool top-2 --samples 32M..1B:x2
  qqt pool bucket metadata/ --score clip_l14_similarity_score -o manifest.json
  qqt pool subset metadata/ --score clip_l14_similarity_score --top 30% --format datacomp-npy -o top30.npy

${EXAMPLES_HELP}

Exit codes: 0 ok, 1 bad input or failed fit, 2 usage error.
Every command takes --json for machine-readable output on stdout; progress and warnings go to stderr.`,
    );

  const run: Runner =
    (fn) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      const parent = command.parent;
      state.command = parent !== null && parent !== program ? `${parent.name()} ${command.name()}` : command.name();
      const ctx = new Context(io, globalOptions(program));
      state.ctx = ctx;
      // Commander passes the positional arguments, the options and the command; actions take (ctx, …arguments, options).
      const code = await (fn as (ctx: Context, ...rest: unknown[]) => Promise<number | void>)(ctx, ...args.slice(0, -1));
      if (typeof code === "number") state.exitCode = code;
    };

  registerFit(program.command("fit"), run);
  registerPredict(program.command("predict"), run);
  registerRecommend(program.command("recommend"), run);
  registerValidate(program.command("validate"), run);
  registerHoldout(program.command("holdout"), run);
  registerPlan(program.command("plan"), run);
  registerDemo(program.command("demo"), run);
  registerPool(program.command("pool"), run);
  return program;
}
