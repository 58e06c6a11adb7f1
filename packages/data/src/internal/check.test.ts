import { describe, expect, it } from "vitest";
import { closestKey, listKeys } from "./check.js";

describe("closestKey and listKeys: suggestions for unknown task keys", () => {
  const KEYS = ["imagenet1k", "vtab/cifar10", "vtab/cifar100", "cifar100", "mnist", "retrieval/flickr30k"];

  it("prefers a key whose last segment is the name, then a near key, then a key containing the name", () => {
    expect(closestKey("cifar10", KEYS)).toBe("vtab/cifar10");
    expect(closestKey("imagenet-1k", KEYS)).toBe("imagenet1k");
    expect(closestKey("flickr", KEYS)).toBe("retrieval/flickr30k");
    expect(closestKey("nope", KEYS)).toBeUndefined();
    expect(closestKey("", KEYS)).toBeUndefined();
  });

  it("lists at most 20 keys, sorted, saying how many there are in all", () => {
    expect(listKeys(["b", "a", "c"])).toBe("a, b, c");
    const many = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, "0")}`);
    expect(listKeys(many)).toBe(`${many.slice(0, 20).join(", ")}, … (25 in all)`);
  });
});
