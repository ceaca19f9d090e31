import { describe, expect, it } from 'vitest';
import r50k from 'js-tiktoken/ranks/r50k_base';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { makeEncoder } from './encode.ts';
import { loadJsTiktoken } from './load-tiktoken.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import { buildTokenView, bytesToRuns, encodeWithPieces, makeTokenIndex, visibleRuns, type Run, type TokenView, spokenRuns } from './token-view.ts';
import { testText } from '../../test-support/corpus.ts';
import type { Tokenizer } from './types.ts';

const gpt2 = loadJsTiktoken(r50k, 'r50k_base');
const text = (runs: Run[] | null) => (runs ?? []).map((r) => r.text).join('');
const tokens = (v: TokenView) => v.pieces.flatMap((p) => p.groups.flatMap((g) => g.tokens));

function view(tok: Tokenizer, s: string, limit = 1000): TokenView {
  return buildTokenView(makeTokenIndex(tok), s, encodeWithPieces(makeEncoder(tok), s), limit);
}

describe('visibleRuns', () => {
  it('marks space, tab, newline (keeping a real newline) and invisible characters', () => {
    expect(visibleRuns('a b\t\nc\u00A0d\u200D')).toEqual([
      { kind: 'text', text: 'a' }, { kind: 'mark', text: '·' }, { kind: 'text', text: 'b' },
      { kind: 'mark', text: '→↵\n' }, { kind: 'text', text: 'c' }, { kind: 'mark', text: '<U+00A0>' },
      { kind: 'text', text: 'd' }, { kind: 'mark', text: '<U+200D>' },
    ]);
    // a run of marks stops after a newline, so the next line starts with its own run
    expect(visibleRuns('\n\n ').map((r) => r.text)).toEqual(['↵\n', '↵\n', '·']);
  });
});

describe('bytesToRuns', () => {
  it('shows whole characters and the bytes of a character cut at either end', () => {
    const out: Run[] = [];
    expect(bytesToRuns(Uint8Array.of(0x20, 0xe6, 0x9d), 0, out)).toBe(1); // " " + first two bytes of 東
    expect(out).toEqual([{ kind: 'mark', text: '·' }, { kind: 'byte', text: '<0xE6><0x9D>' }]);
    const next: Run[] = [];
    expect(bytesToRuns(Uint8Array.of(0xb1, 0xe4, 0xba, 0xac), 1, next)).toBe(0); // last byte of 東, then 京
    expect(next).toEqual([{ kind: 'byte', text: '<0xB1>' }, { kind: 'text', text: '京' }]);
  });
  it('shows a stray continuation byte as a byte and keeps nothing pending', () => {
    const out: Run[] = [];
    expect(bytesToRuns(Uint8Array.of(0x41, 0xa9, 0x42), 0, out)).toBe(0);
    expect(out.map((r) => r.text)).toEqual(['A', '<0xA9>', 'B']);
  });
});

describe('buildTokenView on GPT-2', () => {
  it('worked example: pieces, ids, ranks, a split character grouped under its joined text', () => {
    const v = view(gpt2, 'Hi 東<|endoftext|>');
    expect(v.pieces.map((p) => p.raw)).toEqual(['Hi', 'ĠæĿ±', '<|endoftext|>']);
    const all = tokens(v);
    const hi = all[0];
    expect(all.map((t) => t.id)).toEqual(makeEncoder(gpt2).encode('Hi 東<|endoftext|>'));
    expect(hi).toMatchObject({ raw: 'Hi', kind: 'merged', hex: '48 69' });
    expect(gpt2.mergeResult[hi.rank]).toBe(hi.id);
    expect(gpt2.vocab[gpt2.mergeLeft[hi.rank]] + gpt2.vocab[gpt2.mergeRight[hi.rank]]).toBe('Hi');
    expect(text(hi.merge!.left.runs) + text(hi.merge!.right.runs)).toBe('Hi');
    // " 東" = 20 E6 9D B1 is three tokens, none of them whole characters: one group, joined "·東"
    const group = v.pieces[1].groups;
    expect(group).toHaveLength(1);
    expect(group[0].tokens.map((t) => text(t.runs))).toEqual(['·<0xE6>', '<0x9D>', '<0xB1>']);
    expect(text(group[0].joined)).toBe('·東');
    expect(group[0].tokens[0]).toMatchObject({ raw: 'Ġæ', kind: 'merged', hex: '20 E6' });
    expect(text(group[0].tokens[0].merge!.left.runs) + ' + ' + text(group[0].tokens[0].merge!.right.runs)).toBe('· + <0xE6>');
    expect(group[0].tokens[2]).toMatchObject({ raw: '±', kind: 'base', rank: -1, merge: null, hex: 'B1' });
    const special = all[4];
    expect(special).toMatchObject({ id: 50256, raw: '<|endoftext|>', kind: 'added', rank: -1, merge: null, index: 4 });
    expect(v.pieces[2].added).toBe(true);
    expect(v).toMatchObject({ shown: 5, pieceCount: 3, chars: 17, bytes: 19, merges: gpt2.mergeResult.length });
  });

  it('the limit cuts the display, not the counts', () => {
    const s = 'one two three four';
    const v = view(gpt2, s, 2);
    expect(tokens(v).map((t) => t.raw)).toEqual(['one', 'Ġtwo']);
    expect(v.shown).toBe(2);
    expect(Array.from(v.ids)).toEqual(makeEncoder(gpt2).encode(s));
    expect(v.pieceCount).toBe(4);
    // a cut inside a piece is marked
    const long = view(gpt2, '東東東', 2);
    expect(long.pieces).toHaveLength(1);
    expect(long.pieces[0].cut).toBe(true);
  });

  it('newlines keep breaking lines inside tokens (cl100k has a token for two newlines)', () => {
    const v = view(loadJsTiktoken(cl100k, 'cl100k_base'), 'a\n\nb');
    expect(tokens(v).map((t) => text(t.runs))).toEqual(['a', '↵\n↵\n', 'b']);
  });
});

