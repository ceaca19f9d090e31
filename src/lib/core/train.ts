// BPE training on counted words, reproducing HuggingFace tokenizers' BpeTrainer (default settings: no special
// tokens, no initial alphabet, no limit_alphabet, min_frequency 0) merge for merge, quirks included:
// - the alphabet is every character seen, ids in code-point order; new tokens get ids in creation order;
// - the most frequent pair wins; ties go to the smallest (left id, right id);
// - a lazy max-heap: a popped entry whose count is out of date is pushed back with the current count;
// - each heap entry carries its own set of words ("segment"); merging a pair rewrites only the words of the
//   entry that won, and the merged pair's own count is never decremented. Both only matter if a pair could get a
//   second heap entry, which needs a merge to re-mint an existing token string ("a"+"bc" after "ab"+"c"). We
//   never saw that happen with these settings (150 random corpora trained to exhaustion, 2 x 80k merges on real
//   text), but the structure costs nothing extra and keeps any such case identical to HF.
// Example: words {"abab": 2, "ab": 1, "ba": 1} -> alphabet [a, b]; (a,b) has count 5 -> merge a+b = "ab" (id 2);
// then (ab,ab) count 2 -> "abab" (id 3); then (b,a) count 1 -> "ba" (id 4); then no pair is left.

import { ChangeBuffer, mergeWord, WorkingWords } from './word-merge.ts';
import { CHUNK_HEADER, CHUNK_NEXT, CHUNK_USED } from './word-lists.ts';
import { growFloat64, growInt32, PairTable } from './pair-table.ts';
import { countInitialPairs } from './initial-pairs.ts';
import type { WordCounts, WordTable } from './types.ts';
import { trainerWordTable } from './word-table.ts';

export interface TrainOptions {
  /** Stop after this many merges (default: no limit other than vocabSize). */
  merges?: number;
  /** Stop when the vocabulary (alphabet + distinct new tokens) reaches this size. Default 30,000 (HF's default)
   * when `merges` is not given, otherwise no limit. */
  vocabSize?: number;
  /** Stop when the best pair occurs fewer times than this (HF min_frequency; default 0, i.e. stop below 1). */
  minFrequency?: number;
  /** Called every 256 merges with the number of merges done. */
  onProgress?: (merges: number) => void;
  /** Checked every 256 merges; an aborted signal throws its reason. */
  signal?: AbortSignal;
}

export interface TrainedBpe {
  /** id -> token: the alphabet (code-point order), then new tokens in creation order. */
  vocab: string[];
  alphabetSize: number;
  /** Merges in the order the trainer made them (a pair can repeat: see the file comment). */
  mergeLeft: Int32Array;
  mergeRight: Int32Array;
  mergeResult: Int32Array;
  /** The pair's count when it was merged. */
  mergeCounts: Float64Array;
  settings: { merges: number | null; vocabSize: number | null; minFrequency: number };
}

/** Trains on counted words: builds the trainer's alphabet and word table, then merges (see trainOnTable). */
export function trainBpe(wc: WordCounts, options: TrainOptions = {}): TrainedBpe {
  const { table, alphabet } = trainerWordTable(wc);
  return trainOnTable(table, alphabet, options);
}

/** Tie-break keys pack (left, right) as left * 2^26 + right: exact in a double, ordered like the tuple. */
const KEY_STRIDE = 2 ** 26;

/**
 * The training loop on a word table whose symbol ids index `alphabet`.
 * Cost per merge: the symbols of the winning entry's words, one hash probe per change, O(log heap) per push/pop.
 */
