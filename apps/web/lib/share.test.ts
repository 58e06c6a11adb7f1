import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TMARS as TMARS_IMAGENET } from "./testing/fixtures";
import type { ModelFileV1 } from "./modelFile";
import { decodeShareHash, encodeShareHash, fromBase64Url, MAX_SHARE_LENGTH, toBase64Url } from "./share";
import { syntheticModel, withSyntheticDraws } from "./synthetic";

const IDS = ["tmars-paper", "datacomp-synthetic"];

describe("share links", () => {
  it("encodes an example by id and restores it", async () => {
    const hash = await encodeShareHash({ source: { kind: "example", id: "tmars-paper" }, budget: 640e6 });
    expect(hash).toBe("#v=1&budget=640000000&example=tmars-paper");
    expect(await decodeShareHash(hash, IDS)).toEqual({
      ok: true,
      value: { source: { kind: "example", id: "tmars-paper" }, budget: 640e6 },
    });
    // Links made before the examples came from @qqt/data name the paper model "tmars-imagenet".
    expect(await decodeShareHash("#v=1&budget=640000000&example=tmars-imagenet", IDS)).toEqual({
      ok: true,
      value: { source: { kind: "example", id: "tmars-paper" }, budget: 640e6 },
    });
  });

  it("round-trips an inline model with bootstrap draws exactly in the full form (the links made before the short form)", async () => {
    const model = withSyntheticDraws(syntheticModel({ buckets: 10, seed: 3 }), { count: 200, seed: 4 });
    const hash = await encodeShareHash({ source: { kind: "inline", model }, budget: 1.28e9 }, "full");
    expect(hash).toMatch(/^#v=1&budget=1280000000&model=z\.[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(JSON.stringify(model).length); // compressed
    const r = await decodeShareHash(hash, IDS);
    expect(r).toEqual({ ok: true, value: { source: { kind: "inline", model }, budget: 1.28e9 } });
  });

  it("writes the short form by default: the model without its draws, and says how many it left out", async () => {
    const model = withSyntheticDraws(syntheticModel({ buckets: 10, seed: 3 }), { count: 200, seed: 4 });
    const short = await encodeShareHash({ source: { kind: "inline", model }, budget: 1.28e9 });
    const full = await encodeShareHash({ source: { kind: "inline", model }, budget: 1.28e9 }, "full");
    expect(short).toMatch(/^#v=1&budget=1280000000&model=z\.[A-Za-z0-9_-]+$/);
    expect(short.length).toBeLessThan(1500);
    expect(full.length).toBeGreaterThan(20 * short.length);
    const r = await decodeShareHash(short, IDS);
    expect(r.ok && r.value?.source.kind === "inline" && r.value.source.droppedDraws).toBe(200);
    const restored = r.ok && r.value?.source.kind === "inline" ? r.value.source.model : undefined;
    expect(restored?.buckets).toEqual(model.buckets);
    expect(restored?.fit?.bootstrap).toBeUndefined();
  });

  it("reads plain base64url JSON payloads too", async () => {
    const payload = "j." + toBase64Url(new TextEncoder().encode(JSON.stringify(TMARS_IMAGENET)));
    const r = await decodeShareHash(`#v=1&budget=64M&model=${payload}`, IDS);
    expect(r.ok && r.value).toEqual({ source: { kind: "inline", model: TMARS_IMAGENET }, budget: 64e6 });
  });

  it("ignores fragments that hold no share state", async () => {
    expect(await decodeShareHash("", IDS)).toEqual({ ok: true, value: null });
    expect(await decodeShareHash("#", IDS)).toEqual({ ok: true, value: null });
    expect(await decodeShareHash("#section-2", IDS)).toEqual({ ok: true, value: null });
  });

  const tampered: ReadonlyArray<[string, string, string]> = [
    ["a wrong version", "#v=2&budget=1e8&example=tmars-paper", "has version \"2\"; expected v=1"],
    ["no budget", "#v=1&example=tmars-paper", "has no budget"],
    ["a bad budget", "#v=1&budget=lots&example=tmars-paper", "The share link's budget is invalid"],
    ["a zero budget", "#v=1&budget=0&example=tmars-paper", "outside what qqt accepts"],
    ["an unknown example", "#v=1&budget=1e8&example=evil", 'unknown example "evil"; expected one of tmars-paper, datacomp-synthetic'],
    ["both example and model", "#v=1&budget=1e8&example=tmars-paper&model=j.e30", "names both an example and a model"],
    ["neither", "#v=1&budget=1e8", "has neither an example nor a model"],
    ["bad base64", "#v=1&budget=1e8&model=z.@@@", "damaged (not base64url)"],
    ["bad deflate", "#v=1&budget=1e8&model=z.AAAAAAAA", "damaged"],
    ["an unknown encoding", "#v=1&budget=1e8&model=q.e30", "unknown encoding"],
    ["plain non-JSON", `#v=1&budget=1e8&model=j.${toBase64Url(new TextEncoder().encode("{nope"))}`, "not UTF-8 JSON"],
    ["an invalid model", `#v=1&budget=1e8&model=j.${toBase64Url(new TextEncoder().encode('{"format":"qqt.model/v1"}'))}`, "The share link's model is invalid"],
  ];
  it.each(tampered)("reports %s as INVALID_SHARE_LINK", async (_, hash, fragment) => {
    const r = await decodeShareHash(hash, IDS);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("INVALID_SHARE_LINK");
    expect(r.error.message).toContain(fragment);
  });

  it("lists the field-level problems of an invalid shared model", async () => {
    const bad = JSON.parse(JSON.stringify(TMARS_IMAGENET)) as ModelFileV1;
    bad.buckets[1]!.b = 0.2;
    const hash = await encodeShareHash({ source: { kind: "inline", model: bad }, budget: 1e8 });
    const r = await decodeShareHash(hash, IDS);
    expect(!r.ok && r.error.problems.map((p) => [p.file, p.path])).toEqual([["share link", "buckets[1].b"]]);
  });

  it("detects a truncated link", async () => {
    const hash = await encodeShareHash({ source: { kind: "inline", model: TMARS_IMAGENET }, budget: 1e8 });
    const r = await decodeShareHash(hash.slice(0, hash.length - 40), IDS);
    expect(r.ok).toBe(false);
  });

  it("stops decompressing past the model size limit (decompression bomb)", async () => {
    const zeros = new Uint8Array(6 * 1024 * 1024);
    const stream = new Blob([zeros]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
    const r = await decodeShareHash(`#v=1&budget=1e8&model=z.${toBase64Url(compressed)}`, IDS);
    expect(!r.ok && r.error.message).toContain("larger than");
  });

  it("refuses over-long links", async () => {
    const r = await decodeShareHash(`#v=1&budget=1e8&model=j.${"A".repeat(MAX_SHARE_LENGTH)}`, IDS);
    expect(!r.ok && r.error.message).toContain("the limit is");
  });

  it("never throws on arbitrary fragments (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `#v=1&budget=1e8&model=z.${s}`),
          fc.string().map((s) => `#v=1&budget=${s}&example=tmars-paper`),
          fc.uint8Array({ maxLength: 200 }).map((b) => `#v=1&budget=1e8&model=z.${toBase64Url(b)}`),
        ),
        async (hash) => {
          const r = await decodeShareHash(hash, IDS);
          if (!r.ok) expect(r.error.code).toBe("INVALID_SHARE_LINK");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("base64url", () => {
  it("encodes without padding and decodes back (property)", () => {
    expect(toBase64Url(new Uint8Array([251, 255]))).toBe("-_8");
    expect(Array.from(fromBase64Url("-_8")!)).toEqual([251, 255]);
    expect(fromBase64Url("a*b")).toBeUndefined();
    expect(fromBase64Url("abcde")).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
  });
});
