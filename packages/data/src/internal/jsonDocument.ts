import { DataError, IssueCollector, MAX_ISSUES } from "../DataError.js";
import type { DataIssue, IssueDraft } from "../DataError.js";
import { decodeText } from "../decodeText.js";
import type { TextInput } from "../types.js";
import { joinJsonPath, locateJson, positionOf } from "../locateJson.js";

/**
 * Decodes and parses a JSON document (`decodeText` refuses inputs over 256 MiB). Before anything recursive runs: nesting deeper than {@link MAX_JSON_DEPTH} is `TOO_DEEP` (a flat scan of the text, with line and
 * column); after parsing, a number JSON cannot hold (`1e999` → Infinity) is `INVALID_NUMBER` at its path. Syntax
 * errors become `INVALID_JSON` with line and column. @internal
 */
export function parseJsonDocument(input: TextInput, file: string): { value: unknown; text: string } {
  const text = decodeText(input, file);
  if (text.trim().length === 0) {
    throw new DataError([{ code: "EMPTY_INPUT", file, message: "the file is empty", expected: "a JSON document" }]);
  }
  checkDepth(text, file);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const located = locateJson(text);
    if (!located.ok) {
      throw new DataError([
        {
          code: "INVALID_JSON",
          file,
          line: located.position.line,
          column: located.position.column,
          message: `invalid JSON: ${located.message}`,
          expected: "a JSON document",
        },
      ]);
    }
    throw new DataError([{ code: "INVALID_JSON", file, message: `invalid JSON: ${(e as Error).message}`, expected: "a JSON document" }]);
  }
  const nonFinite = firstNonFinite(value);
  if (nonFinite !== undefined) raiseLocated(text, [{ code: "INVALID_NUMBER", field: nonFinite, message: `${nonFinite || "the document"} is a number too large for a double (it reads as Infinity)`, expected: "a finite number" }], file);
  return { value, text };
}

/**
 * The deepest nesting of objects and arrays a qqt JSON document may have (studies and models need 6, fit options at
 * most 32): deeper documents are refused with `TOO_DEEP` by a flat scan of the text, before any recursive check.
 *
 * @example
 * ```ts
 * MAX_JSON_DEPTH; // 64
 * ```
 */
export const MAX_JSON_DEPTH = 64;

/** Throws `TOO_DEEP` with the position where nesting passes {@link MAX_JSON_DEPTH} (strings skipped; no recursion). */
function checkDepth(text: string, file: string): void {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new DataError([
          { code: "TOO_DEEP", file, line, column: i - lineStart + 1, message: `the document nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`, expected: `at most ${MAX_JSON_DEPTH} levels (qqt files need 6)` },
        ]);
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

/** The JSON path of the first non-finite number in a parsed value (iterative), or undefined. */
function firstNonFinite(value: unknown): string | undefined {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: "" }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: joinJsonPath(path, i) });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ v: entries[i]![1], path: joinJsonPath(path, entries[i]![0]) });
    }
  }
  return undefined;
}

/** Turns validator drafts into issues with the line and column of their JSON path. @internal */
export function locateIssues(text: string | undefined, drafts: readonly IssueDraft[], file: string): DataIssue[] {
  const located = text === undefined ? undefined : locateJson(text);
  return drafts.map((d) => {
    const issue = { ...d, file: d.file ?? file } as DataIssue;
    if (located?.ok === true && issue.line === undefined) {
      const pos = positionOf(located.positions, issue.field ?? "");
      if (pos !== undefined) {
        issue.line = pos.line;
        issue.column = pos.column;
      }
    }
    return issue;
  });
}

/** Throws a DataError for validator drafts: the first {@link MAX_ISSUES}, located, then "and N more". @internal */
export function raiseLocated(text: string | undefined, drafts: readonly IssueDraft[], file: string): never {
  const collector = new IssueCollector(file);
  const located = locateIssues(text, drafts.slice(0, MAX_ISSUES), file);
  const rank = (i: DataIssue) => (i.code === "UNKNOWN_FORMAT" || i.code === "UNSUPPORTED_VERSION" ? 0 : 1);
  located.sort((a, b) => rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  for (const issue of located) collector.add(issue);
  for (let i = MAX_ISSUES; i < drafts.length; i++) collector.add(drafts[i]!);
  throw collector.toError();
}
