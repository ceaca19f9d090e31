import { describe, expect, it } from 'vitest';
import { formatUrlSettings, parseMergeRange, parseUrlSettings, quoteValue, yoursNote } from './url-settings.ts';

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

  it('says in the link what was the user\'s own, so that a reload can tell them what to load again', () => {
    const s = { presetId: '', selected: ['en'], budget: 200_000, start: 0, end: 1000 };
    const hash = formatUrlSettings({ ...s, yours: { tokenizer: true, categories: 2 } });
    expect(hash).toBe('#categories=en&budget=200000&merges=1000&yours=tokenizer,2');
    const { settings, problems } = parseUrlSettings(hash, known);
    expect(problems).toEqual([]);
    expect(settings.yours).toEqual({ tokenizer: true, categories: 2 });
    expect(yoursNote(settings.yours)).toBe('This link was made with your own tokenizer file and 2 categories of your own files, which a link or a ' +
      'reload cannot bring back: load them again. Replays of your files are kept in this browser, so a run on the same files and settings ' +
      'starts from them. Until then the preset below is in use.');
    expect(formatUrlSettings({ ...s, yours: { tokenizer: false, categories: 1 } })).toMatch(/&yours=1$/);
    expect(yoursNote({ tokenizer: false, categories: 1 })).toMatch(/^This link was made with 1 category of your own files, .*: load it again\. Replays .* from them\.$/);
    expect(yoursNote({ tokenizer: true, categories: 0 })).toBe('This link was made with your own tokenizer file, which a link or a reload cannot bring back: load it again. ' +
      'Until then the preset below is in use.');
    expect(formatUrlSettings({ ...s, yours: { tokenizer: false, categories: 0 } })).not.toContain('yours');
    expect(yoursNote(undefined)).toBeNull();
    expect(parseUrlSettings('#yours=mine', known).problems).toEqual([expect.stringMatching(/^yours "mine" must say what was your own/)]);
  });

  it('reports each bad value and keeps the good ones', () => {
    const { settings, problems } = parseUrlSettings('#preset=gpt9&categories=en,xx,fr&budget=12&merges=300..200&gap=100&colour=red', known);
    expect(settings).toEqual({ selected: ['en', 'fr'] });
    expect(problems).toEqual([
      expect.stringMatching(/no preset tokenizer "gpt9" \(there are: gpt2, cl100k\)/),
      'no bundled category "xx"',
      expect.stringMatching(/budget "12" must be a whole number of bytes, at least 1000/),
      expect.stringMatching(/merges "300\.\.200" must be T, A\.\.B with A < B, or A\.\./),
      'gap "100" must be a percentage from 0 (solve exactly) up to, not including, 100',
      expect.stringMatching(/"colour" is not a setting/),
    ]);
  });

  it('reads merges as T, A..B or A.., like the CLI', () => {
    expect(parseMergeRange('3000')).toEqual({ start: 0, end: 3000 });
    expect(parseMergeRange('100000..')).toEqual({ start: 100_000, end: 130_000 }); // infer --range 100000..: 30,000 merges
    expect(parseMergeRange('..5')).toBeNull();
    expect(parseMergeRange(' 10..20 ')).toEqual({ start: 10, end: 20 });
    expect(parseMergeRange('1-5')).toBeNull();
    expect(parseMergeRange('-5')).toBeNull();
    expect(parseMergeRange('1e3')).toBeNull();
  });

  it('keeps the tab in the link, except the inference view, which is the default', () => {
    const s = { presetId: 'gpt2', selected: ['en'], budget: 200_000, start: 0, end: 1000 };
    const hash = formatUrlSettings({ ...s, view: 'experiment' });
    expect(hash).toBe('#view=experiment&preset=gpt2&categories=en&budget=200000&merges=1000');
    expect(parseUrlSettings(hash, known).settings.view).toBe('experiment');
    expect(formatUrlSettings({ ...s, view: 'infer' })).toBe('#preset=gpt2&categories=en&budget=200000&merges=1000');
    expect(parseUrlSettings('#view=charts', known).problems).toEqual(['view "charts" must be one of infer, experiment, tokenize, gallery']);
  });

  it('takes an empty fragment as no settings', () => {
    expect(parseUrlSettings('', known)).toEqual({ settings: {}, problems: [] });
  });
});

describe('a link is anyone\'s text', () => {
  const known = { presets: ['gpt2'], categories: ['en', 'fr'] };
  it('quotes refused values short, with invisible and bidi characters as escapes', () => {
    expect(quoteValue('gpt\u202e2')).toBe('"gpt\\u{202E}2"');
    expect(quoteValue('A'.repeat(200_000))).toBe(`"${'A'.repeat(40)}…"`);
    const { problems } = parseUrlSettings(`#preset=${encodeURIComponent('\u202egpt2')}&categories=${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}`, known);
    expect(problems[0]).toBe('there is no preset tokenizer "\\u{202E}gpt2" (there are: gpt2)');
    expect(problems[1]).toBe('no bundled category "c0", "c1", "c2", "c3", "c4" and 4995 more');
  });

  it('keeps the default categories when none of a link\'s is known, as for any refused value', () => {
    expect(parseUrlSettings('#categories=zz', known).settings.selected).toBeUndefined();
    expect(parseUrlSettings('#categories=zz,fr', known).settings.selected).toEqual(['fr']);
  });
});
