/** Bits of the hash sorted per radix pass (3 passes: 11 + 11 + 10 bits). */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const PASSES = 3;

/**
 * Finds repeated keys among `count` items given by their 32-bit key hashes: for each item, the index of the first
 * earlier item with an equal key, or -1 when it is the first of its key. `same(i, j)` tells whether items i and j
 * (same hash) have equal keys; it is only called for equal hashes.
 *
 * @remarks The items are sorted by hash (a stable LSD radix sort of (hash, item) pairs in typed arrays: sequential
 * passes, no hash table probed at random, which costs a cache miss per item at 10^6 items), then each run of equal
 * hashes is read in item order. Each loop is a function of its own, so that it is compiled on its first call instead
 * of deoptimizing the others (the readers run this once per file). Memory: five `Int32Array`s of `count`.
 * @internal
 * @example
 * ```ts
 * const keys = [7, 3, 7, 7];
 * findDuplicates(Int32Array.from(keys), 4, (i, j) => keys[i] === keys[j]); // Int32Array [-1, -1, 0, 0]
 * ```
 */
export function findDuplicates(hashes: Int32Array, count: number, same: (i: number, j: number) => boolean): Int32Array {
  let pairs = new Int32Array(2 * count);
  let spare = new Int32Array(2 * count);
  const histograms = new Int32Array(PASSES * RADIX);
  pairUp(hashes, count, pairs, histograms);
  for (let pass = 0; pass < PASSES; pass++) {
    scatter(pairs, spare, count, histograms.subarray(pass * RADIX, (pass + 1) * RADIX), pass * RADIX_BITS);
    [pairs, spare] = [spare, pairs];
  }
  return firstOfRuns(pairs, count, same);
}

/** Writes the (hash, item) pairs and counts the digits of every pass, in one read of the hashes. */
function pairUp(hashes: Int32Array, count: number, pairs: Int32Array, histograms: Int32Array): void {
  for (let i = 0; i < count; i++) {
    const k = hashes[i]!;
    pairs[2 * i] = k;
    pairs[2 * i + 1] = i;
    histograms[k & (RADIX - 1)]!++;
    histograms[RADIX + ((k >>> RADIX_BITS) & (RADIX - 1))]!++;
    histograms[2 * RADIX + (k >>> (2 * RADIX_BITS))]!++;
  }
}

/** One stable counting-sort pass of the pairs on the digit at `shift` (`histogram` becomes its offsets). */
function scatter(from: Int32Array, to: Int32Array, count: number, histogram: Int32Array, shift: number): void {
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = histogram[d]!;
    histogram[d] = sum;
    sum += c;
  }
  for (let i = 0; i < 2 * count; i += 2) {
    const k = from[i]!;
    const at = 2 * histogram[(k >>> shift) & (RADIX - 1)]!++;
    to[at] = k;
    to[at + 1] = from[i + 1]!;
  }
}

/** For pairs sorted by hash: each item's first earlier item with an equal key, or -1. */
function firstOfRuns(pairs: Int32Array, count: number, same: (i: number, j: number) => boolean): Int32Array {
  const earlier = new Int32Array(count).fill(-1);
  for (let s = 0; s < count; ) {
    const h = pairs[2 * s]!;
    let e = s + 1;
    while (e < count && pairs[2 * e] === h) e++;
    // Within a run, items are in increasing order (the sort is stable): compare each with the firsts before it.
    for (let a = s + 1; a < e; a++) {
      const i = pairs[2 * a + 1]!;
      for (let b = s; b < a; b++) {
        const j = pairs[2 * b + 1]!;
        if (earlier[j] === -1 && same(i, j)) {
          earlier[i] = j;
          break;
        }
      }
    }
    s = e;
  }
  return earlier;
}
