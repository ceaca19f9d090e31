import { beforeAll, describe, expect, it } from 'vitest';
import { acrossLineEnd, decodeUtf8, explainMerge, isByteLevel, largestSlackMerge, nextSlackMerge, prepareExplorer, searchTokens, spellTokens, tokenText, visibleText, type MergeExplorer } from './merge-explorer.ts';
import { glpkEngine } from './lp-glpk.ts';
import { prepareMixture } from './mixture-data.ts';
import { PER_MILLION } from './mixture-sweep.ts';
import { replayMerges, type MergeColumns } from './replay.ts';
import { solveMixture, type MixtureSolution } from './solve-mixture.ts';
import { trainBpe } from './train.ts';
import type { Trajectory } from './types.ts';
import { tokenizerWordTable } from './word-table.ts';
import { byteToUnicode } from './byte-level.ts';
import { syntheticCategory, toWordCounts } from '../../test-support/synthetic.ts';

const bytesOf = (s: string) => [...new TextEncoder().encode(s)].map((b) => byteToUnicode[b]).join('');

describe('spelling tokens', () => {
  it('spells merge results from their parts, in merge order', () => {
    const base = new Map([['a', 0], ['b', 1], ['c', 2]]);
    const merges: MergeColumns = { left: Int32Array.from([0, 3, 2]), right: Int32Array.from([1, 2, 4]), result: Int32Array.from([3, 4, 5]) };
    expect(spellTokens(base, merges)).toEqual(['a', 'b', 'c', 'ab', 'abc', 'cabc']);
  });

  it('shows byte-level tokens as text, half characters as their bytes', () => {
    expect(tokenText(bytesOf(' café'), true)).toBe(' café');
    expect(tokenText(bytesOf('東京'), true)).toBe('東京');
    expect(tokenText('Ġæ', true)).toBe(' ⟨E6⟩'); // 'æ' is byte 0xE6, a lead byte without its continuation
    expect(decodeUtf8([0x61, 0xc3])).toBe('a⟨C3⟩');
    expect(decodeUtf8([0xc0, 0xaf])).toBe('⟨C0⟩⟨AF⟩'); // overlong '/'
    expect(decodeUtf8([0xed, 0xa0, 0x80])).toBe('⟨ED⟩⟨A0⟩⟨80⟩'); // a surrogate
    expect(decodeUtf8([0xf0, 0x9f, 0x98, 0x80])).toBe('😀');
  });

  it('shows character-level tokens with spaces and byte-fallback bytes', () => {
    expect(tokenText('▁the', false)).toBe(' the');
    expect(tokenText('<0x0A>', false)).toBe('\n');
    expect(tokenText('<0xE6>', false)).toBe('⟨E6⟩');
    expect(tokenText('Ġx', false)).toBe('Ġx');
  });

  it('makes whitespace and control characters visible', () => {
    expect(visibleText(' a\tb\r\n\x00')).toBe('␣a→b␍↵⟨00⟩');
  });

  it('tells byte-level pre-tokenizers apart', () => {
    expect(isByteLevel({ type: 'ByteLevel', add_prefix_space: false, use_regex: true })).toBe(true);
    expect(isByteLevel({ type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: true }, { type: 'ByteLevel', add_prefix_space: false, use_regex: false }] })).toBe(true);
    expect(isByteLevel({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true })).toBe(false);
    expect(isByteLevel(null)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A solved instance with slack: trained on A and B, attacked with samples of B and C (C was not in the training).

interface Instance { ex: MergeExplorer; solution: MixtureSolution; trajectories: Trajectory[]; words: Map<string, number>[]; vocab: string[]; merges: MergeColumns }

async function solvedInstance(): Promise<Instance> {
  const A = syntheticCategory('abcdefghijklm', 1, 800), B = syntheticCategory('nopqrstuvwxyz', 2, 800), C = syntheticCategory('abcdefnopqrs', 3, 800);
  const mix = new Map<string, number>();
  for (const c of [A, B]) c.forEach((n, w) => mix.set(w, (mix.get(w) ?? 0) + n));
  const trained = trainBpe(toWordCounts(mix), { merges: 120 });
  const merges = { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult };
  const tokenToId = new Map(trained.vocab.map((t, i) => [t, i] as const));
  const words = [B, C];
  const trajectories = words.map((s) => {
    const wc = toWordCounts(s);
    return replayMerges(tokenizerWordTable(wc, { tokenToId, byteFallback: false }).table, merges, { bytes: wc.bytes });
  });
  const end = merges.left.length;
  const solution = solveMixture(prepareMixture(trajectories, merges, 0, end), await glpkEngine());
  const baseTokens = new Map(trained.vocab.slice(0, trained.alphabetSize).map((t, i) => [t, i] as const));
  const ex = prepareExplorer({ trajectories, merges, baseTokens, byteLevel: false, solution });
  return { ex, solution, trajectories, words, vocab: trained.vocab, merges };
}

/** The oracle: apply merges 0..t-1 to every word naively and count every adjacent pair ("left,right" keys). */
function recount(words: Map<string, number>, vocab: string[], merges: MergeColumns, t: number): Map<string, number> {
  const id = new Map(vocab.map((s, i) => [s, i] as const));
  const counts = new Map<string, number>();
  for (const [word, n] of words) {
    let ids = [...word].map((ch) => id.get(ch)!);
    for (let k = 0; k < t; k++) {
      const out: number[] = [];
      for (let j = 0; j < ids.length; j++) {
        if (j + 1 < ids.length && ids[j] === merges.left[k] && ids[j + 1] === merges.right[k]) { out.push(merges.result[k]); j++; } else out.push(ids[j]);
      }
      ids = out;
    }
    for (let j = 0; j + 1 < ids.length; j++) { const key = `${ids[j]},${ids[j + 1]}`; counts.set(key, (counts.get(key) ?? 0) + n); }
  }
  return counts;
}

describe('explainMerge', () => {
  let I: Instance;
  beforeAll(async () => { I = await solvedInstance(); });

  it('the fixture has slack and active constraints to explain', () => {
    expect(I.solution.mergeSlack.merge.length + I.solution.pairSlack.value.length).toBeGreaterThan(0);
    expect(I.solution.active.merge.length).toBeGreaterThan(0);
  });

  it('gives the counts and the strongest competitors a brute-force recount gives', () => {
    const { ex, solution, words, vocab, merges } = I;
    const active = new Set(Array.from(solution.active.merge, (m, k) => `${m}:${solution.active.left[k]},${solution.active.right[k]}`));
    const u = new Map<string, number>(Array.from(solution.pairSlack.left, (l, k) => [`${l},${solution.pairSlack.right[k]}`, solution.pairSlack.value[k]]));
    const v = new Map(Array.from(solution.mergeSlack.merge, (m, k) => [m, solution.mergeSlack.value[k]] as const));
    const d = words.map((w) => [...recount(w, vocab, merges, 0).values()].reduce((a, b) => a + b, 0));
    for (const t of [0, 1, 7, 30, 64, 99, 119, ...solution.active.merge.slice(0, 5)]) {
      const got = explainMerge(ex, t, 6);
      const per = words.map((w) => recount(w, vocab, merges, t));
      const keys = new Set(per.flatMap((c) => [...c.keys()]));
      const W = (key: string) => per.reduce((s, c, i) => s + (solution.alpha[i] * PER_MILLION * (c.get(key) ?? 0)) / d[i], 0);
      const own = `${merges.left[t]},${merges.right[t]}`;
      const ranked = [...keys].filter((k) => k !== own && W(k) > 0).sort((a, b) => {
        const [al, ar] = a.split(',').map(Number), [bl, br] = b.split(',').map(Number);
        return W(b) - W(a) || al - bl || ar - br;
      });

      expect(Array.from(got.pair.counts)).toEqual(per.map((c) => c.get(own) ?? 0));
      expect(got.pair.weighted).toBeCloseTo(W(own), 6);
      expect(got.mergeSlack).toBe(v.get(t) ?? 0);
      expect(got.pairsPresent).toBe(ranked.length);
      expect(got.stronger).toBe(ranked.filter((k) => W(k) > W(own) * (1 + 1e-12)).length);
      const top = got.competitors.filter((c) => c.rank > 0);
      expect(top.length).toBe(Math.min(6, ranked.length));
      expect(ranked.length).toBeGreaterThan(6);
      expect(top.map((c) => `${c.left},${c.right}`)).toEqual(ranked.slice(0, 6));
      for (const c of got.competitors) {
        const key = `${c.left},${c.right}`;
        expect(Array.from(c.counts)).toEqual(per.map((x) => x.get(key) ?? 0));
        expect(c.slack).toBe(u.get(key) ?? 0);
        expect(c.margin).toBeCloseTo(W(own) + (v.get(t) ?? 0) + (u.get(key) ?? 0) - W(key), 6);
        expect(c.active).toBe(active.has(`${t}:${key}`));
        expect(c.status).toBe(c.active ? 'active' : 'holds');
      }
      // Every active constraint of merge t is listed, in the top ranks or after them.
      const listed = new Set(got.competitors.map((c) => `${t}:${c.left},${c.right}`));
      for (const a of active) if (a.startsWith(`${t}:`)) expect(listed.has(a)).toBe(true);
    }
  });

  it('agrees with the solver: every constraint holds at the solution and the active ones bind', () => {
    const { ex, solution } = I;
    let binding = 0;
    for (let t = 0; t < ex.end; t++) {
      for (const c of explainMerge(ex, t, 50).competitors) {
        const scale = Math.max(1, c.weighted);
        expect(c.margin).toBeGreaterThanOrEqual(-1e-6 * scale);
        if (c.active) { expect(c.margin).toBe(0); binding++; }
      }
    }
    expect(binding).toBe(solution.active.merge.length);
  });

  it('refuses a merge outside the list', () => {
    expect(() => explainMerge(I.ex, -1)).toThrow(RangeError);
    expect(() => explainMerge(I.ex, I.ex.end)).toThrow(/outside 0 \.\. 119/);
  });
});

describe('searchTokens', () => {
  const ex = { resultText: ['th', ' the', 'the', 'other', ' The', 'the'] };

  it('lists exact matches, then prefixes, then the rest, each by merge', () => {
    expect(searchTokens(ex, 'the')).toEqual({ matches: [{ merge: 2, text: 'the' }, { merge: 5, text: 'the' }, { merge: 1, text: ' the' }, { merge: 3, text: 'other' }], total: 4 });
  });

  it('reads ␣ as a space, limits the list and counts all', () => {
    expect(searchTokens(ex, '␣the').matches.map((m) => m.merge)).toEqual([1]);
    expect(searchTokens(ex, 'h', 2)).toEqual({ matches: [{ merge: 0, text: 'th' }, { merge: 1, text: ' the' }], total: 6 });
    expect(searchTokens(ex, '')).toEqual({ matches: [], total: 0 });
  });
});

describe('moving between merges with slack', () => {
  it('finds the next and the previous merge with slack', () => {
    const m = [3, 9, 12];
    expect([5, 9, 12, -1, 2].map((t) => nextSlackMerge(m, t, 1))).toEqual([9, 12, -1, 3, 3]);
    expect([5, 9, 12, 3, 2, 100].map((t) => nextSlackMerge(m, t, -1))).toEqual([3, 3, 9, -1, -1, 12]);
    expect(nextSlackMerge([], 4, 1)).toBe(-1);
  });

  it('starts at the largest slack, else at the fallback', () => {
    expect(largestSlackMerge({ merge: [3, 9, 12], value: [1, 5, 5] })).toBe(9);
    expect(largestSlackMerge({ merge: [], value: [] }, 7)).toBe(7);
  });
});

describe('acrossLineEnd', () => {
  it('is true of the tokens line-by-line samples never form, as counting them shows', async () => {
    expect(['\n\n', '.\n\n', '\r\n\r\n', '\n\tx'].map(acrossLineEnd)).toEqual([true, true, true, true]);
    expect(['}\n', '\r\n', 'a b', '\n'].map(acrossLineEnd)).toEqual([false, false, false, false]);
    // The samples' words, as the replay counts them: no word runs on past a newline.
    const { WordCounter } = await import('./word-counts.ts');
    const { makePreTokenizer } = await import('./pre-tokenize.ts');
    const { PRESET_PRETOKENIZERS } = await import('./presets.ts');
    const counter = new WordCounter({ normalizer: null, preTokenizer: makePreTokenizer(PRESET_PRETOKENIZERS.cl100k.preTokenizer) });
    counter.push(new TextEncoder().encode('def f():\n\n\n    return 1;\n\n}\r\n\r\nx'));
    const words = counter.finish().words.map((w) => tokenText(w, true)); // byte-level spellings as text ("Ċ" is "\n")
    expect(words).toContain('\n'); // the blank lines' newlines are there, each alone
    expect(words.some((w) => w.endsWith('\n') && w.length > 1)).toBe(true); // and line ends after text
    expect(words.filter(acrossLineEnd)).toEqual([]);
    // The same text as one document (what a tiktoken-style trainer reads) holds such pieces.
    const doc = makePreTokenizer(PRESET_PRETOKENIZERS.cl100k.preTokenizer)('def f():\n\n\n    return 1;\n\n}\r\n\r\nx').map((w) => tokenText(w, true));
    expect(doc.filter(acrossLineEnd).length).toBeGreaterThan(0);
  });
});

describe('visibleText', () => {
  it('marks bidi overrides and other invisible characters, so untrusted tokens cannot reorder the line', () => {
    expect(visibleText(' a\u202eb')).toBe('␣a⟨U+202E⟩b');
    expect(visibleText('x\u200by\u00a0z\u009b')).toBe('x⟨U+200B⟩y⟨U+00A0⟩z⟨U+009B⟩');
    expect(visibleText('\t\n\r\u0001')).toBe('→↵␍⟨01⟩');
    expect(visibleText('東京 ✓')).toBe('東京␣✓');
  });
});
