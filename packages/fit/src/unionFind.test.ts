import { describe, expect, it } from "vitest";
import { unionFind } from "./unionFind.js";

describe("unionFind", () => {
  it.each([
    { n: 4, joins: [], roots: [0, 1, 2, 3] },
    { n: 4, joins: [[3, 1]], roots: [0, 1, 2, 1] },
    { n: 5, joins: [[4, 3], [3, 2], [0, 4]], roots: [0, 1, 0, 0, 0] },
    { n: 6, joins: [[5, 4], [1, 2], [2, 5]], roots: [0, 1, 1, 3, 1, 1] },
  ])("n = $n, joins $joins → $roots (the smallest index represents its set)", ({ n, joins, roots }) => {
    const sets = unionFind(n);
    for (const [i, k] of joins) sets.join(i!, k!);
    expect(Array.from({ length: n }, (_, i) => sets.find(i))).toEqual(roots);
  });
});
