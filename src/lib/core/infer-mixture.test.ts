import { describe, expect, it } from 'vitest';
import { inferMixture, mergeRange } from './infer-mixture.ts';
import { glpkEngine } from './lp-glpk.ts';
import { SUPPORT_MIN_COUNT, type SampleSupport } from './sample-support.ts';
import { trainBpe } from './train.ts';
import { syntheticCategory, toWordCounts } from '../../test-support/synthetic.ts';
import { addWordCounts } from './word-counts-sum.ts';

describe('mergeRange', () => {
  it('defaults to the first 30,000 merges and checks the bounds', () => {
    expect(mergeRange(100_000)).toEqual({ start: 0, end: 30_000 });
    expect(mergeRange(500)).toEqual({ start: 0, end: 500 });
    expect(mergeRange(100_000, { start: 50_000 })).toEqual({ start: 50_000, end: 80_000 });
    expect(() => mergeRange(100, { start: 50, end: 50 })).toThrow(/empty or backwards/);
    expect(() => mergeRange(100, { end: 101 })).toThrow(/goes past the 100 merges/);
    expect(() => mergeRange(0)).toThrow(/no merges/);
  });

  it('says a start past the list is the problem, not a backwards range the user never typed ("--range 60000.." on GPT-2)', () => {
    expect(() => mergeRange(50_000, { start: 60_000 })).toThrow("merge 60000 is past the end of the tokenizer's 50000 merges (numbered from 0): start below 50000");
    expect(() => mergeRange(50_000, { start: 50_000 })).toThrow(/^merge 50000 is past the end/);
  });
});

describe('inferMixture', () => {
  const a = toWordCounts(syntheticCategory('abcdefghijklm', 1)), b = toWordCounts(syntheticCategory('nopqrstuvwxyz', 2));
  const trained = trainBpe(addWordCounts([a, b, b]), { merges: 300 });
  const tokenizer = { tokenToId: new Map(trained.vocab.map((t, i) => [t, i] as const)), byteFallback: false, mergeLeft: trained.mergeLeft, mergeRight: trained.mergeRight, mergeResult: trained.mergeResult };

  it('replays, solves and reports per category, over a merge range', async () => {
    const r = inferMixture(tokenizer, [{ name: 'a', words: a }, { name: 'b', words: b }], await glpkEngine(), { range: mergeRange(300, { start: 100, end: 300 }) });
    expect(Math.abs(r.solution.share[0] - a.bytes / (a.bytes + 2 * b.bytes))).toBeLessThan(1e-6);
    expect(r.categories.map((c) => [c.name, c.bytes])).toEqual([['a', a.bytes], ['b', b.bytes]]);
    expect(r.solution.settings).toMatchObject({ start: 100, end: 300 });
    expect(r.trajectories[0].merges).toBe(300);
  });

  it('counts merges no sample holds, and refuses samples that hold none', async () => {
    const engine = await glpkEngine();
    const c = toWordCounts(syntheticCategory('nopqrstuvwxyz', 3));
    const r = inferMixture(tokenizer, [{ name: 'a', words: a }, { name: 'b', words: b }], engine);
    expect(r.absentMerges).toBe(0); // the training categories themselves hold every merge
    // Trained on a's letters only, attacked with two samples over other letters: no merge occurs anywhere.
    const onlyA = trainBpe(a, { merges: 50 });
    const alien = { tokenToId: new Map([...onlyA.vocab, ...'nopqrstuvwxyz'].map((t, i) => [t, i] as const)), byteFallback: false, mergeLeft: onlyA.mergeLeft, mergeRight: onlyA.mergeRight, mergeResult: onlyA.mergeResult };
    expect(() => inferMixture(alien, [{ name: 'b', words: b }, { name: 'c', words: c }], engine)).toThrow(/none of merges 0\.\.50 occurs in any sample/);
    const some = inferMixture(alien, [{ name: 'a', words: toWordCounts(syntheticCategory('abc', 4, 50)) }, { name: 'c', words: c }], await glpkEngine());
    expect(some.absentMerges).toBeGreaterThan(0);
    expect(some.absentMerges).toBeLessThan(50);
  });

  it('says before the solve how far the samples support the merges: fewer with smaller samples', async () => {
    const engine = await glpkEngine();
    const seen: SampleSupport[] = [];
    let solving = false;
    const run = (x: typeof a, y: typeof b) => inferMixture(tokenizer, [{ name: 'a', words: x }, { name: 'b', words: y }], engine, {
      onReplayed: ({ support }) => { expect(solving).toBe(false); seen.push(support); },
      solve: { onProgress: () => { solving = true; } },
    });
    const full = run(a, b);
    expect(seen[0]).toEqual(full.support);
    expect(full.support).toMatchObject({ analysed: 300, minCount: SUPPORT_MIN_COUNT });
    // The same merges against a tenth of the words, each half as often (a twentieth of the text): less support.
    solving = false;
    const thin = (m: Map<string, number>) => toWordCounts(new Map([...m].filter((_, i) => i % 10 === 0).map(([w, n]) => [w, Math.max(1, Math.round(n / 2))])));
    const small = run(thin(syntheticCategory('abcdefghijklm', 1)), thin(syntheticCategory('nopqrstuvwxyz', 2)));
    expect(small.support.supported).toBeLessThan(full.support.supported);
    expect(small.support.lastMedian).toBeLessThan(full.support.lastMedian);
  });

  it('refuses one category, a repeated name, an empty one, and one with no pairs', async () => {
    const engine = await glpkEngine();
    const empty = { ...a, words: [], counts: new Float64Array(0), bytes: 0 };
    const single = toWordCounts(new Map([['a', 5], ['b', 3]]));
    expect(() => inferMixture(tokenizer, [{ name: 'a', words: a }], engine)).toThrow(/at least two categories, got 1/);
    expect(() => inferMixture(tokenizer, [{ name: 'a', words: a }, { name: 'a', words: b }], engine)).toThrow(/"a" is given twice/);
    expect(() => inferMixture(tokenizer, [{ name: 'a', words: a }, { name: 'e', words: empty }], engine)).toThrow(/category "e" has no text/);
    expect(() => inferMixture(tokenizer, [{ name: 'a', words: a }, { name: 's', words: single }], engine)).toThrow(/category "s" has no pair of symbols/);
    // Text the tokenizer has no symbols for: the message says which characters were dropped.
    const foreign = toWordCounts(new Map([['中文', 4], ['文', 1]]));
    expect(() => inferMixture(tokenizer, [{ name: 'a', words: a }, { name: 'zh', words: foreign }], engine)).toThrow(
      /^category "zh" has no pair of symbols to merge: its \d+ bytes hold no word longer than one symbol the tokenizer knows; 9 characters have no token in the tokenizer and were dropped \(e\.g\. "文" "中"\)$/);
  });
});
