import { describe, expect, it } from 'vitest';
import {
  decodeRanges, fromRanges, complement, intersect, union, classSource, generalCategory, engineSet, pinnedClassSource,
  NAMED_SETS, ANY,
} from './char-sets.ts';

describe('char sets: worked examples', () => {
  it('decodes the generated tables, normalises and combines ranges', () => {
    expect(decodeRanges('1t.p 6.p')).toEqual([0x41, 0x5a, 0x61, 0x7a]);
    expect(fromRanges([5, 9, 1, 3, 4, 4])).toEqual([1, 9]);
    expect(complement([0, 0x40, 0x5b, 0x10ffff])).toEqual([0x41, 0x5a]);
    expect(intersect([0, 10], [5, 20])).toEqual([5, 10]);
    expect(union([1, 2], [3, 4])).toEqual([1, 4]);
    expect(classSource([0x41, 0x5a, 0x5f, 0x5f])).toBe('[A-Z\\u{5f}]');
  });
  it('pins general categories to tokenizers\' Unicode (U+0295 is Ll there, Lo in Unicode 16+)', () => {
    const ll = generalCategory('Ll')!;
    const inLl = (cp: number) => new RegExp(classSource(ll), 'u').test(String.fromCodePoint(cp));
    expect(inLl(0x295)).toBe(true);
    expect(inLl(0x16ebb)).toBe(false); // a Unicode 17 lowercase letter
  });
});

describe('pinnedClassSource: fast and exact in this engine', () => {
  const cases: [string, () => readonly number[]][] = [
    ['\\p{L}', () => generalCategory('L')!],
    ['\\p{N}', () => generalCategory('N')!],
    ['[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]', () => union(...['Lu', 'Lt', 'Lm', 'Lo', 'M'].map((g) => generalCategory(g)!))],
    ['\\s', () => NAMED_SETS.onigSpace()],
    ['\\p{P}', () => NAMED_SETS.hfPunctuation()],
    ['[\\p{Alpha}\\p{M}\\p{Nd}\\p{Pc}]', () => NAMED_SETS.onigWord()],
  ];
  for (const [native, target] of cases) {
    it(`${native} corrected to the pinned set`, () => {
      const source = pinnedClassSource(native, target());
      // Read back through the engine: exactly the target, surrogates aside.
      expect(engineSet(source)).toEqual(intersect(target(), ANY));
      expect(source.length).toBeLessThan(classSource(target()).length);
    });
  }
});
