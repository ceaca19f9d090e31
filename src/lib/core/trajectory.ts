// Reading a Trajectory: the changes of one merge step, any pair's count before any merge, and an index for many
// such look-ups. The trajectory itself stays flat typed arrays (transferable); these helpers never copy it.
// Example: a trajectory of "aaab" with merges (a,a)->X, (X,a)->Y (see replay.ts): pairCountAt(tr, key(X,a), 1) = 1.

import type { PairKey, Trajectory } from './types.ts';

/** Calls fn(pairIndex, newCount) for each pair whose count merge t changed, in recorded order. */
export function forEachChange(traj: Trajectory, t: number, fn: (pair: number, count: number) => void): void {
  const end = traj.stepOffsets[t + 1];
  for (let i = traj.stepOffsets[t]; i < end; i++) fn(traj.changePair[i], traj.changeCount[i]);
}

/** The pair index of a PairKey, or -1 if the pair never occurred. Cost: O(pairs) (a scan); use an index for many. */
export function pairIndexOf(traj: Trajectory, key: PairKey): number {
  return traj.pairKeys.indexOf(key);
}

/**
 * The count of pair `key` before merge t is applied (t = 0: the initial count; t = traj.merges: after all merges).
 * Cost: O(pairs) to find the pair plus O(changes of merges < t) scanning back for its latest change. Fine for a
 * few look-ups; build an index (indexTrajectory) for many.
 */
export function pairCountAt(traj: Trajectory, key: PairKey, t: number): number {
  const p = pairIndexOf(traj, key);
  if (p < 0) return 0;
  for (let i = traj.stepOffsets[t] - 1; i >= 0; i--) if (traj.changePair[i] === p) return traj.changeCount[i];
  return traj.initialCounts[p];
}

/** All pair counts before merge t, indexed by pair index. Cost: O(pairs + changes of merges < t). */
export function pairCountsAt(traj: Trajectory, t: number): Float64Array {
  const counts = traj.initialCounts.slice();
  const end = traj.stepOffsets[t];
  for (let i = 0; i < end; i++) counts[traj.changePair[i]] = traj.changeCount[i];
  return counts;
}

export interface TrajectoryIndex {
  /** PairKey -> pair index. */
  pairOf: Map<PairKey, number>;
  /** The count of pair index p before merge t. Cost: O(log changes of p). */
  countAt(p: number, t: number): number;
}

/**
 * Per-pair change lists (steps and counts in step order, CSR layout), for O(log) count look-ups.
 * Cost to build: O(pairs + changes) time, 12 bytes per change and a Map entry per pair.
 */
export function indexTrajectory(traj: Trajectory): TrajectoryIndex {
  const nPairs = traj.pairKeys.length;
  const nChanges = traj.changePair.length;
  const offsets = new Uint32Array(nPairs + 1);
  for (let i = 0; i < nChanges; i++) offsets[traj.changePair[i] + 1]++;
  for (let p = 0; p < nPairs; p++) offsets[p + 1] += offsets[p];
  const fill = offsets.slice(0, nPairs);
  const steps = new Uint32Array(nChanges);
  const values = new Float64Array(nChanges);
  for (let t = 0; t < traj.merges; t++) {
    for (let i = traj.stepOffsets[t]; i < traj.stepOffsets[t + 1]; i++) {
      const k = fill[traj.changePair[i]]++;
      steps[k] = t;
      values[k] = traj.changeCount[i];
    }
  }
  const pairOf = new Map<PairKey, number>();
  for (let p = 0; p < nPairs; p++) pairOf.set(traj.pairKeys[p], p);
  return {
    pairOf,
    countAt(p: number, t: number): number {
      // The last change of p at a step < t.
      let lo = offsets[p], hi = offsets[p + 1];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (steps[mid] < t) lo = mid + 1;
        else hi = mid;
      }
      return lo === offsets[p] ? traj.initialCounts[p] : values[lo - 1];
    },
  };
}
