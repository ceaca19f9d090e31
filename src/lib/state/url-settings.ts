// A run's settings in the page's address (the fragment, so no server ever sees them): a link reproduces a run on a
// preset tokenizer and bundled categories. A bad value is reported and left out, and the default stays.
// Example: '#preset=gpt2&categories=en,fr,python&budget=200000&merges=0..1000&gap=20'
//   -> { presetId: 'gpt2', selected: ['en', 'fr', 'python'], budget: 200000, start: 0, end: 1000, stopGap: 20 }.
// The stop gap (a percentage; 0, the default, solves exactly) is written only when it is not 0, and the view (the
// page's tab) only when it is not the inference view: '#view=experiment&preset=gpt2&...'.

import { DEFAULT_MAX_MERGES } from '../core/infer-mixture.ts';
import { escapeInvisible } from '../core/words.ts';

/** The page's views (its tabs), the first the default. */
export const VIEWS = ['infer', 'experiment', 'tokenize', 'gallery'] as const;
export type View = (typeof VIEWS)[number];

export interface UrlSettings {
  presetId: string;
  /** Bundled category ids (the user's own files cannot travel in a link). */
  selected: string[];
  budget: number;
  start: number;
  end: number;
  /** Stop the solver at this % gap; 0 solves exactly. */
  stopGap?: number;
  /** The tab shown (a reload or a link opens on it). */
  view?: View;
  /**
   * What the settings also used that a link cannot carry: the user's own tokenizer file and categories of their own
   * files. Written so that a reload or a shared link can say what to load again, instead of silently running without.
   */
  yours?: { tokenizer: boolean; categories: number };
}

/**
 * The page's words for what a link said was the user's own and could not bring back, or null.
 * Example: { tokenizer: true, categories: 2 } -> "This link was made with your own tokenizer file and 2 categories of
 * your own files, which a link cannot carry: load them again ...".
 */
export function yoursNote(yours: UrlSettings['yours']): string | null {
  if (!yours || (!yours.tokenizer && yours.categories === 0)) return null;
  const parts = [
    yours.tokenizer ? 'your own tokenizer file' : '',
    yours.categories > 0 ? `${yours.categories} categor${yours.categories === 1 ? 'y' : 'ies'} of your own files` : '',
  ].filter((x) => x !== '');
  const several = parts.length > 1 || yours.categories > 1;
  return [
    `This link was made with ${parts.join(' and ')}, which a link or a reload cannot bring back: load ${several ? 'them' : 'it'} again.`,
    yours.categories > 0 ? 'Replays of your files are kept in this browser, so a run on the same files and settings starts from them.' : '',
    yours.tokenizer ? 'Until then the preset below is in use.' : '',
  ].filter((x) => x !== '').join(' ');
}

export interface ParsedUrlSettings {
  settings: Partial<UrlSettings>;
  /** One sentence per value that was refused. */
  problems: string[];
}

export const MIN_BUDGET = 1000;

/**
 * "T", "A..B" or "A.." as merges start .. end-1, or null when malformed (the CLI's --merges / --range forms; "A.." is
 * up to DEFAULT_MAX_MERGES from A, as for `infer --range A..`, cut at the list's end when the run checks it).
 * Examples: "1000" -> 0..1000; "100000..130000" -> 100000..130000; "100000.." -> 100000..130000.
 */
export function parseMergeRange(text: string): { start: number; end: number } | null {
  const m = /^(?:(\d+)\.\.)?(\d+)$|^(\d+)\.\.$/.exec(text.trim());
  if (!m) return null;
  const start = m[3] !== undefined ? Number(m[3]) : m[1] === undefined ? 0 : Number(m[1]);
  const end = m[3] !== undefined ? start + DEFAULT_MAX_MERGES : Number(m[2]);
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) ? { start, end } : null;
}

/**
 * A link's value as its problems quote it: at most 40 characters, in quotes, with control, bidi and other invisible
 * characters written as escapes (a link is anyone's text: U+202E printed the whole message backwards, and a 200,000
 * character value filled screens). Example: 'gpt\u202e2' -> '"gpt\u{202E}2"'.
 */
export function quoteValue(value: string): string {
  const short = [...value].length > 40 ? `${[...value].slice(0, 40).join('')}…` : value;
  return `"${escapeInvisible(short)}"`;
}

/**
 * Reads the settings of a fragment. `known` lists the presets and bundled categories this build ships, so a link
 * from another build with other ones says what it dropped.
 */
