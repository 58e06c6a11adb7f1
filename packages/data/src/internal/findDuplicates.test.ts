import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicates } from "./findDuplicates.js";

/** The first earlier index with the same key, by a Map: what findDuplicates must return. */
function reference(keys: readonly string[]): number[] {
  const first = new Map<string, number>();
  return keys.map((k, i) => {
    const j = first.get(k);
    if (j === undefined) first.set(k, i);
    return j ?? -1;
  });
}

describe("findDuplicates", () => {
  it("points each repeated key at its first item", () => {
    const keys = [7, 3, 7, 7, -1, 3, -1];
    expect([...findDuplicates(Int32Array.from(keys), keys.length, (i, j) => keys[i] === keys[j])]).toEqual([-1, -1, 0, 0, -1, 1, 4]);
    expect([...findDuplicates(new Int32Array(0), 0, () => true)]).toEqual([]);
  });

  it("tells keys with the same hash apart", () => {
    const keys = ["a", "b", "a", "c", "b", "b"];
    // Every key hashes to 5: only `same` distinguishes them.
    expect([...findDuplicates(new Int32Array(keys.length).fill(5), keys.length, (i, j) => keys[i] === keys[j])]).toEqual(reference(keys));
  });

  it("agrees with a Map for random keys and hashes with collisions", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 300 }), fc.integer({ min: 1, max: 1 << 30 }), (keys, spread) => {
        const hashes = Int32Array.from(keys.map((k) => Math.imul(k % 7, spread)));
        const strings = keys.map(String);
        expect([...findDuplicates(hashes, keys.length, (i, j) => keys[i] === keys[j])]).toEqual(reference(strings));
      }),
    );
  });
});
