import { describe, expect, it } from 'vitest';
import { prepareMixture } from './mixture-data.ts';
import { replayMerges } from './replay.ts';
import { solveMixture } from './solve-mixture.ts';
import { highsEngine } from './lp-highs.ts';
import { trainBpe } from './train.ts';
import { tokenizerWordTable } from './word-table.ts';
import { syntheticCategory, toWordCounts } from '../../test-support/synthetic.ts';

describe('prepareMixture over trajectories replayed further than the analysed range', () => {
  // Three overlapping "languages", a tokenizer of 400 merges trained on their mixture, each sample replayed over
  // all 400 merges (long) and over the first 150 only (short, as a fresh run would).
  const train = [syntheticCategory('abcdefg', 1), syntheticCategory('defghij', 2), syntheticCategory('aeiouxyz', 3)];
  const samples = [syntheticCategory('abcdefg', 1, 3000, 11), syntheticCategory('defghij', 2, 3000, 12), syntheticCategory('aeiouxyz', 3, 3000, 13)];
  const mix = new Map<string, number>();
  train.forEach((c, i) => c.forEach((n, w) => mix.set(w, (mix.get(w) ?? 0) + (i + 1) * n)));
  const trained = trainBpe(toWordCounts(mix), { merges: 400 });
  const tokenToId = new Map(trained.vocab.map((t, i) => [t, i] as const));
  const replay = (end: number) => samples.map((s) => {
    const wc = toWordCounts(s);
    const cols = { left: trained.mergeLeft.subarray(0, end), right: trained.mergeRight.subarray(0, end), result: trained.mergeResult.subarray(0, end) };
    return replayMerges(tokenizerWordTable(wc, { tokenToId, byteFallback: false }).table, cols, { bytes: wc.bytes });
  });
  const long = replay(400), short = replay(150);
  const merges = { left: trained.mergeLeft, right: trained.mergeRight };

  it('gives exactly the data of trajectories replayed to the end of the range', () => {
    // The long replays met pairs the short ones never did (tokens made by merges 150..399), and encode pairs with a
    // wider stride: neither may show in the data.
    expect(long[0].pairKeys.length).toBeGreaterThan(short[0].pairKeys.length);
    expect(long[0].stride).toBeGreaterThanOrEqual(short[0].stride);
    for (const start of [0, 60]) expect(prepareMixture(long, merges, start, 150)).toEqual(prepareMixture(short, merges, start, 150));
  });

  it('so the solver gives the same answer from either', async () => {
    const a = solveMixture(prepareMixture(long, merges, 0, 150), await highsEngine());
    const b = solveMixture(prepareMixture(short, merges, 0, 150), await highsEngine());
    expect(Array.from(a.alpha)).toEqual(Array.from(b.alpha));
    expect(a.objective).toBe(b.objective);
    expect(a.rounds).toBe(b.rounds);
  });
});
