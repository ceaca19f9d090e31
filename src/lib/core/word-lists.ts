// Lists of word indices ("which words hold this pair"), many small growable lists in one Int32Array pool so that
// appending never allocates a JS object. A list is a chain of chunks; a chunk is [next, capacity, used, ...words].
// Lists are append-only and may hold stale entries (a word that no longer holds the pair): the merge of a word
// simply finds nothing there, exactly as HuggingFace's trainer tolerates stale positions.
// Example: l = newList(); append(l, 4); append(l, 9); append(l, 9) -> words of l: [4, 9] (a repeat of the last
// word is dropped, which dedups the many +1 changes one word makes to one pair within one merge).

import { growInt32 } from './pair-table.ts';

const NEXT = 0;
const CAP = 1;
const USED = 2;
const HEADER = 3;
/** Chunks appended to a list start small (most lists stay short) and double up to this many words. */
const MAX_GROWN_CHUNK = 1024;

export class WordLists {
  /** The chunk pool; re-read it after any append, as appending can replace it. */
  pool: Int32Array<ArrayBuffer>;
  private top = 0;
  /** Per list: first chunk, last chunk (pool offsets, -1 when empty) and the last word appended (for dedup). */
  head: Int32Array<ArrayBuffer>;
  tail: Int32Array<ArrayBuffer>;
  private lastWord: Int32Array<ArrayBuffer>;
  lists = 0;

  constructor(expectedWords = 1 << 16, expectedLists = 1024) {
    this.pool = new Int32Array(Math.max(64, expectedWords));
    this.head = new Int32Array(Math.max(8, expectedLists)).fill(-1);
    this.tail = new Int32Array(this.head.length).fill(-1);
    this.lastWord = new Int32Array(this.head.length).fill(-1);
  }

  /** A new empty list's id (ids are dense: 0, 1, 2, ...). */
  newList(): number {
    const id = this.lists++;
    if (id === this.head.length) {
      this.head = growInt32(this.head, id + 1, -1);
      this.tail = growInt32(this.tail, id + 1, -1);
      this.lastWord = growInt32(this.lastWord, id + 1, -1);
    }
    return id;
  }

  /** Makes sure list ids 0 .. n-1 exist (for callers that use pair indices as list ids). */
  ensureLists(n: number): void {
    while (this.lists < n) this.newList();
  }

  /** Gives an empty list one chunk of exactly `capacity` words (bulk building, when the size is known). */
  reserve(list: number, capacity: number): void {
    const c = this.allocChunk(capacity);
    this.head[list] = c;
    this.tail[list] = c;
  }

  append(list: number, word: number): void {
    if (this.lastWord[list] === word) return;
    this.lastWord[list] = word;
    let t = this.tail[list];
    if (t < 0) {
      t = this.allocChunk(4);
      this.head[list] = t;
      this.tail[list] = t;
    } else if (this.pool[t + USED] === this.pool[t + CAP]) {
      const c = this.allocChunk(Math.min(MAX_GROWN_CHUNK, Math.max(4, this.pool[t + CAP] * 2)));
      this.pool[t + NEXT] = c;
      this.tail[list] = c;
      t = c;
    }
    const pool = this.pool;
    pool[t + HEADER + pool[t + USED]++] = word;
  }

  /** Forgets a list's words (their chunks are not reused: lists are short-lived only in the trainer). */
  clear(list: number): void {
    this.head[list] = -1;
    this.tail[list] = -1;
    this.lastWord[list] = -1;
  }

  /** Number of words in a list (walks its chunks). */
  length(list: number): number {
    let n = 0;
    for (let c = this.head[list]; c >= 0; c = this.pool[c + NEXT]) n += this.pool[c + USED];
    return n;
  }

  /** The words of a list, copied out (tests and debugging; the hot loops walk the chunks themselves). */
  words(list: number): number[] {
    const out: number[] = [];
    for (let c = this.head[list]; c >= 0; c = this.pool[c + NEXT]) {
      for (let i = 0; i < this.pool[c + USED]; i++) out.push(this.pool[c + HEADER + i]);
    }
    return out;
  }

  private allocChunk(capacity: number): number {
    const c = this.top;
    const end = c + HEADER + capacity;
    if (end > this.pool.length) {
      let cap = this.pool.length * 2;
      while (cap < end) cap *= 2;
      const p = new Int32Array(cap);
      p.set(this.pool.subarray(0, this.top));
      this.pool = p;
    }
    this.top = end;
    const pool = this.pool;
    pool[c + NEXT] = -1;
    pool[c + CAP] = capacity;
    pool[c + USED] = 0;
    return c;
  }
}

/** Chunk layout, for hot loops that walk lists directly: words of chunk c are pool[c+3 .. c+3+pool[c+2]). */
export const CHUNK_NEXT = NEXT;
export const CHUNK_USED = USED;
export const CHUNK_HEADER = HEADER;
