import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL(".", import.meta.url).pathname;

/** Every module reachable from `entry` through relative imports (static and dynamic), and its bare imports. */
function graph(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\/\/\/\s*<reference types="([^"]+)"/gm)) {
      const spec = m[1] ?? m[2] ?? `types:${m[3]}`;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else bare.add(spec);
    }
  };
  visit(join(src, entry));
  return { files, bare };
}

describe("browser safety", () => {
  it.each(["index.ts", "examples.ts"])("nothing reachable from %s imports node:* or Node globals", (entry) => {
    const { files, bare } = graph(entry);
    expect(files.size).toBeGreaterThan(5);
    expect([...bare].filter((b) => b !== "@qqt/core")).toEqual([]);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(text, f).not.toMatch(/\b(process|Buffer|__dirname|require)\b\s*[.(]/);
    }
  });

  it("the Node entry does use the file system (and is the only one)", () => {
    expect(graph("node.ts").bare).toContain("node:fs/promises");
  });
});