export function trainOnTable(table: WordTable, alphabet: readonly string[], options: TrainOptions = {}): TrainedBpe {
  const maxMerges = options.merges ?? Infinity;
  const vocabSize = options.vocabSize ?? (options.merges === undefined ? 30_000 : Infinity);
  const minFrequency = options.minFrequency ?? 0;

  // 1. Vocabulary: the alphabet, then each new token string once.
  const vocab = alphabet.slice();
  const tokenToId = new Map<string, number>();
  vocab.forEach((tok, id) => tokenToId.set(tok, id));

  // 2. Count pairs; each pair's initial word list is its first segment (segment id = pair index).
  const words = new WorkingWords(table);
  const pairs = new PairTable(Math.max(1024, table.symbols.length >>> 3));
  const lists = countInitialPairs(words, pairs);

  // 3. The heap: entries (count, pair, segment) ordered by count, then smallest (left, right).
  const heap = new MergeHeap(pairs.size + 1024);
  for (let p = 0; p < pairs.size; p++) {
    if (pairs.count[p] > 0) heap.push(pairs.count[p], pairs.left[p] * KEY_STRIDE + pairs.right[p], p, p);
  }

  // 4. Merge until the vocabulary is full, the merge budget is spent, or no pair occurs.
  let mergeLeft = new Int32Array(1024);
  let mergeRight = new Int32Array(1024);
  let mergeResult = new Int32Array(1024);
  let mergeCounts = new Float64Array(1024);
  let nMerges = 0;
  const changes = new ChangeBuffer();
  let pendingStep = new Int32Array(pairs.left.length).fill(-1); // step at which a pair last gained words
  let pendingSeg = new Int32Array(pairs.left.length); // the segment collecting those words
  let pending = new Int32Array(1024); // pairs that gained words in this step
  const counts = table.counts;

  while (vocab.length < vocabSize && nMerges < maxMerges && heap.size > 0) {
    // 4a. Pop the best entry; if its count is stale, push it back with the current count.
    const p = heap.topPair();
    const seg = heap.topSegment();
    const cached = heap.topCount();
    heap.pop();
    const current = pairs.count[p];
    if (cached !== current) {
      heap.push(current, pairs.left[p] * KEY_STRIDE + pairs.right[p], p, seg);
      continue;
    }
    if (current < 1 || current < minFrequency) break;

    // 4b. Mint the new token (or find the existing token with the same string).
    const a = pairs.left[p], b = pairs.right[p];
    const tokenString = vocab[a] + vocab[b];
    let result = tokenToId.get(tokenString);
    if (result === undefined) {
      result = vocab.length;
      vocab.push(tokenString);
      tokenToId.set(tokenString, result);
    }
    if (nMerges === mergeLeft.length) {
      mergeLeft = growInt32(mergeLeft, nMerges + 1);
      mergeRight = growInt32(mergeRight, nMerges + 1);
      mergeResult = growInt32(mergeResult, nMerges + 1);
      mergeCounts = growFloat64(mergeCounts, nMerges + 1);
    }
    mergeLeft[nMerges] = a;
    mergeRight[nMerges] = b;
    mergeResult[nMerges] = result;
    mergeCounts[nMerges] = current;
    const step = nMerges++;
    if ((step & 255) === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.(step);
    }

    // 4c. Merge the pair in the segment's words; apply the changes; collect, per pair that gained occurrences,
    // the words that gained them (a new segment).
    let nPending = 0;
    for (let c = lists.head[seg]; c >= 0; c = lists.pool[c + CHUNK_NEXT]) {
      for (let k = 0; k < lists.pool[c + CHUNK_USED]; k++) {
        const w = lists.pool[c + CHUNK_HEADER + k];
        changes.n = 0;
        if (mergeWord(words, w, a, b, result, changes) === 0) continue;
        const freq = counts[w];
        const buf = changes.buf;
        for (let i = 0; i < changes.n; i += 3) {
          const delta = buf[i + 2];
          const q = pairs.intern(buf[i], buf[i + 1]);
          pairs.count[q] += delta * freq;
          if (delta < 0) continue;
          if (q >= pendingStep.length) {
            pendingStep = growInt32(pendingStep, q + 1, -1);
            pendingSeg = growInt32(pendingSeg, q + 1);
          }
          if (pendingStep[q] !== step) {
            pendingStep[q] = step;
            pendingSeg[q] = lists.newList();
            pending = growInt32(pending, nPending + 1);
            pending[nPending++] = q;
          }
          lists.append(pendingSeg[q], w);
        }
      }
    }
    lists.clear(seg);

    // 4d. New heap entries for pairs that gained occurrences (HF drops the words of a pair whose count is 0).
    for (let i = 0; i < nPending; i++) {
      const q = pending[i];
      if (pairs.count[q] > 0) heap.push(pairs.count[q], pairs.left[q] * KEY_STRIDE + pairs.right[q], q, pendingSeg[q]);
    }
  }
  options.onProgress?.(nMerges);

  return {
    vocab,
    alphabetSize: alphabet.length,
    mergeLeft: mergeLeft.slice(0, nMerges),
    mergeRight: mergeRight.slice(0, nMerges),
    mergeResult: mergeResult.slice(0, nMerges),
    mergeCounts: mergeCounts.slice(0, nMerges),
    settings: {
      merges: Number.isFinite(maxMerges) ? maxMerges : null,
      vocabSize: Number.isFinite(vocabSize) ? vocabSize : null,
      minFrequency,
    },
  };
}

/**
 * A binary max-heap of (count, key, pair, segment) in parallel typed arrays. Order: higher count first, then
 * smaller key (= smaller (left, right)). Entries with equal count and key (two segments of one pair) come out in
 * an order fixed by the push sequence: deterministic.
 */
class MergeHeap {
  size = 0;
  private count: Float64Array<ArrayBuffer>;
  private key: Float64Array<ArrayBuffer>;
  private pair: Int32Array<ArrayBuffer>;
  private seg: Int32Array<ArrayBuffer>;

  constructor(capacity: number) {
    this.count = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
    this.pair = new Int32Array(capacity);
    this.seg = new Int32Array(capacity);
  }

  topCount(): number { return this.count[0]; }
  topPair(): number { return this.pair[0]; }
  topSegment(): number { return this.seg[0]; }

  push(count: number, key: number, pair: number, seg: number): void {
    if (this.size === this.count.length) this.grow();
    const cs = this.count, ks = this.key, ps = this.pair, ss = this.seg;
    // Sift up: move parents down while the new entry beats them.
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pc = cs[parent];
      if (pc > count || (pc === count && ks[parent] <= key)) break;
      cs[i] = pc; ks[i] = ks[parent]; ps[i] = ps[parent]; ss[i] = ss[parent];
      i = parent;
    }
    cs[i] = count; ks[i] = key; ps[i] = pair; ss[i] = seg;
  }

  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const cs = this.count, ks = this.key, ps = this.pair, ss = this.seg;
    const count = cs[n], key = ks[n], pair = ps[n], seg = ss[n];
    // Sift down the last entry from the root.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (cs[right] > cs[child] || (cs[right] === cs[child] && ks[right] < ks[child]))) child = right;
      const cc = cs[child];
      if (cc < count || (cc === count && ks[child] >= key)) break;
      cs[i] = cc; ks[i] = ks[child]; ps[i] = ps[child]; ss[i] = ss[child];
      i = child;
    }
    cs[i] = count; ks[i] = key; ps[i] = pair; ss[i] = seg;
  }

  private grow(): void {
    const n = this.count.length * 2;
    this.count = growFloat64(this.count, n);
    this.key = growFloat64(this.key, n);
    this.pair = growInt32(this.pair, n);
    this.seg = growInt32(this.seg, n);
  }
}

export { savedMergeOrder, writeTokenizerJson, type TokenizerJsonOptions } from './write-tokenizer-json.ts';
