// Replaying a given merge list over a category's words, recording every pair count the merges change: the data the
// mixture solver reads. Incremental: each pair keeps the list of words that hold it, so merge t rewrites only the
// words holding its pair, and each rewritten word reports (pair, ±1) changes scaled by the word's frequency.
// Example: words {"aaab": 1}, merges (a,a)->X, (X,a)->Y:
//   pairs before merge 0: (a,a)=2 (a,b)=1
//   merge 0 -> [X, a, b]: (a,a) 2->0, (X,a) 0->1        merge 1 -> [Y, b]: (X,a) 1->0, (a,b) 1->0, (Y,b) 0->1

import { InputError } from './errors.ts';
import { pairStride } from './pair-key.ts';
import { growFloat64, growInt32, growUint32, PairTable } from './pair-table.ts';
import type { Trajectory, WordTable } from './types.ts';
import { ChangeBuffer, mergeWord, WorkingWords } from './word-merge.ts';
import { CHUNK_HEADER, CHUNK_NEXT, CHUNK_USED } from './word-lists.ts';
import { countInitialPairs } from './initial-pairs.ts';

export { forEachChange, indexTrajectory, pairCountAt, pairCountsAt, pairIndexOf } from './trajectory.ts';
export type { TrajectoryIndex } from './trajectory.ts';

/** A merge list as id columns: merge t joins left[t] and right[t] into result[t]. */
export interface MergeColumns {
  left: Int32Array;
  right: Int32Array;
  result: Int32Array;
}

// Performance (bench/replay-train.ts, this 2-core machine, shared and noisy: figures are min CPU of 5 runs):
// 30k merges over 20 MB of test text (67k distinct words) take 0.4-0.7 s; over 458k distinct words (the same
// text with letter-permuted variants) about 2.5 s, of which word visits are 4.4M (46% stale) and pair changes
// 7.5M. The time goes to cache misses on first touching a word (its offsets, symbols and count) and a pair's
// slot. Tried without a measurable gain (within the +-20% noise): hash slots holding the keys inline (4x the slot
// memory), word start and length interleaved in one array, a 4k-entry direct-mapped cache in front of the hash
// table. A from-scratch recount per merge (the test oracle) would be O(merges x symbols): ~10^11 steps here.

export interface ReplayOptions {
  /** Replay only the first maxMerges merges (default: all). */
  maxMerges?: number;
  /** Called every 256 merges and at the end with (merges done, merges to do). */
  onProgress?: (done: number, total: number) => void;
  /** Checked every 256 merges; an aborted signal throws its reason. */
  signal?: AbortSignal;
  /** UTF-8 bytes of text behind the table, copied into the trajectory (the word table does not know it). */
  bytes?: number;
}

/**
 * Replays `merges` over the words of `table` and records the trajectory (see the Trajectory type).
 * Cost: counting the initial pairs is one pass over all symbols; merge t then costs O(symbols of the words that
 * held its pair when it was last created, stale ones included) plus one hash probe per change. Memory: the working
 * copy of the symbols, the pair table, the word lists (about 2 ints per symbol) and the recorded changes.
 */
