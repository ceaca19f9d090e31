// The gallery: released tokenizers attacked with the bundled categories, summarised the way the paper reports them
// (English / code / other languages, and the top categories) beside the paper's published figures. Pure: the CLI
// computes the shares (`mergeprint gallery`), the page only reads public/gallery/results.json.
// Example: categories en (language), fr (language), python (code) with shares [0.6, 0.1, 0.3]
//   -> galleryBreakdown: english 0.6, code 0.3, otherLanguages 0.1, top [en 60%, python 30%, fr 10%].

import { InputError } from './errors.ts';
import { counted } from './words.ts';

/** The category id that counts as English; every other natural language is "other languages". */
export const ENGLISH_ID = 'en';

export type CategoryKind = 'language' | 'code';

export interface GalleryCategory {
  id: string;
  name: string;
  kind: CategoryKind;
}

export interface TopCategory extends GalleryCategory {
  share: number;
}

/** The gallery's three groups (byte shares, summing to 1) and the largest categories. */
export interface GalleryBreakdown {
  english: number;
  code: number;
  otherLanguages: number;
  top: TopCategory[];
}

/** The three groups of a breakdown, in display order, with their labels. */
export const GROUPS = [
  { key: 'english', label: 'English' },
  { key: 'code', label: 'code' },
  { key: 'otherLanguages', label: 'other languages' },
] as const;
export type GroupKey = (typeof GROUPS)[number]['key'];

/**
 * Sums byte shares into English, code and other natural languages, and lists the `top` largest categories (ties
 * by id, so the order never depends on the input's). Example: see the file's opening comment.
 */
