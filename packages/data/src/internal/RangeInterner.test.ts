import { describe, expect, it } from "vitest";
import { RangeInterner } from "./RangeInterner.js";

describe("RangeInterner", () => {
  it("interns strings as dense ids and finds them by a range of another string", () => {
    const interner = new RangeInterner();
    expect(interner.intern("top0-10")).toBe(0);
    expect(interner.intern("seed")).toBe(1);
    expect(interner.intern("top0-10")).toBe(0);
    expect(interner.intern("")).toBe(2);
    const line = "top0-10,12.8M,seed,top0-1";
    expect(interner.idOf(line, 0, 7)).toBe(0);
    expect(interner.idOf(line, 14, 18)).toBe(1);
    expect(interner.idOf(line, 19, 25)).toBe(-1); // a prefix of a key is not the key
    expect(interner.idOf(line, 8, 8)).toBe(2);
    expect(interner.idOfString("seeds")).toBe(-1);
    expect(interner.size).toBe(3);
    expect(interner.values()).toEqual(["top0-10", "seed", ""]);
    expect(interner.value(1)).toBe("seed");
  });

  it("keeps every id through rehashing", () => {
    const interner = new RangeInterner();
    for (let i = 0; i < 5000; i++) expect(interner.intern(`b${i}`)).toBe(i);
    for (let i = 0; i < 5000; i++) expect(interner.idOf(`x,b${i},y`, 2, 3 + String(i).length)).toBe(i);
    expect(interner.idOfString("b5000")).toBe(-1);
  });
});