export function replayMerges(table: WordTable, merges: MergeColumns, options: ReplayOptions = {}): Trajectory {
  const total = Math.min(merges.left.length, options.maxMerges ?? Infinity);

  // 1. Check the merges and size the pair keys.
  let maxId = 0;
  for (let i = 0; i < table.symbols.length; i++) if (table.symbols[i] > maxId) maxId = table.symbols[i];
  for (let t = 0; t < total; t++) {
    const a = merges.left[t], b = merges.right[t], r = merges.result[t];
    if (a < 0 || b < 0 || r < 0) throw new InputError(`merge ${t} has a negative token id`);
    if (r === a || r === b) throw new InputError(`merge ${t} yields one of its own parts (token ${r})`);
    maxId = Math.max(maxId, a, b, r);
  }
  const stride = pairStride(maxId + 1);

  // 2. Count the initial pairs and, for each, the words holding it.
  const words = new WorkingWords(table);
  const counts = table.counts;
  const pairs = new PairTable(Math.max(1024, table.symbols.length >>> 3));
  const lists = countInitialPairs(words, pairs);
  const initialPairs = pairs.size;
  let totalPairs = 0;
  for (let p = 0; p < initialPairs; p++) totalPairs += pairs.count[p];
  const initial = pairs.count.slice(0, initialPairs);

  // 3. Apply the merges in order, recording changed pairs per step.
  const changes = new ChangeBuffer();
  let touchedAt = new Int32Array(pairs.left.length).fill(-1); // step at which a pair was last touched
  let countBefore = new Float64Array(pairs.left.length); // its count when first touched in that step
  let touched = new Int32Array(1024); // pairs touched in this step, in order of first touch
  let stepOffsets = new Uint32Array(total + 1);
  let changePair = new Uint32Array(1 << 16);
  let changeCount = new Float64Array(1 << 16);
  let nChanges = 0;

  for (let t = 0; t < total; t++) {
    if ((t & 255) === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.(t, total);
    }
    stepOffsets[t] = nChanges;
    const a = merges.left[t], b = merges.right[t], result = merges.result[t];
    const p = pairs.find(a, b);
    if (p < 0 || lists.head[p] < 0) continue;
    let nTouched = 0;

    // 3a. Merge every word on the pair's list. The list may gain entries for other pairs (never for p, as the
    // result differs from both parts), so the pool is re-read after each word.
    for (let c = lists.head[p]; c >= 0; c = lists.pool[c + CHUNK_NEXT]) {
      for (let k = 0; k < lists.pool[c + CHUNK_USED]; k++) {
        const w = lists.pool[c + CHUNK_HEADER + k];
        changes.n = 0;
        const merged = mergeWord(words, w, a, b, result, changes);
        if (merged === 0) continue; // a stale entry: the word lost the pair to an earlier merge
        const freq = counts[w];
        if (touchedAt[p] !== t) {
          touchedAt[p] = t;
          countBefore[p] = pairs.count[p];
          touched = growInt32(touched, nTouched + 1);
          touched[nTouched++] = p;
        }
        pairs.count[p] -= merged * freq;
        const buf = changes.buf;
        for (let i = 0; i < changes.n; i += 3) {
          const delta = buf[i + 2];
          const q = pairs.intern(buf[i], buf[i + 1]);
          if (q >= touchedAt.length) {
            touchedAt = growInt32(touchedAt, q + 1, -1);
            countBefore = growFloat64(countBefore, q + 1);
          }
          if (touchedAt[q] !== t) {
            touchedAt[q] = t;
            countBefore[q] = pairs.count[q];
            touched = growInt32(touched, nTouched + 1);
            touched[nTouched++] = q;
          }
          pairs.count[q] += delta * freq;
          if (delta > 0) {
            if (q >= lists.lists) lists.ensureLists(q + 1);
            lists.append(q, w);
          }
        }
      }
    }
    lists.clear(p);

    // 3b. Record the pairs whose count changed (a +1 and a -1 in the same step can cancel out).
    changePair = growUint32(changePair, nChanges + nTouched);
    changeCount = growFloat64(changeCount, nChanges + nTouched);
    for (let i = 0; i < nTouched; i++) {
      const q = touched[i];
      const now = pairs.count[q];
      if (now !== countBefore[q]) {
        changePair[nChanges] = q;
        changeCount[nChanges++] = now;
      }
    }
  }
  stepOffsets[total] = nChanges;
  options.onProgress?.(total, total);

  // 4. Trim the growable arrays to their final size.
  const nPairs = pairs.size;
  const pairKeys = new Float64Array(nPairs);
  for (let q = 0; q < nPairs; q++) pairKeys[q] = pairs.left[q] * stride + pairs.right[q];
  const initialCounts = new Float64Array(nPairs);
  initialCounts.set(initial);
  let totalWords = 0;
  for (let w = 0; w < counts.length; w++) totalWords += counts[w];
  return {
    stride,
    pairKeys,
    initialCounts,
    stepOffsets,
    changePair: changePair.slice(0, nChanges),
    changeCount: changeCount.slice(0, nChanges),
    merges: total,
    bytes: options.bytes ?? 0,
    distinctWords: counts.length,
    totalWords,
    totalPairs,
  };
}
