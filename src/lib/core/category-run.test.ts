import { describe, expect, it } from 'vitest';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { categoryTokenizer, replayCategory, replayNotes, streamChunks, trajectoryBuffers } from './category-run.ts';
import { inferMixture } from './infer-mixture.ts';
import { loadJsTiktoken } from './load-tiktoken.ts';
import { glpkEngine } from './lp-glpk.ts';
import { engineFailureNote, FEW_MERGES, fewMergesNote, formatGap, gapStopNote, roundPercents, shownShares, solveTrajectories } from './mixture-result.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import { countWords } from './word-counts.ts';

const gpt2 = loadJsTiktoken(gpt2Ranks, 'gpt2');
const EN = 'The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times.\n'.repeat(40);
const FR = "Le renard brun saute par-dessus le chien paresseux. C'était le meilleur des temps, le pire des temps.\n".repeat(40);
const bytesOf = (s: string) => [new TextEncoder().encode(s)];

describe('categoryTokenizer', () => {
  it('keeps the 256 byte symbols and the first merges only', () => {
    const ct = categoryTokenizer(gpt2, 500);
    expect(ct.baseTokens.size).toBe(256);
    expect(ct.baseTokens.get('Ġ')).toBe(gpt2.tokenToId.get('Ġ'));
    expect(ct.merges.left.length).toBe(500);
    expect(Array.from(ct.merges.result)).toEqual(Array.from(gpt2.mergeResult.subarray(0, 500)));
  });
});

describe('replayCategory', () => {
  it('gives the trajectory inferMixture builds from the whole tokenizer', async () => {
    const ct = categoryTokenizer(gpt2, 400);
    const other = categoryTokenizer(gpt2, 400);
    const [en, fr] = [await replayCategory(bytesOf(EN), ct), await replayCategory(bytesOf(FR), other)];
    const pipeline = { normalizer: null, preTokenizer: makePreTokenizer(gpt2.preTokenizer!) };
    const words = [await countWords(bytesOf(EN), pipeline), await countWords(bytesOf(FR), pipeline)];
    const engine = await glpkEngine();
    const whole = inferMixture(gpt2, [{ name: 'en', words: words[0] }, { name: 'fr', words: words[1] }], engine, { range: { start: 0, end: 400 } });
    expect(en.trajectory).toEqual(whole.trajectories[0]);
    expect(fr.trajectory).toEqual(whole.trajectories[1]);
    const solution = solveTrajectories([{ name: 'en', trajectory: en.trajectory }, { name: 'fr', trajectory: fr.trajectory }], ct.merges, 400, engine);
    expect(Array.from(solution.share)).toEqual(Array.from(whole.solution.share));
  });

  it('stops at the byte budget, reports progress, and its buffers are distinct (transferable)', async () => {
    const phases = new Set<string>();
    const r = await replayCategory(bytesOf(EN), categoryTokenizer(gpt2, 100), { maxBytes: 1000, onProgress: (p) => phases.add(p.phase) });
    expect(r.bytes).toBeLessThanOrEqual(1000);
    expect(r.truncated).toBe(true);
    expect([...phases]).toEqual(['read', 'replay']);
    const buffers = trajectoryBuffers(r.trajectory);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('reads a stream and cancels it when the budget stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) { c.enqueue(new TextEncoder().encode(EN)); },
      cancel() { cancelled = true; },
    });
    const r = await replayCategory(streamChunks(stream), categoryTokenizer(gpt2, 50), { maxBytes: 10_000 });
    expect(r.truncated).toBe(true);
    expect(cancelled).toBe(true);
  });

  it('throws the abort reason when cancelled', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(replayCategory(bytesOf(EN), categoryTokenizer(gpt2, 50), { signal: ac.signal })).rejects.toThrow('stop');
  });
});

