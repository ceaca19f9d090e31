// The baselines shown beside the attack (DESIGN §1), so a user sees what the merge order adds: a random guess, uniform
// weights, TC (token classification) and TEE (tokenizer encoding efficiency), and the error measure of the paper,
// log10 of the mean squared error of the shares. All pure functions of numbers the replay already recorded.
// Example: log10Mse([0.5, 0.5], [0.6, 0.4]) = log10(0.01) = -2.

import { drawSimplex, seededRandom } from './random.ts';
import type { Trajectory } from './types.ts';

/** log10 of the mean over categories of (estimate - truth)^2. Example: ([1, 0], [0.9, 0.1]) -> log10(0.01) = -2. */
export function log10Mse(estimate: ArrayLike<number>, truth: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (estimate[i] - truth[i]) ** 2;
  return Math.log10(sum / truth.length);
}

/** The random-guess baseline: a seeded uniform draw from the simplex. Example: randomShares(3, 1) sums to 1. */
export function randomShares(n: number, seed: number): Float64Array {
  return drawSimplex(n, seededRandom(seed));
}

/** Every category 1/n. Example: uniformShares(4) -> [0.25, 0.25, 0.25, 0.25]. */
export function uniformShares(n: number): Float64Array {
  return new Float64Array(n).fill(1 / n);
}

/**
 * How many times merge t was applied to the category's text, for t < end: the drop of the total pair count at step
 * t (each application shortens one word occurrence by one symbol, so it removes exactly one adjacent pair). Unlike
 * the merged pair's count, this is exact for overlapping pairs: "aaa" holds (a,a) twice but merges once.
 * Example: words {"aaa": 1}, merges (a,a)->X: pairs (a,a)=2 -> (X,a)=1: applied [1].
 */
export function mergeApplications(traj: Trajectory, end = traj.merges): Float64Array {
  const counts = traj.initialCounts.slice();
  const applied = new Float64Array(end);
  for (let t = 0; t < end; t++) {
    let drop = 0;
    for (let c = traj.stepOffsets[t]; c < traj.stepOffsets[t + 1]; c++) {
      const p = traj.changePair[c];
      drop += counts[p] - traj.changeCount[c];
      counts[p] = traj.changeCount[c];
    }
    applied[t] = drop;
  }
  return applied;
}

/**
 * Tokens of the category's text after merges 0 .. end-1: its symbols minus the merges applied.
 * Example: words {"abab": 2}, merge (a,b)->X: 8 symbols, 4 applications -> 4 tokens.
 */
export function tokensAfter(traj: Trajectory, end = traj.merges): number {
  const applied = mergeApplications(traj, end);
  let tokens = traj.totalPairs + traj.totalWords; // each word occurrence has one symbol more than it has pairs
  for (let t = 0; t < end; t++) tokens -= applied[t];
  return tokens;
}

/**
 * TC, token classification: each token that merges start .. end-1 create goes to the category where it is most
 * frequent, frequency being its share of that category's tokens after merge end-1 (so a big sample does not win
 * every token); a category's share is the fraction of those tokens it got. Ties go to the earlier category; a
 * token that no sample holds counts for none.
 * A token's occurrences come from the applications of the merges: created by each merge yielding it, consumed by
 * each later merge using it (twice if both parts).
 * Example: merges (a,b)->X, (c,d)->Y; category 1 "ab ab cd" -> X 2/3 of its tokens, Y 1/3; category 2 "cd ab"
 * -> X 1/2, Y 1/2: X goes to 1, Y to 2: shares [0.5, 0.5].
 */
export function tcShares(
  trajectories: Trajectory[],
  merges: { left: Int32Array; right: Int32Array; result: Int32Array },
  start: number,
  end: number,
): Float64Array {
  const n = trajectories.length;
  // 1. Dense indices for the tokens the range creates.
  let maxId = 0;
  for (let t = 0; t < end; t++) maxId = Math.max(maxId, merges.left[t], merges.right[t], merges.result[t]);
  const slot = new Int32Array(maxId + 1).fill(-1);
  let k = 0;
  for (let t = start; t < end; t++) if (slot[merges.result[t]] < 0) slot[merges.result[t]] = k++;

  // 2. Occurrences per category, as a share of the category's tokens.
  const freq = new Float64Array(k * n);
  trajectories.forEach((traj, i) => {
    const applied = mergeApplications(traj, end);
    let tokens = traj.totalPairs + traj.totalWords;
    for (let t = 0; t < end; t++) {
      tokens -= applied[t];
      const made = slot[merges.result[t]], l = slot[merges.left[t]], r = slot[merges.right[t]];
      if (made >= 0 && t >= start) freq[made * n + i] += applied[t];
      if (l >= 0) freq[l * n + i] -= applied[t];
      if (r >= 0) freq[r * n + i] -= applied[t];
    }
    for (let s = 0; s < k; s++) freq[s * n + i] /= tokens;
  });

  // 3. Each token to its most frequent category.
  const won = new Float64Array(n);
  let assigned = 0;
  for (let s = 0; s < k; s++) {
    let best = -1, bestFreq = 0;
    for (let i = 0; i < n; i++) if (freq[s * n + i] > bestFreq) { bestFreq = freq[s * n + i]; best = i; }
    if (best >= 0) { won[best]++; assigned++; }
  }
  return won.map((x) => (assigned > 0 ? x / assigned : 1 / n));
}

/**
 * TEE, tokenizer encoding efficiency. Our precise reading of "the encoding efficiency of the tokenizer on each
 * category, relative to a tokenizer trained on that category alone": the tokens a tokenizer saves on a text are
 * its base symbols minus the tokens it encodes the text into; a category's efficiency is the saving of the
 * attacked tokenizer divided by the saving of a tokenizer trained on that category's sample alone with the same
 * number of merges (1 when the attacked tokenizer serves the category as well as a dedicated one); shares are
 * the efficiencies normalised. Related categories share merges, so an absent one keeps a large efficiency
 * (measured, 5 languages, 500 merges: French at a weight below 0.001 still 0.54, the largest categories 0.89), and TEE stays
 * close to uniform. The plain ratio of bytes per token (tokens alone / tokens attacked) is the other reading; it
 * was a little worse on the same instances (log10 MSE -1.63, -1.83, -1.72 against -1.74, -1.90, -1.77).
 * Example: symbols [100, 100], attacked [60, 95], alone [50, 50] -> savings 40/50 = 0.8 and 5/50 = 0.1
 * -> shares [0.889, 0.111].
 */
export function teeShares(symbols: ArrayLike<number>, tokensAttacked: ArrayLike<number>, tokensAlone: ArrayLike<number>): Float64Array {
  const n = symbols.length;
  const eff = Float64Array.from({ length: n }, (_, i) => {
    const best = symbols[i] - tokensAlone[i];
    return best > 0 ? Math.max(0, symbols[i] - tokensAttacked[i]) / best : 0;
  });
  const sum = eff.reduce((a, b) => a + b, 0);
  return eff.map((e) => (sum > 0 ? e / sum : 1 / n));
}
