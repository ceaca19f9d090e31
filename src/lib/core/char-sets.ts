// Sets of code points as sorted inclusive ranges, and the named sets HF tokenizers uses (pinned to its Unicode
// version by unicode-tables.ts). The regex translator resolves every class to one of these and writes it out as
// explicit ranges, so a translated regex means the same in every JS engine whatever its own Unicode version.
// Example: charSet('Lu') -> [0x41, 0x5a, 0xc0, 0xd6, ...]; classSource([0x41, 0x5a, 0x5f, 0x5f]) -> "[A-Z_]".

import {
  ONIG_GC, ONIG_WORD, ONIG_DIGIT, ONIG_SPACE, RUST_NUMERIC, HF_PUNCTUATION, RUST_WHITESPACE, REGEX_CRATE_WORD,
  REGEX_CRATE_SPACE, NORMALIZATION_GUARD,
} from './unicode-tables.ts';

/** Flat inclusive ranges [a0, b0, a1, b1, ...], sorted, disjoint, not adjacent. Never mutated once built. */
export type CharSet = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;
export const EMPTY: CharSet = [];
/** Every code point except the surrogates (which UTF-8 text never holds). */
export const ANY: CharSet = [0, 0xd7ff, 0xe000, MAX_CODE_POINT];

/** Decodes unicode-tables.ts' "gap.len" base-36 pairs: "1t.p 6.p" -> [0x41, 0x5a, 0x61, 0x7a]. */
export function decodeRanges(encoded: string): CharSet {
  const out: number[] = [];
  let next = 0;
  for (const item of encoded.split(' ')) {
    if (!item) continue;
    const dot = item.indexOf('.');
    const a = next + parseInt(item.slice(0, dot), 36);
    const b = a + parseInt(item.slice(dot + 1), 36);
    out.push(a, b);
    next = b + 1;
  }
  return out;
}

/** Normalises any list of ranges (unsorted, overlapping) into a CharSet. [5,9, 1,3, 4,4] -> [1, 9]. */
export function fromRanges(ranges: readonly number[]): CharSet {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: number[] = [];
  for (const [a, b] of pairs) {
    const n = out.length;
    if (n > 0 && a <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], b);
    else out.push(a, b);
  }
  return out;
}

export function union(...sets: CharSet[]): CharSet {
  return fromRanges(sets.flat());
}

/** Complement within ANY (surrogates stay out). */
export function complement(s: CharSet): CharSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < s.length; i += 2) {
    if (s[i] > next) out.push(next, s[i] - 1);
    next = s[i + 1] + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return intersectRaw(out, ANY);
}

