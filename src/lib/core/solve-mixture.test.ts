import { describe, expect, it } from 'vitest';
import { glpkEngine } from './lp-glpk.ts';
import { highsEngine, wasmFailure } from './lp-highs.ts';
import { prepareMixture, type MixtureData } from './mixture-data.ts';
import { SolverError, type LpEngine } from './mixture-lp.ts';
import { PER_MILLION, constraintCoefficients, sweep } from './mixture-sweep.ts';
import { byteShares, solveMixture, type MixtureSolution, type SolveProgress } from './solve-mixture.ts';
import { mixtureInstance, syntheticCategory } from '../../test-support/synthetic.ts';
import { seededRandom } from '../../test-support/corpus.ts';

const A = syntheticCategory('abcdefghijklm', 1);
const B = syntheticCategory('nopqrstuvwxyz', 2);
const C = syntheticCategory('abcdefnopqrs', 3);

/** Three overlapping alphabets trained on one draw and attacked with another: 5 rounds, a positive optimum. */
function noisyInstance() {
  const letters = ['abcdefghijklm', 'abcdefnopqrs', 'ghijklmnopqrst'];
  const train = letters.map((l, i) => syntheticCategory(l, 30 + i, 3000, 1));
  const samples = letters.map((l, i) => syntheticCategory(l, 30 + i, 3000, 2));
  return mixtureInstance(train, [2, 1, 4], samples, 300);
}

describe('byteShares', () => {
  it('weights alpha by bytes per pair', () => {
    expect(Array.from(byteShares([0.5, 0.5], [1, 3], [1, 1]))).toEqual([0.25, 0.75]);
    expect(Array.from(byteShares([1, 0], [5, 5], [2, 2]))).toEqual([1, 0]);
  });
});

describe('sweep', () => {
  it('finds exactly the violated constraints a brute-force recount finds', () => {
    const { data } = mixtureInstance([A, B, C], [3, 7, 5], [A, B, C], 150);
    const rnd = seededRandom(11);
    const n = data.categories, P = data.pairs, steps = data.end - data.start;
    for (let trial = 0; trial < 4; trial++) {
      const raw = Array.from({ length: n }, () => rnd());
      const alpha = raw.map((x) => x / raw.reduce((a, b) => a + b));
      const v = Float64Array.from({ length: steps }, () => (rnd() < 0.3 ? rnd() * 2000 : 0));
      const u = Float64Array.from({ length: P }, () => (rnd() < 0.2 ? rnd() * 2000 : 0));
      const got = sweep(data, alpha, v, u, { maxPerMerge: Infinity, maxTotal: 0, tolerance: 1e-6 });
      const found = new Set(Array.from(got.merge, (k, r) => `${k}:${got.pair[r]}`));

      // The oracle: all counts at every step, every pair checked; and by how much each merge falls short at most.
      const expected = new Set<string>();
      const excess = new Float64Array(steps);
      const counts = data.startCounts.slice();
      for (let k = 0; k < steps; k++) {
        const W = (p: number) => alpha.reduce((s, a, i) => s + (a * PER_MILLION * counts[p * n + i]) / data.totalPairs[i], 0);
        const m = data.mergePair[k];
        const bar = W(m) + v[k];
        for (let p = 0; p < P; p++) if (p !== m && W(p) - u[p] - bar > 1e-6) { expected.add(`${k}:${p}`); excess[k] = Math.max(excess[k], W(p) - u[p] - bar); }
        for (let c = data.stepOffsets[k]; c < data.stepOffsets[k + 1]; c++) counts[data.changePair[c] * n + data.changeCategory[c]] = data.changeCount[c];
      }
      expect(found.size).toBeGreaterThan(0);
      expect(found).toEqual(expected);
      for (let k = 0; k < steps; k++) expect(got.excess[k]).toBeCloseTo(excess[k], 6);
    }
  });

  it('caps the competitors per merge and the total per sweep', () => {
    const { data } = mixtureInstance([A, B], [1, 1], [A, B], 100);
    const steps = data.end - data.start;
    const none = new Float64Array(data.pairs);
    const all = sweep(data, [1, 0], new Float64Array(steps), none, { maxPerMerge: Infinity, maxTotal: 0, tolerance: 1e-6 });
    const capped = sweep(data, [1, 0], new Float64Array(steps), none, { maxPerMerge: 2, maxTotal: 0, tolerance: 1e-6 });
    const perMerge = new Map<number, number>();
    capped.merge.forEach((k) => perMerge.set(k, (perMerge.get(k) ?? 0) + 1));
    expect(Math.max(...perMerge.values())).toBe(2);
    expect(capped.count).toBeLessThan(all.count);
    const batch = sweep(data, [1, 0], new Float64Array(steps), none, { maxPerMerge: 10, maxTotal: 25, tolerance: 1e-6 });
    expect(batch.count).toBeGreaterThanOrEqual(25);
    expect(batch.count).toBeLessThan(25 + 10);
    expect(batch.swept).toBeLessThan(steps);
    const prefix = sweep(data, [1, 0], new Float64Array(steps), none, { maxPerMerge: Infinity, maxTotal: 0, tolerance: 1e-6, limit: 30 });
    expect(prefix.swept).toBe(30);
    expect(Array.from(prefix.merge.subarray(0, prefix.count))).toEqual(Array.from(all.merge.subarray(0, all.count)).filter((k) => k < 30));
  });
});

