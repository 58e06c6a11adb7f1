/**
 * Interns strings as dense ids (0, 1, 2, … in order of addition) and finds them by a range of a larger string, by
 * char codes: looking a field up builds no string. An open-addressing table of FNV-1a hashes. @internal
 */
export class RangeInterner {
  private readonly keys: string[] = [];
  private hashes = new Int32Array(0);
  /** Id + 1 per slot (0: empty). */
  private slots = new Int32Array(16);
  private mask = 15;

  /** How many strings are interned. */
  get size(): number {
    return this.keys.length;
  }

  /** The string of an id. */
  value(id: number): string {
    return this.keys[id]!;
  }

  /** The strings, in order of their ids. */
  values(): readonly string[] {
    return this.keys;
  }

  /** The id of `text.slice(start, end)`, or -1. */
  idOf(text: string, start: number, end: number): number {
    const h = hashRange(text, start, end);
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[s]! - 1;
      if (id < 0) return -1;
      if (this.hashes[id] !== h) continue;
      const key = this.keys[id]!;
      if (key.length !== len) continue;
      let k = 0;
      while (k < len && key.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return id;
    }
  }

  /** The id of `key`, or -1. */
  idOfString(key: string): number {
    return this.idOf(key, 0, key.length);
  }

  /** The id of `key`, interning it when new. */
  intern(key: string): number {
    const known = this.idOfString(key);
    if (known >= 0) return known;
    const id = this.keys.length;
    this.keys.push(key);
    if (id === this.hashes.length) {
      const hashes = new Int32Array(Math.max(16, id * 2));
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[id] = hashRange(key, 0, key.length);
    if (2 * (id + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  private place(id: number): void {
    let s = this.hashes[id]! & this.mask;
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    this.slots[s] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < this.keys.length; id++) this.place(id);
  }
}

/** FNV-1a over the char codes of `text[start, end)`. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
