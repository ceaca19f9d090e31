import { describe, expect, it } from 'vitest';
import { formatUrlSettings, parseMergeRange, parseUrlSettings } from './url-settings.ts';

const known = { presets: ['gpt2', 'cl100k'], categories: ['en', 'fr', 'python'] };

describe('url settings', () => {
  it('round-trips a run\'s settings through the fragment', () => {
    const s = { presetId: 'gpt2', selected: ['en', 'python'], budget: 200_000, start: 100, end: 1300 };
    const hash = formatUrlSettings(s);
    expect(hash).toBe('#preset=gpt2&categories=en,python&budget=200000&merges=100..1300');
    expect(parseUrlSettings(hash, known)).toEqual({ settings: s, problems: [] });
    expect(formatUrlSettings({ ...s, start: 0 })).toContain('merges=1300');
    // A stop gap travels only when it is set; 0 (exact) is the default and stays out of the link.
    expect(formatUrlSettings({ ...s, stopGap: 0 })).toBe(hash);
    const withGap = formatUrlSettings({ ...s, stopGap: 20 });
    expect(withGap).toBe(`${hash}&gap=20`);
    expect(parseUrlSettings(withGap, known)).toEqual({ settings: { ...s, stopGap: 20 }, problems: [] });
  });

  it('leaves out of the link what a link could not carry: an emptied field, a backwards range, a gap out of range', () => {
    const s = { presetId: 'gpt2', selected: ['en', 'fr'], budget: 200_000, start: 0, end: 1000, stopGap: 0 };
    const cases = [
      [{ ...s, budget: null }, '#preset=gpt2&categories=en,fr&merges=1000'],
      [{ ...s, budget: 12 }, '#preset=gpt2&categories=en,fr&merges=1000'],
      [{ ...s, end: null }, '#preset=gpt2&categories=en,fr&budget=200000'],
      [{ ...s, start: 500, end: 100 }, '#preset=gpt2&categories=en,fr&budget=200000'],
      [{ ...s, start: 1.5 }, '#preset=gpt2&categories=en,fr&budget=200000'],
      [{ ...s, stopGap: 120 }, '#preset=gpt2&categories=en,fr&budget=200000&merges=1000'],
      [{ ...s, stopGap: null }, '#preset=gpt2&categories=en,fr&budget=200000&merges=1000'],
    ] as const;
    for (const [settings, hash] of cases) {
      expect(formatUrlSettings(settings)).toBe(hash);
      expect(parseUrlSettings(hash, known).problems).toEqual([]);
    }
  });

  it('reports each bad value and keeps the good ones', () => {
    const { settings, problems } = parseUrlSettings('#preset=gpt9&categories=en,xx,fr&budget=12&merges=300..200&gap=100&colour=red', known);
    expect(settings).toEqual({ selected: ['en', 'fr'] });
    expect(problems).toEqual([
      expect.stringMatching(/no preset tokenizer "gpt9" \(there are: gpt2, cl100k\)/),
      'no bundled category "xx"',
      expect.stringMatching(/budget "12" must be a whole number of bytes, at least 1000/),
      expect.stringMatching(/merges "300\.\.200" must be T or A\.\.B with A < B/),
      'gap "100" must be a percentage from 0 (solve exactly) up to, not including, 100',
      expect.stringMatching(/"colour" is not a setting/),
    ]);
  });

  it('reads merges as T or A..B, like the CLI', () => {
    expect(parseMergeRange('3000')).toEqual({ start: 0, end: 3000 });
    expect(parseMergeRange(' 10..20 ')).toEqual({ start: 10, end: 20 });
    expect(parseMergeRange('1-5')).toBeNull();
    expect(parseMergeRange('-5')).toBeNull();
    expect(parseMergeRange('1e3')).toBeNull();
  });

  it('takes an empty fragment as no settings', () => {
    expect(parseUrlSettings('', known)).toEqual({ settings: {}, problems: [] });
  });
});
