import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_TOKEN_BITS, tokenEntropy } from "./tokenEntropy";

describe("tokenEntropy", () => {
  it("refuses repeated, sequential and patterned tokens, whatever their length", () => {
    for (const weak of [
      "aaaaaaaaaaaaaaaa",
      "a".repeat(200),
      "abcdefghijklmnopqrstuvwxyz0123456789",
      "0123456789abcdef0123456789abcdef",
      "passwordpassword1passwordpassword1",
      "abababababababababababababababababababab",
      "Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3",
      "correct horse battery staple",
      "k9V2-test-token-0123456789abcdef",
      "hunter2",
    ]) {
      expect([weak, tokenEntropy(weak).bits < MIN_TOKEN_BITS]).toEqual([weak, true]);
    }
    expect(tokenEntropy("aaaaaaaaaaaaaaaa")).toEqual({ bits: 8, length: 16, counted: 2, alphabet: "hexadecimal digits", alphabetSize: 16 });
  });

  it("charges each character by the smallest alphabet that holds the token; separators are free", () => {
    expect(tokenEntropy("q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E")).toMatchObject({ bits: 190.5, counted: 32, alphabet: "letters and digits", alphabetSize: 62 });
    expect(tokenEntropy("4f1c9a2e")).toMatchObject({ alphabet: "hexadecimal digits", bits: 32 });
    expect(tokenEntropy("4f1c-9a2e")).toMatchObject({ alphabet: "hexadecimal digits", bits: 32, length: 9, counted: 8 });
    const padded = tokenEntropy("Zk3m9Q2vX8pL0aR5tY7wB1nC4dE6fG8hJ0kL2mN4pQ="); // `=` padding is not counted
    expect(padded).toMatchObject({ length: 42, alphabet: "letters and digits" });
    expect(padded.bits).toBeGreaterThanOrEqual(128);
    expect(tokenEntropy("école-été-ça")).toMatchObject({ alphabet: "printable ASCII characters" });
  });

  it("caps a UUID at 122 bits, so it is refused", () => {
    expect(tokenEntropy("8f14e45f-ceea-467f-a0e6-7d2a4c9b1e3d").bits).toBeLessThanOrEqual(122);
  });

  it("accepts every 32-byte random token in base64, base64url or hex (property, 2,000 draws each)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        for (const token of [buffer.toString("base64"), buffer.toString("base64url"), buffer.toString("hex")]) expect(tokenEntropy(token).bits).toBeGreaterThanOrEqual(MIN_TOKEN_BITS);
      }),
      { numRuns: 2000 },
    );
    // And what the README's command prints.
    expect(tokenEntropy(randomBytes(32).toString("base64")).bits).toBeGreaterThan(200);
  });
});
