import { editDistance } from "./check.js";

/** Normalizes a header cell: trimmed, lower case, spaces and hyphens as `_`. @internal */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-./]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Strips a percent marker from a normalized header: `accuracy_(%)`, `accuracy%`, `accuracy_pct`, `accuracy_percent`. @internal */
export function stripPercent(name: string): { base: string; percent: boolean } {
  const m = /^(.*?)_?(?:\(%\)|%|pct|percent)$/.exec(name);
  return m !== null && m[1]!.length > 0 ? { base: m[1]!.replace(/_+$/, ""), percent: true } : { base: name, percent: false };
}

/**
 * Finds columns of a header that look like an alias of a missing canonical column, for suggestions only
 * (a different name is never read silently). @internal
 */
export function findAliases(header: readonly string[], canonical: string, aliases: readonly string[]): string[] {
  const found: string[] = [];
  for (const raw of header) {
    const n = stripPercent(normalizeHeader(raw)).base;
    if (n === canonical) continue;
    if (aliases.includes(n) || editDistance(n, canonical) <= 2) found.push(raw.trim());
  }
  return found;
}