export function galleryBreakdown(categories: readonly GalleryCategory[], shares: ArrayLike<number>, top = 5): GalleryBreakdown {
  if (shares.length !== categories.length) throw new Error(`${categories.length} categories but ${shares.length} shares`);
  let english = 0, code = 0, otherLanguages = 0;
  categories.forEach((c, i) => {
    const s = shares[i];
    if (c.kind === 'code') code += s;
    else if (c.id === ENGLISH_ID) english += s;
    else otherLanguages += s;
  });
  const ranked = categories
    .map((c, i) => ({ id: c.id, name: c.name, kind: c.kind, share: shares[i] }))
    .sort((a, b) => b.share - a.share || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { english, code, otherLanguages, top: ranked.slice(0, top) };
}

/** Where the published figures come from. */
export const PUBLISHED_SOURCE =
  'Hayase, Liu, Choi, Oh and Smith, "Data Mixture Inference: What do BPE Tokenizers Reveal about their Training Data?", NeurIPS 2024: ' +
  'their estimates for released tokenizers, made with the first 30,000 merges (the tail for Llama 3) and a far larger candidate set than ours';

/**
 * One released tokenizer's published estimate, in percent of training bytes; null where the paper's summary gives
 * no figure. `presets` are the ids of our presets that are this tokenizer; `part` says which merges were analysed.
 */
export interface PublishedFigure {
  tokenizer: string;
  presets: string[];
  part: 'all' | 'tail';
  english: number | null;
  code: number | null;
  otherLanguages: number | null;
  note: string;
}

/** The paper's figures for released tokenizers (the one place they are written down in the project). */
export const PUBLISHED_FIGURES: readonly PublishedFigure[] = [
  { tokenizer: 'GPT-2', presets: ['gpt2'], part: 'all', english: 99.1, code: 0.7, otherLanguages: null, note: 'almost only English' },
  { tokenizer: 'GPT-3.5 (cl100k_base)', presets: ['cl100k'], part: 'all', english: 34.3, code: 62.6, otherLanguages: null, note: 'mostly code' },
  { tokenizer: 'GPT-4o (o200k_base)', presets: ['o200k'], part: 'all', english: 28.1, code: 32.8, otherLanguages: 39.0, note: 'much more multilingual than GPT-3.5' },
  { tokenizer: 'Llama 3 (merges after the first 100,000, which are cl100k_base\'s)', presets: ['llama3'], part: 'tail', english: null, code: null, otherLanguages: 48.5, note: 'the new merges are mostly non-English' },
  { tokenizer: 'Claude (legacy)', presets: ['claude'], part: 'all', english: null, code: 57.5, otherLanguages: null, note: 'mostly code' },
];

/**
 * A published figure's value for one group, in percent: as published, or implied when the other two groups are
 * published and the three add up to 100 (GPT-2: other languages 100 - 99.1 - 0.7 = 0.2), or null.
 * Example: cl100k, 'otherLanguages' -> { value: 3.1, implied: true }.
 */
export function publishedGroup(fig: PublishedFigure, key: 'english' | 'code' | 'otherLanguages'): { value: number; implied: boolean } | null {
  const given = fig[key];
  if (given !== null) return { value: given, implied: false };
  const others = (['english', 'code', 'otherLanguages'] as const).filter((k) => k !== key).map((k) => fig[k]);
  if (others.some((x) => x === null)) return null;
  return { value: Math.round((100 - others[0]! - others[1]!) * 10) / 10, implied: true };
}

/** The published figure for a preset id, or null. */
export function publishedFor(presetId: string): PublishedFigure | null {
  return PUBLISHED_FIGURES.find((f) => f.presets.includes(presetId)) ?? null;
}

/** Pairs worth comparing side by side (by preset id), each with why; only pairs whose presets both ran are offered. */
export const SUGGESTED_PAIRS: readonly { a: string; b: string; why: string }[] = [
  { a: 'cl100k', b: 'o200k', why: 'GPT-4o took in far more non-English text than GPT-3.5' },
  { a: 'gpt2', b: 'cl100k', why: 'GPT-3.5 added code to an English tokenizer' },
  { a: 'llama3', b: 'cl100k', why: "Llama 3's own merges against the cl100k_base list it starts with" },
];

/** What the merge-list repair found that moves the analysed range (src/lib/core/merge-repair.ts). */
export interface RangeHints {
  /** Merges in the repaired list. */
  merges: number;
  /** Start after a leading hand-added run; end before a trailing one. */
  suggestedStart: number;
  suggestedEnd: number;
  /** A beginning copied from another preset's list (Llama 3 from cl100k): analyse after it. */
  sharedPrefix: { merges: number; with: string } | null;
}

/**
 * The merges the gallery analyses: T merges from the latest suggested start (a hand-added run, a copied beginning),
 * never past the suggested end. Example: Llama 3 (127,744 repaired merges, its first 100,000 cl100k's), T = 1000
 * -> { start: 100000, end: 101000, reason: "1,000 merges after the first 100,000, which are cl100k's" }.
 */
export function galleryMergeRange(hints: RangeHints, merges: number): { start: number; end: number; reason: string } {
  const fmt = (x: number) => x.toLocaleString('en-US');
  const copied = hints.sharedPrefix?.merges ?? 0;
  const start = Math.max(hints.suggestedStart, copied);
  const end = Math.min(start + merges, hints.suggestedEnd);
  if (end <= start) {
    const handAdded = hints.suggestedEnd < hints.merges ? ` and the ${fmt(hints.merges - hints.suggestedEnd)} after them are hand-added whitespace merges` : '';
    throw new InputError(copied > 0 && copied >= hints.suggestedEnd
      ? `no merges left to analyse: the first ${fmt(copied)} merges are ${hints.sharedPrefix!.with}'s${handAdded}, so the list has none of its own`
      : `no merges left to analyse: the suggested range of the repaired list is ${start}..${hints.suggestedEnd}`);
  }
  const what = end - start < merges ? `the ${fmt(end - start)} merges (fewer than ${fmt(merges)})` : `${fmt(merges)} merges`;
  let reason = start === 0 ? `the first ${fmt(end - start)} merges` : `${what} after the first ${fmt(start)}`;
  if (start > 0 && start === copied) reason += `, which are ${hints.sharedPrefix!.with}'s`;
  else if (start > 0) reason += ', which are hand-added whitespace merges';
  if (end === hints.suggestedEnd && end < hints.merges) reason += `; the last ${fmt(hints.merges - end)} (hand-added) left out`;
  return { start, end, reason };
}

// ---------------------------------------------------------------------------------------------------------------
// The results file (public/gallery/results.json): written by the CLI, read by the page and the tests.

export const GALLERY_FORMAT = 'mergeprint-gallery/1';

export interface GallerySettings {
  /** Merges analysed per preset (the first T, or T from the preset's suggested start). */
  merges: number;
  /** A preset is skipped when more than this share of its analysed merges occurs in no sample. */
  max_absent: number;
  /** Bundled categories, in manifest order. */
  categories: GalleryCategory[];
  /** The bundled corpus part read ("sample") and the byte budget per category (null: the whole part). */
  part: 'sample';
  max_bytes: number | null;
  engine: string;
  solver: { max_per_merge: number; batch: number; tolerance: number };
}

export interface GalleryPresetResult {
  id: string;
  name: string;
  provenance: string;
  license: string;
  /** The index's one line on what is special about this list. */
  note?: string;
  /** Merges analysed: [start, end) of the (repaired, when repaired) merge list, and why this range. */
  range: [number, number];
  range_reason: string;
  /** The merge list's length as loaded and after repair, and what the repair did (merge-repair.ts). */
  merge_list: { as_loaded: number; repaired: number; repairs: string[] };
  /** Byte share per category id, in settings.categories order. */
  shares: Record<string, number>;
  breakdown: { english: number; code: number; other_languages: number };
  top: { id: string; share: number }[];
  absent_merges: number;
  solver: { rounds: number; constraints: number; objective: number; max_violation: number };
  /** Bytes of sample read per category (the same text for every preset; recorded per preset for checking). */
  bytes: Record<string, number>;
  warnings: string[];
}

export interface GalleryResults {
  format: typeof GALLERY_FORMAT;
  tool: { name: 'mergeprint'; version: string };
  /** The command that regenerates this file. */
  command: string;
  settings: GallerySettings;
  published: { source: string; figures: PublishedFigure[] };
  presets: GalleryPresetResult[];
  /** Presets of the index that could not be analysed, with the reason (for example a loader that does not exist yet). */
  skipped: { id: string; name: string; reason: string }[];
}

/** The breakdown of a stored preset result, rebuilt from its shares and the settings' categories. */
export function presetBreakdown(settings: Pick<GallerySettings, 'categories'>, preset: Pick<GalleryPresetResult, 'shares'>, top = 5): GalleryBreakdown {
  return galleryBreakdown(settings.categories, settings.categories.map((c) => preset.shares[c.id] ?? 0), top);
}

/**
 * Checks a results file's shape (what the page and the tests read) and returns it typed; `where` names the file.
 * Shares must cover every category and sum to 1 (within their rounding).
 */
export function parseGalleryResults(json: unknown, where = 'gallery/results.json'): GalleryResults {
  const r = json as Partial<GalleryResults> | null;
  if (typeof r !== 'object' || r === null) throw new InputError('expected a JSON object', where);
  if (r.format !== GALLERY_FORMAT) throw new InputError(`"format" must be "${GALLERY_FORMAT}", got ${JSON.stringify(r.format)}: regenerate it with npm run gallery`, where);
  const s = r.settings;
  if (!s || !Number.isSafeInteger(s.merges) || s.merges <= 0 || !Array.isArray(s.categories) || s.categories.length < 2) {
    throw new InputError('"settings" needs "merges" and at least two "categories"', where);
  }
  if (!Array.isArray(r.presets) || !Array.isArray(r.skipped)) throw new InputError('needs "presets" and "skipped" arrays', where);
  r.presets.forEach((p, i) => {
    const at = `${where} presets[${i}]`;
    if (typeof p?.id !== 'string' || typeof p.name !== 'string') throw new InputError('needs "id" and "name"', at);
    let sum = 0;
    for (const c of s.categories) {
      const v = p.shares?.[c.id];
      if (typeof v !== 'number' || !(v >= 0)) throw new InputError(`has no share for category "${c.id}"`, at);
      sum += v;
    }
    // Shares are stored to 6 decimals: each is off by at most 5e-7.
    if (Math.abs(sum - 1) > 1e-6 * s.categories.length) throw new InputError(`shares sum to ${sum}, not 1`, at);
  });
  return r as GalleryResults;
}

/**
 * Why our figures differ from the published ones, worded for the settings that produced them. The CLI prints these
 * under its table and the page shows them beside the bars: one text for both.
 */
export function galleryCaveats(settings: Pick<GallerySettings, 'merges' | 'categories' | 'max_bytes'>): string[] {
  const languages = settings.categories.filter((c) => c.kind === 'language').length;
  const code = settings.categories.length - languages;
  const sample = settings.max_bytes === null ? 'about 1 MB' : `at most ${(settings.max_bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 2 })} MB`;
  return [
    `Far fewer categories: ${counted(languages, 'natural language')} and ${counted(code, 'programming language')} here; the paper's candidate set ` +
      'is far larger (its controlled experiments alone go up to 112 natural languages). ' +
      'Training data from a category that is not among the candidates tends to be credited to the nearest ones (text in a missing language ' +
      'often goes to a related language, or to code, which shares punctuation and short English words).',
    `Smaller samples: ${sample} per category here, about 1 GB in the paper's experiments. The rarer a merge, the noisier its count in a small sample.`,
    `Fewer merges: ${fmtMerges(settings.merges)} per preset here (the first ${fmtMerges(settings.merges)} merges, or as many after a beginning ` +
      'shared with another preset or a hand-added run: see each preset\'s range), 30,000 in the paper. The earliest merges are the ' +
      'common pairs of every category, so the estimate has less to separate them with.',
    'Our sources: every category comes from one kind of text (LibreOffice help pages for natural languages, Debian source packages ' +
      'for code), not web text. English help pages read unlike web English, and code comes with English comments. In the paper\'s own ' +
      'tests, samples from another source than the training data raised the error of 10 languages from 10^-7.7 to 10^-3.5 (mean squared error of the shares).',
    'The published figures are estimates too (by the same method), not the developers\' own numbers. Compare directions and large ' +
      'gaps (mostly English or not, much more code or not), not single percentage points.',
  ];
}

function fmtMerges(n: number): string {
  return n.toLocaleString('en-US');
}

