// Mixture inference by lazy constraint generation (DESIGN §1): start from uniform weights and no constraints;
// sweep the merges to find the constraints the current solution violates, add a bounded batch to the LP, re-solve,
// and repeat until a sweep finds none. Then alpha is optimal for the full LP1 (every constraint holds within the
// tolerance), although only a small fraction of its constraints was ever written down.
// Every round also yields two bounds on LP1's optimum. The LP over the constraints found so far is a relaxation:
// its objective is a lower bound. And raising each merge's slack v_t by what the sweep saw it fall short
// ("excess") makes the current weights feasible for every constraint of LP1: that objective is an upper bound,
// reached by a solution one can return. Their relative difference, the gap, says how far from optimal the best
// solution found so far can be; it is 0 when a sweep finds nothing, and a caller may stop earlier (gapTolerance).
// When the LP engine fails on the way (HiGHS runs out of its 2 GB of WebAssembly memory on a very large LP), the
// rounds done are not thrown away: the best feasible solution found so far comes back, with its gap and the reason.
// Example: one category A trained alone and a category B with a disjoint alphabet: every merge is A's most
// frequent pair and none of B's pairs can compete once alpha_B = 0, so the result is alpha = [1, 0].

import type { MixtureData } from './mixture-data.ts';
import { SolverError, type LpEngine, type LpSolution, type MixtureLp } from './mixture-lp.ts';
import { sweep } from './mixture-sweep.ts';
import { solveByMatching } from './solve-matching.ts';

export interface SolveOptions {
  /**
   * 'lazy' (the default): constraint generation as above. 'matching' (solve-matching.ts): rounds that add the edges
   * of a maximum matching at the current weights, and whose upper bound is LP1 at those weights exactly; the options
   * below from maxPerMerge to dropAfter do not apply to it. The emulated paper scale at T = 30,000 (quiet machine,
   * one core; `npm run bench:paper-scale -- --merges 30000 --method both`, seeds 1-4): 12.6-15.8 s against 77-89 s,
   * the same optimum. Where merges are beaten by too many pairs to match, it hands the problem to the lazy method.
   */
  method?: 'lazy' | 'matching';
  /**
   * Competitors added per merge per sweep (the reference used 10). Default 3: on 5 bundled languages, T = 3000,
   * HiGHS, 1 and 3 took 27-29 s and 10 took 57 s to the same optimum (more constraints, longer LPs). With HiGHS
   * given the LP's dual, 1 against 3: 10 languages of 1 MB, T = 3000: 19.7 / 15.9 s; GPT-2 against 10 languages of
   * 300 kB, T = 2000: 88.6 / 52.7 s; the emulated paper scale (bench/paper-scale.ts): T = 10,000: 24.2 / 31.7 s,
   * T = 30,000: 181 / 287 s. No setting wins everywhere.
   */
  maxPerMerge?: number;
  /**
   * New constraints per round before re-solving; 0 (the default) adds all that one sweep of every merge finds.
   * (The reference re-solved after 100; with re-solves from scratch or from the last basis, fewer, larger rounds
   * measured faster here: 29 s against 44 s with 1000 on the instance above.)
   */
  batch?: number;
  /** Violations below this margin (per million pairs) are ignored. */
  tolerance?: number;
  /**
   * Stop once the best feasible solution is within this relative gap of the lower bound, (upper - lower) / upper,
   * and return that solution (feasible for every constraint, its weights not necessarily optimal). 0 (the default)
   * solves exactly: until a sweep finds no violated constraint.
   */
  gapTolerance?: number;
  /** Give up (with an error) after this many rounds. */
  maxRounds?: number;
  /**
   * Sweep a growing prefix of the merges first: the first `prefix` merges until none is violated, then twice as
   * many, and so on up to the whole range (0, the default: the whole range from the start). The LP of a prefix is a
   * relaxation, so its objective stays a lower bound; only a sweep of the whole range gives an upper bound and ends.
   * On a quiet machine, the emulated paper scale at T = 30,000 (`npm run bench:paper-scale -- --merges 30000
   * --prefix 1000`): 46.7 s (sweeps 14.8, LP 30.4; 82 rounds) against 73.8 s (sweeps 11.6, LP 59.9; 43 rounds), the
   * same optimum; with maxPerMerge 1 as well, 58.2 s. Off by default: on data whose later merges are noise it was
   * slower (session 7, on a loaded machine: GPT-2 against 10 languages of 300 kB, T = 2000, 78 s against 43 s; 10
   * languages of 1 MB, T = 3000, 26 s against 16 s).
   */
  prefix?: number;
  /**
   * Drop a constraint that has been inactive (slack) for this many consecutive rounds, so the LP holds about the
   * constraints that matter (0: never drop). A dropped constraint comes back if a later sweep finds it violated; one
   * that has come back three times (MAX_DROPS) stays, so the rounds cannot cycle (dropping also stops after half of
   * maxRounds). Default 1 for an incremental engine (HiGHS): more rounds, but smaller LPs, to the same optimum.
   * HiGHS, total seconds, 1 against 3: GPT-2 against 10 languages of 300 kB, T = 2000: 85 / 163 (194 / 178 rounds);
   * 10 languages, 1 MB, T = 3000: 15.7 / 19.6 (47 / 41 rounds), T = 1000: 2.6 / 3.4; 10 code and text categories
   * of 1-8 MB, T = 3000: 20.2 / 21.9 (HiGHS given the LP as rows; given its dual, as now, 1 against 0 (never):
   * 49 / 491 and 9 / 36). Default 3 for glpk.js, which solves every round from scratch, so extra rounds
   * cost it more than rows do (5 languages, T = 1000: 9.5 s with 1, 5.4 s with 3).
   * Tried and not kept (branch wip/basis-drop): dropping every constraint outside HiGHS's optimal basis, tight or not
   * (the final LP of the emulated paper scale, other weights, T = 30,000, has 14,011 constraints with a nonzero dual
   * out of 136,707, and an LP of only those solves in 0.7 s), and sweeping a growing prefix of the merges (1000, 2000,
   * 4000, ...) before the whole range. Together: 116 s instead of 347 s on that instance, but 103 s instead of 43 s
   * for GPT-2 against 10 languages of 300 kB at T = 2000, and 21 s instead of 16 s for 10 languages of 1 MB at
   * T = 3000.
   */
  dropAfter?: number;
  onProgress?: (p: SolveProgress) => void;
  signal?: AbortSignal;
}