describe('replayNotes', () => {
  it('says when lines too long to read whole were cut', async () => {
    const ct = categoryTokenizer(gpt2, 50);
    // 2.4 million characters on one line, read in chunks of 256 kB as a stream comes (a line within one chunk is whole).
    const bytes = new TextEncoder().encode(`${'ab cd '.repeat(400_000)}\nshort line\n`);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 262_144) }, (_, i) => bytes.subarray(i * 262_144, (i + 1) * 262_144));
    const r = await replayCategory(chunks, ct);
    expect(r.cutLines).toBe(2);
    expect(replayNotes(r)).toEqual(['Lines longer than 1,048,576 characters were cut 2 times (at whitespace where possible) to bound memory; ' +
      "HF's trainer reads a line whole, so the few pairs across each cut are not counted."]);
    expect((await replayCategory(bytesOf(FR), ct)).cutLines).toBeUndefined();
  });

  it('says which bytes had no token, and what text they came from', async () => {
    const ct = categoryTokenizer(gpt2, 200);
    const clean = await replayCategory(bytesOf(FR), ct);
    expect(replayNotes(clean)).toEqual([]);
    // GPT-2 without its token for byte 0xC3 (the stand-in "Ã"), the lead byte of "é" in "était".
    ct.baseTokens.delete('Ã');
    const r = await replayCategory(bytesOf(FR), ct);
    const occurrences = FR.split('é').length - 1;
    expect(r.missing).toMatchObject({ unit: 'byte', occurrences });
    expect(replayNotes(r)).toEqual([`${occurrences} bytes have no token in the tokenizer and were dropped (e.g. 0xC3 of "é"): ` +
      "the merges cannot count them, so this text's pairs around them differ from the training text's."]);
  });

  it('puts files left out and invalid UTF-8 first', () => {
    const missing = { unit: 'character' as const, occurrences: 1, examples: [{ char: '中', occurrences: 1 }] };
    const notes = replayNotes({ skippedFiles: ['a.png: a binary file, not text'], invalidUtf8: 2, missing });
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/^1 file is not text and was left out: a\.png/);
    expect(notes[1]).toMatch(/^2 byte sequences of this text are not valid UTF-8/);
    expect(notes[2]).toMatch(/^1 character has no token in the tokenizer and was dropped \(e\.g\. "中"\): the merges/);
  });
});

describe('solveTrajectories', () => {
  it('refuses a category without text or pairs, naming it', async () => {
    const ct = categoryTokenizer(gpt2, 50);
    const en = await replayCategory(bytesOf(EN), ct);
    await expect(replayCategory(bytesOf(''), ct)).rejects.toThrow(/has no text/);
    await expect(replayCategory(bytesOf('a\n'), ct)).rejects.toThrow(/no pair of symbols/);
    const empty = { ...en.trajectory, totalPairs: 0 };
    const engine = await glpkEngine();
    expect(() => solveTrajectories([{ name: 'en', trajectory: en.trajectory }], ct.merges, 50, engine)).toThrow(/at least two categories/);
    expect(() => solveTrajectories([{ name: 'en', trajectory: en.trajectory }, { name: 'void', trajectory: empty }], ct.merges, 50, engine)).toThrow(/"void" has no pair/);
  });
});

describe('formatGap', () => {
  it('shows two decimals of a percent, one significant digit below 0.01%, and 0% for nothing', () => {
    expect(formatGap(0.0123)).toBe('1.23%');
    expect(formatGap(0.5)).toBe('50.00%');
    expect(formatGap(2e-7)).toBe('0.00002%');
    expect(formatGap(0)).toBe('0%');
  });
});

describe('gapStopNote', () => {
  it('says nothing after an exact solve or an engine failure, and otherwise the proven gap and the limit set', () => {
    expect(gapStopNote({ engineFailure: null, gap: 0, settings: { gapTolerance: 0.5 } })).toBeNull();
    expect(gapStopNote({ engineFailure: 'HiGHS stopped', gap: 0.3, settings: { gapTolerance: 0.5 } })).toBeNull();
    expect(gapStopNote({ engineFailure: null, gap: 0.4455, settings: { gapTolerance: 0.5 } })).toBe('Stopped early, as asked (at a gap of 50.00% ' +
      'or less): this fit has a proven gap of 44.55%: better weights could cut its total slack by at most 44.55%. It breaks no constraint; ' +
      'an exact run (stop at 0%) may still move the shares a little.');
  });
});

describe('engineFailureNote', () => {
  it('says nothing after a solve that did not fail, and otherwise the round, the reason and the proven gap', () => {
    expect(engineFailureNote({ engineFailure: null, gap: 0, rounds: 5 })).toBeNull();
    const note = engineFailureNote({ engineFailure: 'glpk.js did not solve the LP (9 constraints): status UNDEF', gap: 0.9706, rounds: 12 })!;
    expect(note).toBe('The LP solver failed in round 13: glpk.js did not solve the LP (9 constraints): status UNDEF. The result is the best fit ' +
      'found before: it breaks no constraint and has a proven gap of 97.06%: better weights could cut its total slack by at most 97.06%, but its ' +
      'weights are not necessarily the optimal ones.');
    expect(engineFailureNote({ engineFailure: 'Out of memory.', gap: 0.5, rounds: 1 })).toMatch(/^The LP solver failed in round 2: Out of memory\. The result/);
  });
});

