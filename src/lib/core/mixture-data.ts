// The categories' trajectories laid over one shared pair numbering, ready for the mixture solver's sweeps.
// Each category's replay numbers its pairs in its own order of first appearance; the solver needs one index p per
// pair across all categories, the count of every pair in every category at the first merge of the analysed range,
// and, for each merge of the range, the (category, pair, new count) changes of all categories in one stream.
// Example: categories A = "ab" and B = "ba" share no pair: pairs (a,b) -> 0, (b,a) -> 1; counts at the start
// [A: 1, B: 0] for p = 0 and [A: 0, B: 1] for p = 1 (stored pair-major: counts[p * n + i]).

import { InputError } from './errors.ts';
import { pairLeft, pairRight } from './pair-key.ts';
import { PairTable } from './pair-table.ts';
import type { Trajectory } from './types.ts';

export interface MergePairs {
  left: Int32Array;
  right: Int32Array;
}

export interface MixtureData {
  /** Number of categories n. */
  categories: number;
  /** The analysed merges are start .. end-1 of the merge list. */
  start: number;
  end: number;
  /** Number of shared pair indices P; pairLeftIds/pairRightIds give each pair's token ids. */
  pairs: number;
  pairLeftIds: Int32Array;
  pairRightIds: Int32Array;
  /** Counts of every pair in every category before merge `start`, pair-major: startCounts[p * n + i]. */
  startCounts: Float64Array;
  /** Shared pair index of merge start + k's own pair (interned even when no category holds it). */
  mergePair: Int32Array;
  /** Changes of merge start + k are changeCategory/Pair/Count[stepOffsets[k] .. stepOffsets[k + 1]). */
  stepOffsets: Uint32Array;
  changeCategory: Uint16Array;
  changePair: Int32Array;
  changeCount: Float64Array;
  /** d_i: each category's total pair count before any merge (the normaliser), and its bytes of text. */
  totalPairs: Float64Array;
  bytes: Float64Array;
}

/**
 * Lays trajectories of one merge list over a shared pair numbering for merges start .. end-1.
 * Cost: one pass over every recorded change of merges < end, one hash probe each.
 */
export function prepareMixture(trajectories: Trajectory[], merges: MergePairs, start: number, end: number): MixtureData {
  const n = trajectories.length;
  if (n === 0) throw new InputError('no categories to compare');
  if (n > 65535) throw new InputError(`too many categories (${n})`);
  for (const [i, tr] of trajectories.entries()) {
    if (tr.merges < end) throw new InputError(`category ${i + 1} was replayed over ${tr.merges} merges, but merges up to ${end} are analysed`);
    if (tr.totalPairs <= 0) throw new InputError(`category ${i + 1} has no pairs: its text is empty or has no word longer than one symbol`);
  }
  if (!(start >= 0 && start < end && end <= merges.left.length)) {
    throw new InputError(`merge range ${start}..${end} is not within the ${merges.left.length} merges of the list`);
  }

  // 1. Shared pair indices: every pair a category holds before merge `end` (in the order the replays met them), plus
  //    each analysed merge's own pair. Pairs a trajectory only meets at or after `end` are left out, so a trajectory
  //    replayed further than `end` gives exactly the data of one replayed to `end` (the playground reuses them).
  const table = new PairTable(1 << 16);
  const local = trajectories.map((tr) => {
    const used = new Uint8Array(tr.pairKeys.length);
    for (let q = 0; q < tr.initialCounts.length; q++) if (tr.initialCounts[q] !== 0) used[q] = 1;
    for (let c = 0; c < tr.stepOffsets[end]; c++) used[tr.changePair[c]] = 1;
    const map = new Int32Array(tr.pairKeys.length).fill(-1);
    for (let q = 0; q < tr.pairKeys.length; q++) {
      if (used[q]) map[q] = table.intern(pairLeft(tr.pairKeys[q], tr.stride), pairRight(tr.pairKeys[q], tr.stride));
    }
    return map;
  });
  const mergePair = new Int32Array(end - start);
  for (let t = start; t < end; t++) mergePair[t - start] = table.intern(merges.left[t], merges.right[t]);
  const P = table.size;

  // 2. Counts before merge `start`: initial counts, then every change of the merges before the range.
  const startCounts = new Float64Array(P * n);
  trajectories.forEach((tr, i) => {
    const map = local[i];
    for (let q = 0; q < tr.initialCounts.length; q++) if (map[q] >= 0) startCounts[map[q] * n + i] = tr.initialCounts[q];
    for (let c = 0; c < tr.stepOffsets[start]; c++) startCounts[map[tr.changePair[c]] * n + i] = tr.changeCount[c];
  });

  // 3. One stream of changes per analysed merge, categories in order.
  let total = 0;
  for (const tr of trajectories) total += tr.stepOffsets[end] - tr.stepOffsets[start];
  const stepOffsets = new Uint32Array(end - start + 1);
  const changeCategory = new Uint16Array(total);
  const changePair = new Int32Array(total);
  const changeCount = new Float64Array(total);
  let k = 0;
  for (let t = start; t < end; t++) {
    stepOffsets[t - start] = k;
    for (let i = 0; i < n; i++) {
      const tr = trajectories[i], map = local[i];
      for (let c = tr.stepOffsets[t]; c < tr.stepOffsets[t + 1]; c++) {
        changeCategory[k] = i;
        changePair[k] = map[tr.changePair[c]];
        changeCount[k] = tr.changeCount[c];
        k++;
      }
    }
  }
  stepOffsets[end - start] = k;

  return {
    categories: n, start, end, pairs: P,
    pairLeftIds: table.left.slice(0, P), pairRightIds: table.right.slice(0, P),
    startCounts, mergePair, stepOffsets, changeCategory, changePair, changeCount,
    totalPairs: Float64Array.from(trajectories, (tr) => tr.totalPairs),
    bytes: Float64Array.from(trajectories, (tr) => tr.bytes),
  };
}
