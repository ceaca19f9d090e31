// Byte-pair encoding of one pre-tokenized piece by merge rank, as HuggingFace's BPE model and tiktoken do it:
// repeatedly merge the adjacent pair with the lowest merge rank, the leftmost one on ties, until no pair merges.
// Example: merges [a+b -> ab, ab+c -> abc, b+c -> bc], piece "abcbc" -> a b c b c -> ab c b c -> abc b c
// -> abc bc (ids of ["abc", "bc"]).

import type { MergeRank, TokenId, Tokenizer } from './types.ts';

/**
 * Pair -> lowest merge rank, in an open-addressing hash table over two Int32Arrays (no string keys, no objects per
 * pair). A pair listed twice takes its LAST rank, as in HF's BPE model (it builds its pair -> rank map by inserting
 * the merges in order, so a later entry overwrites an earlier one; checked against the `tokenizers` library).
 * tiktoken rank files cannot repeat a pair.
 * Memory: 3 Int32Arrays of 2-4x the merge count (about 5 MB for 280k merges).
 */
export class PairRanks {
  private readonly lefts: Int32Array;
  private readonly rights: Int32Array;
  private readonly ranks: Int32Array;
  private readonly mask: number;
  private readonly capacity: number;
  private count = 0;

  /** An empty table with room for `capacity` pairs (`add` beyond that throws). */
  constructor(capacity: number);
  /** The table of a merge list. */
  constructor(mergeLeft: Int32Array, mergeRight: Int32Array);
  constructor(a: number | Int32Array, mergeRight?: Int32Array) {
    const capacity = typeof a === 'number' ? a : a.length;
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.lefts = new Int32Array(size).fill(-1);
    this.rights = new Int32Array(size);
    this.ranks = new Int32Array(size);
    this.capacity = capacity;
    if (typeof a !== 'number') for (let t = 0; t < a.length; t++) this.add(a[t], mergeRight![t], t);
  }

  /** Records that (left, right) merges at `rank`; a pair added again takes the new rank (HF's rule). */
  add(left: TokenId, right: TokenId, rank: MergeRank): void {
    const slot = this.slot(left, right);
    if (this.lefts[slot] === -1 && this.count++ === this.capacity) throw new RangeError('PairRanks is full');
    this.lefts[slot] = left;
    this.rights[slot] = right;
    this.ranks[slot] = rank;
  }

  /** The slot holding (left, right), or the empty slot where it would go. */
  private slot(left: number, right: number): number {
    let h = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const l = this.lefts[h];
      if (l === -1 || (l === left && this.rights[h] === right)) return h;
      h = (h + 1) & this.mask;
    }
  }

  /** The merge rank of (left, right), or -1 when the pair never merges. */
  rank(left: TokenId, right: TokenId): MergeRank {
    const s = this.slot(left, right);
    return this.lefts[s] === -1 ? -1 : this.ranks[s];
  }
}

const NONE = 0x7fffffff;

/**
 * Merges `symbols[0..n)` in place and returns the new length. Quadratic in the piece length (each merge rescans the
 * rank array), which beats a heap for the short pieces that make up almost all text; long pieces go to `bpeLong`.
 * `pairRank` is scratch space of at least n entries.
 */
function bpeShort(symbols: Int32Array, n: number, pairs: PairRanks, mergeResult: Int32Array, pairRank: Int32Array): number {
  for (let i = 0; i + 1 < n; i++) {
    const r = pairs.rank(symbols[i], symbols[i + 1]);
    pairRank[i] = r < 0 ? NONE : r;
  }
  while (n > 1) {
    // 1. The lowest rank, leftmost on ties.
    let best = NONE;
    let at = -1;
    for (let i = 0; i + 1 < n; i++) {
      if (pairRank[i] < best) {
        best = pairRank[i];
        at = i;
      }
    }
    if (at < 0) break;
    // 2. Merge: the left symbol becomes the result, everything after the right one shifts down by one.
    symbols[at] = mergeResult[best];
    for (let i = at + 1; i + 1 < n; i++) {
      symbols[i] = symbols[i + 1];
      pairRank[i] = pairRank[i + 1];
    }
    n--;
    // 3. Only the two pairs touching the new symbol changed.
    if (at > 0) {
      const r = pairs.rank(symbols[at - 1], symbols[at]);
      pairRank[at - 1] = r < 0 ? NONE : r;
    }
    if (at + 1 < n) {
      const r = pairs.rank(symbols[at], symbols[at + 1]);
      pairRank[at] = r < 0 ? NONE : r;
    }
  }
  return n;
}

