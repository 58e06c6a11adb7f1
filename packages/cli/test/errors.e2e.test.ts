// Exit codes, located error messages, colors and --quiet, on the built binary.
import { examplePath } from "@qqt/data/node";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, qqt, scratch, tidyCsv, tmarsRuns, write } from "./helpers.js";

const MODEL = join(examplePath("tmars-paper"), "tmars-imagenet.model.json");
const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
const ESC = "\u001b[";
let dir: string;
let bad: string;
let runs: string;

beforeAll(() => {
  dir = scratch();
  bad = write(dir, "bad.csv", "bucket,pool_size,samples_seen,error\ntop0-10,12.8M,25.6M,0.83\ntop0-10,12.8M,5x1.2M,0.75\ntop0-10,12.8M,76.8M,1.7\n");
  runs = write(dir, "runs.csv", tidyCsv(tmarsRuns()));
});

describe("exit code 0: --version and --help", () => {
  it("prints the package version", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await qqt([flag]);
      expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    }
  });

  it("documents every command, the budget and pool syntax", async () => {
    const top = await qqt(["--help"]);
    expect(top.code).toBe(0);
    for (const command of ["fit", "predict", "recommend", "validate", "holdout", "demo"]) expect(top.stdout).toMatch(new RegExp(`\\n  ${command} `));
    expect(top.stdout).toContain("Exit codes: 0 ok, 1 bad input or failed fit, 2 usage error.");
    const recommend = await qqt(["recommend", "--help"]);
    expect(recommend.code).toBe(0);
    expect(recommend.stdout).toContain("32M..10B:x2");
    expect(recommend.stdout).toContain("top0-10+top30-40");
    const fit = await qqt(["help", "fit"]);
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/Input options:[\s\S]*--accuracy-scale[\s\S]*Law and fit options:[\s\S]*--fix[\s\S]*Uncertainty:[\s\S]*--bootstrap/);
  });
});

