// "Works for others": packs every published package, installs the tarballs with npm into a scratch project outside
// the workspace, then (a) imports each package from Node ESM and checks golden values (consumers/<pkg>.mjs),
// (b) type-checks TypeScript consumers (consumers/<pkg>.ts) under moduleResolution nodenext and bundler,
// (c) runs the installed `qqt` binary when @qqt/cli is published, and (d) bundles the browser entry points for the
// browser with esbuild, failing if any Node built-in is pulled in.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAll } from "./pack.mjs";
import { root } from "./workspaces.mjs";

const here = new URL(".", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "qqt-consumer-"));
const results = [];
const check = (name, fn) => {
  try {
    fn();
    results.push({ name, ok: true });
    console.log(`ok    ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL  ${name}\n${error.stdout ?? ""}${error.stderr ?? ""}${error.stdout || error.stderr ? "" : error.message}`);
  }
};
const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { cwd: scratch, stdio: "pipe", encoding: "utf8", ...options });

try {
  const packed = packAll();
  const shortName = (name) => name.replace("@qqt/", "");
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "qqt-consumer", private: true, type: "module" }, null, 2));
  check("npm install of the packed tarballs", () =>
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...packed.map((p) => p.tarball), "typescript@~5.9.3"]),
  );

  // (a) Node ESM imports with golden values.
  for (const pkg of packed) {
    const consumer = join(here, "consumers", `${shortName(pkg.name)}.mjs`);
    if (!existsSync(consumer)) {
      check(`${pkg.name}: has a consumer check (scripts/release/consumers/${shortName(pkg.name)}.mjs)`, () => {
        throw new Error("missing consumer check");
      });
      continue;
    }
    cpSync(consumer, join(scratch, `${shortName(pkg.name)}.mjs`));
    check(`${pkg.name}: Node ESM import and golden values`, () => run("node", [`${shortName(pkg.name)}.mjs`]));
  }

  // (b) TypeScript consumers under both module resolutions.
  const tsFiles = readdirSync(join(here, "consumers")).filter((f) => f.endsWith(".ts"));
  for (const f of tsFiles) cpSync(join(here, "consumers", f), join(scratch, f));
  for (const [resolution, module] of [
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
  ]) {
    const config = {
      compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: "es2022", skipLibCheck: false, types: [] },
      files: tsFiles,
    };
    writeFileSync(join(scratch, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2));
    check(`TypeScript consumers type-check (moduleResolution ${resolution})`, () =>
      run(join(scratch, "node_modules", ".bin", "tsc"), ["-p", `tsconfig.${resolution}.json`]),
    );
  }

  // (c) The installed qqt binary.
  if (packed.some((p) => p.name === "@qqt/cli")) {
    check("installed `qqt --version` prints the package version", () => {
      const out = run(join(scratch, "node_modules", ".bin", "qqt"), ["--version"]);
      const version = packed.find((p) => p.name === "@qqt/cli").version;
      if (!out.includes(version)) throw new Error(`expected ${version}, got ${out}`);
    });
    check("installed `qqt demo --json` runs the built-in example", () => {
      const out = JSON.parse(run(join(scratch, "node_modules", ".bin", "qqt"), ["demo", "--json"]));
      if (!out || typeof out !== "object") throw new Error("no JSON");
    });
  }

  // (d) Browser bundles: no Node built-ins reachable from the browser entry points.
  const browserEntries = packed.flatMap((p) => (p.manifest.qqt?.browserEntries ?? (p.name === "@qqt/cli" ? [] : [p.name])));
  for (const entry of browserEntries) {
    const file = join(scratch, `browser-${entry.replace(/[@/]/g, "_")}.mjs`);
    writeFileSync(file, `export * from ${JSON.stringify(entry)};\n`);
    check(`${entry} bundles for the browser without Node built-ins`, () =>
      execFileSync(
        join(root, "node_modules", ".bin", "esbuild"),
        [file, "--bundle", "--platform=browser", "--format=esm", "--log-level=error", `--outfile=${file}.out.js`],
        { cwd: scratch, stdio: "pipe", encoding: "utf8" },
      ),
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(`consumer test: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
