import { describe, expect, it } from 'vitest';
import { checkRunSettings, stopGapTolerance } from './run-settings.ts';
import { mergesNamed } from '../core/words.ts';

describe('checkRunSettings', () => {
  it('passes a range within the list', () => {
    expect(checkRunSettings({ start: 100, end: 400, budget: 5000 }, 1000)).toEqual({ ok: true, start: 100, end: 400, budget: 5000, notice: null, gapTolerance: 0 });
  });

  it('reads a stop gap in percent as a fraction: empty is 0, 100 or more and negatives are out of range', () => {
    expect(stopGapTolerance(20)).toBe(0.2);
    expect(stopGapTolerance(null)).toBe(0);
    expect(stopGapTolerance(undefined)).toBe(0);
    for (const bad of [100, -1, Number.NaN]) expect(stopGapTolerance(bad)).toBeNull();
  });

  it('turns the stop gap from percent into the solver\'s fraction, and refuses one outside 0 to 100', () => {
    expect(checkRunSettings({ start: 0, end: 400, budget: 5000, stopGapPercent: 20 }, 1000)).toMatchObject({ ok: true, gapTolerance: 0.2 });
    expect(checkRunSettings({ start: 0, end: 400, budget: 5000, stopGapPercent: null }, 1000)).toMatchObject({ ok: true, gapTolerance: 0 });
    for (const bad of [100, -1, Number.NaN]) {
      expect(checkRunSettings({ start: 0, end: 400, budget: 5000, stopGapPercent: bad }, 1000)).toEqual({ ok: false, error: 'The stop gap must be a percentage from 0 (solve exactly) up to, not including, 100.' });
    }
  });

  it('cuts a range that goes past the list at its end, and says so', () => {
    const r = checkRunSettings({ start: 0, end: 60_000, budget: 5000 }, 50_000);
    expect(r).toMatchObject({ ok: true, start: 0, end: 50_000 });
    expect(r.ok && r.notice).toBe('This tokenizer has 50,000 merges, not 60,000: the first 50,000 merges are analysed.');
    const one = checkRunSettings({ start: 49_999, end: 60_000, budget: 300_000 }, 50_000);
    expect(one.ok && one.notice).toBe('This tokenizer has 50,000 merges, not 60,000: merge 49,999 is analysed.');
  });

  it('refuses what the CLI refuses: an empty or backwards range, a start past the list, a bad budget', () => {
    expect(checkRunSettings({ start: 300, end: 200, budget: 5000 }, 1000)).toEqual({ ok: false, error: expect.stringMatching(/300\.\.200 is empty or backwards/) });
    // A start past the list is the thing to change, not the end (the advice to end B at 1,000 would give A > B).
    expect(checkRunSettings({ start: 1200, end: 1500, budget: 5000 }, 1000)).toEqual({ ok: false, error: 'Merge A (1,200) goes past the 1,000 merges of this tokenizer: start below 1,000 (merges are numbered from 0).' });
    expect(checkRunSettings({ start: 1000, end: 1500, budget: 5000 }, 1000)).toMatchObject({ ok: false, error: expect.stringMatching(/^Merge A \(1,000\) goes past/) });
    expect(checkRunSettings({ start: null, end: 100, budget: 5000 }, 1000)).toEqual({ ok: false, error: expect.stringMatching(/two whole numbers/) });
    expect(checkRunSettings({ start: 0, end: 100, budget: 10 }, 1000)).toEqual({ ok: false, error: expect.stringMatching(/at least 1,000/) });
    expect(checkRunSettings({ start: 0.5, end: 100, budget: 5000 }, 1000).ok).toBe(false);
  });
});

describe('mergesNamed: one wording of a range everywhere, both ends as numbered', () => {
  it('names merges A to B-1, or the first B', () => {
    expect(mergesNamed(0, 1000)).toBe('the first 1,000 merges');
    expect(mergesNamed(0, 1)).toBe('the first merge');
    expect(mergesNamed(235_339, 236_339)).toBe('merges 235,339 to 236,338');
    expect(mergesNamed(90, 91)).toBe('merge 90');
  });
});
