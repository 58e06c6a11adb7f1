// Checks that each published package's public API matches its committed report (etc/<name>.api.md, API Extractor).
// A change to the public surface must update the report in the same change (`pnpm api:report`), so it shows in review.
import { execFileSync } from "node:child_process";
import { publishedPackages } from "./workspaces.mjs";

let failures = 0;
for (const pkg of publishedPackages()) {
  try {
    execFileSync("pnpm", ["run", "api:check"], { cwd: pkg.dir, stdio: "pipe", encoding: "utf8" });
    console.log(`ok    API report ${pkg.name}`);
  } catch (error) {
    failures++;
    console.log(`FAIL  API report ${pkg.name}: the public API differs from etc/*.api.md.`);
    console.log("      Run `pnpm api:report`, review the diff and commit it.");
    console.log(`${error.stdout ?? ""}`.split("\n").filter((l) => /Warning|Error|changed/i.test(l)).join("\n"));
  }
}
process.exit(failures === 0 ? 0 : 1);
