import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { childKey, scanJson } from "./jsonLocate";

describe("scanJson positions", () => {
  const text = ['{', '  "task": {"a": 0.022, "d": 0.1},', '  "buckets": [', '    {"id": "x", "tau": -1}', '  ],', '  "odd key": true', '}'].join("\n");
  const { positions, syntaxError } = scanJson(text);

  it("records where each value starts, by path", () => {
    expect(syntaxError).toBeUndefined();
    expect(positions.get("")).toEqual({ line: 1, column: 1 });
    expect(positions.get("task")).toEqual({ line: 2, column: 11 });
    expect(positions.get("task.a")).toEqual({ line: 2, column: 17 });
    expect(positions.get("task.d")).toEqual({ line: 2, column: 29 });
    expect(positions.get("buckets[0]")).toEqual({ line: 4, column: 5 });
    expect(positions.get("buckets[0].tau")).toEqual({ line: 4, column: 24 });
    expect(positions.get('["odd key"]')).toEqual({ line: 6, column: 14 });
  });

  it("builds paths like the validator", () => {
    expect(childKey("", "a")).toBe("a");
    expect(childKey("x[1]", "b_2")).toBe("x[1].b_2");
    expect(childKey("x", "a-b")).toBe('x["a-b"]');
  });
});

describe("scanJson syntax errors", () => {
  it.each([
    ['{"a": }', 1, 7, "unexpected '}'; expected a value"],
    ['{"a": 1,\n "b" 2}', 2, 6, "expected ':' after a property name"],
    ['{"a": 1', 1, 8, "unexpected end of input; expected ',' or '}'"],
    ["[1, 2,]", 1, 7, "unexpected ']'; expected a value"],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes"],
    ['{"a": "x\ny"}', 1, 9, "control character in a string"],
    ['{"a": 01}', 1, 8, "expected ',' or '}'"],
    ["[1] 2", 1, 5, "expected end of input"],
    ["", 1, 1, "unexpected end of input; expected a value"],
    ['{"a": NaN}', 1, 7, "unexpected 'N'"],
    ['"abc', 1, 1, "unterminated string"],
  ])("locates the error in %j at line %d column %d", (text, line, column, message) => {
    const { syntaxError } = scanJson(text);
    expect(syntaxError?.at).toEqual({ line, column });
    expect(syntaxError?.message).toContain(message);
  });

  it("agrees with JSON.parse on validity (property)", () => {
    const valid = fc.json();
    const mangled = fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", "}", "]", ",", ":", '"', "x", "-", "0")).map(
      ([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1) + 1),
    );
    fc.assert(
      fc.property(fc.oneof(valid, mangled), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(scanJson(text).syntaxError === undefined).toBe(parses);
      }),
      { numRuns: 500 },
    );
  });
});
