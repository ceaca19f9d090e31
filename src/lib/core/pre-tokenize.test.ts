import { describe, expect, it } from 'vitest';
import { makePreTokenizer, parsePreTokenizer, byteLevelMap } from './pre-tokenize.ts';
import { isInputError } from './errors.ts';
import { testText } from '../../test-support/corpus.ts';
import { EXTRA_TEXT, allCodePoints, expectSamePieces, hfPieces } from './hf-reference.testkit.ts';

const run = (json: unknown, text: string) => makePreTokenizer(parsePreTokenizer(json, 'pre_tokenizer'))(text);

describe('pre-tokenizers: worked examples', () => {
  it('Split: the five behaviours, and invert', () => {
    const split = (behavior: string, invert = false) => ({ type: 'Split', pattern: { String: '-' }, behavior, invert });
    const t = 'a-b--c';
    expect(run(split('Removed'), t)).toEqual(['a', 'b', 'c']);
    expect(run(split('Isolated'), t)).toEqual(['a', '-', 'b', '-', '-', 'c']);
    expect(run(split('MergedWithPrevious'), t)).toEqual(['a-', 'b-', '-', 'c']);
    expect(run(split('MergedWithNext'), t)).toEqual(['a', '-b', '-', '-c']);
    expect(run(split('Contiguous'), t)).toEqual(['a', '-', 'b', '--', 'c']);
    expect(run(split('Removed', true), t)).toEqual(['-', '-', '-']);
  });
  it('ByteLevel maps bytes and, with use_regex, splits as GPT-2', () => {
    expect(run({ type: 'ByteLevel', add_prefix_space: true, use_regex: true }, "Hi there's é\n")).toEqual(['ĠHi', 'Ġthere', "'s", 'ĠÃ©', 'Ċ']);
    expect(run({ type: 'ByteLevel', add_prefix_space: false, use_regex: false }, 'a b')).toEqual(['aĠb']);
  });
  it('Digits, Whitespace, WhitespaceSplit, Punctuation', () => {
    expect(run({ type: 'Digits', individual_digits: false }, 'a123b٤٥')).toEqual(['a', '123', 'b', '٤٥']);
    expect(run({ type: 'Digits', individual_digits: true }, 'a12')).toEqual(['a', '1', '2']);
    expect(run({ type: 'Whitespace' }, "Hey, you're  ok?")).toEqual(['Hey', ',', 'you', "'", 're', 'ok', '?']);
    expect(run({ type: 'WhitespaceSplit' }, ' a\u0085b\ufeffc ')).toEqual(['a', 'b\ufeffc']);
    expect(run({ type: 'Punctuation' }, 'a,b!!')).toEqual(['a', ',', 'b', '!', '!']);
  });
  it('Metaspace: replacement, prepend schemes, split', () => {
    const ms = (prepend_scheme: string, split = true) => ({ type: 'Metaspace', replacement: '▁', prepend_scheme, split });
    expect(run(ms('always'), 'Hey  you')).toEqual(['▁Hey', '▁', '▁you']);
    expect(run(ms('never'), 'Hey you')).toEqual(['Hey', '▁you']);
    expect(run(ms('always', false), 'Hey you')).toEqual(['▁Hey▁you']);
    // "first": only the piece that starts the text gets the prefix.
    const seq = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { String: '|' }, behavior: 'Removed', invert: false }, ms('first')] };
    expect(run(seq, 'a b|c')).toEqual(['▁a', '▁b', 'c']);
    expect(run(seq, '|c')).toEqual(['c']);
  });
  it('byte-maps every piece in one pass, multi-byte characters included', () => {
    expect(byteLevelMap(['é', ' 中', '😀', 'a\n'])).toEqual(['Ã©', 'Ġä¸Ń', 'ðŁĺĢ', 'aĊ']);
  });
  it('no pre-tokenizer: the text is one piece; empty text has none', () => {
    expect(makePreTokenizer(null)('a b')).toEqual(['a b']);
    expect(makePreTokenizer(null)('')).toEqual([]);
  });
});

