import { describe, expect, it } from 'vitest';
import {
  galleryBreakdown, galleryCaveats, galleryMergeRange, GALLERY_FORMAT, parseGalleryResults, PUBLISHED_FIGURES, presetBreakdown,
  publishedFor, publishedGroup, SUGGESTED_PAIRS, type GalleryCategory,
} from './gallery.ts';

const cats: GalleryCategory[] = [
  { id: 'en', name: 'English', kind: 'language' },
  { id: 'fr', name: 'French', kind: 'language' },
  { id: 'python', name: 'Python', kind: 'code' },
  { id: 'c', name: 'C', kind: 'code' },
];

describe('galleryBreakdown', () => {
  it('sums English, code and the other languages, and ranks the top categories', () => {
    const b = galleryBreakdown(cats, [0.5, 0.1, 0.3, 0.1], 3);
    expect(b.english).toBeCloseTo(0.5, 12);
    expect(b.code).toBeCloseTo(0.4, 12);
    expect(b.otherLanguages).toBeCloseTo(0.1, 12);
    // fr and c tie at 0.1: the smaller id comes first, whatever the input order.
    expect(b.top.map((t) => t.id)).toEqual(['en', 'python', 'c']);
    expect(b.top[1]).toEqual({ id: 'python', name: 'Python', kind: 'code', share: 0.3 });
    expect(galleryBreakdown([...cats].reverse(), [0.1, 0.3, 0.1, 0.5], 3).top.map((t) => t.id)).toEqual(['en', 'python', 'c']);
  });

  it('has no English without an "en" category, and refuses shares of the wrong length', () => {
    const b = galleryBreakdown(cats.slice(1), [0.2, 0.5, 0.3]);
    expect([b.english, b.otherLanguages, b.code]).toEqual([0, 0.2, 0.8]);
    expect(() => galleryBreakdown(cats, [1])).toThrow(/4 categories but 1 shares/);
  });

  it('rebuilds a stored preset breakdown from its shares by category id', () => {
    const b = presetBreakdown({ categories: cats }, { shares: { c: 0.25, python: 0.25, fr: 0.5, en: 0 } }, 2);
    expect([b.english, b.code, b.otherLanguages]).toEqual([0, 0.5, 0.5]);
    expect(b.top.map((t) => t.id)).toEqual(['fr', 'c']);
  });
});