function intersectRaw(x: CharSet, y: CharSet): CharSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i], y[j]);
    const b = Math.min(x[i + 1], y[j + 1]);
    if (a <= b) out.push(a, b);
    if (x[i + 1] < y[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

export function intersect(x: CharSet, y: CharSet): CharSet {
  return fromRanges(intersectRaw(x, y));
}

export function has(s: CharSet, cp: number): boolean {
  let lo = 0;
  let hi = s.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < s[2 * mid]) hi = mid - 1;
    else if (cp > s[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export function size(s: CharSet): number {
  let n = 0;
  for (let i = 0; i < s.length; i += 2) n += s[i + 1] - s[i] + 1;
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing a set as JS regex source ('u' flag).

/** One code point as regex source, escaped unless it is a plain letter or digit. 0x41 -> "A", 0x2d -> "\u{2d}". */
export function charSource(cp: number): string {
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCharCode(cp);
  return `\\u{${cp.toString(16)}}`;
}

/** A bracket class matching exactly the set: [0x41, 0x5a, 0x5f, 0x5f] -> "[A-Z\u{5f}]"; the empty set -> "[]". */
export function classSource(s: CharSet): string {
  let body = '';
  for (let i = 0; i < s.length; i += 2) {
    const a = s[i];
    const b = s[i + 1];
    body += a === b ? charSource(a) : b === a + 1 ? charSource(a) + charSource(b) : `${charSource(a)}-${charSource(b)}`;
  }
  return `[${body}]`;
}

/** A one-character test for a set: compiled once, fast (V8 turns a class into range checks). */
export function charSetRegExp(s: CharSet, flags = 'u'): RegExp {
  return new RegExp(classSource(s), flags);
}

// ---------------------------------------------------------------------------------------------------------------
// The named sets.

const cache = new Map<string, CharSet>();
function cached(key: string, build: () => CharSet): CharSet {
  let s = cache.get(key);
  if (!s) {
    s = build();
    cache.set(key, s);
  }
  return s;
}

const GC_GROUPS: Record<string, string[]> = {
  L: ['Lu', 'Ll', 'Lt', 'Lm', 'Lo'],
  LC: ['Lu', 'Ll', 'Lt'],
  M: ['Mn', 'Mc', 'Me'],
  N: ['Nd', 'Nl', 'No'],
  P: ['Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po'],
  S: ['Sm', 'Sc', 'Sk', 'So'],
  Z: ['Zs', 'Zl', 'Zp'],
  C: ['Cc', 'Cf', 'Co', 'Cn'],
};

/**
 * A general category (short name: "Lu", "L", "LC", ...) as tokenizers' Oniguruma defines it, or null if the name
 * is not one. Oniguruma's Unicode version, not the JS engine's: \p{L} has no Unicode 16/17 letters here.
 */
export function generalCategory(name: string): CharSet | null {
  if (name in ONIG_GC) return cached(`gc:${name}`, () => decodeRanges(ONIG_GC[name]));
  const parts = GC_GROUPS[name];
  if (!parts) return null;
  return cached(`gc:${name}`, () => union(...parts.map((p) => generalCategory(p)!)));
}

/** The fixed sets of tokenizers' regexes and built-in pre-tokenizers, by what uses them. */
export const NAMED_SETS = {
  /** Oniguruma \w: letters, marks, numbers, connector punctuation (Unicode 15.x). */
  onigWord: () => cached('onigWord', () => decodeRanges(ONIG_WORD)),
  /** Oniguruma \d: decimal numbers (Nd), not only 0-9. */
  onigDigit: () => cached('onigDigit', () => decodeRanges(ONIG_DIGIT)),
  /** Oniguruma \s: White_Space, with U+0085 and without U+FEFF (JS \s is the other way round). */
  onigSpace: () => cached('onigSpace', () => decodeRanges(ONIG_SPACE)),
  /** Rust char::is_numeric: the Digits pre-tokenizer's digits (all of N, Rust std's Unicode version). */
  rustNumeric: () => cached('rustNumeric', () => decodeRanges(RUST_NUMERIC)),
  /** HF is_punc: ASCII punctuation (which includes $+<=>^`|~) and P from an old unicode_categories table. */
  hfPunctuation: () => cached('hfPunctuation', () => decodeRanges(HF_PUNCTUATION)),
  /** Rust char::is_whitespace (White_Space). */
  rustWhitespace: () => cached('rustWhitespace', () => decodeRanges(RUST_WHITESPACE)),
  /** The Rust regex crate's \w (UTS#18: Alphabetic, M, Nd, Pc, Join_Control) and \s, for Whitespace. */
  regexCrateWord: () => cached('regexCrateWord', () => decodeRanges(REGEX_CRATE_WORD)),
  regexCrateSpace: () => cached('regexCrateSpace', () => decodeRanges(REGEX_CRATE_SPACE)),
  /** Where ICU's normalization (String.prototype.normalize) and tokenizers' Rust tables can disagree. */
  normalizationGuard: () => cached('normalizationGuard', () => decodeRanges(NORMALIZATION_GUARD)),
};

// ---------------------------------------------------------------------------------------------------------------
// Fast exact classes. V8 matches its own property classes (\p{L}) about twice as fast as the same set written
// out as thousands of ranges, and keeps most of that speed for a property minus a few ranges ('v' flag). So a
// pinned set is written as "the engine's nearest class, corrected": [[\p{L}--[new letters]][letters it lacks]].
// The corrections are found by reading the engine's class over every code point once per process (~0.1-0.2 s
// per class, cached), so the result is exact whatever Unicode version the engine has.

let allCodePointsText: string | null = null;

/** Every code point except surrogates, in order, as one string (built once, ~2 M UTF-16 units). */
function allCodePoints(): string {
  if (!allCodePointsText) {
    const units = new Uint16Array(0x110000 * 2);
    let n = 0;
    for (let c = 0; c <= MAX_CODE_POINT; c++) {
      if (c === 0xd800) c = 0xe000;
      if (c < 0x10000) units[n++] = c;
      else {
        const v = c - 0x10000;
        units[n++] = 0xd800 + (v >> 10);
        units[n++] = 0xdc00 + (v & 0x3ff);
      }
    }
    allCodePointsText = new TextDecoder('utf-16le').decode(units.subarray(0, n));
  }
  return allCodePointsText;
}

const GC_ALL = Object.keys(ONIG_GC);

/**
 * This engine's general categories, all read in one pass over every code point (one regex, a group per category,
 * each match a run of one category): ~0.2 s once per process instead of that much per category.
 */
function engineGeneralCategories(): Map<string, CharSet> {
  if (!engineGc) {
    const text = allCodePoints();
    const re = new RegExp(GC_ALL.map((gc) => `(\\p{${gc}}+)`).join('|'), 'gv');
    const ranges = GC_ALL.map((): number[] => []);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      let g = 1;
      while (m[g] === undefined) g++;
      const last = m.index + m[0].length - 1;
      const lastStart = last > m.index && (text.charCodeAt(last) & 0xfc00) === 0xdc00 ? last - 1 : last;
      ranges[g - 1].push(text.codePointAt(m.index)!, text.codePointAt(lastStart)!);
    }
    engineGc = new Map(GC_ALL.map((gc, i) => [gc, intersect(fromRanges(ranges[i]), ANY)]));
  }
  return engineGc;
}
let engineGc: Map<string, CharSet> | null = null;

/** The set a JS class ('v' syntax, e.g. "\\p{L}" or "[\\p{L}\\p{N}]") has in this engine. Cached. */
export function engineSet(classSourceV: string): CharSet {
  return cached(`engine:${classSourceV}`, () => {
    // A union of general categories comes from the one-pass table.
    const gcs = /^\[?((?:\\p\{[A-Za-z]+\})+)\]?$/.exec(classSourceV);
    if (gcs) {
      const names = [...gcs[1].matchAll(/\\p\{([A-Za-z]+)\}/g)].flatMap((m) => GC_GROUPS[m[1]] ?? [m[1]]);
      if (names.every((n) => GC_ALL.includes(n))) {
        const table = engineGeneralCategories();
        return union(...names.map((n) => table.get(n)!));
      }
    }
    const text = allCodePoints();
    const re = new RegExp(`(?:${classSourceV})+`, 'gv');
    const ranges: number[] = [];
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const last = m.index + m[0].length - 1;
      const lastStart = last > m.index && (text.charCodeAt(last) & 0xfc00) === 0xdc00 ? last - 1 : last;
      ranges.push(text.codePointAt(m.index)!, text.codePointAt(lastStart)!);
    }
    return intersect(fromRanges(ranges), ANY);
  });
}

function difference(x: CharSet, y: CharSet): CharSet {
  return intersect(x, complement(y));
}

/** More corrections than this and the explicit set is as fast: write it out instead. */
const MAX_CORRECTION_RANGES = 64;

/**
 * A 'v'-flag class source matching exactly `target`, built from the engine's class `native` (which should be
 * close to it) plus corrections; or the explicit ranges if the two are far apart.
 * Example: pinnedClassSource("\\p{N}", onig N) -> "[\\p{N}--[\\u{11de0}-\\u{11de9}\\u{16ff4}-\\u{16ff6}]]" in Node 20.
 */
export function pinnedClassSource(native: string, target: CharSet): string {
  return cachedSource(`${native}\u0000${target.join(',')}`, () => {
    const engine = engineSet(native);
    const excess = difference(engine, target);
    const missing = difference(target, engine);
    if ((excess.length + missing.length) / 2 > MAX_CORRECTION_RANGES) return classSource(target);
    let source = excess.length > 0 ? `[${native}--${classSource(excess)}]` : native;
    if (missing.length > 0) source = `[${source}${classSource(missing)}]`;
    return source;
  });
}

const sourceCache = new Map<string, string>();
function cachedSource(key: string, build: () => string): string {
  let s = sourceCache.get(key);
  if (s === undefined) {
    s = build();
    sourceCache.set(key, s);
  }
  return s;
}