describe('parsePreTokenizer: errors name the problem and where', () => {
  const cases: [unknown, RegExp, string][] = [
    [{ type: 'BertPreTokenizer' }, /unsupported pre_tokenizer type "BertPreTokenizer": mergeprint reproduces Split, .* exactly, and no other .*cannot be analysed here/, 'pre_tokenizer'],
    [{ type: 'Sequence', pretokenizers: [{ type: 'Digits' }, { type: 'UnicodeScripts' }] }, /unsupported pre_tokenizer type "UnicodeScripts"/, 'pre_tokenizer.pretokenizers[1]'],
    [{ type: 'Split', behavior: 'Isolated' }, /missing field "pattern"/, 'pre_tokenizer'],
    [{ type: 'Split', pattern: { Regex: 'a' } }, /missing field "behavior"/, 'pre_tokenizer'],
    [{ type: 'Split', pattern: { Regex: 'a' }, behavior: 'Merged' }, /unknown split behavior "Merged"/, 'pre_tokenizer'],
    [{ type: 'Split', pattern: { Regex: '(?x)a' }, behavior: 'Isolated' }, /inline option 'x'/, 'pre_tokenizer.pattern'],
    [{ type: 'Split', pattern: { Glob: '*' }, behavior: 'Isolated' }, /pattern must be/, 'pre_tokenizer.pattern'],
    [{ type: 'Sequence' }, /missing field "pretokenizers"/, 'pre_tokenizer'],
    [{ type: 'Metaspace', replacement: '__' }, /one character/, 'pre_tokenizer'],
    [{ type: 'Metaspace', prepend_scheme: 'sometimes' }, /unknown prepend_scheme "sometimes"/, 'pre_tokenizer'],
    [{ type: 'ByteLevel', add_prefix_space: 'yes' }, /field "add_prefix_space" must be a boolean/, 'pre_tokenizer'],
    ['ByteLevel', /must be an object/, 'pre_tokenizer'],
  ];
  for (const [json, message, where] of cases) {
    it(JSON.stringify(json), () => {
      let err: unknown;
      try {
        parsePreTokenizer(json, 'pre_tokenizer');
      } catch (e) {
        err = e;
      }
      expect(isInputError(err)).toBe(true);
      expect((err as Error).message).toMatch(message);
      expect((err as { where?: string }).where).toBe(where);
    });
  }
  it('fills HF defaults for fields older files leave out', () => {
    expect(parsePreTokenizer({ type: 'ByteLevel' }, 'p')).toEqual({ type: 'ByteLevel', add_prefix_space: true, use_regex: true });
    expect(parsePreTokenizer({ type: 'Metaspace', replacement: '▁', add_prefix_space: false }, 'p'))
      .toEqual({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true });
    expect(parsePreTokenizer(null, 'p')).toBeNull();
  });
});

describe('pre-tokenizers agree with tokenizers', () => {
  const text = testText(200_000, 5) + EXTRA_TEXT;
  const behaviors = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'];
  const components: [string, unknown][] = [];
  for (const behavior of behaviors) {
    for (const invert of [false, true]) {
      components.push([`Split regex ${behavior} invert=${invert}`, { type: 'Split', pattern: { Regex: '\\s+|[.,]|\\p{N}' }, behavior, invert }]);
      components.push([`Split string ${behavior} invert=${invert}`, { type: 'Split', pattern: { String: 'e' }, behavior, invert }]);
    }
    components.push([`Punctuation ${behavior}`, { type: 'Punctuation', behavior }]);
    // Empty matches: Oniguruma skips one where the previous match ended (JS would not).
    components.push([`Split empty matches ${behavior}`, { type: 'Split', pattern: { Regex: 'e*' }, behavior, invert: false }]);
    components.push([`Split empty matches ${behavior} inverted`, { type: 'Split', pattern: { Regex: 'e*' }, behavior, invert: true }]);
  }
  components.push(['Split empty string', { type: 'Split', pattern: { String: '' }, behavior: 'Isolated', invert: false }]);
  for (const add_prefix_space of [false, true]) {
    for (const use_regex of [false, true]) {
      components.push([`ByteLevel prefix=${add_prefix_space} regex=${use_regex}`, { type: 'ByteLevel', add_prefix_space, trim_offsets: true, use_regex }]);
    }
  }
  for (const individual_digits of [false, true]) components.push([`Digits ${individual_digits}`, { type: 'Digits', individual_digits }]);
  for (const prepend_scheme of ['always', 'never', 'first']) {
    for (const split of [true, false]) {
      components.push([`Metaspace ${prepend_scheme} split=${split}`, { type: 'Metaspace', replacement: '▁', prepend_scheme, split }]);
    }
  }
  components.push(['Whitespace', { type: 'Whitespace' }]);
  components.push(['WhitespaceSplit', { type: 'WhitespaceSplit' }]);
  const seq = (...pretokenizers: unknown[]) => ({ type: 'Sequence', pretokenizers });
  components.push(['Sequence Split + ByteLevel prefix', seq(
    { type: 'Split', pattern: { Regex: '\\p{L}+' }, behavior: 'Isolated', invert: false },
    { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: false },
  )]);
  components.push(['Sequence ByteLevel + Digits', seq(
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    { type: 'Digits', individual_digits: true },
  )]);
  components.push(['Sequence Removed + Metaspace first', seq(
    { type: 'Split', pattern: { Regex: '^\\s+|\\n' }, behavior: 'Removed', invert: false },
    { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true },
  )]);
  components.push(['Sequence WhitespaceSplit + Punctuation + Digits', seq(
    { type: 'WhitespaceSplit' }, { type: 'Punctuation', behavior: 'MergedWithNext' }, { type: 'Digits', individual_digits: false },
  )]);

  for (const [name, json] of components) {
    it(`${name} on 200 KB of mixed text`, () => {
      expectSamePieces(run(json, text), hfPieces(json, text), name);
    });
  }

  // The character predicates over every code point, each between two 'a's.
  const sepText = allCodePoints('a').join('a');
  for (const [name, json] of [
    ['Digits', { type: 'Digits', individual_digits: true }],
    ['Punctuation', { type: 'Punctuation', behavior: 'Isolated' }],
    ['WhitespaceSplit', { type: 'WhitespaceSplit' }],
    ['Whitespace', { type: 'Whitespace' }],
  ] as const) {
    it(`${name} over every code point`, () => {
      expectSamePieces(run(json, sepText), hfPieces(json, sepText), name);
    });
  }
});