describe('galleryMergeRange', () => {
  const plain = { merges: 50_000, suggestedStart: 0, suggestedEnd: 50_000, sharedPrefix: null };

  it('takes the first T merges of a list with nothing to skip', () => {
    expect(galleryMergeRange(plain, 1000)).toEqual({ start: 0, end: 1000, reason: 'the first 1,000 merges' });
  });

  it("analyses Llama 3's tail after the beginning it shares with cl100k", () => {
    const r = galleryMergeRange({ merges: 127_744, suggestedStart: 0, suggestedEnd: 127_744, sharedPrefix: { merges: 100_000, with: 'cl100k' } }, 1000);
    expect(r).toEqual({ start: 100_000, end: 101_000, reason: "1,000 merges after the first 100,000, which are cl100k's" });
  });

  it('skips a leading hand-added run and stops before a trailing one', () => {
    const r = galleryMergeRange({ merges: 1000, suggestedStart: 90, suggestedEnd: 976, sharedPrefix: null }, 2000);
    expect([r.start, r.end]).toEqual([90, 976]);
    expect(r.reason).toBe('the 886 merges (fewer than 2,000) after the first 90, which are hand-added whitespace merges; the last 24 (hand-added) left out');
    expect(() => galleryMergeRange({ ...plain, sharedPrefix: { merges: 50_000, with: 'x' } }, 10)).toThrow(/the first 50,000 merges are x's, so the list has none of its own/);
    // p50k: GPT-2's 50,000 merges, then 24 hand-added runs of spaces.
    expect(() => galleryMergeRange({ merges: 50_024, suggestedStart: 0, suggestedEnd: 50_000, sharedPrefix: { merges: 50_000, with: 'GPT-2' } }, 10))
      .toThrow(/first 50,000 merges are GPT-2's and the 24 after them are hand-added whitespace merges, so the list has none of its own/);
  });
});

describe('published figures', () => {
  it('are the paper\'s, matched to our presets, with the large gaps the gallery tests rely on', () => {
    expect(publishedFor('gpt2')).toMatchObject({ english: 99.1, code: 0.7 });
    expect(publishedFor('cl100k')).toMatchObject({ english: 34.3, code: 62.6 });
    expect(publishedFor('o200k')).toMatchObject({ english: 28.1, code: 32.8, otherLanguages: 39.0 });
    expect(publishedFor('llama3')).toMatchObject({ part: 'tail', otherLanguages: 48.5 });
    expect(publishedFor('claude')?.code).toBe(57.5);
    expect(publishedFor('qwen3')).toBeNull();
    // Each figure's known parts fit in 100%, and a preset has at most one figure.
    for (const f of PUBLISHED_FIGURES) expect((f.english ?? 0) + (f.code ?? 0) + (f.otherLanguages ?? 0)).toBeLessThanOrEqual(100);
    const ids = PUBLISHED_FIGURES.flatMap((f) => f.presets);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of SUGGESTED_PAIRS) expect(publishedFor(p.a) ?? publishedFor(p.b)).not.toBeNull();
  });

  it('caveats are worded for the settings', () => {
    const text = galleryCaveats({ merges: 1000, categories: cats, max_bytes: 400_000 }).join('\n');
    expect(text).toMatch(/2 natural languages and 2 programming languages/);
    expect(text).toMatch(/at most 0\.4 MB per category/);
    expect(text).toMatch(/first 1,000 merges/);
    expect(galleryCaveats({ merges: 5, categories: cats.slice(0, 3), max_bytes: null }).join('\n')).toMatch(/1 programming language here.*about 1 MB/s);
  });
});

describe('parseGalleryResults', () => {
  const good = () => ({
    format: GALLERY_FORMAT, tool: { name: 'mergeprint', version: '0' }, command: 'mergeprint gallery',
    settings: { merges: 10, categories: cats, part: 'sample', max_bytes: null, engine: 'x', solver: { max_per_merge: 3, batch: 0, tolerance: 1e-6 } },
    published: { source: 's', figures: [] },
    presets: [{ id: 'gpt2', name: 'GPT-2', shares: { en: 0.5, fr: 0.25, python: 0.25, c: 0 } }],
    skipped: [],
  });

  it('accepts a well-formed file and names what is wrong in a bad one', () => {
    expect(parseGalleryResults(good()).presets[0].id).toBe('gpt2');
    expect(() => parseGalleryResults({ ...good(), format: 'other' })).toThrow(/npm run gallery/);
    const missing = good();
    delete (missing.presets[0].shares as Record<string, number>).c;
    expect(() => parseGalleryResults(missing)).toThrow(/presets\[0\].*no share for category "c"/);
    const off = good();
    off.presets[0].shares.en = 0.6;
    expect(() => parseGalleryResults(off)).toThrow(/sum to 1\.1/);
    expect(() => parseGalleryResults(null)).toThrow(/JSON object/);
  });
});

describe('publishedGroup', () => {
  it('gives a published figure, or the one the other two imply, or none', () => {
    const gpt2 = publishedFor('gpt2')!, o200k = publishedFor('o200k')!, claude = publishedFor('claude')!;
    expect(publishedGroup(gpt2, 'english')).toEqual({ value: 99.1, implied: false });
    expect(publishedGroup(gpt2, 'otherLanguages')).toEqual({ value: 0.2, implied: true });
    expect(publishedGroup(publishedFor('cl100k')!, 'otherLanguages')).toEqual({ value: 3.1, implied: true });
    expect(publishedGroup(o200k, 'otherLanguages')).toEqual({ value: 39, implied: false });
    expect(publishedGroup(claude, 'english')).toBeNull(); // only code is published
  });
});
