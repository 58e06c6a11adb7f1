// Builds the API reference with TypeDoc (warnings are errors: every export and member documented, links valid) and
// then checks that every exported declaration of every published package carries an `@example`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./workspaces.mjs";

try {
  execFileSync("pnpm", ["exec", "typedoc"], { cwd: root, stdio: "inherit" });
} catch {
  console.log("API docs: TypeDoc reported warnings or errors (treated as errors)");
  process.exit(1);
}

const project = JSON.parse(readFileSync(join(root, "docs-site", "api.json"), "utf8"));
const missing = [];
let checked = 0;
const hasExample = (comment) => Boolean(comment?.blockTags?.some((tag) => tag.tag === "@example"));
const visit = (node, path) => {
  for (const child of node.children ?? []) {
    // Modules (packages and entry points) are containers; everything else at this level is an export.
    if (child.kind === 1 || child.kind === 2) {
      visit(child, [...path, child.name]);
      continue;
    }
    checked++;
    const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)];
    if (!comments.some(hasExample)) missing.push([...path, child.name].join(" › "));
  }
};
visit(project, []);
if (missing.length > 0) {
  console.log(`API docs: ${missing.length} exports without an @example:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`API docs: built to docs-site/api; all ${checked} exports documented with an example`);
