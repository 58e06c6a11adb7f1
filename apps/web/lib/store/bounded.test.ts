import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundErrorBody, boundIssue, boundText, findDeepNesting, MAX_ERROR_BODY_BYTES, MAX_JSON_DEPTH, nestsDeeperThan, quote } from "./bounded";
import type { ErrorBody } from "./StoreError";

/** The real nesting depth of a JSON text, by parsing it. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe("quote", () => {
  it("quotes short input whole and long input as 200 characters and '… N more'", () => {
    expect(quote("top0-10")).toBe('"top0-10"');
    expect(quote("x".repeat(200))).toBe(`"${"x".repeat(200)}"`);
    expect(quote("x".repeat(250))).toBe(`"${"x".repeat(200)}"… 50 more`);
    expect(quote("abcdef", 3)).toBe('"abc"… 3 more');
    // A surrogate pair is never split.
    expect(quote(`${"x".repeat(199)}😀tail`)).toBe(`"${"x".repeat(199)}"… 6 more`);
  });
});

describe("boundText", () => {
  it("shortens every long quoted string inside a message and cuts the rest at 600 characters", () => {
    const big = "x".repeat(4_000_000);
    const started = Date.now();
    expect(boundText(`bucket ${JSON.stringify(big)} is not in buckets`)).toBe(`bucket "${"x".repeat(200)}"… 3999800 more is not in buckets`);
    expect(Date.now() - started).toBeLessThan(500);
    expect(boundText(`a ${JSON.stringify(`say "${"q".repeat(300)}"`)} b`)).toBe(`a ${JSON.stringify(`say "${"q".repeat(195)}`)}… 106 more b`);
    const plain = "y".repeat(1000);
    expect(boundText(plain)).toBe(`${"y".repeat(600)}… 400 more`);
    expect(boundText("short")).toBe("short");
  });

  it("is idempotent, and a forged '… N more' tail does not let a long text through (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (text) => {
        const once = boundText(text);
        expect(boundText(once)).toBe(once);
        expect(once.length).toBeLessThanOrEqual(600 + 30);
      }),
    );
    expect(boundText(`${"z".repeat(100)}… ${"9".repeat(5000)} more`).length).toBeLessThan(640);
  });

  it("boundIssue bounds the path to 200 characters and each text field to 600", () => {
    const issue = boundIssue({ path: `study.${"k".repeat(1_000_000)}`, message: "m".repeat(5000), expected: "e".repeat(5000), suggestion: "s".repeat(5000), code: "C".repeat(500) });
    expect(issue.path).toBe(`study.${"k".repeat(194)}… 999806 more`);
    for (const field of [issue.message, issue.expected!, issue.suggestion!]) expect(field.length).toBeLessThan(620);
    expect(issue.code!.length).toBeLessThan(80);
  });
});

describe("boundErrorBody", () => {
  it("keeps any error answer within 64 KiB, summing up the issues it drops", () => {
    const body: ErrorBody = {
      error: {
        code: "VALIDATION_FAILED",
        message: "m".repeat(100_000),
        issues: Array.from({ length: 5000 }, (_, i) => ({ path: `p${i}.${"k".repeat(10_000)}`, message: `"${"\u0001".repeat(10_000)}"`, expected: "e".repeat(10_000), suggestion: "s".repeat(10_000) })),
      },
    };
    const bounded = boundErrorBody(body);
    const size = new TextEncoder().encode(JSON.stringify(bounded)).byteLength;
    expect(size).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES);
    expect(size).toBeGreaterThan(MAX_ERROR_BODY_BYTES / 2);
    const issues = bounded.error.issues!;
    expect(issues.at(-1)!.message).toBe(`…and ${5000 - issues.length + 1} more problems not shown (an error answer is at most 64 KiB)`);
  });

  it("leaves a small answer as it is", () => {
    const body: ErrorBody = { error: { code: "NOT_FOUND", message: 'No study "x".', issues: [{ path: "a", message: "b" }] } };
    expect(boundErrorBody(body)).toEqual(body);
    expect(boundErrorBody({ error: { code: "GONE", message: "In the trash." } })).toEqual({ error: { code: "GONE", message: "In the trash." } });
  });
});

describe("findDeepNesting", () => {
  it("finds the bracket that goes one level too deep, ignoring brackets in strings and escaped quotes", () => {
    expect(findDeepNesting('{"a":[[1]]}', 2)).toEqual({ offset: 6, line: 1, column: 7 });
    expect(findDeepNesting('{"a":[[1]]}', 3)).toBeNull();
    expect(findDeepNesting('{"a":"[[[\\"[[["}', 1)).toBeNull();
    expect(findDeepNesting('{\n "a": [\n  [1]]}', 2)).toEqual({ offset: 12, line: 3, column: 3 });
    expect(findDeepNesting(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)).toMatchObject({ offset: MAX_JSON_DEPTH, line: 1 });
  });

  it("agrees with the depth of the parsed value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(findDeepNesting(text, limit) === null).toBe(depthOf(value) <= limit);
        expect(nestsDeeperThan(value, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });

  it("nestsDeeperThan walks 100,000 levels without recursion", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestsDeeperThan(deep)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
  });
});