export interface SolveProgress {
  round: number;
  constraints: number;
  objective: number;
  /** Violations the last sweep found (0 at the end), merges it swept, and the largest violation it saw. */
  violations: number;
  swept: number;
  maxViolation: number;
  /** The best lower bound on the optimum so far, the objective of the best feasible solution so far, and their relative gap. */
  lowerBound: number;
  upperBound: number;
  gap: number;
}

export interface MixtureSolution {
  /** Pair-normalised weights (sum 1) and byte shares beta_i ∝ alpha_i * bytes_i / d_i (sum 1). */
  alpha: Float64Array;
  share: Float64Array;
  objective: number;
  /**
   * A lower bound on LP1's optimum and the relative gap (objective - lowerBound) / objective: 0 (to rounding) when
   * solved exactly, at most gapTolerance when the solve stopped at a gap.
   */
  lowerBound: number;
  gap: number;
  /**
   * Set when the LP engine failed before the optimum was reached: the engine's message. The solution is then the
   * best feasible one found before the failure (like a stop at a gap: every constraint holds, lowerBound and gap
   * say how far from optimal it can be). null after an exact solve or a stop at gapTolerance.
   */
  engineFailure: string | null;
  rounds: number;
  constraints: number;
  /** Slack of each merge that got one (absolute merge index in the list) and of each pair that got one. */
  mergeSlack: { merge: Int32Array; value: Float64Array };
  pairSlack: { left: Int32Array; right: Int32Array; value: Float64Array };
  /** Constraints that hold with equality at the solution: (absolute merge index, competing pair). */
  active: { merge: Int32Array; left: Int32Array; right: Int32Array };
  /** Largest violation of any constraint of the full LP at the final solution, in pairs per million (>= 0). */
  maxViolation: number;
  lpSeconds: number;
  /** Time in sweeps (and, with the matching method, in the matchings). */
  sweepSeconds: number;
  engine: string;
  settings: { method: 'lazy' | 'matching'; maxPerMerge: number; batch: number; tolerance: number; gapTolerance: number; dropAfter: number; start: number; end: number };
}

