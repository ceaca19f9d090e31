// From counted words (strings) to a WordTable of symbol ids: either in a given tokenizer's id space (each character
// becomes the id of its one-character token) or in a trainer's own alphabet (all characters seen, ids in code-point
// order, as HuggingFace's BpeTrainer assigns them).
// Example: words ["ab", "b"], vocab {a: 5, b: 9} -> symbols [5, 9, 9], offsets [0, 2, 3];
//          trainer alphabet of ["ba", "c"] -> ["a", "b", "c"], symbols [1, 0, 2].

import { unicodeToByte } from './byte-level.ts';
import { InputError } from './errors.ts';
import { showToken } from './merge-table.ts';
import { growInt32 } from './pair-table.ts';
import type { Tokenizer, WordCounts, WordTable } from './types.ts';

/** What to do with a character that has no token (and no byte-fallback tokens). */
export type MissingCharPolicy =
  /** Drop it; its neighbours become adjacent (what HF's trainer does with characters outside its alphabet). */
  | 'skip'
  /** Drop it and split the word there (no pair spans it; closer to SentencePiece's <unk>). */
  | 'split'
  /** Throw an InputError naming the character. */
  | 'error';

export interface MissingChars {
  /** What was dropped: characters, or for a byte-level tokenizer bytes (each a GPT-2 stand-in in the words). */
  unit: 'character' | 'byte';
  /** Occurrences (weighted by word count) of characters (bytes) with no token. */
  occurrences: number;
  /**
   * The distinct symbols with no token, by decreasing occurrences (at most 20): `char` as the model spells it (for
   * bytes the stand-in, "ł" for 0xA0); for bytes also the byte and the first character of the text it was part of.
   */
  examples: { char: string; occurrences: number; byte?: number; inText?: string }[];
}

export interface TokenizerWordTable {
  table: WordTable;
  missing: MissingChars;
}

// Per-code-point cache states (BMP in an Int32Array, astral planes in a Map).
const UNSEEN = -1;
const MISSING = -2;
const FALLBACK = -3;

/**
 * Maps each word's characters to the tokenizer's one-character tokens; with byteFallback, a character without a
 * token becomes its UTF-8 bytes' "<0xXX>" tokens. Cost: one pass over the characters, one Map look-up per
 * distinct character.
 */
