import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IssueDraft } from "../DataError.js";
import { DelimitedTokenizer, sniffDelimiter } from "./DelimitedTokenizer.js";
import type { DelimitedRecord } from "./DelimitedTokenizer.js";

function tokenize(chunks: string[], delimiter = ","): { records: DelimitedRecord[]; issues: IssueDraft[] } {
  const records: DelimitedRecord[] = [];
  const issues: IssueDraft[] = [];
  const t = new DelimitedTokenizer(delimiter, (r) => records.push(r), (i) => issues.push(i));
  for (const c of chunks) t.push(c);
  t.end();
  return { records, issues };
}

describe("DelimitedTokenizer (RFC 4180)", () => {
  it("splits fields and records, with LF, CRLF and CR line ends and no final newline", () => {
    const { records } = tokenize(["a,b\r\nc,d\re,f\ng,h"]);
    expect(records.map((r) => r.fields)).toEqual([["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(records[1]!.columns).toEqual([1, 3]);
  });

  it("handles quotes, doubled quotes, delimiters and line breaks inside quotes, and keeps start lines", () => {
    const { records, issues } = tokenize(['id,note\n1,"a, ""quoted"" word"\n2,"two\r\nlines"\n3,x\n']);
    expect(issues).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([["id", "note"], ["1", 'a, "quoted" word'], ["2", "two\r\nlines"], ["3", "x"]]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it("keeps a quote inside an unquoted field literally", () => {
    expect(tokenize(['a,12" screen\n']).records[0]!.fields).toEqual(["a", '12" screen']);
  });

  it("reports text after a closing quote and an unterminated quote with their lines", () => {
    expect(tokenize(['a\n"x"y,1\n']).issues[0]).toMatchObject({ code: "INVALID_CSV", line: 2, column: 4 });
    expect(tokenize(['a\nb\n"never closed\n1,2\n']).issues[0]).toMatchObject({ code: "INVALID_CSV", line: 3, message: "a quoted field is never closed" });
  });

  it("emits blank lines as one empty field", () => {
    expect(tokenize(["a\n\nb\n"]).records.map((r) => r.fields)).toEqual([["a"], [""], ["b"]]);
  });

  it("gives the same records for any split of the input into chunks (CRLF and quotes across chunks)", () => {
    const text = 'bucket,note,n\r\ntop0-10,"a\r\nb ""c""",1\r\n"x,y",,2\r\nlast,"",3';
    const whole = tokenize([text]).records;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), (cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const chunks = [0, ...sorted].map((start, i) => text.slice(start, sorted[i] ?? text.length));
        expect(tokenize(chunks).records).toEqual(whole);
      }),
    );
  });

  it("uses tabs and semicolons", () => {
    expect(tokenize(["a\tb\n"], "\t").records[0]!.fields).toEqual(["a", "b"]);
    expect(tokenize(["a;b\n"], ";").records[0]!.fields).toEqual(["a", "b"]);
  });
});

describe("sniffDelimiter", () => {
  it.each([
    ["bucket,pool_size", "x.txt", ","],
    ["bucket\tpool_size", "x.txt", "\t"],
    ["bucket;pool_size", "x.txt", ";"],
    ["bucket", "x.tsv", "\t"],
    ["a,b\tc", "x.tsv", "\t"],
    ["a,b\tc", "x.csv", ","],
    ['"a,b"\tc', "x.txt", "\t"],
  ])("%j in %s → %j", (line, file, expected) => {
    expect(sniffDelimiter(line, file)).toBe(expected);
  });

  it("is ambiguous with a comma and a tab and no telling extension", () => {
    expect(sniffDelimiter("a,b\tc", "x.txt")).toEqual({ ambiguous: ["tab", ","] });
  });
});

describe("LineSplitter", () => {
  it("numbers LF, CRLF and CR lines the same whatever the chunking", async () => {
    const { LineSplitter } = await import("./LineSplitter.js");
    const run = (chunks: string[]) => {
      const out: Array<[string, number]> = [];
      const s = new LineSplitter((text, line) => out.push([text, line]));
      for (const c of chunks) s.push(c);
      s.end();
      return out;
    };
    const text = 'a\nbb\r\nccc\rd\n\n{"x":1}';
    const whole = run([text]);
    expect(whole).toEqual([["a", 1], ["bb", 2], ["ccc", 3], ["d", 4], ["", 5], ['{"x":1}', 6]]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 6 }), (cuts) => {
        const sorted = [...cuts].sort((x, y) => x - y);
        expect(run([0, ...sorted].map((st, i) => text.slice(st, sorted[i] ?? text.length)))).toEqual(whole);
      }),
    );
    expect(run(["a\nb", "c\nd"])).toEqual([["a", 1], ["bc", 2], ["d", 3]]);
  });
});
