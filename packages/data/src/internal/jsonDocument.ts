import { DataError, IssueCollector, MAX_ISSUES } from "../DataError.js";
import type { DataIssue, IssueDraft } from "../DataError.js";
import { decodeText } from "../decodeText.js";
import type { TextInput } from "../types.js";
import { locateJson, positionOf } from "../locateJson.js";

/** Decodes and parses a JSON document; syntax errors become `INVALID_JSON` with line and column. @internal */
export function parseJsonDocument(input: TextInput, file: string): { value: unknown; text: string } {
  const text = decodeText(input, file);
  if (text.trim().length === 0) {
    throw new DataError([{ code: "EMPTY_INPUT", file, message: "the file is empty", expected: "a JSON document" }]);
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
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