describe('roundPercents', () => {
  it('sums to exactly 100 with largest remainders, ties to the lower index', () => {
    expect(roundPercents([1 / 3, 1 / 3, 1 / 3])).toEqual([33.4, 33.3, 33.3]);
    expect(roundPercents([0.5, 0.5], 0)).toEqual([50, 50]);
    expect(roundPercents([2, 1, 1], 0)).toEqual([50, 25, 25]);
    expect(roundPercents([0.1234, 0.8766], 2)).toEqual([12.34, 87.66]);
    expect(roundPercents([0, 0])).toEqual([0, 0]);
    for (const s of [[0.0004, 0.9992, 0.0004], [0.15, 0.25, 0.6], [0.333, 0.333, 0.334]]) {
      expect(Math.round(roundPercents(s).reduce((a, b) => a + b, 0) * 10)).toBe(1000);
    }
  });
});

describe('gunzipIfNeeded', () => {
  const text = 'hello gzip\n'.repeat(100);
  const streamOf = (bytes: Uint8Array, chunk = 1) => new ReadableStream<Uint8Array>({
    start(c) { for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.subarray(i, i + chunk)); c.close(); },
  });
  const readAll = async (s: ReadableStream<Uint8Array>) => new TextDecoder().decode(new Uint8Array(await new Response(s).arrayBuffer()));

  it('inflates gzip (even split into 1-byte chunks) and passes plain bytes through', async () => {
    const { gunzipIfNeeded } = await import('./category-run.ts');
    const { gzipSync } = await import('node:zlib');
    const gz = new Uint8Array(gzipSync(text));
    expect(await readAll(await gunzipIfNeeded(streamOf(gz)))).toBe(text);
    expect(await readAll(await gunzipIfNeeded(streamOf(gz, 4096)))).toBe(text);
    expect(await readAll(await gunzipIfNeeded(streamOf(new TextEncoder().encode(text), 7)))).toBe(text);
    expect(await readAll(await gunzipIfNeeded(streamOf(new Uint8Array(0))))).toBe('');
  });
});

describe('textSize', () => {
  it('is the inflated size of a gzip file (its trailer), else the file\'s size', async () => {
    const { gzipSync } = await import('node:zlib');
    const { textSize } = await import('./category-run.ts');
    const text = 'a line of text that compresses well\n'.repeat(5000);
    const gz = gzipSync(text);
    expect(gz.length).toBeLessThan(text.length / 10);
    expect(await textSize(new Blob([gz]))).toBe(text.length);
    expect(await textSize(new Blob([text]))).toBe(text.length);
    expect(await textSize(new Blob([Uint8Array.of(0x1f, 0x8b)]))).toBe(2); // too short to hold a trailer
  });
});

describe('fewMergesNote', () => {
  it('cautions below FEW_MERGES analysed merges, naming them as the run panel does, and is silent from there on', () => {
    expect(fewMergesNote(0, 1)).toMatch(/^Only the first merge analysed: so few merges say little/);
    expect(fewMergesNote(500, 500 + FEW_MERGES - 1)).toMatch(/^Only merges 500 to 598 analysed/);
    expect(fewMergesNote(0, FEW_MERGES)).toBeNull();
    expect(fewMergesNote(235_339, 236_339)).toBeNull();
  });
});

describe('shownShares', () => {
  it('prints a table column and the chart alike: adding up to 100.0, tiny shares as <0.1%, exact zeros as 0%', () => {
    const shown = shownShares([0.3125, 0.20749, 0.47961, 0.0004, 0]);
    expect(shown.map((s) => s.text)).toEqual(['31.3%', '20.7%', '48.0%', '<0.1%', '0%']);
    expect(shown.map((s) => s.chart)).toEqual([0.313, 0.207, 0.48, 0.0004, 0]);
    const sum = shown.slice(0, 3).reduce((a, s) => a + Number.parseFloat(s.text), 0);
    expect(Math.round(sum * 10)).toBe(1000);
  });
});
