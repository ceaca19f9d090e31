// The pair table shared by the replay and the trainer: every adjacent pair (left, right) seen so far gets a dense
// index p in order of first appearance, with its count in a typed column. Lookup is an open-addressing hash table
// (linear probing, load <= 1/2) over Int32 slots holding p; the pair's ids live in the left/right columns, so a
// probe compares two Int32 reads and nothing is allocated per pair or per lookup.
// Example: intern(7, 3) -> 0, intern(3, 7) -> 1, intern(7, 3) -> 0 again; find(1, 1) -> -1.

/** Mixes two ids into a 32-bit hash (multiply-xorshift; good enough for linear probing on real id pairs). */
function hashPair(left: number, right: number): number {
  let h = Math.imul(left, 0x9e3779b1) ^ right;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return h ^ (h >>> 13);
}

export class PairTable {
  /** Number of pairs interned; pair indices are 0 .. size-1. */
  size = 0;
  left: Int32Array;
  right: Int32Array;
  /** Current count of each pair (word frequencies summed), maintained by the caller. */
  count: Float64Array;
  /** Hash slots: pair index or -1. Length is a power of two, at least twice `size`. */
  private slots: Int32Array;
  private mask: number;

  constructor(expectedPairs = 1024) {
    let cap = 16;
    while (cap < expectedPairs * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    const columns = Math.max(8, expectedPairs);
    this.left = new Int32Array(columns);
    this.right = new Int32Array(columns);
    this.count = new Float64Array(columns);
  }

  /** The index of pair (left, right), or -1 if it was never interned. */
  find(left: number, right: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = hashPair(left, right) & mask;
    for (;;) {
      const p = slots[s];
      if (p < 0) return -1;
      if (this.left[p] === left && this.right[p] === right) return p;
      s = (s + 1) & mask;
    }
  }

  /** The index of pair (left, right), adding it with count 0 if new (a new pair gets index `size - 1`). */
  intern(left: number, right: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let s = hashPair(left, right) & mask;
    for (;;) {
      const p = slots[s];
      if (p < 0) break;
      if (this.left[p] === left && this.right[p] === right) return p;
      s = (s + 1) & mask;
    }
    const p = this.size++;
    if (p === this.left.length) this.growColumns();
    this.left[p] = left;
    this.right[p] = right;
    this.count[p] = 0;
    slots[s] = p;
    if (this.size * 2 > slots.length) this.rehash();
    return p;
  }

  private growColumns(): void {
    const n = this.left.length * 2;
    const l = new Int32Array(n);
    l.set(this.left);
    this.left = l;
    const r = new Int32Array(n);
    r.set(this.right);
    this.right = r;
    const c = new Float64Array(n);
    c.set(this.count);
    this.count = c;
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let p = 0; p < this.size; p++) {
      let s = hashPair(this.left[p], this.right[p]) & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = p;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

type Column = Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/** Grows a typed column to at least `n` entries (doubling, at least 8), keeping its contents; `a` itself if big enough. */
export function grow<T extends Column>(a: T, n: number): T {
  if (n <= a.length) return a;
  let cap = a.length * 2 || 8;
  while (cap < n) cap *= 2;
  const b = new (a.constructor as new (size: number) => T)(cap);
  b.set(a);
  return b;
}

/** grow() for an Int32Array column, filling the new entries with `fill`. */
export function growInt32(a: Int32Array<ArrayBuffer>, n: number, fill = 0): Int32Array<ArrayBuffer> {
  const b = grow(a, n);
  if (b !== a && fill !== 0) b.fill(fill, a.length);
  return b;
}

export const growFloat64: (a: Float64Array<ArrayBuffer>, n: number) => Float64Array<ArrayBuffer> = grow;
export const growUint32: (a: Uint32Array<ArrayBuffer>, n: number) => Uint32Array<ArrayBuffer> = grow;
