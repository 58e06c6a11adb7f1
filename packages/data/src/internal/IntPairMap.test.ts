import { describe, expect, it } from "vitest";
import { IntPairMap } from "./IntPairMap.js";

describe("IntPairMap", () => {
  it("maps pairs of integers to values, replacing and growing", () => {
    const map = new IntPairMap();
    expect(map.get(0, 0)).toBe(-1);
    map.set(0, 0, 7);
    map.set(0, 1, 8);
    map.set(1, 0, 9);
    expect([map.get(0, 0), map.get(0, 1), map.get(1, 0), map.get(1, 1)]).toEqual([7, 8, 9, -1]);
    map.set(0, 1, 10);
    expect(map.get(0, 1)).toBe(10);
    expect(map.size).toBe(3);
    for (let a = 0; a < 100; a++) for (let b = 0; b < 100; b++) map.set(a, b, a * 100 + b);
    expect(map.size).toBe(10_000);
    for (let a = 0; a < 100; a++) for (let b = 0; b < 100; b++) expect(map.get(a, b)).toBe(a * 100 + b);
    expect(map.get(100, 0)).toBe(-1);
  });
});
