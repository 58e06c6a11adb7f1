// How hard an access token is to guess, estimated from the token alone. The estimate is what a uniformly random string
// of the same shape would hold, minus the characters a guesser gets for free because they continue a pattern; it
// cannot know words or dates, so a passphrase of English words is worth far less than it says (generate the token).

/** Least estimated entropy of `QQT_ACCESS_TOKEN`, in bits. */
export const MIN_TOKEN_BITS = 128;

/** The alphabets a token's characters are judged against, smallest first. */
export const TOKEN_ALPHABETS: ReadonlyArray<{ name: string; size: number; test: RegExp }> = [
  { name: "digits", size: 10, test: /^[0-9]*$/ },
  { name: "hexadecimal digits", size: 16, test: /^(?:[0-9a-f]*|[0-9A-F]*)$/ },
  { name: "letters of one case", size: 26, test: /^(?:[a-z]*|[A-Z]*)$/ },
  { name: "letters of one case and digits", size: 36, test: /^(?:[a-z0-9]*|[A-Z0-9]*)$/ },
  { name: "letters", size: 52, test: /^[a-zA-Z]*$/ },
  { name: "letters and digits", size: 62, test: /^[a-zA-Z0-9]*$/ },
  { name: "base64 characters", size: 64, test: /^(?:[a-zA-Z0-9+/]*|[a-zA-Z0-9_-]*)$/ },
  { name: "printable ASCII characters", size: 95, test: /^[\x20-\x7e]*$/ },
];

/** Characters that may separate groups of letters and digits (`xxxx-xxxx-xxxx`); such separators carry nothing. */
export const TOKEN_SEPARATORS = "-_.: ";

/** Most bits a UUID holds (version 4: 122 random bits; the others fewer). */
export const UUID_BITS = 122;

/** The estimate for one token, and how it was made. */
export interface TokenEntropy {
  /** Estimated entropy in bits (rounded down to a tenth). */
  bits: number;
  /** Characters of the token (Unicode code points; trailing base64 `=` padding not counted). */
  length: number;
  /** Characters that were charged (the others continue a pattern, or separate groups). */
  counted: number;
  /** The smallest alphabet holding every charged character, e.g. `"base64 characters"`. */
  alphabet: string;
  /** Its size. */
  alphabetSize: number;
}

/**
 * Estimates the entropy of a token: `counted × log2(alphabetSize)`.
 *
 * @remarks The alphabet is the smallest of {@link TOKEN_ALPHABETS} that holds every character (a token with any
 * other character, e.g. non-ASCII, is judged as printable ASCII). When the only characters besides letters and
 * digits are one of {@link TOKEN_SEPARATORS} (`4f1c-9a2e-…`, `correct horse battery`), those separators are charged
 * nothing and the alphabet is judged without them. Every other character is charged `log2(alphabetSize)` bits,
 * except one that continues a pattern, which is free:
 * - the third and later characters of a run with a constant step between code points (`aaa`, `abc`, `97531`);
 * - a character that, with the one before it, repeats the two characters two places earlier (`abab…`);
 * - a character that, with the two before it, repeats the three characters `p` places earlier, for `p` from 3 to
 *   32 (`abcabc`, `passwordpassword`, `0123401234`).
 * A UUID is worth at most {@link UUID_BITS} bits. Random tokens rarely lose much this way: 32 random bytes in
 * base64 (`openssl rand -base64 32`, 256 bits) are estimated at about 255 bits (the lowest of 20,000 draws: 232),
 * 32 in hex (`openssl rand -hex 32`) at about 250 (lowest 212). A 16-byte token (128 bits by construction) sits at
 * the bound and is refused when chance patterns cost it a character (about half of `openssl rand -hex 16`).
 * @example
 * ```ts
 * tokenEntropy("aaaaaaaaaaaaaaaa").bits; // 8: two hexadecimal digits, then a run
 * tokenEntropy("q9XkVf0Yc2Lm8Rt1Bw6Hs3Jd7Pz4Ng5E").bits; // 190.5: 32 letters and digits, no pattern
 * ```
 */
export function tokenEntropy(token: string): TokenEntropy {
  const unpadded = /^[a-zA-Z0-9+/]+={1,2}$/.test(token) ? token.replace(/=+$/, "") : token;
  const chars = Array.from(unpadded);
  const symbols = new Set(chars.filter((c) => !/[a-zA-Z0-9]/.test(c)));
  const separator = symbols.size === 1 && TOKEN_SEPARATORS.includes([...symbols][0]!) ? [...symbols][0]! : undefined;
  const charged = separator === undefined ? chars : chars.filter((c) => c !== separator);
  const text = charged.join("");
  const points = charged.map((c) => c.codePointAt(0)!);
  const alphabet = TOKEN_ALPHABETS.find((a) => a.test.test(text)) ?? TOKEN_ALPHABETS[TOKEN_ALPHABETS.length - 1]!;
  let counted = 0;
  for (let i = 0; i < points.length; i++) {
    if (!continuesPattern(points, i)) counted++;
  }
  let bits = Math.floor(counted * Math.log2(alphabet.size) * 10) / 10;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)) bits = Math.min(bits, UUID_BITS);
  return { bits, length: chars.length, counted, alphabet: alphabet.name, alphabetSize: alphabet.size };
}

/** Whether the character at `i` continues a constant-step run, or repeats a block (see {@link tokenEntropy}). */
function continuesPattern(points: readonly number[], i: number): boolean {
  if (i >= 2 && points[i]! - points[i - 1]! === points[i - 1]! - points[i - 2]!) return true;
  if (i >= 3 && points[i] === points[i - 2] && points[i - 1] === points[i - 3]) return true;
  for (let p = 3; p <= 32 && i - 2 - p >= 0; p++) {
    if (points[i] === points[i - p] && points[i - 1] === points[i - 1 - p] && points[i - 2] === points[i - 2 - p]) return true;
  }
  return false;
}
