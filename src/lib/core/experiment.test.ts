import { describe, expect, it } from 'vitest';
import { maxTrainingBytes, parseWeights, runExperiment, trainingBudgets, withSampleAlphabet } from './experiment.ts';
import { glpkEngine } from './lp-glpk.ts';
import { syntheticCategory, toWordCounts } from '../../test-support/synthetic.ts';

const A = toWordCounts(syntheticCategory('abcdefghijklm', 1));
const B = toWordCounts(syntheticCategory('nopqrstuvwxyz', 2));
const C = toWordCounts(syntheticCategory('abcdefnopqrs', 3));

describe('runExperiment', () => {
  it('recovers the truth when the samples are the training text, and scores every baseline', async () => {
    const r = runExperiment({ names: ['a', 'b', 'c'], train: [A, B, C], samples: [A, B, C], merges: 400, seed: 5, engine: await glpkEngine() });
    const total = A.bytes + B.bytes + C.bytes;
    expect(Array.from(r.truth)).toEqual([A.bytes / total, B.bytes / total, C.bytes / total]);
    for (let i = 0; i < 3; i++) expect(Math.abs(r.estimate[i] - r.truth[i])).toBeLessThan(1e-6);
    expect(r.error.ours).toBeLessThan(-10);
    expect(r.merges).toBe(400);
    for (const b of ['random', 'uniform', 'tee', 'tc'] as const) {
      expect(r.baselines[b].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      expect(r.error[b]).toBeGreaterThan(r.error.ours);
    }
  });

  it('gives TEE and TC most weight to the only trained category', async () => {
    const empty = { ...A, words: [], counts: new Float64Array(0), bytes: 0 };
    const r = runExperiment({ names: ['a', 'b'], train: [A, empty], samples: [A, B], merges: 200, seed: 1, engine: await glpkEngine() });
    expect(Array.from(r.truth)).toEqual([1, 0]);
    expect(r.estimate[0]).toBeGreaterThan(0.99);
    expect(r.baselines.tc[0]).toBeGreaterThan(0.95); // B's letters never merge
    expect(r.baselines.tee[0]).toBeGreaterThan(0.95);
  });

  it('is deterministic, random baseline included', async () => {
    const engine = await glpkEngine();
    const run = () => {
      const r = runExperiment({ names: ['a', 'b', 'c'], train: [A, B, B], samples: [C, B, A], merges: 150, seed: 9, engine });
      return { estimate: Array.from(r.estimate), baselines: Object.values(r.baselines).map((x) => Array.from(x)), rounds: r.inference.solution.rounds };
    };
    expect(run()).toEqual(run());
  });
});

describe('weights and budgets', () => {
  it('parses lists and random draws, and refuses the rest', () => {
    expect(Array.from(parseWeights('3,1', 2, 0))).toEqual([0.75, 0.25]);
    expect(Array.from(parseWeights('random', 3, 7))).toEqual(Array.from(parseWeights('random', 3, 7)));
    expect(() => parseWeights('1,2', 3, 0)).toThrow(/3 non-negative numbers/);
    expect(() => parseWeights('1,-2', 2, 0)).toThrow(/non-negative/);
    expect(() => parseWeights('0,0', 2, 0)).toThrow(/all zero/);
    expect(trainingBudgets([0.5, 0.25, 0.25], 1000)).toEqual([500, 250, 250]);
    expect(maxTrainingBytes([0.5, 0.25, 0.25], [1000, 1000, 200])).toBe(801);
    expect(maxTrainingBytes([1, 0], [300, 5])).toBe(300);
    const w = parseWeights('random', 5, 3), parts = [1_700_466, 1_800_105, 1_800_124, 1_602_407, 1_713_000];
    const most = maxTrainingBytes(w, parts);
    expect(trainingBudgets(w, most).every((b, i) => b <= parts[i])).toBe(true);
    expect(trainingBudgets(w, most + 1).some((b, i) => b > parts[i])).toBe(true);
  });

  it('extends the trained vocabulary with the characters of the samples', () => {
    const map = withSampleAlphabet(['a', 'b', 'ab'], [toWordCounts(new Map([['ca', 1], ['a😀', 2]]))]);
    expect([...map]).toEqual([['a', 0], ['b', 1], ['ab', 2], ['c', 3], ['😀', 4]]);
  });
});