/**
 * How many times one constraint may be dropped (see SolveOptions.dropAfter). Unlimited dropping after one slack round
 * cycled on a degenerate LP (solve-mixture.test.ts, disjoint alphabets); 1, 3 and 10 all end. On GPT-2 against 10
 * languages (300 kB, T = 2000) they took 147, 85 and 75 s; on 10 languages, T = 3000, 15.0, 15.7 and 14.7 s.
 */
const MAX_DROPS = 3;

export function solveMixture(data: MixtureData, engine: LpEngine, options: SolveOptions = {}): MixtureSolution {
  if (options.method === 'matching') return solveByMatching(data, engine, options);
  const n = data.categories, P = data.pairs, steps = data.end - data.start;
  const maxPerMerge = options.maxPerMerge ?? 3;
  const batch = options.batch ?? 0;
  const tolerance = options.tolerance ?? 1e-6;
  const maxRounds = options.maxRounds ?? 10_000;
  const dropAfter = options.dropAfter ?? (engine.incremental ? 1 : 3);
  let limit = options.prefix && options.prefix > 0 ? Math.min(steps, options.prefix) : steps;
  const gapTolerance = options.gapTolerance ?? 0;
  if (!(gapTolerance >= 0 && gapTolerance < 1)) throw new RangeError(`gapTolerance must be in [0, 1), got ${gapTolerance}`);

  let alpha = new Float64Array(n).fill(1 / n);
  const v = new Float64Array(steps), u = new Float64Array(P);
  const lp: MixtureLp = { categories: n, rowMerge: new Int32Array(1024), rowPair: new Int32Array(1024), rowCoef: new Float64Array(1024 * n), rows: 0, deleted: [] };
  let inactiveRounds = new Uint16Array(1024);
  const known = new Set<number>();
  const drops = new Map<number, number>();
  let objective = 0, rounds = 0, lpSeconds = 0, sweepSeconds = 0, maxViolation = 0;
  let lowerBound = 0, upperBound = Infinity, gap = 1;
  let best: { alpha: Float64Array; v: Float64Array; u: Float64Array } | undefined;
  let engineFailure: string | null = null;
  /** Makes the best feasible solution so far the current one: slacks raised by what the sweep saw, nothing broken. */
  const takeBest = (b: NonNullable<typeof best>) => {
    alpha = b.alpha.slice(); v.set(b.v); u.set(b.u);
    objective = upperBound;
    maxViolation = 0;
  };

  for (;;) {
    // 1. Sweep with the current solution.
    const started = performance.now();
    const found = sweep(data, alpha, v, u, { maxPerMerge, maxTotal: batch, tolerance, known, limit, signal: options.signal });
    sweepSeconds += (performance.now() - started) / 1000;
    // Only a sweep of every merge knows each merge's excess: one cut short by the batch size proves no upper bound.
    const upper = found.swept === steps ? feasibleObjective(v, u, found.excess) : Infinity;
    if (upper < upperBound) {
      upperBound = upper;
      best = { alpha: alpha.slice(), v: v.map((x, k) => x + found.excess[k]), u: u.slice() };
    }
    gap = found.count === 0 && found.swept === steps ? 0 : relativeGap(lowerBound, upperBound);
    options.onProgress?.({ round: rounds, constraints: lp.rows, objective, violations: found.count, swept: found.swept, maxViolation: found.maxViolation, lowerBound, upperBound, gap });
    if (found.count === 0 && limit < steps) { limit = Math.min(steps, 2 * limit); continue; } // the next prefix
    if (found.count === 0) { maxViolation = found.maxViolation; break; }
    if (gapTolerance > 0 && gap <= gapTolerance && best) { takeBest(best); break; }
    if (rounds >= maxRounds) throw new Error(`the LP did not converge in ${maxRounds} rounds (${lp.rows} constraints)`);

    // 2. Add the violated constraints.
    for (let r = 0; r < found.count; r++) {
      known.add(found.merge[r] * P + found.pair[r]);
      appendRow(lp, found.merge[r], found.pair[r], found.coefficients.subarray(r * n, r * n + n));
    }

    // 3. Re-solve.
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    const { sol, seconds, failure } = solveRound(engine, lp, best !== undefined);
    lpSeconds += seconds;
    if (!sol) {
      engineFailure = failure;
      takeBest(best!);
      break;
    }
    rounds++;
    const sum = sol.alpha.reduce((a, b) => a + b, 0);
    alpha = sol.alpha.map((a) => a / sum);
    v.fill(0); u.fill(0);
    for (const [k, x] of sol.v) v[k] = x;
    for (const [p, x] of sol.u) u[p] = x;
    objective = sol.objective;
    lowerBound = Math.max(lowerBound, sol.objective);

    // 4. Forget constraints that have been slack for a while.
    if (dropAfter > 0 && rounds < maxRounds / 2) {
      if (inactiveRounds.length < lp.rowMerge.length) { const grown = new Uint16Array(lp.rowMerge.length); grown.set(inactiveRounds); inactiveRounds = grown; }
      dropInactiveRows(lp, alpha, v, u, inactiveRounds, dropAfter, (r) => {
        // Each constraint is dropped a bounded number of times: one that keeps coming back stays, so the rounds
        // cannot cycle.
        const key = lp.rowMerge[r] * P + lp.rowPair[r];
        const times = drops.get(key) ?? 0;
        if (times >= MAX_DROPS) return false;
        drops.set(key, times + 1);
        known.delete(key);
        return true;
      });
    }
  }

  return {
    alpha,
    share: byteShares(alpha, data.bytes, data.totalPairs),
    objective, lowerBound: Math.min(lowerBound, objective), gap, engineFailure, rounds, constraints: lp.rows,
    mergeSlack: slackOfMerges(v, data.start),
    pairSlack: slackOfPairs(u, data),
    active: activeConstraints(lp, alpha, v, u, data),
    maxViolation, lpSeconds, sweepSeconds, engine: engine.name,
    settings: { method: 'lazy', maxPerMerge, batch, tolerance, gapTolerance, dropAfter, start: data.start, end: data.end },
  };
}

