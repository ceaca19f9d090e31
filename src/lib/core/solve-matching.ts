// The mixture LP (DESIGN §1) solved through its structure: for fixed weights alpha, LP1 is a minimum vertex cover
// of the bipartite graph "merge t - pair p, weight w_tp(alpha) = how far p beats t's pair", so its value f(alpha) is
// the weight of a maximum matching in that graph (max-weight-matching.ts), and LP1 = min over alpha of f(alpha),
// a convex function of n variables. Each round takes the current alpha, finds a maximum matching, adds its edges
// (at most one per merge and per pair) to an LP over alpha and the slacks, and re-solves that LP for the next alpha.
//
//   approximate rounds  the graph holds each merge's 10 strongest competitors: cheap, and enough to bring alpha
//                       near the optimum, but the matching's weight is not f(alpha);
//   exact rounds        (once the lower bound rises by less than 10% a round) the graph holds every pair that beats
//                       each merge, so the matching's weight is f(alpha) itself, an upper bound reached by alpha with
//                       the matching's cover as slacks; the LP's objective is a lower bound, as in the lazy method.
//
// It stops when the two meet (within 1e-6 of the objective, or gapTolerance), or when a matching at alpha uses only
// edges the LP already has (then f(alpha) is the LP's optimum). Against the lazy method (solve-mixture.ts), which
// adds up to 3 violated constraints per merge and round, the matching's edges are the ones an optimal dual uses, so
// the LP stays smaller: on the emulated paper scale at T = 30,000 (`npm run bench:paper-scale -- --merges 30000
// --method both`, quiet machine, one core, seed 1): 12.6 s, 7 rounds and 26,222 constraints, against 83.7 s, 43 rounds
// and 110,939 constraints, to the same optimum (seeds 2-4: 14.3-15.8 s against 77-89 s).
// Cost: an exact round lists every competing pair of every merge (about 2.2 million at that scale, 16 bytes each)
// and matches them (about 1 s for both). Where merges are beaten by thousands of pairs each (small samples against a
// released tokenizer), that graph is too big to match: the rounds stay approximate, and when they find nothing new the
// problem goes to the lazy method (settings.method then says 'lazy').

import type { MixtureData } from './mixture-data.ts';
import type { LpEngine, MixtureLp } from './mixture-lp.ts';
import { constraintCoefficients, sweep } from './mixture-sweep.ts';
import { maxWeightMatching } from './max-weight-matching.ts';
import {
  activeConstraints, appendRow, byteShares, relativeGap, slackOfMerges, slackOfPairs, solveMixture, solveRound,
  type MixtureSolution, type SolveOptions,
} from './solve-mixture.ts';

/** Competitors per merge in an approximate round. */
const CANDIDATES = 10;
/** Exact rounds start once a round raises the lower bound by less than this share of it. */
const SETTLED = 0.1;
/**
 * An exact round that would list more edges than this per merge on average (or 8 million in all, 128 MB) stays
 * approximate. The emulated paper scale needs about 75 per merge; GPT-2 against 10 languages of 300 kB, where most
 * merges are beaten by thousands of pairs, needs far more, and a matching on such a graph takes minutes.
 */
const MAX_EDGES_PER_MERGE = 100, MAX_EDGES = 8_000_000;
/** Relative difference of the bounds at which the solve counts as exact. */
const EXACT = 1e-6;

