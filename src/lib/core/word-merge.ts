// Merging one pair inside one word, the step shared by the replay, the trainer and the encoder. A word's symbols
// are rewritten in place (left to right, non-overlapping, compacting as it goes: no splice, no allocation) and the
// merge reports the pair-count changes it causes as (left, right, ±1) triples, exactly as HuggingFace's
// Word::merge does: for each occurrence of (a, b) with neighbours p and n, (p, a) -1, (p, ab) +1, (b, n) -1,
// (ab, n) +1. The merged occurrences themselves are NOT reported as (a, b) -1 (HF's trainer never decrements the
// merged pair); the return value is their number, so the replay can account for them.
// Example: "aaaa" with (a, a) -> X: symbols [X, X], changes (a,a)-1 (X,a)+1 (X,a)-1 (X,X)+1, returns 2.

import type { WordTable } from './types.ts';

/** A mutable working copy of a word table: word w is symbols[start[w] .. start[w] + len[w]). */
export class WorkingWords {
  symbols: Int32Array;
  start: Uint32Array;
  len: Int32Array;
  counts: Float64Array;

  constructor(table: WordTable) {
    const n = table.counts.length;
    this.symbols = table.symbols.slice();
    this.start = table.offsets.subarray(0, n);
    this.len = new Int32Array(n);
    for (let w = 0; w < n; w++) this.len[w] = table.offsets[w + 1] - table.offsets[w];
    this.counts = table.counts;
  }

  get size(): number {
    return this.len.length;
  }

  /** The current symbols of word w (a copy; tests and debugging). */
  word(w: number): number[] {
    return Array.from(this.symbols.subarray(this.start[w], this.start[w] + this.len[w]));
  }
}

/** Pair-count changes as flat (left, right, delta) triples; `n` counts Int32 entries (3 per change). */
export class ChangeBuffer {
  buf = new Int32Array(3 * 1024);
  n = 0;

  /** Makes room for `changes` more triples. */
  reserve(changes: number): void {
    const need = this.n + 3 * changes;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const b = new Int32Array(cap);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
}

/**
 * Merges every non-overlapping occurrence of (a, b), left to right, in word w into `result`, appending the changes
 * to `changes` (not cleared first). Returns the number of occurrences merged. Cost: one pass over the word.
 */
export function mergeWord(
  words: WorkingWords,
  w: number,
  a: number,
  b: number,
  result: number,
  changes: ChangeBuffer,
): number {
  const sym = words.symbols;
  const start = words.start[w];
  const end = start + words.len[w];
  // At most one occurrence per two symbols, four changes each.
  changes.reserve(2 * (end - start));
  const buf = changes.buf;
  let n = changes.n;
  let i = start;
  // Skip the prefix before the first occurrence without rewriting it.
  while (i + 1 < end && !(sym[i] === a && sym[i + 1] === b)) i++;
  if (i + 1 >= end) return 0;
  let j = i;
  let merged = 0;
  while (i < end) {
    const s = sym[i];
    if (s === a && i + 1 < end && sym[i + 1] === b) {
      if (j > start) {
        const prev = sym[j - 1];
        buf[n] = prev; buf[n + 1] = a; buf[n + 2] = -1;
        buf[n + 3] = prev; buf[n + 4] = result; buf[n + 5] = 1;
        n += 6;
      }
      if (i + 2 < end) {
        const next = sym[i + 2];
        buf[n] = b; buf[n + 1] = next; buf[n + 2] = -1;
        buf[n + 3] = result; buf[n + 4] = next; buf[n + 5] = 1;
        n += 6;
      }
      sym[j++] = result;
      i += 2;
      merged++;
    } else {
      sym[j++] = s;
      i++;
    }
  }
  words.len[w] = j - start;
  changes.n = n;
  return merged;
}
