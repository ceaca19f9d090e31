import { describe, expect, it } from 'vitest';
import { tokenizerWordTable, trainerWordTable } from './word-table.ts';
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
    expect(skip.missing).toEqual({ occurrences: 7, examples: [{ char: 'x', occurrences: 5 }, { char: 'ñ', occurrences: 2 }] });
    const split = tokenizerWordTable(words, { tokenToId, byteFallback: false }, { missing: 'split' });
    expect(rows(split.table)).toEqual([[[5], 3], [[9], 3], [[], 1], [[], 2]]);
    expect(() => tokenizerWordTable(words, { tokenToId, byteFallback: false }, { missing: 'error' })).toThrow(InputError);
    expect(() => tokenizerWordTable(words, { tokenToId, byteFallback: false }, { missing: 'error' })).toThrow(/"x" \(U\+78\)/);
  });
});

describe('trainerWordTable', () => {
  it('numbers every character seen in code-point order (astral after BMP), as HF BpeTrainer does', () => {
    const { table, alphabet } = trainerWordTable(wc({ 'ba😀': 2, 'c\u00e9a': 1, 'Ġa': 5 }));
    expect(alphabet).toEqual(['a', 'b', 'c', 'é', 'Ġ', '😀']);
    expect(rows(table)).toEqual([[[1, 0, 5], 2], [[2, 3, 0], 1], [[4, 0], 5]]);
  });
});