export function tokenizerWordTable(
  wc: WordCounts,
  tokenizer: Pick<Tokenizer, 'tokenToId' | 'byteFallback'> & Partial<Pick<Tokenizer, 'level'>>,
  options: { missing?: MissingCharPolicy } = {},
): TokenizerWordTable {
  const policy = options.missing ?? 'skip';
  const byteLevel = tokenizer.level === 'byte';
  const missingInText = new Map<number, string>();
  const bmp = new Int32Array(0x10000).fill(UNSEEN);
  const astral = new Map<number, number>();
  const fallback = new Map<number, Int32Array>();
  const missingByChar = new Map<number, number>();
  let missingTotal = 0;

  const resolve = (cp: number): number => {
    const ch = String.fromCodePoint(cp);
    const id = tokenizer.tokenToId.get(ch);
    if (id !== undefined) return id;
    if (tokenizer.byteFallback) {
      const bytes = new TextEncoder().encode(ch);
      const ids = new Int32Array(bytes.length);
      let ok = true;
      bytes.forEach((b, i) => {
        const bid = tokenizer.tokenToId.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
        if (bid === undefined) ok = false;
        else ids[i] = bid;
      });
      if (ok) {
        fallback.set(cp, ids);
        return FALLBACK;
      }
    }
    if (policy === 'error') throw new InputError(`character ${showToken(ch)} (U+${cp.toString(16).toUpperCase()}) has no token`);
    return MISSING;
  };

  let symbols = new Int32Array(1 << 16);
  let n = 0;
  const offsetsList: number[] = [0];
  const countsList: number[] = [];
  for (let w = 0; w < wc.words.length; w++) {
    const word = wc.words[w];
    const freq = wc.counts[w];
    const wordStart = n;
    for (let i = 0; i < word.length; i++) {
      let cp = word.charCodeAt(i);
      if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < word.length) {
        const lo = word.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      }
      let id: number;
      if (cp < 0x10000) {
        id = bmp[cp];
        if (id === UNSEEN) id = bmp[cp] = resolve(cp);
      } else {
        const cached = astral.get(cp);
        id = cached ?? resolve(cp);
        if (cached === undefined) astral.set(cp, id);
      }
      if (id >= 0) {
        symbols = growInt32(symbols, n + 1);
        symbols[n++] = id;
      } else if (id === FALLBACK) {
        const ids = fallback.get(cp)!;
        symbols = growInt32(symbols, n + ids.length);
        symbols.set(ids, n);
        n += ids.length;
      } else {
        missingTotal += freq;
        const before = missingByChar.get(cp);
        // Rare (once per distinct missing symbol): the character of the text the byte came from.
        if (before === undefined && byteLevel) missingInText.set(cp, charAroundByte(word, i) ?? '');
        missingByChar.set(cp, (before ?? 0) + freq);
        if (policy === 'split' && n > wordStart) {
          // Close the part before the character as a word of its own, with the same count.
          offsetsList.push(n);
          countsList.push(freq);
        }
      }
    }
    offsetsList.push(n);
    countsList.push(freq);
  }
  const examples = [...missingByChar.entries()]
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, 20)
    .map(([cp, occurrences]) => {
      const byte = byteLevel && cp < unicodeToByte.length ? unicodeToByte[cp] : -1;
      if (byte < 0) return { char: String.fromCodePoint(cp), occurrences };
      const inText = missingInText.get(cp);
      return { char: String.fromCodePoint(cp), occurrences, byte, ...(inText ? { inText } : {}) };
    });
  return {
    table: { symbols: symbols.slice(0, n), offsets: Uint32Array.from(offsetsList), counts: Float64Array.from(countsList) },
    missing: { unit: byteLevel ? 'byte' : 'character', occurrences: missingTotal, examples },
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The character of the original text that the byte at `word[i]` (a byte-level word: one stand-in per byte) is part
 * of, or null when the bytes around it are not valid UTF-8 there.
 * Example: "Ã" "ł" is "à" (C3 A0): charAroundByte("vÃłl", 2) -> "à"; charAroundByte("Ġ", 0) -> " ".
 */
export function charAroundByte(word: string, i: number): string | null {
  const byteAt = (k: number) => {
    const c = word.charCodeAt(k);
    return c < unicodeToByte.length ? unicodeToByte[c] : -1;
  };
  if (byteAt(i) < 0) return null;
  // Back to the lead byte: at most three continuation bytes (10xxxxxx) before it.
  let start = i;
  while (start > 0 && i - start < 3 && (byteAt(start) & 0xc0) === 0x80 && byteAt(start - 1) >= 0) start--;
  const lead = byteAt(start);
  const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (start + length <= i || start + length > word.length) return null;
  const bytes = new Uint8Array(length);
  for (let k = 0; k < length; k++) {
    const b = byteAt(start + k);
    if (b < 0) return null;
    bytes[k] = b;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The dropped characters or bytes in words, for a warning.
 * Examples: '2 bytes have no token in the tokenizer and were dropped (e.g. 0xA0 of "à", 0xB9 of "¹")';
 *   '3 characters have no token in the tokenizer and were dropped (e.g. "中" "文")'.
 */
export function describeMissing(missing: MissingChars, examples = 5): string {
  const shown = missing.examples.slice(0, examples).map((e) => {
    if (e.byte === undefined) return showChar(e.char);
    const hex = `0x${e.byte.toString(16).toUpperCase().padStart(2, '0')}`;
    return e.inText ? `${hex} of ${showChar(e.inText)}` : hex;
  });
  const one = missing.occurrences === 1;
  const unit = `${missing.unit}${one ? '' : 's'} ${one ? 'has' : 'have'}`;
  return `${missing.occurrences} ${unit} no token in the tokenizer and ${one ? 'was' : 'were'} dropped (e.g. ${shown.join(missing.unit === 'byte' ? ', ' : ' ')})`;
}

/**
 * The error of a text with no pair to count. Example: (12, 3 missing characters "中" "文") -> 'has no pair of symbols
 * to merge: its 12 bytes hold no word longer than one symbol the tokenizer knows; 3 characters have no token in
 * the tokenizer and were dropped (e.g. "中" "文")'.
 */
export function noPairsToMerge(bytes: number, missing: MissingChars): string {
  return `has no pair of symbols to merge: its ${bytes} bytes hold no word longer than one symbol` +
    (missing.occurrences > 0 ? ` the tokenizer knows; ${describeMissing(missing)}` : '');
}

/** A character in a message: quoted when visible, else its code point ("à" -> `"à"`, a no-break space -> "U+00A0"). */
function showChar(ch: string): string {
  if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]+$/u.test(ch)) return JSON.stringify(ch);
  return [...ch].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

export interface TrainerWordTable {
  table: WordTable;
  /** id -> character: every character of the words, in code-point order. */
  alphabet: string[];
}

/**
 * The trainer's view of the words: the alphabet is every character seen, sorted by code point, and a character's
 * id is its rank there (HF BpeTrainer with no special tokens, no initial alphabet and no limit_alphabet).
 * Cost: two passes over the characters.
 */
export function trainerWordTable(wc: WordCounts): TrainerWordTable {
  // 1. Which code points occur.
  const seenBmp = new Uint8Array(0x10000);
  const seenAstral = new Set<number>();
  let total = 0;
  for (const word of wc.words) {
    for (let i = 0; i < word.length; i++) {
      const cp = word.codePointAt(i)!;
      if (cp >= 0x10000) {
        seenAstral.add(cp);
        i++;
      } else seenBmp[cp] = 1;
      total++;
    }
  }
  // 2. Ids in code-point order.
  const idBmp = new Int32Array(0x10000).fill(-1);
  const idAstral = new Map<number, number>();
  const alphabet: string[] = [];
  for (let cp = 0; cp < 0x10000; cp++) {
    if (seenBmp[cp]) {
      idBmp[cp] = alphabet.length;
      alphabet.push(String.fromCharCode(cp));
    }
  }
  for (const cp of [...seenAstral].sort((x, y) => x - y)) {
    idAstral.set(cp, alphabet.length);
    alphabet.push(String.fromCodePoint(cp));
  }
  // 3. The symbols.
  const symbols = new Int32Array(total);
  const offsets = new Uint32Array(wc.words.length + 1);
  let n = 0;
  for (let w = 0; w < wc.words.length; w++) {
    const word = wc.words[w];
    for (let i = 0; i < word.length; i++) {
      const cp = word.codePointAt(i)!;
      if (cp >= 0x10000) {
        symbols[n++] = idAstral.get(cp)!;
        i++;
      } else symbols[n++] = idBmp[cp];
    }
    offsets[w + 1] = n;
  }
  return { table: { symbols, offsets, counts: wc.counts }, alphabet };
}
