import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinJsonPath, locateJson, positionOf } from "./locateJson.js";

const DOCUMENT = ['{', '  "task": {"a": 0.022, "d": 0.1},', '  "buckets": [', '    {"id": "x", "tau": -1}', '  ],', '  "odd key": true', '}'].join("\n");

describe("locateJson", () => {
  it("records where each member (its name) and each array element starts, by path", () => {
    const r = locateJson(DOCUMENT);
    if (!r.ok) throw new Error(r.message);
    expect(Object.fromEntries([...r.positions].map(([path, at]) => [path, `${at.line}:${at.column}`]))).toMatchObject({
      "": "1:1",
      task: "2:3",
      "task.a": "2:12",
      "task.d": "2:24",
      buckets: "3:3",
      "buckets[0]": "4:5",
      "buckets[0].id": "4:6",
      "buckets[0].tau": "4:17",
      '["odd key"]': "6:3",
    });
  });

  it.each([
    ['{"a": }', 1, 7, 'expected a value but found "}"'],
    ['{"a": 1,\n "b" 2}', 2, 6, 'expected ":" but found "2"'],
    ['{"a": 1', 1, 8, 'expected "," or "}" but found the end of the input'],
    ["[1, 2,]", 1, 7, "no trailing comma"],
    ["{'a': 1}", 1, 2, "in \"quotes\""],
    ['{"a": "x\ny"}', 1, 9, "unescaped control character"],
    ['{"a": 01}', 1, 8, 'expected "," or "}" but found "1"'],
    ["[1] 2", 1, 5, "one JSON value per file"],
    ["", 1, 1, "expected a value but found the end of the input"],
    ['{"a": NaN}', 1, 7, "NaN and Infinity are not JSON"],
    ['"abc', 1, 5, "a string is never closed"],
    ['{\r\n"a": tru}', 2, 6, "expected a value"],
  ])("locates the syntax error of %j at line %d, column %d", (text, line, column, message) => {
    const r = locateJson(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.position).toEqual({ line, column });
    expect(r.message).toContain(message);
  });

  it("skips a byte-order mark without counting it as a column", () => {
    const r = locateJson('\uFEFF{"a": }');
    expect(r).toMatchObject({ ok: false, position: { line: 1, column: 7 } });
    const ok = locateJson('\uFEFF{"a": 1}');
    expect(ok.ok && ok.positions.get("a")).toEqual({ line: 1, column: 2 });
  });

  it("accepts exactly what JSON.parse accepts (property: random and mangled JSON)", () => {
    const mangled = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom("", "}", "]", ",", ":", '"', "x", "-", "0", "\n"))
      .map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice((i % (s.length + 1)) + 1));
    fc.assert(
      fc.property(fc.oneof(fc.json(), mangled), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(locateJson(text).ok).toBe(parses);
      }),
      { numRuns: 1000, seed: 20261126 },
    );
  });
});

describe("positionOf", () => {
  it("finds a path, else its nearest located ancestor", () => {
    const r = locateJson(DOCUMENT);
    if (!r.ok) throw new Error(r.message);
    expect(positionOf(r.positions, "buckets[0].tau")).toEqual({ line: 4, column: 17 });
    expect(positionOf(r.positions, "buckets[0].size")).toEqual({ line: 4, column: 5 });
    expect(positionOf(r.positions, "buckets[7].b")).toEqual({ line: 3, column: 3 });
    expect(positionOf(r.positions, "law.variant")).toEqual({ line: 1, column: 1 });
    expect(positionOf(new Map(), "x")).toBeUndefined();
  });
});

describe("joinJsonPath", () => {
  it.each([
    ["", "a", "a"],
    ["x[1]", "b_2", "x[1].b_2"],
    ["x", "a-b", 'x["a-b"]'],
    ["", "my key", '["my key"]'],
    ["buckets", 2, "buckets[2]"],
  ] as const)("joins %j and %j into %j", (parent, key, path) => {
    expect(joinJsonPath(parent, key)).toBe(path);
  });
});
