import { describe, expect, it } from 'vitest';
import { glpkEngine } from './lp-glpk.ts';
import { highsEngine } from './lp-highs.ts';
import type { LpEngine, LpSolution, MixtureLp } from './mixture-lp.ts';
import { seededRandom } from '../../test-support/corpus.ts';

/** An LP of the given constraints (merge, pair, coefficients), as the solver builds it. */
function lpOf(n: number, constraints: [number, number, number[]][]): MixtureLp {
  return {
    categories: n,
    rowMerge: Int32Array.from(constraints, (c) => c[0]),
    rowPair: Int32Array.from(constraints, (c) => c[1]),
    rowCoef: Float64Array.from(constraints.flatMap((c) => c[2])),
    rows: constraints.length,
    deleted: [],
  };
}

/** The largest amount by which `sol` breaks a constraint of `lp`, the simplex row or a bound; and sum v + sum u. */
function check(lp: MixtureLp, sol: LpSolution): { violation: number; cost: number } {
  const n = lp.categories;
  let violation = Math.abs(sol.alpha.reduce((a, b) => a + b, 0) - 1);
  for (const x of [...sol.alpha, ...sol.v.values(), ...sol.u.values()]) violation = Math.max(violation, -x);
  for (let r = 0; r < lp.rows; r++) {
    let lhs = (sol.v.get(lp.rowMerge[r]) ?? 0) + (sol.u.get(lp.rowPair[r]) ?? 0);
    for (let i = 0; i < n; i++) lhs += lp.rowCoef[r * n + i] * sol.alpha[i];
    violation = Math.max(violation, -lhs);
  }
  let cost = 0;
  for (const x of [...sol.v.values(), ...sol.u.values()]) cost += x;
  return { violation, cost };
}

describe('LP engines', () => {
  it('solve the one-constraint example of lp-highs.ts: no weights explain the merge, optimum 1 at alpha = (0, 1)', async () => {
    for (const engine of [await highsEngine(), await glpkEngine()]) {
      const lp = lpOf(2, [[0, 3, [-2, -1]]]);
      const sol = engine.solve(lp);
      expect(sol.objective).toBeCloseTo(1, 9);
      expect(Array.from(sol.alpha)).toEqual([expect.closeTo(0, 9), expect.closeTo(1, 9)]);
      expect((sol.v.get(0) ?? 0) + (sol.u.get(3) ?? 0)).toBeCloseTo(1, 9);
      // One weight that explains it: the optimum is 0 and no slack is paid.
      const free = engine.solve(lpOf(2, [[0, 3, [-2, 1]]]));
      expect(free.objective).toBeCloseTo(0, 9);
      expect(check(lpOf(2, [[0, 3, [-2, 1]]]), free).cost).toBeCloseTo(0, 9);
    }
  });

  it('give a feasible solution whose slacks cost the objective, the same for HiGHS (the dual, kept across rounds) and glpk.js, as constraints come and go', async () => {
    const random = seededRandom(7);
    const n = 4, merges = 30, pairs = 20;
    const highs = await highsEngine();
    const glpk: LpEngine = await glpkEngine();
    const all: [number, number, number[]][] = [];
    const lp = lpOf(n, []);
    for (let round = 0; round < 6; round++) {
      // New constraints: merge k against pair p, coefficients count(merge) - count(p) per category, mostly >= 0.
      for (let j = 0; j < 25; j++) {
        const k = Math.floor(random() * merges), p = Math.floor(random() * pairs);
        all.push([k, p, Array.from({ length: n }, () => Math.round((random() - 0.3) * 100) / 10)]);
      }
      // From round 3 on, drop the first two constraints left, as the solver drops slack ones.
      if (round >= 3) { lp.deleted.push(0, 1); all.splice(0, 2); }
      lp.rowMerge = Int32Array.from(all, (c) => c[0]);
      lp.rowPair = Int32Array.from(all, (c) => c[1]);
      lp.rowCoef = Float64Array.from(all.flatMap((c) => c[2]));
      lp.rows = all.length;
      const a = highs.solve(lp);
      const b = glpk.solve(lpOf(n, all));
      expect(lp.deleted).toEqual([]); // the engine applied the deletions
      const ca = check(lp, a);
      expect(ca.violation).toBeLessThan(1e-9);
      expect(ca.cost).toBeCloseTo(a.objective, 9);
      expect(a.objective).toBeCloseTo(b.objective, 7);
      expect(a.objective).toBeGreaterThan(0);
    }
  });
});