describe("exit code 2: usage errors", () => {
  it.each([
    [["fitt"], /unknown command 'fitt'[\s\S]*Did you mean fit\?/],
    [[], /Usage: qqt/],
    [["fit", "x.csv", "--bogus"], /unknown option '--bogus'/],
    [["fit"], /missing required argument 'inputs'/],
    [["recommend", "m.json"], /required option '-b, --budgets <budgets>' not specified/],
    [["fit", "x.csv", "--loss", "l1"], /argument 'l1' is invalid\. Allowed choices are sse, huber-log/],
    [["recommend", MODEL, "--budgets", "32M.."], /--budgets: the range "32M\.\." needs both ends/],
    [["recommend", MODEL, "--budgets", "12,800,000"], /commas separate budgets\. Write 12_800_000/],
    [["recommend", MODEL, "--budgets", "1M..1B", "--points", "1"], /--points: expected a whole number from 2/],
    [["predict", MODEL, "--samples", "1M", "--pool", "top-9"], /--pool: "top-9" asks for the 9 best buckets, but the model has 4/],
    [["predict", MODEL, "--samples", "1M", "--pool", "top0-10+nope"], /unknown bucket "nope"/],
    [["recommend", MODEL, "--budgets", "1M", "--confidence", "95"], /--confidence: expected a level in \(0, 1\)/],
    [["fit", "x.csv", "--fix", "q=1"], /--fix: unknown parameter "q"/],
    [["fit", "x.csv", "--bootstrap", "many"], /--bootstrap: expected a whole number/],
    [["fit", "example:nope"], /unknown example "nope"\. Built-in examples: example:tmars-paper/],
    [["holdout", "x.csv", "--fit-until", "abc"], /^error \(qqt holdout\): --fit-until: "abc" is not a count\. Expected one budget \(samples seen\) such as 64M, 102\.4M, 1\.28B or 6\.4e8\.$/m],
    [["holdout", "x.csv", "--fit-until", "32M,64M"], /--fit-until: expected one budget \(samples seen\) such as 64M, 102\.4M, 1\.28B or 6\.4e8, got the list "32M,64M"\.$/m],
    [["holdout", "x.csv", "--fit-until", "32M..1B"], /--fit-until: expected one budget .*, got the range "32M\.\.1B"\.$/m],
    [["holdout", "x.csv", "--fit-until", "12,800,000"], /--fit-until: write "12,800,000" as 12_800_000 or 12800000 \(no thousands separators\)/],
    [["holdout", "x.csv", "--fit-until", "0"], /--fit-until: "0" is 0 samples seen, outside what qqt accepts\. Expected one budget .*$/m],
  ])("qqt %j", async (args, message) => {
    const r = await qqt(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // A single-budget option never shows the list and range syntax of --budgets.
    if (args.includes("--fit-until")) expect(r.stderr).not.toMatch(/a list such as|a range/);
  });
});

describe("exit code 2: option values outside the law's domain, before or after reading", () => {
  it.each([
    [["--fix", "a=-1"], "--fix: a must be > 0, got a=-1."],
    [["--fix", "b=0.1"], "--fix: b must be < 0, got b=0.1."],
    [["--fix", "tau[top0-10]=0"], "--fix: tau[top0-10] must be > 0, got tau[top0-10]=0."],
    [["--fix", "d=-0.1"], "--fix: d must be >= 0, got d=-0.1."],
    [["--bounds", "d=0.3..0"], "--bounds: d=0.3..0 runs backwards; the lower bound must be below the upper one: d=0..0.3."],
    [["--bounds", "a=0..0"], "--bounds: the lower bound of a must be > 0, got a=0..0."],
    [["--bounds", "tau=2..2"], "--bounds: tau=2..2 leaves no room; the lower bound must be below the upper one (to hold tau at 2, use --fix tau=2)."],
    [["--bounds", "b=-1..0.5"], "--bounds: the upper bound of b must be < 0, got b=-1..0.5."],
    [["--huber-delta", "0"], '--huber-delta: expected a number > 0 (log-error units, default 0.05), got "0".'],
    [["--fix", "d=0.5", "--bounds", "d=0..0.3"], "--fix d=0.5 is outside --bounds d=0..0.3; fix a value inside the bounds or widen them."],
    // Known wrong only once the runs are read: d above every observed error (@qqt/fit's INVALID_OPTION / INVALID_BOUNDS).
    [["--fix", "d=0.99"], /^error \(qqt fit\): --fix: fixed d = 0\.99 is outside the bounds in effect \[0, 0\.\d+\] \(the irreducible error cannot exceed an observed error\); fix a value inside them or widen --bounds d=MIN\.\.MAX\. \[INVALID_OPTION\]$/m],
    [["--bounds", "d=2.."], /^error \(qqt fit\): --bounds: min \(2\) must be below max \(0\.\d+\) once defaults are filled in\. \[INVALID_BOUNDS\]$/m],
  ])("qqt fit runs.csv %j", async (args, message) => {
    for (const command of [["fit", runs], ["holdout", runs, "--fit-until", "64M"]]) {
      const r = await qqt([...command, ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      if (typeof message === "string") expect(r.stderr).toBe(`error (qqt ${command[0]}): ${message}\nRun \`qqt ${command[0]} --help\` for the options.\n`);
      else expect(r.stderr.replace("qqt holdout", "qqt fit")).toMatch(message);
      expect(r.stderr).not.toContain("the fit failed");
    }
  });
});

describe("exit code 1: bad input, failed fit, with file and line", () => {
  it("a malformed CSV: file:line:column, field, what was expected — and no stack trace", async () => {
    const r = await qqt(["fit", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${bad}:3:15 samples_seen — "5x1.2M" is not a count (expected a count such as 12800000, 12.8M`);
    expect(r.stderr).toContain("[INVALID_NUMBER]");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const debug = await qqt(["fit", bad, "--debug"]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/DataError[\s\S]*\n\s+at /);
  });

  it("counts every problem of a file, also those past the 100 listed", async () => {
    const rows = Array.from({ length: 113 }, (_, i) => `top0-10,12.8M,${i + 1}x,0.5`);
    const many = write(dir, "many.csv", `bucket,pool_size,samples_seen,error\n${rows.join("\n")}\n`);
    const r = await qqt(["fit", many]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`113 problems in ${many}:`);
    expect(r.stderr).toContain("and 13 more problems not listed (the first 100 are)");
  });

  it("ambiguous accuracy says to pass --accuracy-scale, and the option resolves it", async () => {
    const csv = write(dir, "accuracy.csv", tidyCsv(tmarsRuns(), "accuracy"));
    const r = await qqt(["fit", csv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${csv.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:\\d+ accuracy — every accuracy is in \\[0, 1\\]`));
    expect(r.stderr).toContain("pass --accuracy-scale fraction");
    const ok = await qqt(["fit", csv, "--accuracy-scale", "fraction", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).fit.observations).toBe(19);
  });

  it("a file with several studies lists their names and --study", async () => {
    const csv = join(examplePath("laion-openclip"), "zeroshot_results.csv");
    const r = await qqt(["fit", csv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds 5 studies: "OpenCLIP ViT-B-16 on LAION", "OpenCLIP ViT-B-32 on LAION"');
    expect(r.stderr).toContain("Pick one with --study <name>");
  });

  it("a fit that cannot run exits 1 with the reason", async () => {
    const csv = join(examplePath("laion-openclip"), "zeroshot_results.csv");
    const r = await qqt(["fit", csv, "--study", "ViT-H-14"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the fit failed: .*at least 2 runs are needed.*\[INSUFFICIENT_DATA\]/);
  });

  it("--strict fails a fit that does not converge", async () => {
    const r = await qqt(["fit", runs, "--max-iterations", "1", "--strict"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the fit failed: .*\[NOT_CONVERGED\]/);
  });

  it("inputs that cannot be merged", async () => {
    const other = write(dir, "other.csv", tidyCsv(tmarsRuns().slice(0, 5), "error", 25.6e6));
    const r = await qqt(["fit", runs, other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bucket "top0-10" has 12\.8M samples in .*runs\.csv but 25\.6M in .*other\.csv/);
  });

  it.each([
    ["runs.csv", /runs\.csv is a table of runs, not a model\. Fit a model first: qqt fit .*runs\.csv -o model\.json/],
    ["study.json", /study\.json is qqt\.study\/v1 JSON \(training runs\), not a model/],
    ["foo.json", /foo\.json:1:2: not a qqt model file \(format is "foo\/v1"\)\. Expected \{"format": "qqt\.model\/v1"/],
    ["missing.json", /missing\.json — no such file or directory \(expected an existing path\) \[FILE_NOT_FOUND\]/],
    ["broken.json", /broken\.json:1:\d+ .*\[INVALID_JSON\]|not a qqt model file/],
    ["cut.json", /^error \(qqt predict\): .*cut\.json:3:20: not a qqt model file \(invalid JSON: unescaped control character/m],
    ["empty-study.json", /^error \(qqt predict\): .*empty-study\.json is a study \(qqt\.study\/v1: training runs\), not a model\. A model is made with `qqt fit .*empty-study\.json -o model\.json`/m],
  ])("predict on %s: not a model", async (name, message) => {
    write(dir, "study.json", '{"format":"qqt.study/v1","buckets":[{"id":"top0-10","size":12800000}],"observations":[{"pool":["top0-10"],"samplesSeen":25600000,"error":0.83}]}');
    write(dir, "foo.json", '{"format":"foo/v1"}');
    write(dir, "broken.json", '{"format": "qqt.model/v1", "law": ');
    write(dir, "cut.json", '{\n  "format": "qqt.model/v1",\n  "name": "cut here\n');
    write(dir, "empty-study.json", '{"format":"qqt.study/v1"}');
    const r = await qqt(["predict", join(dir, name), "--samples", "32M"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("model files for predict and recommend", () => {
  it("locate invalid JSON at line and column, as validate does", async () => {
    const cut = write(dir, "cut-model.json", '{\n  "format": "qqt.model/v1",\n  "name": "cut here\n');
    const v = JSON.parse((await qqt(["validate", cut, "--json"])).stdout) as { inputs: Array<{ issues: Array<{ line: number; column: number }> }> };
    const { line, column } = v.inputs[0]!.issues[0]!;
    expect([line, column]).toEqual([3, 20]);
    for (const args of [["predict", cut, "--samples", "32M"], ["recommend", cut, "--budgets", "32M"]]) {
      const r = await qqt(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${cut}:${line}:${column}: not a qqt model file (invalid JSON`);
    }
  });

  it("say a study JSON with problems is a study, not a model, instead of listing its missing fields", async () => {
    const study = write(dir, "just-format.json", '{"format":"qqt.study/v1"}');
    const r = await qqt(["recommend", study, "--budgets", "32M"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error (qqt recommend): ${study} is a study (qqt.study/v1: training runs), not a model. A model is made with \`qqt fit ${study} -o model.json\` (\`qqt validate ${study}\` lists the problems to fix first); then use model.json.\n`,
    );
  });
});

describe("colors and --quiet", () => {
  it("colors only when forced, never with NO_COLOR or --no-color", async () => {
    const args = ["recommend", MODEL, "--budgets", "32M,640M"];
    const plain = await qqt(args);
    expect(plain.stdout).not.toContain(ESC);
    const forced = await qqt(args, { env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(ESC);
    const noColor = await qqt(args, { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain(ESC);
    expect(noColor.stdout).toBe(plain.stdout);
    const flag = await qqt([...args, "--no-color"], { env: { FORCE_COLOR: "1" } });
    expect(flag.stdout).toBe(plain.stdout);
    const errors = await qqt(["fit", bad], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(errors.stderr).not.toContain(ESC);
  });

  it("--quiet silences notes and warnings on stderr, not errors", async () => {
    const out = join(dir, "quiet.json");
    const loud = await qqt(["fit", runs, "--json", "-o", out, "--max-iterations", "2"]);
    expect(loud.stderr).toContain("Wrote");
    expect(loud.stderr).toMatch(/warning: .*\[NOT_CONVERGED\]/);
    const quiet = await qqt(["--quiet", "fit", runs, "--json", "-o", out, "--max-iterations", "2"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe(loud.stdout);
    const failing = await qqt(["fit", bad, "-q"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("5x1.2M");
  });
});

describe("pipes", () => {
  it("stops quietly when the reader of stdout goes away (qqt … | head)", async () => {
    const child = spawn(process.execPath, [BIN, "predict", "example:tmars-paper", "--samples", "1M..1T", "--points", "2000", "--json"], {
      env: { PATH: process.env["PATH"] ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });
});

describe("--json errors", () => {
  it.each([
    [["recommend", "nope.json", "--budgets", "1M", "--json"], "FILE_NOT_FOUND", 1],
    [["predict", "example:tmars-paper", "--samples", "0", "--json"], "USAGE", 2],
    [["fit", "/dev/zero", "--json"], "READ_FAILED", 1],
    [["holdout", "/dev/zero", "--fit-until", "64M", "--json"], "READ_FAILED", 1],
    [["plan", "/dev/zero", "--budget", "640M", "--json"], "READ_FAILED", 1],
    [["recommend", "--json"], "USAGE", 2],
    [["demo", "--budgets", "x", "--json"], "USAGE", 2],
  ])("qqt %j prints { error: { code, message, exitCode } } on stdout", async (args, code, exitCode) => {
    const r = await qqt(args);
    expect(r.code).toBe(exitCode);
    const out = JSON.parse(r.stdout) as { error: { code: string; message: string; exitCode: number } };
    expect(out.error.code).toBe(code);
    expect(out.error.exitCode).toBe(exitCode);
    expect(out.error.message.length).toBeGreaterThan(0);
    expect(out.error.message.includes(String.fromCharCode(27))).toBe(false); // no color codes
  });

  it("validate --json keeps its own report and does not add an error object", async () => {
    const r = await qqt(["validate", "/dev/zero", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; inputs: Array<{ issues: Array<{ code: string }> }> };
    expect(out.ok).toBe(false);
    expect(out.inputs[0]!.issues[0]!.code).toBe("READ_FAILED");
  });
});
