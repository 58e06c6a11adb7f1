// `pnpm qqt <command>` from a clone: runs the built `qqt` command, or says how to build it.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));
if (!existsSync(bin)) {
  console.error("qqt: the command is not built yet. Run `pnpm build` (or `pnpm start`, which builds it too), then `pnpm qqt --help`.");
  process.exit(2);
}
const result = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? (result.signal ? 1 : 0));
