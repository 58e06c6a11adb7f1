/**
 * A map from pairs of non-negative 32-bit integers to non-negative integers, in typed arrays (open addressing): no
 * key string or object per entry. @internal
 */
export class IntPairMap {
  private a = new Int32Array(16);
  private b = new Int32Array(16);
  /** Value + 1 per slot (0: empty). */
  private v = new Int32Array(16);
  private mask = 15;
  private count = 0;

  /** How many pairs are mapped. */
  get size(): number {
    return this.count;
  }

  /** The value of `(a, b)`, or -1. */
  get(a: number, b: number): number {
    const mask = this.mask;
    for (let s = mixPair(a, b) & mask; ; s = (s + 1) & mask) {
      const v = this.v[s]!;
      if (v === 0) return -1;
      if (this.a[s] === a && this.b[s] === b) return v - 1;
    }
  }

  /** Maps `(a, b)` to `value` (replacing a previous value). */
  set(a: number, b: number, value: number): void {
    if (2 * (this.count + 1) > this.v.length) this.rehash(this.v.length * 2);
    const mask = this.mask;
    let s = mixPair(a, b) & mask;
    while (this.v[s] !== 0 && !(this.a[s] === a && this.b[s] === b)) s = (s + 1) & mask;
    if (this.v[s] === 0) this.count++;
    this.a[s] = a;
    this.b[s] = b;
    this.v[s] = value + 1;
  }

  private rehash(size: number): void {
    const { a, b, v } = this;
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.v = new Int32Array(size);
    this.mask = size - 1;
    this.count = 0;
    for (let s = 0; s < v.length; s++) if (v[s] !== 0) this.set(a[s]!, b[s]!, v[s]! - 1);
  }
}

function mixPair(a: number, b: number): number {
  const h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b ^ 0xc2b2ae35, 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}