describe('buildTokenView on a character-level tokenizer with byte fallback and Metaspace', () => {
  const vocab: Record<string, number> = { '<unk>': 0, '▁': 1, a: 2, b: 3, '▁a': 4, '<0xE6>': 5, '<0x9D>': 6, '<0xB1>': 7, '<0x0A>': 8, ab: 9 };
  const tok = loadTokenizerJson(JSON.stringify({
    added_tokens: [{ id: 10, content: '<s>', special: true, normalized: false }],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
    model: { type: 'BPE', vocab, merges: ['▁ a', 'a b'], byte_fallback: true, unk_token: '<unk>' },
  }));

  it('byte-fallback tokens of one character form a group; ▁ reads as a space; <0x0A> as a newline', () => {
    const v = view(tok, 'a 東\nab<s>');
    const all = tokens(v);
    expect(all.map((t) => t.raw)).toEqual(['▁a', '▁', '<0xE6>', '<0x9D>', '<0xB1>', '<0x0A>', 'ab', '<s>']);
    expect(all.map((t) => t.id)).toEqual(makeEncoder(tok).encode('a 東\nab<s>'));
    expect(all[0]).toMatchObject({ kind: 'merged', rank: 0, hex: '20 61' });
    expect(text(all[0].runs)).toBe('·a');
    const east = v.pieces.flatMap((p) => p.groups).find((g) => g.tokens.length > 1)!;
    expect(east.tokens.map((t) => t.raw)).toEqual(['<0xE6>', '<0x9D>', '<0xB1>']);
    expect(east.tokens.map((t) => t.kind)).toEqual(['base', 'base', 'base']);
    expect(text(east.joined)).toBe('東');
    expect(text(all[5].runs)).toBe('↵\n');
    expect(all[6]).toMatchObject({ kind: 'merged', rank: 1 });
    expect(text(all[6].merge!.left.runs) + ' + ' + text(all[6].merge!.right.runs)).toBe('a + b');
    expect(all[7]).toMatchObject({ kind: 'added', raw: '<s>' });
  });

  it('an unknown character shows the unk token, outside any group', () => {
    const noFallback = loadTokenizerJson(JSON.stringify({
      added_tokens: [], normalizer: null, pre_tokenizer: null,
      model: { type: 'BPE', vocab: { '<unk>': 0, a: 1 }, merges: [], unk_token: '<unk>' },
    }));
    const v = view(noFallback, 'aza');
    expect(tokens(v).map((t) => [t.raw, t.kind, t.hex])).toEqual([['a', 'base', '61'], ['<unk>', 'unknown', ''], ['a', 'base', '61']]);
  });
});

describe('buildTokenView on real tokenizers and 60 kB of mixed text', () => {
  const sample = testText(60_000, 5);
  const bytes = new TextEncoder().encode(sample);
  for (const [name, ranks] of [['r50k_base', r50k], ['cl100k_base', cl100k], ['o200k_base', o200k]] as const) {
    it(`${name}: ids are the encoder's, bytes rejoin the text, every group is whole characters, ranks are earliest merges`, () => {
      const tok = loadJsTiktoken(ranks, name);
      const v = view(tok, sample, Infinity);
      expect(Array.from(v.ids)).toEqual(makeEncoder(tok).encode(sample));
      const all = tokens(v);
      expect(all.length).toBe(v.ids.length);
      expect(all.map((t) => t.id)).toEqual(Array.from(v.ids));
      expect(v.bytes).toBe(bytes.length);
      const rejoined = Uint8Array.from(all.flatMap((t) => t.hex.split(' ').map((h) => parseInt(h, 16))));
      expect(Buffer.from(rejoined).equals(Buffer.from(bytes))).toBe(true);
      const strict = new TextDecoder('utf-8', { fatal: true });
      let split = 0;
      for (const g of v.pieces.flatMap((p) => p.groups)) {
        // throws unless the group's bytes are whole characters
        const whole = strict.decode(Uint8Array.from(g.tokens.flatMap((t) => t.hex.split(' ').map((h) => parseInt(h, 16)))));
        if (g.tokens.length > 1) split++;
        expect(g.joined).toEqual(g.tokens.length > 1 ? visibleRuns(whole) : null);
      }
      expect(split).toBeGreaterThan(10);
      const earliest = new Map<number, number>();
      tok.mergeResult.forEach((id, t) => { if (!earliest.has(id)) earliest.set(id, t); });
      for (const t of all) expect(t.rank).toBe(t.kind === 'merged' ? earliest.get(t.id) : -1);
      expect(all.filter((t) => t.kind === 'merged').length).toBeGreaterThan(all.length / 2);
    });
  }
});

describe('spokenRuns', () => {
  it('says marks and bytes in words, counting runs of one mark', () => {
    expect(spokenRuns(visibleRuns(' world'))).toBe('space world');
    expect(spokenRuns(visibleRuns('    x'))).toBe('4 spaces x');
    expect(spokenRuns(visibleRuns('\t\n'))).toBe('tab newline');
    expect(spokenRuns(visibleRuns('a\u00a0b'))).toBe('a U+00A0 b');
    const runs: Run[] = [];
    bytesToRuns(Uint8Array.of(0x20, 0xe6, 0x9d), 0, runs);
    expect(spokenRuns(runs)).toBe('space bytes E6 9D');
  });
});
