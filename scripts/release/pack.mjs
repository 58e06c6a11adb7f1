// Packs every published package with `pnpm pack` (workspace:* ranges become real versions) into .release/tarballs.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { publishedPackages, root } from "./workspaces.mjs";

export const tarballDir = join(root, ".release", "tarballs");

/** @returns {{ name: string, tarball: string, dir: string, manifest: any }[]} */
export function packAll() {
  rmSync(tarballDir, { recursive: true, force: true });
  mkdirSync(tarballDir, { recursive: true });
  const packed = [];
  for (const pkg of publishedPackages()) {
    const before = new Set(readdirSync(tarballDir));
    execFileSync("pnpm", ["pack", "--pack-destination", tarballDir], { cwd: pkg.dir, stdio: ["ignore", "ignore", "inherit"] });
    const created = readdirSync(tarballDir).filter((f) => !before.has(f));
    if (created.length !== 1) throw new Error(`pnpm pack of ${pkg.name} produced ${created.length} files`);
    packed.push({ ...pkg, tarball: join(tarballDir, created[0]) });
  }
  return packed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { name, tarball } of packAll()) console.log(`${name} -> ${tarball}`);
}
