import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IssueDraft } from "../DataError.js";
import { DelimitedScanner } from "./DelimitedScanner.js";
import { DelimitedTokenizer } from "./DelimitedTokenizer.js";
import type { DelimitedRecord } from "./DelimitedTokenizer.js";

/** Records and issues of the scanner (lines without quotes materialized from their ranges), for chunks. */
function scan(chunks: string[], delimiter = ","): { records: DelimitedRecord[]; issues: IssueDraft[]; ranged: number } {
  const records: DelimitedRecord[] = [];
  const issues: IssueDraft[] = [];
  let ranged = 0;
  const scanner: DelimitedScanner = new DelimitedScanner(
    delimiter,
    (text, start, count, line) => {
      ranged++;
      records.push(scanner.record(text, start, count, line));
    },
    (r) => records.push(r),
    (i) => issues.push(i),
  );
  for (const c of chunks) scanner.push(c);
  scanner.end();
  return { records, issues, ranged };
}

function tokenize(text: string, delimiter = ","): { records: DelimitedRecord[]; issues: IssueDraft[] } {
  const records: DelimitedRecord[] = [];
  const issues: IssueDraft[] = [];
  const t = new DelimitedTokenizer(delimiter, (r) => records.push(r), (i) => issues.push(i));
  t.push(text);
  t.end();
  return { records, issues };
}

describe("DelimitedScanner", () => {
  it("gives lines without quotes as ranges, with lines and columns", () => {
    const { records, ranged } = scan(["a,bc\r\n,d\re\n\nlast,"]);
    expect(ranged).toBe(5);
    expect(records).toEqual([
      { fields: ["a", "bc"], columns: [1, 3], line: 1 },
      { fields: ["", "d"], columns: [1, 2], line: 2 },
      { fields: ["e"], columns: [1], line: 3 },
      { fields: [""], columns: [1], line: 4 },
      { fields: ["last", ""], columns: [1, 6], line: 5 },
    ]);
  });

  it("hands records with quotes to the tokenizer and goes on after them", () => {
    const text = 'id,note\n1,"a, ""q"" b"\n2,"two\r\nlines"\n3,x\n4,12" screen\n';
    const { records, issues, ranged } = scan([text]);
    expect(issues).toEqual([]);
    expect(ranged).toBe(2); // the header and row 3
    expect(records).toEqual(tokenize(text).records);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5, 6]);
  });

  it("reports what the tokenizer reports", () => {
    expect(scan(['a\n"x"y,1\n']).issues).toEqual(tokenize('a\n"x"y,1\n').issues);
    expect(scan(['a\nb\n"never closed\n1,2\n']).issues).toEqual([
      expect.objectContaining({ code: "INVALID_CSV", line: 3, message: "a quoted field is never closed" }),
    ]);
  });

  it("gives the tokenizer's records for any text cut into any chunks", () => {
    const piece = fc.constantFrom("a", "bc", ",", ";", '"', '""', "\n", "\r", "\r\n", " ", "é");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 6 }), fc.constantFrom(",", ";"), (pieces, cuts, delimiter) => {
        const text = pieces.join("");
        const sorted = cuts.filter((c) => c < text.length).sort((a, b) => a - b);
        const chunks = [0, ...sorted].map((start, i) => text.slice(start, sorted[i] ?? text.length));
        const { records, issues } = scan(chunks, delimiter);
        expect({ records, issues }).toEqual(tokenize(text, delimiter));
      }),
      { numRuns: 2000 },
    );
  });

  it("uses tabs, and many fields", () => {
    const line = Array.from({ length: 200 }, (_, i) => `f${i}`).join("\t");
    expect(scan([`${line}\n`], "\t").records[0]!.fields).toHaveLength(200);
  });
});