describe('solveMixture', () => {
  it('recovers a 3-category mixture exactly when the samples are the training data', async () => {
    const { data, trueShare } = mixtureInstance([A, B, C], [3, 7, 5], [A, B, C], 1500);
    const sol = solveMixture(data, await glpkEngine());
    for (let i = 0; i < 3; i++) expect(Math.abs(sol.share[i] - trueShare[i])).toBeLessThan(1e-6);
    expect(sol.objective).toBeLessThan(1e-6);
    expect(sol.maxViolation).toBeLessThan(1e-6);
    expect(sol.rounds).toBeGreaterThan(0);
    expect(sol.alpha.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('recovers two categories with disjoint alphabets within 1e-3 from separate samples', async () => {
    // Train on one draw of each language, attack with another draw: sampling noise (±20% per word), no shift.
    const trainA = syntheticCategory('abcdefghijklm', 21, 6000, 1), sampleA = syntheticCategory('abcdefghijklm', 21, 6000, 2);
    const trainB = syntheticCategory('nopqrstuvwxyz', 22, 6000, 3), sampleB = syntheticCategory('nopqrstuvwxyz', 22, 6000, 4);
    const { data, trueShare } = mixtureInstance([trainA, trainB], [2, 5], [sampleA, sampleB], 1000);
    const sol = solveMixture(data, await glpkEngine());
    expect(Math.abs(sol.share[0] - trueShare[0])).toBeLessThan(1e-3);
    expect(sol.settings.dropAfter).toBe(3); // glpk.js re-solves from scratch: it drops later
    // Dropping every slack constraint after one round (HiGHS's default) cycled on this degenerate LP (thousands of
    // rounds) until a constraint that keeps coming back was kept (MAX_DROPS).
    const highs = solveMixture(data, await highsEngine());
    expect(highs.settings.dropAfter).toBe(1);
    expect(highs.rounds).toBeLessThan(100);
    expect(Math.abs(highs.share[0] - sol.share[0])).toBeLessThan(1e-6);
  });

  it('gives a category trained alone a share of at least 0.99', async () => {
    const { data } = mixtureInstance([A, B, C], [1, 0, 0], [A, B, C], 800);
    const sol = solveMixture(data, await glpkEngine());
    expect(sol.share[0]).toBeGreaterThanOrEqual(0.99);
  });

  it('is deterministic', async () => {
    const engine = await glpkEngine();
    const run = () => {
      const { data } = mixtureInstance([A, B, C], [2, 1, 4], [C, B, A], 600);
      const s = solveMixture(data, engine);
      return { alpha: Array.from(s.alpha), rounds: s.rounds, constraints: s.constraints, v: Array.from(s.mergeSlack.value) };
    };
    expect(run()).toEqual(run());
  });

  it('explains merges the samples cannot with merge slack, and reports progress', async () => {
    // Sample C was not in the training mix and A was: with only B and C as candidates, slack must absorb A's merges.
    const { data } = mixtureInstance([A, B], [1, 1], [B, C], 300);
    const rounds: number[] = [];
    const sol = solveMixture(data, await glpkEngine(), { onProgress: (p) => rounds.push(p.round) });
    expect(sol.objective).toBeGreaterThan(0);
    expect(sol.mergeSlack.merge.length + sol.pairSlack.value.length).toBeGreaterThan(0);
    expect(rounds[rounds.length - 1]).toBe(sol.rounds);
  });

  it('gives the same solution with glpk.js (from scratch each round) and HiGHS (incremental)', async () => {
    const instances = [mixtureInstance([A, B, C], [3, 7, 5], [A, B, C], 800), mixtureInstance([A, B], [1, 1], [B, C], 200)];
    for (const { data } of instances) {
      const glpk = solveMixture(data, await glpkEngine());
      const highs = solveMixture(data, await highsEngine());
      expect(highs.engine).toMatch(/^HiGHS/);
      expect(Math.abs(highs.objective - glpk.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, glpk.objective));
      for (let i = 0; i < data.categories; i++) expect(Math.abs(highs.share[i] - glpk.share[i])).toBeLessThan(1e-6);
    }
  });

  it('turns a WebAssembly abort inside HiGHS into a SolverError that says why, and loads HiGHS afresh afterwards', async () => {
    const engine = await highsEngine();
    // An LP whose first read of its size fails the way a dead WebAssembly module does.
    let reads = 0;
    const lp = { categories: 2, rowMerge: new Int32Array(0), rowPair: new Int32Array(0), rowCoef: new Float64Array(0), deleted: [],
      get rows(): number { if (reads++ === 0) throw new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.'); return 0; } };
    const failure = (() => { try { engine.solve(lp); } catch (e) { return e; } })();
    expect(failure).toBeInstanceOf(SolverError);
    expect((failure as Error).message).toMatch(/^HiGHS stopped on the LP of 0 constraints \(Aborted\(\)\): most likely it ran out of memory/);
    expect(wasmFailure(new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS.'), 630_607).message).toMatch(/^HiGHS stopped on the LP of 630,607 constraints \(Aborted\(\)\)/);
    const { data } = mixtureInstance([A, B], [1, 1], [A, B], 200);
    expect(solveMixture(data, await highsEngine()).objective).toBeCloseTo(solveMixture(data, await glpkEngine()).objective, 6);
  });

  it('drops constraints that stay slack, and reaches the same optimum with a smaller LP', async () => {
    const { data } = mixtureInstance([A, B], [1, 1], [B, C], 300);
    for (const engine of [await glpkEngine(), await highsEngine()]) {
      const kept = solveMixture(data, engine, { dropAfter: 0 });
      for (const dropped of [solveMixture(data, engine), solveMixture(data, engine, { dropAfter: 2 })]) { // the default drops after 1
        expect(dropped.constraints).toBeLessThan(kept.constraints);
        expect(Math.abs(dropped.objective - kept.objective)).toBeLessThanOrEqual(1e-6 * kept.objective);
        expect(dropped.maxViolation).toBeLessThan(1e-6);
        for (let i = 0; i < data.categories; i++) expect(Math.abs(dropped.share[i] - kept.share[i])).toBeLessThan(1e-6);
      }
    }
  });

  it('reaches the same optimum sweeping a growing prefix of the merges first, the gap 0 only once all are swept', async () => {
    const { data } = noisyInstance();
    const steps = data.end - data.start;
    for (const engine of [await glpkEngine(), await highsEngine()]) {
      const whole = solveMixture(data, engine);
      const progress: SolveProgress[] = [];
      const staged = solveMixture(data, engine, { prefix: 40, onProgress: (p) => progress.push(p) });
      expect(Math.abs(staged.objective - whole.objective)).toBeLessThanOrEqual(1e-6 * whole.objective);
      expect(staged.maxViolation).toBeLessThan(1e-6);
      expect(staged.gap).toBe(0);
      // The stages: 40, 80, 160, ... merges, each swept until clean before the next.
      expect(progress[0].swept).toBe(40);
      expect(progress.map((p) => p.swept)).toContain(80);
      expect(progress.at(-1)!.swept).toBe(steps);
      for (const p of progress) if (p.swept < steps) expect(p.gap).toBeGreaterThan(0);
    }
  });

  it('brackets the optimum every round, and ends with a zero gap when solved exactly', async () => {
    const { data } = noisyInstance();
    const progress: SolveProgress[] = [];
    const exact = solveMixture(data, await highsEngine(), { onProgress: (p) => progress.push(p) });
    expect(exact.rounds).toBeGreaterThan(2);
    expect(exact.objective).toBeGreaterThan(0);
    const slack = 1e-9 * exact.objective;
    for (const [r, p] of progress.entries()) {
      expect(p.lowerBound).toBeLessThanOrEqual(exact.objective + slack);
      expect(p.upperBound).toBeGreaterThanOrEqual(exact.objective - slack);
      if (r > 0) {
        expect(p.lowerBound).toBeGreaterThanOrEqual(progress[r - 1].lowerBound);
        expect(p.upperBound).toBeLessThanOrEqual(progress[r - 1].upperBound);
      }
    }
    expect(progress[0].gap).toBe(1); // no LP solved yet: nothing is proven
    expect(progress[progress.length - 1].gap).toBe(0);
    expect(exact.gap).toBe(0);
    expect(exact.lowerBound).toBeCloseTo(exact.objective, 6);

    // Sweeps cut short by a batch size see only some merges: they prove no upper bound.
    const batched: SolveProgress[] = [];
    const viaBatches = solveMixture(data, await highsEngine(), { batch: 25, onProgress: (p) => batched.push(p) });
    expect(viaBatches.objective).toBeCloseTo(exact.objective, 6);
    const steps = data.end - data.start;
    expect(batched.some((p) => p.swept < steps)).toBe(true);
    for (const p of batched) {
      expect(p.gap).toBeGreaterThanOrEqual(0);
      expect(p.gap).toBeLessThanOrEqual(1);
      expect(p.upperBound).toBeGreaterThanOrEqual(exact.objective - slack);
      expect(p.lowerBound).toBeLessThanOrEqual(exact.objective + slack);
    }
  });

  it('stops at a requested gap with a solution that breaks no constraint and is proven that close', async () => {
    const { data } = noisyInstance();
    const engine = await highsEngine();
    const exact = solveMixture(data, engine);
    const early = solveMixture(data, engine, { gapTolerance: 0.2 });
    expect(early.rounds).toBeLessThan(exact.rounds);
    expect(early.gap).toBeGreaterThan(0);
    expect(early.gap).toBeLessThanOrEqual(0.2);
    expect(early.settings.gapTolerance).toBe(0.2);
    // The bounds hold against the exact optimum.
    expect(early.lowerBound).toBeLessThanOrEqual(exact.objective * (1 + 1e-9));
    expect(early.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-9));
    expect((early.objective - early.lowerBound) / early.objective).toBeCloseTo(early.gap, 9);
    expect(early.engineFailure).toBeNull();
    expectFeasible(data, early);
    expect(() => solveMixture(data, engine, { gapTolerance: 1 })).toThrow(RangeError);
  });

  it('keeps the best feasible solution when the LP engine fails on the way, and says why', async () => {
    const { data } = noisyInstance();
    const highs = await highsEngine();
    const exact = solveMixture(data, highs);
    expect(exact.rounds).toBeGreaterThan(3);
    let calls = 0;
    const failing: LpEngine = {
      name: 'failing',
      solve(lp) {
        if (++calls === 3) throw new SolverError('out of memory at round 3');
        return highs.solve(lp);
      },
    };
    const kept = solveMixture(data, failing);
    expect(kept.engineFailure).toBe('out of memory at round 3');
    expect(kept.rounds).toBe(2);
    expect(kept.gap).toBeGreaterThan(0);
    expect(kept.lowerBound).toBeLessThanOrEqual(exact.objective * (1 + 1e-9));
    expect(kept.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-9));
    expect(kept.alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expectFeasible(data, kept);
    // A failure before any feasible solution, or an error that is not the engine's, is thrown as it is.
    const broken: LpEngine = { name: 'broken', solve() { throw new TypeError('a bug'); } };
    expect(() => solveMixture(data, broken)).toThrow(TypeError);
    expect(() => solveMixture(data, { name: 'dead', solve() { throw new SolverError('dead'); } }, { batch: 5 })).toThrow('dead');
  });

  it('stops when cancelled', async () => {
    const { data } = mixtureInstance([A, B], [1, 1], [A, B], 300);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    expect(() => solveMixture(data, { name: 'never', solve: () => { throw new Error('not reached'); } }, { signal: controller.signal })).toThrow('cancelled by the user');
  });
});

describe('solveMixture, matching method', () => {
  it('reaches the lazy method\'s optimum with either engine, with slacks that break no constraint and a gap within 1e-6', async () => {
    for (const [data, engine] of [[noisyInstance().data, await highsEngine()], [noisyInstance().data, await glpkEngine()], [mixtureInstance([A, B, C], [3, 7, 5], [A, B, C], 1500).data, await highsEngine()]] as const) {
      const lazy = solveMixture(data, engine);
      const matching = solveMixture(data, engine, { method: 'matching' });
      expect(matching.settings.method).toBe('matching');
      expect(Math.abs(matching.objective - lazy.objective)).toBeLessThanOrEqual(1e-6 * Math.max(1, lazy.objective));
      expect(matching.gap).toBeLessThanOrEqual(1e-6);
      expect(matching.lowerBound).toBeLessThanOrEqual(lazy.objective * (1 + 1e-9) + 1e-12);
      expect(matching.maxViolation).toBeLessThan(1e-6);
      expectFeasible(data, matching);
    }
  });

  it('hands a problem whose merges are beaten by too many pairs to match to the lazy method', async () => {
    // Trained on A and B, attacked with B and C: most merges are A's, and every pair of C beats them.
    const { data } = mixtureInstance([A, B], [1, 1], [B, C], 300);
    const engine = await highsEngine();
    const lazy = solveMixture(data, engine);
    const handed = solveMixture(data, engine, { method: 'matching' });
    expect(handed.settings.method).toBe('lazy');
    expect(handed.objective).toBe(lazy.objective);
    expect(Array.from(handed.share)).toEqual(Array.from(lazy.share));
  });

  it('brackets the optimum every round and stops at a requested gap', async () => {
    const { data } = noisyInstance();
    const engine = await highsEngine();
    const exact = solveMixture(data, engine).objective;
    const progress: SolveProgress[] = [];
    solveMixture(data, engine, { method: 'matching', onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(2);
    for (const p of progress) {
      expect(p.lowerBound).toBeLessThanOrEqual(exact * (1 + 1e-9));
      expect(p.upperBound).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
    }
    expect(progress.at(-1)!.violations).toBe(0);
    const early = solveMixture(data, engine, { method: 'matching', gapTolerance: 0.5 });
    expect(early.gap).toBeLessThanOrEqual(0.5);
    expect(early.objective).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
    expectFeasible(data, early);
  });

  it('keeps the best solution of an exact round when the LP engine fails later, and says why', async () => {
    const { data } = noisyInstance();
    const highs = await highsEngine();
    const exact = solveMixture(data, highs, { method: 'matching' });
    let calls = 0;
    const failing: LpEngine = { name: 'failing', solve(lp) { if (++calls === exact.rounds) throw new SolverError('out of memory'); return highs.solve(lp); } };
    const kept = solveMixture(data, failing, { method: 'matching' });
    expect(kept.engineFailure).toBe('out of memory');
    expect(kept.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-9));
    expectFeasible(data, kept);
    // Before any exact round there is nothing to keep: the failure is thrown.
    expect(() => solveMixture(data, { name: 'dead', solve() { throw new SolverError('dead'); } }, { method: 'matching' })).toThrow('dead');
  });

  it('gives the constraints a sweep finds the coefficients the sweep gives them', () => {
    const { data } = noisyInstance();
    const steps = data.end - data.start;
    const found = sweep(data, [0.2, 0.5, 0.3], new Float64Array(steps), new Float64Array(data.pairs), { maxPerMerge: 4, maxTotal: 0, tolerance: 1e-6 });
    expect(found.count).toBeGreaterThan(20);
    expect(Array.from(constraintCoefficients(data, found.merge, found.pair))).toEqual(Array.from(found.coefficients));
    const lean = sweep(data, [0.2, 0.5, 0.3], new Float64Array(steps), new Float64Array(data.pairs), { maxPerMerge: 4, maxTotal: 0, tolerance: 1e-6, withoutCoefficients: true });
    expect(Array.from(lean.amount)).toEqual(Array.from(found.amount));
    expect(lean.coefficients.length).toBe(0);
  });
});

/** The solution breaks no constraint of the whole LP: an uncapped sweep with its weights and slacks finds nothing. */
function expectFeasible(data: MixtureData, solution: MixtureSolution): void {
  const steps = data.end - data.start;
  const v = new Float64Array(steps), u = new Float64Array(data.pairs);
  solution.mergeSlack.merge.forEach((m, j) => { v[m - data.start] = solution.mergeSlack.value[j]; });
  const pairIndex = new Map(Array.from(data.pairLeftIds, (l, p) => [`${l},${data.pairRightIds[p]}`, p] as const));
  solution.pairSlack.value.forEach((x, j) => { u[pairIndex.get(`${solution.pairSlack.left[j]},${solution.pairSlack.right[j]}`)!] = x; });
  let objective = 0;
  v.forEach((x) => { objective += x; });
  u.forEach((x) => { objective += x; });
  expect(objective).toBeCloseTo(solution.objective, 6);
  expect(sweep(data, solution.alpha, v, u, { maxPerMerge: Infinity, maxTotal: 0, tolerance: 1e-6 }).count).toBe(0);
}

describe('prepareMixture errors', () => {
  it('names an empty category, a bad range and too few replayed merges', () => {
    const { data } = mixtureInstance([A], [1], [A], 50);
    const tr = { stride: 2, pairKeys: new Float64Array(0), initialCounts: new Float64Array(0), stepOffsets: new Uint32Array(51), changePair: new Uint32Array(0), changeCount: new Float64Array(0), merges: 50, bytes: 0, distinctWords: 0, totalWords: 0, totalPairs: 0 };
    const merges = { left: new Int32Array(50), right: new Int32Array(50) };
    expect(() => prepareMixture([tr], merges, 0, 50)).toThrow(/category 1 has no pairs/);
    expect(() => prepareMixture([{ ...tr, totalPairs: 1 }], merges, 10, 80)).toThrow(/replayed over 50 merges/);
    expect(() => prepareMixture([{ ...tr, totalPairs: 1 }], merges, 30, 20)).toThrow(/merge range 30..20/);
    expect(data.pairs).toBeGreaterThan(0);
  });
});
