// From counted words (strings) to a WordTable of symbol ids: either in a given tokenizer's id space (each character
// becomes the id of its one-character token) or in a trainer's own alphabet (all characters seen, ids in code-point
// order, as HuggingFace's BpeTrainer assigns them).
// Example: words ["ab", "b"], vocab {a: 5, b: 9} -> symbols [5, 9, 9], offsets [0, 2, 3];
//          trainer alphabet of ["ba", "c"] -> ["a", "b", "c"], symbols [1, 0, 2].

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
  /** Occurrences (weighted by word count) of characters with no token. */
  occurrences: number;
  /** The distinct characters with no token, by decreasing occurrences (at most 20). */
  examples: { char: string; occurrences: number }[];
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
  tokenizer: Pick<Tokenizer, 'tokenToId' | 'byteFallback'>,
  options: { missing?: MissingCharPolicy } = {},
): TokenizerWordTable {
  const policy = options.missing ?? 'skip';
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
        missingByChar.set(cp, (missingByChar.get(cp) ?? 0) + freq);
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
    .map(([cp, occurrences]) => ({ char: String.fromCodePoint(cp), occurrences }));
  return {
    table: { symbols: symbols.slice(0, n), offsets: Uint32Array.from(offsetsList), counts: Float64Array.from(countsList) },
    missing: { occurrences: missingTotal, examples },
  };
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