/**
 * One timed LP solve. The engine's own failure (SolverError) gives no solution and its message when the caller has a
 * feasible solution to fall back on (`canFail`); any other error, or a failure with nothing to fall back on, is
 * thrown (anything else is a bug).
 */
export function solveRound(engine: LpEngine, lp: MixtureLp, canFail: boolean): { sol: LpSolution | null; seconds: number; failure: string | null } {
  const started = performance.now();
  try {
    const sol = engine.solve(lp);
    return { sol, seconds: (performance.now() - started) / 1000, failure: null };
  } catch (e) {
    if (!(e instanceof SolverError) || !canFail) throw e;
    return { sol: null, seconds: (performance.now() - started) / 1000, failure: e.message };
  }
}

/** sum v + excess + sum u: the objective of the current weights with each merge's slack raised to hold everywhere. */
function feasibleObjective(v: Float64Array, u: Float64Array, excess: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] + excess[k];
  for (let p = 0; p < u.length; p++) s += u[p];
  return s;
}

/** (upper - lower) / upper, 0 when both are 0, 1 while no upper bound is known. Example: lower 90, upper 100 -> 0.1. */
export function relativeGap(lower: number, upper: number): number {
  if (!Number.isFinite(upper)) return 1;
  return upper > 0 ? Math.max(0, (upper - lower) / upper) : 0;
}

/** beta_i ∝ alpha_i * bytes_i / d_i, renormalised. Example: alpha [0.5, 0.5], bytes/pairs [1, 3] -> [0.25, 0.75]. */
export function byteShares(alpha: ArrayLike<number>, bytes: ArrayLike<number>, totalPairs: ArrayLike<number>): Float64Array {
  const raw = Float64Array.from({ length: alpha.length }, (_, i) => (alpha[i] * bytes[i]) / totalPairs[i]);
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => (sum > 0 ? x / sum : 0));
}