export function solveByMatching(data: MixtureData, engine: LpEngine, options: SolveOptions = {}): MixtureSolution {
  const n = data.categories, P = data.pairs, steps = data.end - data.start;
  const tolerance = options.tolerance ?? 1e-6;
  const maxRounds = options.maxRounds ?? 10_000;
  const gapTolerance = options.gapTolerance ?? 0;
  if (!(gapTolerance >= 0 && gapTolerance < 1)) throw new RangeError(`gapTolerance must be in [0, 1), got ${gapTolerance}`);

  let alpha = new Float64Array(n).fill(1 / n);
  const lp: MixtureLp = { categories: n, rowMerge: new Int32Array(1024), rowPair: new Int32Array(1024), rowCoef: new Float64Array(1024 * n), rows: 0, deleted: [] };
  const inLp = new Set<number>();
  let rounds = 0, lpSeconds = 0, sweepSeconds = 0, lowerBound = 0, upperBound = Infinity, gap = 1, exact = false, tooMany = false;
  let best: { alpha: Float64Array; v: Float64Array; u: Float64Array } | undefined;
  let engineFailure: string | null = null;

  const none = { v: new Float64Array(steps), u: new Float64Array(P) }; // the graph is listed with no slack
  const most = Math.min(MAX_EDGES, MAX_EDGES_PER_MERGE * steps);
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    // 1. The graph at alpha: every pair that beats each merge's pair (exact), or the strongest few (approximate).
    const started = performance.now();
    let edges = exact ? sweep(data, alpha, none.v, none.u, { maxPerMerge: Infinity, maxTotal: most, tolerance, withoutCoefficients: true, signal: options.signal }) : undefined;
    if (edges && edges.swept < steps) { exact = false; tooMany = true; } // too many to list: not near the optimum yet
    if (!exact) edges = sweep(data, alpha, none.v, none.u, { maxPerMerge: CANDIDATES, maxTotal: 0, tolerance, withoutCoefficients: true, signal: options.signal });
    const found = edges!;

    // 2. A maximum matching; in an exact round its weight is f(alpha), and its cover the slacks that reach it.
    const rowStart = new Int32Array(steps + 1);
    for (let e = 0; e < found.count; e++) rowStart[found.merge[e] + 1]++;
    for (let k = 0; k < steps; k++) rowStart[k + 1] += rowStart[k];
    const matching = maxWeightMatching({ rows: steps, columns: P, rowStart, col: found.pair, weight: found.amount });
    sweepSeconds += (performance.now() - started) / 1000;
    if (exact && matching.value < upperBound) {
      upperBound = matching.value;
      best = { alpha: alpha.slice(), v: matching.rowCover, u: matching.columnCover };
    }

    // 3. Its edges that the LP lacks (in merge order, as the coefficient pass needs).
    const merges: number[] = [], pairs: number[] = [];
    for (let k = 0; k < steps; k++) {
      const e = matching.rowEdge[k];
      if (e >= 0 && !inLp.has(k * P + found.pair[e])) { merges.push(k); pairs.push(found.pair[e]); }
    }
    // With nothing new, f(alpha) is at most the LP's value at alpha, which is the lower bound: alpha is optimal.
    const optimal = exact && (merges.length === 0 || upperBound - lowerBound <= EXACT * Math.max(1, upperBound));
    gap = optimal ? relativeGap(Math.min(lowerBound, upperBound), upperBound) : relativeGap(lowerBound, upperBound);
    options.onProgress?.({ round: rounds, constraints: lp.rows, objective: exact ? matching.value : lowerBound, violations: optimal ? 0 : merges.length, swept: steps, maxViolation: found.maxViolation, lowerBound, upperBound, gap });
    if (optimal || (gapTolerance > 0 && best && gap <= gapTolerance)) break;
    if (merges.length === 0) {
      // An approximate round found nothing new: look at every edge, or, when there are too many of them to match,
      // give the problem to the lazy method (from the start: its rounds need their own constraints).
      if (tooMany) return solveMixture(data, engine, { ...options, method: 'lazy' });
      exact = true;
      continue;
    }
    if (rounds >= maxRounds) throw new Error(`the LP did not converge in ${maxRounds} rounds (${lp.rows} constraints)`);
    const coefficients = constraintCoefficients(data, Int32Array.from(merges), Int32Array.from(pairs));
    for (let r = 0; r < merges.length; r++) {
      inLp.add(merges[r] * P + pairs[r]);
      appendRow(lp, merges[r], pairs[r], coefficients.subarray(r * n, r * n + n));
    }

    // 4. Re-solve the LP for the next alpha.
    const { sol, seconds, failure } = solveRound(engine, lp, best !== undefined);
    lpSeconds += seconds;
    if (!sol) { engineFailure = failure; break; }
    rounds++;
    const sum = sol.alpha.reduce((a, b) => a + b, 0);
    alpha = sol.alpha.map((a) => a / sum);
    const before = lowerBound;
    lowerBound = Math.max(lowerBound, sol.objective);
    if (!exact && lowerBound > 0 && lowerBound - before < SETTLED * lowerBound) exact = true;
  }

  // The answer is the best alpha an exact round saw, with its matching's cover as slacks; a sweep checks it.
  const { alpha: a, v, u } = best!;
  const started = performance.now();
  const check = sweep(data, a, v, u, { maxPerMerge: 1, maxTotal: 0, tolerance, signal: options.signal });
  sweepSeconds += (performance.now() - started) / 1000;
  return {
    alpha: a,
    share: byteShares(a, data.bytes, data.totalPairs),
    objective: upperBound, lowerBound: Math.min(lowerBound, upperBound), gap, engineFailure, rounds, constraints: lp.rows,
    mergeSlack: slackOfMerges(v, data.start),
    pairSlack: slackOfPairs(u, data),
    active: activeConstraints(lp, a, v, u, data),
    maxViolation: check.maxViolation, lpSeconds, sweepSeconds, engine: engine.name,
    settings: { method: 'matching', maxPerMerge: CANDIDATES, batch: 0, tolerance, gapTolerance, dropAfter: 0, start: data.start, end: data.end },
  };
}
