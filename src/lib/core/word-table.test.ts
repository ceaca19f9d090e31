import { describe, expect, it } from 'vitest';
import { charAroundByte, describeMissing, tokenizerWordTable, trainerWordTable } from './word-table.ts';
import { byteToUnicode } from './byte-level.ts';
import { InputError } from './errors.ts';
import type { WordCounts } from './types.ts';

function wc(obj: Record<string, number>): WordCounts {
  return { words: Object.keys(obj), counts: Float64Array.from(Object.values(obj)), bytes: 0, chars: 0, lines: 0, invalidUtf8: 0 };
}

function rows(t: { symbols: Int32Array; offsets: Uint32Array; counts: Float64Array }): [number[], number][] {
  const out: [number[], number][] = [];
  for (let w = 0; w + 1 < t.offsets.length; w++) out.push([Array.from(t.symbols.subarray(t.offsets[w], t.offsets[w + 1])), t.counts[w]]);
  return out;
}

describe('tokenizerWordTable', () => {
  const tokenToId = new Map([['a', 5], ['b', 9], ['😀', 3], ['<0xC3>', 20], ['<0xA9>', 21]]);

  it('maps each character to its one-character token, astral characters included', () => {
    const { table, missing } = tokenizerWordTable(wc({ ab: 2, b: 1, 'a😀b': 4 }), { tokenToId, byteFallback: false });
    expect(rows(table)).toEqual([[[5, 9], 2], [[9], 1], [[5, 3, 9], 4]]);
    expect(missing.occurrences).toBe(0);
  });

  it('spells a character without a token in <0xXX> byte tokens when byte_fallback is on', () => {
    // é is C3 A9 in UTF-8.
    const { table, missing } = tokenizerWordTable(wc({ 'aéb': 1 }), { tokenToId, byteFallback: true });
    expect(rows(table)).toEqual([[[5, 20, 21, 9], 1]]);
    expect(missing.occurrences).toBe(0);
  });

  it('skips, splits at, or rejects a character with no token, and accounts for it', () => {
    const words = wc({ 'axb': 3, 'xx': 1, 'ñ': 2 });
    const skip = tokenizerWordTable(words, { tokenToId, byteFallback: true });
    expect(rows(skip.table)).toEqual([[[5, 9], 3], [[], 1], [[], 2]]);
    expect(skip.missing).toEqual({ unit: 'character', occurrences: 7, examples: [{ char: 'x', occurrences: 5 }, { char: 'ñ', occurrences: 2 }] });
    expect(describeMissing(skip.missing)).toBe('7 characters have no token in the tokenizer and were dropped (e.g. "x" "ñ")');
    const split = tokenizerWordTable(words, { tokenToId, byteFallback: false }, { missing: 'split' });
    expect(rows(split.table)).toEqual([[[5], 3], [[9], 3], [[], 1], [[], 2]]);
    expect(() => tokenizerWordTable(words, { tokenToId, byteFallback: false }, { missing: 'error' })).toThrow(InputError);
    expect(() => tokenizerWordTable(words, { tokenToId, byteFallback: false }, { missing: 'error' })).toThrow(/"x" \(U\+78\)/);
  });
});

describe('missing bytes of a byte-level tokenizer', () => {
  // GPT-2 stand-ins: " voilà" is " voil" + "à" = C3 A0 -> "ĠvoilÃł"; "¹" is C2 B9 -> "Â¹". The vocab lacks 0xA0 ("ł")
  // and 0xB9 ("¹"), as a tokenizer trained on English text does.
  const tokenToId = new Map(byteToUnicode.filter((ch) => ch !== 'ł' && ch !== '¹').map((ch, id) => [ch, id]));
  const words = wc({ 'ĠvoilÃł': 3, 'Â¹': 1, 'ĠÃł': 2 });

  it('are counted as bytes, each shown with the character of the text it came from', () => {
    const { missing } = tokenizerWordTable(words, { tokenToId, byteFallback: false, level: 'byte' });
    expect(missing).toEqual({
      unit: 'byte',
      occurrences: 6,
      examples: [{ char: 'ł', occurrences: 5, byte: 0xa0, inText: 'à' }, { char: '¹', occurrences: 1, byte: 0xb9, inText: '¹' }],
    });
    expect(describeMissing(missing)).toBe('6 bytes have no token in the tokenizer and were dropped (e.g. 0xA0 of "à", 0xB9 of "¹")');
  });

  it('finds the character around a byte: 1 to 4 bytes long, and none in invalid UTF-8', () => {
    const mapped = (text: string) => [...new TextEncoder().encode(text)].map((b) => byteToUnicode[b]).join('');
    expect(charAroundByte(mapped(' voilà'), 6)).toBe('à');
    expect(charAroundByte(mapped(' voilà'), 0)).toBe(' ');
    expect(charAroundByte(mapped('a中b'), 2)).toBe('中'); // E4 B8 AD: the last byte of the three
    expect(charAroundByte(mapped('😀'), 1)).toBe('😀');
    expect(charAroundByte(byteToUnicode[0xa0], 0)).toBeNull(); // a continuation byte with no lead
    expect(charAroundByte(byteToUnicode[0xc3] + 'a', 0)).toBeNull(); // a lead byte cut short
    // a no-break space (C2 A0) is shown by its code point
    const nbsp = tokenizerWordTable(wc({ [mapped('\u00a0')]: 1 }), { tokenToId, byteFallback: false, level: 'byte' }).missing;
    expect(describeMissing(nbsp)).toBe('1 byte has no token in the tokenizer and was dropped (e.g. 0xA0 of U+00A0)');
  });
});

describe('trainerWordTable', () => {
  it('numbers every character seen in code-point order (astral after BMP), as HF BpeTrainer does', () => {
    const { table, alphabet } = trainerWordTable(wc({ 'ba😀': 2, 'c\u00e9a': 1, 'Ġa': 5 }));
    expect(alphabet).toEqual(['a', 'b', 'c', 'é', 'Ġ', '😀']);
    expect(rows(table)).toEqual([[[1, 0, 5], 2], [[2, 3, 0], 1], [[4, 0], 5]]);
  });
});