/**
 * The same merges for long pieces (runs of spaces, minified code, unspaced scripts in char-level models): a doubly
 * linked list of symbols and a binary heap of (rank, position) keys packed in one float, as in HF's word.rs.
 * A popped entry is stale when its left symbol was absorbed or its pair changed; it is then skipped.
 * Cost: O(n log n) per piece.
 */
function bpeLong(symbols: Int32Array, n: number, pairs: PairRanks, mergeResult: Int32Array): number {
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  const POS = 2 ** 31; // key = rank * 2^31 + position: a safe integer while rank < 2^22
  // Each merge pops one entry and pushes at most two, so the heap never holds more than 2n entries.
  const heap = new Float64Array(2 * n + 4);
  let size = 0;
  const push = (key: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= key) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = key;
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap[--size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heap[c + 1] < heap[c]) c++;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let i = 0; i + 1 < n; i++) {
    const r = pairs.rank(symbols[i], symbols[i + 1]);
    if (r >= 0) push(r * POS + i);
  }
  let length = n;
  while (size > 0) {
    const key = pop();
    const rank = Math.floor(key / POS);
    const i = key - rank * POS;
    const j = next[i];
    if (!alive[i] || j < 0 || pairs.rank(symbols[i], symbols[j]) !== rank) continue; // stale
    symbols[i] = mergeResult[rank];
    alive[j] = 0;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    length--;
    if (prev[i] >= 0) {
      const r = pairs.rank(symbols[prev[i]], symbols[i]);
      if (r >= 0) push(r * POS + prev[i]);
    }
    if (next[i] >= 0) {
      const r = pairs.rank(symbols[i], symbols[next[i]]);
      if (r >= 0) push(r * POS + i);
    }
  }
  // Compact the survivors in order.
  let w = 0;
  for (let i = 0; i >= 0 && w < length; i = next[i]) symbols[w++] = symbols[i];
  return length;
}

/** Pieces longer than this go to the heap version (measured: the quadratic scan wins below about 50 symbols). */
export const LONG_PIECE = 48;

/**
 * Applies the merges to `symbols[0..n)` in place (lowest rank first, leftmost on ties); returns the new length.
 * `scratch` needs at least n entries.
 */
export function applyMerges(
  symbols: Int32Array,
  n: number,
  pairs: PairRanks,
  mergeResult: Int32Array,
  scratch: Int32Array,
): number {
  return n > LONG_PIECE ? bpeLong(symbols, n, pairs, mergeResult) : bpeShort(symbols, n, pairs, mergeResult, scratch);
}

/**
 * The slow, obviously-correct twin for tests: rescans every adjacent pair after every merge.
 * Example: slowApplyMerges([0, 1, 2], merges a+b, b+c) -> [ab, 2].
 */
export function slowApplyMerges(symbols: readonly TokenId[], tok: Pick<Tokenizer, 'mergeLeft' | 'mergeRight' | 'mergeResult'>): TokenId[] {
  const s = [...symbols];
  const rankOf = new Map<string, number>();
  for (let t = 0; t < tok.mergeLeft.length; t++) rankOf.set(`${tok.mergeLeft[t]},${tok.mergeRight[t]}`, t); // the last rank wins
  for (;;) {
    let best = -1;
    let at = -1;
    for (let i = 0; i + 1 < s.length; i++) {
      const r = rankOf.get(`${s[i]},${s[i + 1]}`);
      if (r !== undefined && (best < 0 || r < best)) {
        best = r;
        at = i;
      }
    }
    if (at < 0) return s;
    s.splice(at, 2, tok.mergeResult[best]);
  }
}
