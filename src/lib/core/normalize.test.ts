import { describe, expect, it } from 'vitest';
import { makeNormalizer, parseNormalizer, identityNormalizer } from './normalize.ts';
import { isInputError } from './errors.ts';
import { testText } from '../../test-support/corpus.ts';
import { EXTRA_TEXT, allCodePoints, expectSameText, hfNormalize } from './hf-reference.testkit.ts';

const run = (json: unknown, text: string) => makeNormalizer(parseNormalizer(json, 'normalizer'))(text);

describe('normalizers: worked examples', () => {
  it('Lowercase per character, as Rust: no final sigma', () => {
    expect(run({ type: 'Lowercase' }, 'ΟΔΟΣ ΣΑΣ')).toBe('οδοσ σασ');
    expect('ΟΔΟΣ'.toLowerCase()).toBe('οδος'); // what JS alone would give
    expect(run({ type: 'Lowercase' }, 'İ')).toBe('i\u0307');
  });
  it('NFKC, Replace, Prepend, Strip, Sequence', () => {
    expect(run({ type: 'NFKC' }, 'ﬁ①')).toBe('fi1');
    expect(run({ type: 'Replace', pattern: { String: ' ' }, content: '$&▁' }, 'a b')).toBe('a$&▁b');
    expect(run({ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }, 'a   b  c')).toBe('a b c');
    expect(run({ type: 'Prepend', prepend: '▁' }, 'ab')).toBe('▁ab');
    expect(run({ type: 'Prepend', prepend: '▁' }, '')).toBe('');
    expect(run({ type: 'Strip', strip_left: true, strip_right: false }, ' \u0085a \u3000')).toBe('a \u3000');
    expect(run({ type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] }, 'ＨｅｌｌＯ')).toBe('hello');
  });
  it('keeps characters newer than tokenizers\' normalization tables as they are', () => {
    // U+105C9 (Todhri, Unicode 16) decomposes in ICU, not in tokenizers.
    expect('\u{105c9}'.normalize('NFD')).not.toBe('\u{105c9}');
    expect(run({ type: 'NFD' }, 'e\u0301\u{105c9}')).toBe('e\u0301\u{105c9}');
    expect(run({ type: 'NFC' }, 'e\u0301\u{105d2}\u0307')).toBe('\u00e9\u{105d2}\u0307');
  });
  it('null and an empty Sequence are the identity function itself (callers skip it)', () => {
    expect(makeNormalizer(null)).toBe(identityNormalizer);
    expect(makeNormalizer({ type: 'Sequence', normalizers: [] })).toBe(identityNormalizer);
  });
});

describe('parseNormalizer: errors name the problem and where', () => {
  const cases: [unknown, RegExp, string][] = [
    [{ type: 'BertNormalizer' }, /unsupported normalizer type "BertNormalizer": mergeprint reproduces NFC, .* exactly, and no other .*cannot be analysed here/, 'normalizer'],
    [{ type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }, { type: 'Precompiled' }] }, /unsupported normalizer type "Precompiled"/, 'normalizer.normalizers[2]'],
    [{ type: 'Replace', pattern: { String: 'a' } }, /missing field "content"/, 'normalizer'],
    [{ type: 'Replace', content: 'x' }, /pattern must be/, 'normalizer.pattern'],
    [{ type: 'Replace', pattern: { Regex: '[a' }, content: 'x' }, /unclosed character class/, 'normalizer.pattern'],
    [{ type: 'Prepend' }, /missing field "prepend"/, 'normalizer'],
    [{ type: 'Strip', strip_left: 1 }, /field "strip_left" must be a boolean/, 'normalizer'],
    [{ type: 'Sequence' }, /missing field "normalizers"/, 'normalizer'],
    [{ type: 'Sequence', normalizers: [null] }, /null inside a Sequence/, 'normalizer.normalizers[0]'],
    [[], /must be an object/, 'normalizer'],
  ];
  for (const [json, message, where] of cases) {
    it(JSON.stringify(json), () => {
      let err: unknown;
      try {
        parseNormalizer(json, 'normalizer');
      } catch (e) {
        err = e;
      }
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
      expect((err as { where?: string }).where).toBe(where);
    });
  }
  it('null stays null', () => expect(parseNormalizer(null, 'normalizer')).toBeNull());
});

describe('normalizers agree with tokenizers', () => {
  const text = testText(300_000, 3) + EXTRA_TEXT;
  const components: [string, unknown][] = [
    ['NFC', { type: 'NFC' }], ['NFD', { type: 'NFD' }], ['NFKC', { type: 'NFKC' }], ['NFKD', { type: 'NFKD' }],
    ['Lowercase', { type: 'Lowercase' }],
    ['Replace string', { type: 'Replace', pattern: { String: ' ' }, content: '▁' }],
    ['Replace string $', { type: 'Replace', pattern: { String: 'e' }, content: '$1$$' }],
    ['Replace empty string', { type: 'Replace', pattern: { String: '' }, content: '|' }],
    ['Replace regex', { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }],
    ['Replace regex empty matches', { type: 'Replace', pattern: { Regex: 'x*' }, content: '-' }],
    ['Prepend', { type: 'Prepend', prepend: '▁' }],
    ['Strip both', { type: 'Strip', strip_left: true, strip_right: true }],
    ['Strip right', { type: 'Strip', strip_left: false, strip_right: true }],
    ['Sequence', { type: 'Sequence', normalizers: [{ type: 'NFKD' }, { type: 'Lowercase' }, { type: 'Replace', pattern: { Regex: '\\p{Mn}' }, content: '' }, { type: 'NFC' }] }],
  ];
  for (const [name, json] of components) {
    it(`${name} on 300 KB of mixed text`, () => {
      // Line by line as well as whole, so Strip and Prepend see many starts and ends.
      expectSameText(run(json, text), hfNormalize(json, text), name);
      const lines = text.split('\n').slice(0, 2000);
      expect(lines.map((l) => run(json, l))).toEqual(lines.map((l) => hfNormalize(json, l)));
    });
  }

  // Per character over all of Unicode, alone and in the company of combining marks (which exposes combining
  // classes and compositions that tokenizers' tables and ICU's disagree on).
  const SEP = '\u0001';
  const chars = allCodePoints(SEP);
  const probes: [string, (c: string) => string][] = [
    ['alone', (c) => c], ['after U+0345', (c) => '\u0345' + c], ['before U+0334 U+0301', (c) => c + '\u0334\u0301'],
    ['ICU-decomposed', (c) => c.normalize('NFD')],
  ];
  for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD', 'Lowercase']) {
    it(`${form} over every code point`, () => {
      const probeList = form === 'Lowercase' ? probes.slice(0, 1) : probes;
      for (const [label, probe] of probeList) {
        const input = chars.map(probe).join(SEP);
        expectSameText(run({ type: form }, input), hfNormalize({ type: form }, input), `${form} ${label}`);
      }
    });
  }
});
