// Lints the packed tarballs the way consumers receive them: publint (package.json/exports/files) and
// @arethetypeswrong/cli (types resolve under node16/nodenext and bundler). Exits non-zero on any problem.
import { execFileSync } from "node:child_process";
import { packAll } from "./pack.mjs";
import { root } from "./workspaces.mjs";

let failures = 0;
for (const pkg of packAll()) {
  for (const [tool, args] of [
    ["publint", ["exec", "publint", "run", pkg.tarball, "--strict"]],
    // ESM-only packages: CommonJS `require` resolution is intentionally unsupported.
    ["attw", ["exec", "attw", pkg.tarball, "--profile", "esm-only", "--format", "table-flipped"]],
  ]) {
    try {
      execFileSync("pnpm", args, { cwd: root, stdio: "pipe", encoding: "utf8" });
      console.log(`ok    ${tool} ${pkg.name}`);
    } catch (error) {
      failures++;
      console.log(`FAIL  ${tool} ${pkg.name}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
}
console.log(failures === 0 ? "package checks: all passed" : `package checks: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