export function parseUrlSettings(hash: string, known: { presets: string[]; categories: string[] }): ParsedUrlSettings {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const settings: Partial<UrlSettings> = {};
  const problems: string[] = [];
  for (const [name, value] of params) {
    switch (name) {
      case 'preset':
        if (known.presets.includes(value)) settings.presetId = value;
        else problems.push(`there is no preset tokenizer ${quoteValue(value)} (there are: ${known.presets.join(', ')})`);
        break;
      case 'categories': {
        const ids = value.split(',').filter((id) => id !== '');
        const unknown = ids.filter((id) => !known.categories.includes(id));
        if (unknown.length > 0) {
          const named = unknown.slice(0, 5).map(quoteValue).join(', ');
          problems.push(`no bundled category ${named}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
        }
        // None of them known: the default selection stays, as for any other refused value.
        if (unknown.length < ids.length || ids.length === 0) settings.selected = [...new Set(ids.filter((id) => known.categories.includes(id)))];
        break;
      }
      case 'budget': {
        const n = Number(value);
        if (/^\d+$/.test(value) && Number.isSafeInteger(n) && n >= MIN_BUDGET) settings.budget = n;
        else problems.push(`budget ${quoteValue(value)} must be a whole number of bytes, at least ${MIN_BUDGET}`);
        break;
      }
      case 'merges': {
        const r = parseMergeRange(value);
        if (r && r.start < r.end) Object.assign(settings, r);
        else problems.push(`merges ${quoteValue(value)} must be T, A..B with A < B, or A.., e.g. 1000, 100000..130000 or 100000..`);
        break;
      }
      case 'yours': {
        const items = value.split(',');
        const count = items.filter((x) => /^\d+$/.test(x)).map(Number);
        if (items.every((x) => x === 'tokenizer' || /^\d+$/.test(x)) && count.length <= 1) settings.yours = { tokenizer: items.includes('tokenizer'), categories: count[0] ?? 0 };
        else problems.push(`yours ${quoteValue(value)} must say what was your own: tokenizer, a number of categories, or both (tokenizer,2)`);
        break;
      }
      case 'gap': {
        const x = Number(value);
        if (/^\d+(\.\d+)?$/.test(value) && x < 100) settings.stopGap = x;
        else problems.push(`gap ${quoteValue(value)} must be a percentage from 0 (solve exactly) up to, not including, 100`);
        break;
      }
      case 'view':
        if ((VIEWS as readonly string[]).includes(value)) settings.view = value as View;
        else problems.push(`view ${quoteValue(value)} must be one of ${VIEWS.join(', ')}`);
        break;
      default:
        problems.push(`${quoteValue(name)} is not a setting (settings: view, preset, categories, budget, merges, gap, yours)`);
    }
  }
  return { settings, problems };
}

/**
 * The fragment for `s` (preset left out when the tokenizer is the user's file). A value that parseUrlSettings would
 * refuse (an input being typed, emptied or out of range) is left out too, so a link copied at any moment opens
 * without complaints, on the defaults for what was left out.
 * Example: { ..., budget: null, start: 0, end: 1000 } -> '#preset=gpt2&categories=en,fr&merges=1000'.
 */
export function formatUrlSettings(s: { [K in keyof UrlSettings]: K extends 'budget' | 'start' | 'end' | 'stopGap' ? UrlSettings[K] | null : UrlSettings[K] }): string {
  const whole = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  const params = new URLSearchParams();
  if (s.view && s.view !== VIEWS[0]) params.set('view', s.view);
  if (s.presetId) params.set('preset', s.presetId);
  params.set('categories', s.selected.join(','));
  if (whole(s.budget) && s.budget >= MIN_BUDGET) params.set('budget', String(s.budget));
  if (whole(s.start) && whole(s.end) && s.start < s.end) params.set('merges', s.start === 0 ? String(s.end) : `${s.start}..${s.end}`);
  if (typeof s.stopGap === 'number' && s.stopGap > 0 && s.stopGap < 100) params.set('gap', String(s.stopGap));
  const yours = [s.yours?.tokenizer ? 'tokenizer' : '', s.yours?.categories ? String(s.yours.categories) : ''].filter((x) => x !== '');
  if (yours.length > 0) params.set('yours', yours.join(','));
  return `#${params.toString().replaceAll('%2C', ',')}`;
}