export function appendRow(lp: MixtureLp, merge: number, pair: number, coef: Float64Array): void {
  const n = lp.categories;
  if (lp.rows === lp.rowMerge.length) {
    const size = lp.rows * 2;
    const rm = new Int32Array(size); rm.set(lp.rowMerge); lp.rowMerge = rm;
    const rp = new Int32Array(size); rp.set(lp.rowPair); lp.rowPair = rp;
    const rc = new Float64Array(size * n); rc.set(lp.rowCoef); lp.rowCoef = rc;
  }
  lp.rowMerge[lp.rows] = merge;
  lp.rowPair[lp.rows] = pair;
  lp.rowCoef.set(coef, lp.rows * n);
  lp.rows++;
}

/**
 * Counts, per row, the consecutive rounds its left-hand side has been positive (> 1e-9 relative), and deletes the
 * rows that reach `after` and that `drop` lets go: compacts the row arrays in place and lists the deleted rows (old
 * indices) in lp.deleted.
 */
function dropInactiveRows(lp: MixtureLp, alpha: Float64Array, v: Float64Array, u: Float64Array, inactive: Uint16Array, after: number, drop: (r: number) => boolean): void {
  const n = lp.categories;
  let w = 0;
  for (let r = 0; r < lp.rows; r++) {
    let lhs = v[lp.rowMerge[r]] + u[lp.rowPair[r]], big = lhs;
    for (let i = 0; i < n; i++) { const t = lp.rowCoef[r * n + i] * alpha[i]; lhs += t; big = Math.max(big, Math.abs(t)); }
    const slack = lhs > 1e-9 * Math.max(1, big);
    const rounds = slack ? inactive[r] + 1 : 0;
    if (rounds >= after && drop(r)) { lp.deleted.push(r); continue; }
    if (w !== r) {
      lp.rowMerge[w] = lp.rowMerge[r];
      lp.rowPair[w] = lp.rowPair[r];
      lp.rowCoef.copyWithin(w * n, r * n, r * n + n);
    }
    inactive[w++] = rounds;
  }
  inactive.fill(0, w);
  lp.rows = w;
}

export function slackOfMerges(v: Float64Array, start: number) {
  const idx: number[] = [];
  v.forEach((x, k) => { if (x > 0) idx.push(k); });
  return { merge: Int32Array.from(idx, (k) => k + start), value: Float64Array.from(idx, (k) => v[k]) };
}

export function slackOfPairs(u: Float64Array, data: MixtureData) {
  const idx: number[] = [];
  u.forEach((x, p) => { if (x > 0) idx.push(p); });
  return { left: Int32Array.from(idx, (p) => data.pairLeftIds[p]), right: Int32Array.from(idx, (p) => data.pairRightIds[p]), value: Float64Array.from(idx, (p) => u[p]) };
}

/** Rows whose left-hand side is within 1e-9 (relative to its largest term) of 0 at the solution. */
export function activeConstraints(lp: MixtureLp, alpha: Float64Array, v: Float64Array, u: Float64Array, data: MixtureData) {
  const n = lp.categories, rows: number[] = [];
  for (let r = 0; r < lp.rows; r++) {
    let lhs = v[lp.rowMerge[r]] + u[lp.rowPair[r]], big = lhs;
    for (let i = 0; i < n; i++) { const t = lp.rowCoef[r * n + i] * alpha[i]; lhs += t; big = Math.max(big, Math.abs(t)); }
    if (Math.abs(lhs) <= 1e-9 * Math.max(1, big)) rows.push(r);
  }
  return {
    merge: Int32Array.from(rows, (r) => lp.rowMerge[r] + data.start),
    left: Int32Array.from(rows, (r) => data.pairLeftIds[lp.rowPair[r]]),
    right: Int32Array.from(rows, (r) => data.pairRightIds[lp.rowPair[r]]),
  };
}
