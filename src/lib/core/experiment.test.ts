import { describe, expect, it } from 'vitest';
import {
  countExperimentPart, experimentBaselines, maxTrainingBytes, normaliseWeights, parseWeights, planTrainingBudgets, replaySample, runExperiment, sampleAlphabet,
  scoreExperiment, teeCounts, trainingBudgets, trainMixtureTokenizer, trueShares, withSampleAlphabet,
} from './experiment.ts';
import { solveTrajectories } from './mixture-result.ts';
import { PRESET_PRETOKENIZERS } from './presets.ts';
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

describe('the experiment step by step, as the playground runs it in workers', () => {
  it('gives exactly what runExperiment gives', async () => {
    const engine = await glpkEngine();
    const names = ['a', 'b', 'c'], train = [A, B, C], samples = [C, B, A];
    const whole = runExperiment({ names, train, samples, merges: 150, seed: 4, engine });

    const progress: number[] = [];
    const tok = trainMixtureTokenizer(train, samples.map(sampleAlphabet), { merges: 150, onProgress: (m) => progress.push(m) });
    expect(progress.at(-1)).toBe(150);
    const made = tok.mergeLeft.length;
    const trajectories = samples.map((s, i) => replaySample(tok, names[i], s));
    const solution = solveTrajectories(names.map((name, i) => ({ name, trajectory: trajectories[i] })), { left: tok.mergeLeft, right: tok.mergeRight }, made, engine);
    const tee = trajectories.map((tr, i) => teeCounts(tr, samples[i], made));
    const baselines = experimentBaselines({ seed: 4, tee, trajectories, tokenizer: tok });
    const truth = trueShares(train.map((w) => w.bytes));

    expect(Array.from(solution.share)).toEqual(Array.from(whole.estimate));
    expect(Array.from(truth)).toEqual(Array.from(whole.truth));
    for (const b of ['random', 'uniform', 'tee', 'tc'] as const) expect(Array.from(baselines[b])).toEqual(Array.from(whole.baselines[b]));
    expect(scoreExperiment(truth, solution.share, baselines)).toEqual(whole.error);
  });

  it('refuses an empty mixture and a sample with nothing to merge', () => {
    const empty = { ...A, words: [], counts: new Float64Array(0), bytes: 0 };
    expect(() => trainMixtureTokenizer([empty, empty], [], { merges: 10 })).toThrow(/training mixture is empty/);
    expect(() => trueShares([0, 0])).toThrow(/training mixture is empty/);
    const tok = trainMixtureTokenizer([A], [], { merges: 10 });
    expect(() => replaySample(tok, 'dots', toWordCounts(new Map([['.', 5]])))).toThrow(/category "dots" has no pair/);
  });

  it('lists a sample\'s characters in order of first appearance', () => {
    expect(sampleAlphabet(toWordCounts(new Map([['ca', 1], ['a😀', 2]])))).toEqual(['c', 'a', '😀']);
  });
});

describe('weights from sliders, and budgets the train parts can hold', () => {
  it('normalises slider positions and refuses all zeros', () => {
    expect(Array.from(normaliseWeights([50, 25, 25]))).toEqual([0.5, 0.25, 0.25]);
    expect(Array.from(normaliseWeights([0, 3]))).toEqual([0, 1]);
    expect(() => normaliseWeights([0, 0])).toThrow(/^Every weight is zero/);
    expect(() => normaliseWeights([1, -1])).toThrow(/non-negative/);
  });

  it('names the category that runs short and the largest total that fits', () => {
    expect(planTrainingBudgets(['English', 'French'], [0.5, 0.5], 1000, [600, 600])).toEqual([500, 500]);
    expect(() => planTrainingBudgets(['English', 'French'], [0.9, 0.1], 2_000_000, [1_700_466, 1_800_124]))
      .toThrow('English needs 1,800,000 bytes of training text (weight 90.0% of 2,000,000 bytes) but its train part has 1,700,466 bytes: lower the training text to at most 1,889,407 bytes in all');
  });
});

describe('countExperimentPart', () => {
  const text = 'hello world\nhello again\n';
  const chunks = () => (async function* () { yield new TextEncoder().encode(text); })();

  it('counts words up to the last line that fits the budget, with the preset pipeline', async () => {
    const gpt2 = PRESET_PRETOKENIZERS.gpt2;
    const all = await countExperimentPart(chunks, gpt2, 1000);
    expect(all.bytes).toBe(text.length);
    expect(all.words.slice(0, 3)).toEqual(['hello', 'Ġworld', 'Ċ']);
    const first = await countExperimentPart(chunks, gpt2, 15);
    expect(first.bytes).toBe(12);
  });

  it('reads nothing for a budget of 0 (a category weighted 0)', async () => {
    let opened = false;
    const wc = await countExperimentPart(() => { opened = true; return chunks(); }, { normalizer: null, preTokenizer: null }, 0);
    expect(opened).toBe(false);
    expect(wc.bytes).toBe(0);
    expect(wc.words).toEqual([]);
  });
});
