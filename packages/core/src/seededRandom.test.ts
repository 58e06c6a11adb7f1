import { describe, expect, it } from "vitest";
import { deriveSeed, seededRandom, standardNormal } from "./seededRandom.js";

describe("seededRandom (mulberry32)", () => {
  it("gives the mulberry32 sequence of a seed, in [0, 1)", () => {
    const random = seededRandom(42);
    expect(random()).toBe(0.6011037519201636);
    const again = seededRandom(42);
    again();
    expect(again()).toBe(random());
    const xs = Array.from({ length: 10_000 }, seededRandom(1));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it("derives distinct stream seeds", () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, k) => deriveSeed(0, k)));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(3, 5)).toBe(deriveSeed(3, 5));
  });

  it("draws standard normals", () => {
    const random = seededRandom(9);
    const xs = Array.from({ length: 20_000 }, () => standardNormal(random));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeCloseTo(1, 1);
  });
});
