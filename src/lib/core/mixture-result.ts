// From replayed categories to the table a user reads: the solver call over trajectories that were replayed
// elsewhere (one worker per category), and byte shares as percentages that add up to exactly 100 when shown.
// Example: roundPercents([1/3, 1/3, 1/3], 1) -> [33.4, 33.3, 33.3] (largest remainder: the sum stays 100.0).

import { InputError } from './errors.ts';
import { mergesNamed } from './words.ts';
import type { LpEngine } from './mixture-lp.ts';
import { prepareMixture, type MergePairs } from './mixture-data.ts';
import { solveMixture, type MixtureSolution, type SolveOptions } from './solve-mixture.ts';
import type { Trajectory } from './types.ts';

/**
 * Solves LP1 over merges 0 .. end-1 for named categories whose trajectories were replayed separately. Checks what
 * inferMixture checks (at least two categories, each with pairs to merge) with the categories' names in messages.
 */
export function solveTrajectories(
  categories: { name: string; trajectory: Trajectory }[],
  merges: MergePairs,
  end: number,
  engine: LpEngine,
  options: SolveOptions = {},
  /** First analysed merge (merges start .. end-1); the trajectories still cover 0 .. end-1. */
  start = 0,
): MixtureSolution {
  if (categories.length < 2) {
    throw new InputError(`mixture inference compares at least two categories, got ${categories.length}: add the other candidates of the training data`);
  }
  for (const { name, trajectory } of categories) {
    if (trajectory.totalPairs === 0) throw new InputError(`category "${name}" has no pair of symbols to merge: its text is empty or has no word longer than one symbol`);
  }
  const data = prepareMixture(categories.map((c) => c.trajectory), merges, start, end);
  return solveMixture(data, engine, options);
}

/**
 * Shares as the page prints them, the same in a table and on a chart: percentages to one decimal that add up to
 * 100.0 (roundPercents), "<0.1%" for a share too small to show, "0%" for an exact zero (the LP gives exact zeros:
 * nothing in the merges asks for that category). `chart` is the value to draw, so its label reads the same.
 * Example: [0.3125, 0.20749, 0.47961, 0.0004, 0] -> "31.3%", "20.7%", "48.0%", "<0.1%", "0%".
 */
export function shownShares(shares: readonly number[]): { text: string; chart: number }[] {
  const rounded = roundPercents(shares, 1);
  return shares.map((x, i) => {
    if (x === 0) return { text: '0%', chart: 0 };
    if (rounded[i] === 0) return { text: '<0.1%', chart: x };
    return { text: `${rounded[i].toFixed(1)}%`, chart: rounded[i] / 100 };
  });
}

/**
 * Percentages with `decimals` decimals that sum to exactly 100 (largest-remainder rounding; ties go to the lower
 * index, so the result is deterministic). Shares must be >= 0 with a positive sum; they are renormalised.
 */
export function roundPercents(shares: ArrayLike<number>, decimals = 1): number[] {
  const n = shares.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += shares[i];
  if (!(sum > 0)) return Array.from({ length: n }, () => 0);
  const unit = 10 ** decimals;
  const total = 100 * unit;
  const exact = Array.from({ length: n }, (_, i) => (shares[i] / sum) * total);
  const floor = exact.map(Math.floor);
  let left = total - floor.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => i).sort((a, b) => (exact[b] - floor[b]) - (exact[a] - floor[a]) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    floor[i]++;
    left--;
  }
  return floor.map((x) => x / unit);
}

/**
 * A relative optimality gap as a percentage for people: two decimals, or one significant digit when smaller.
 * Example: 0.0123 -> "1.23%", 2e-7 -> "0.00002%", 0 -> "0%".
 */
export function formatGap(gap: number): string {
  if (!(gap > 0)) return '0%';
  const percent = gap * 100;
  return `${percent >= 0.01 ? percent.toFixed(2) : percent.toPrecision(1)}%`;
}

/**
 * What a proven gap means, in words that stay true when the gap is large. The gap is (objective - lower bound) /
 * objective, so better weights could cut the fit's total slack by at most that share: at 3% the fit is nearly
 * optimal, at 99% its slack may be a hundred times the optimum's. ("Within 99% of the optimum" read as good news.)
 * Example: 0.4455 -> "a proven gap of 44.55%: better weights could cut its total slack by at most 44.55%".
 */
export function provenGap(gap: number): string {
  const percent = formatGap(gap);
  return `a proven gap of ${percent}: better weights could cut its total slack by at most ${percent}`;
}

/**
 * What to tell the user when the solver stopped, as asked, at a proven gap before the optimum, else null (an exact
 * solve, or an engine failure, which engineFailureNote explains).
 * Example: gap 0.4455 with the limit 0.5 -> "Stopped early, as asked (at a gap of 50.00% or less): this fit has a
 * proven gap of 44.55%: better weights could cut its total slack by at most 44.55%. It breaks no constraint; an
 * exact run (stop at 0%) may still move the shares a little."
 */
export function gapStopNote(s: { engineFailure: string | null; gap: number; settings: { gapTolerance: number } }): string | null {
  if (s.engineFailure || !(s.gap > 0)) return null;
  return `Stopped early, as asked (at a gap of ${formatGap(s.settings.gapTolerance)} or less): this fit has ${provenGap(s.gap)}. ` +
    'It breaks no constraint; an exact run (stop at 0%) may still move the shares a little.';
}

/**
 * What to tell the user when the LP engine failed before the optimum (solution.engineFailure), else null.
 * Example: failure "HiGHS stopped on the LP of 630,607 constraints (...)." at round 13, gap 0.97 ->
 * "The LP solver failed in round 13: HiGHS stopped ... The result is the best fit found before: ... it has a proven
 * gap of 97.00%: ...".
 */
export function engineFailureNote(s: Pick<MixtureSolution, 'engineFailure' | 'gap' | 'rounds'>): string | null {
  if (!s.engineFailure) return null;
  const reason = /[.!?]$/.test(s.engineFailure) ? s.engineFailure : `${s.engineFailure}.`;
  return `The LP solver failed in round ${s.rounds + 1}: ${reason} The result is the best fit found before: it breaks no constraint ` +
    `and has ${provenGap(s.gap)}, but its weights are not necessarily the optimal ones.`;
}

/**
 * Below this many analysed merges the shares are shown with a caution (fewMergesNote). On the bundled samples the
 * error of controlled experiments kept falling from 100 to about 1,000 merges (README, "error against T"); a single
 * merge only says that its pair was the most frequent one, which a whole region of mixtures satisfies exactly (GPT-2's
 * first merge against five languages gave 100% English, one point of that region).
 */
export const FEW_MERGES = 100;

/**
 * What to tell the user when the range is too short to say much about the mixture, else null.
 * Example: (0, 10) -> "Only the first 10 merges analysed: ..."; (0, 1000) -> null.
 */
export function fewMergesNote(start: number, end: number): string | null {
  if (end - start >= FEW_MERGES) return null;
  return `Only ${mergesNamed(start, end)} analysed: so few merges say little about the mixture, and quite different mixtures ` +
    `may fit them about as well as this one. In controlled experiments on the bundled samples the error kept falling up to ` +
    `about 1,000 merges; analyse at least a few hundred before reading much into these shares.`;
}
