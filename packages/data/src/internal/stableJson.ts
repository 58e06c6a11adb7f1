/** Objects and arrays whose one-line form fits in this many characters are written on one line. */
const INLINE_WIDTH = 120;
const INDENT = "  ";

/**
 * Deterministic pretty JSON: keys in insertion order (the checkers build objects in canonical order), two-space
 * indentation, short objects and arrays on one line, a final newline. Numbers use `JSON.stringify`'s shortest
 * round-trip form, so parsing the output gives back the exact same numbers. @internal
 */
export function stableJson(value: unknown): string {
  return `${write(value, "")}\n`;
}

/** The one-line form of `value`, or undefined as soon as it would exceed `budget` characters. */
function inline(value: unknown, budget: number): string | undefined {
  if (value === null || typeof value !== "object") {
    const s = JSON.stringify(value);
    return s.length <= budget ? s : undefined;
  }
  const isArray = Array.isArray(value);
  const parts: string[] = [];
  let used = 4;
  const entries = isArray ? (value as unknown[]).map((v) => [undefined, v] as const) : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    const prefix = k === undefined ? "" : `${JSON.stringify(k)}: `;
    const part = inline(v, budget - used - prefix.length);
    if (part === undefined) return undefined;
    parts.push(prefix + part);
    used += prefix.length + part.length + 2;
    if (used > budget) return undefined;
  }
  if (isArray) return `[${parts.join(", ")}]`;
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

function write(value: unknown, indent: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const one = inline(value, INLINE_WIDTH - indent.length);
  if (one !== undefined) return one;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + write(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, inner)}`).join(",\n")}\n${indent}}`;
}
