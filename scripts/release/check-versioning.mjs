// Checks the changesets flow without touching the working tree: copies the repository (sources, .changeset,
// manifests) into a scratch folder, runs `changeset version` there, and verifies that every published package was
// bumped to the same version (they are versioned together) and has a CHANGELOG.md naming that version.
// Then runs `pnpm publish --dry-run` for every published package from the real tree.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { publishedPackages, root } from "./workspaces.mjs";

const pending = readdirSync(join(root, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
const scratch = mkdtempSync(join(tmpdir(), "qqt-version-"));
let ok = true;
try {
  cpSync(root, scratch, {
    recursive: true,
    filter: (src) => !/(^|\/)(node_modules|dist|\.turbo|\.next|\.release|docs-site|\.git)(\/|$)/.test(relative(root, src)),
  });
  const changeset = join(root, "node_modules", ".bin", "changeset");
  execFileSync(changeset, ["version"], { cwd: scratch, stdio: "pipe", encoding: "utf8" });
  const versions = new Set();
  for (const pkg of publishedPackages()) {
    const dir = join(scratch, relative(root, pkg.dir));
    const bumped = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
    versions.add(bumped);
    const changelog = join(dir, "CHANGELOG.md");
    const hasEntry = existsSync(changelog) && readFileSync(changelog, "utf8").includes(`## ${bumped}`);
    const expectBump = pending.length > 0;
    if (expectBump && (bumped === pkg.version || !hasEntry)) {
      ok = false;
      console.log(`FAIL  ${pkg.name}: expected a bump from ${pkg.version} with a CHANGELOG entry, got ${bumped}`);
    } else {
      console.log(`ok    ${pkg.name}: ${pkg.version} -> ${bumped}${hasEntry ? " (CHANGELOG.md written)" : ""}`);
    }
  }
  if (versions.size !== 1) {
    ok = false;
    console.log(`FAIL  published packages must share one version, got ${[...versions].join(", ")}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const pkg of publishedPackages()) {
  try {
    execFileSync("pnpm", ["publish", "--dry-run", "--no-git-checks", "--access", "public"], { cwd: pkg.dir, stdio: "pipe" });
    console.log(`ok    pnpm publish --dry-run ${pkg.name}`);
  } catch (error) {
    ok = false;
    console.log(`FAIL  pnpm publish --dry-run ${pkg.name}\n${error.stderr ?? ""}`);
  }
}
console.log(ok ? "versioning and publish dry-run: ok" : "versioning and publish dry-run: FAILED");
process.exit(ok ? 0 : 1);
