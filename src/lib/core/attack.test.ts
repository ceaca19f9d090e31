// The attack end to end on tokenizers we did not train ourselves, on degenerate LPs, and under cancellation
// (issue 3 §5; DESIGN §5: "tokenizers trained on known mixtures (by HF tokenizers, not only by our trainer)
// must be recovered").

import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import { corpusPartChunks, countCorpusPart } from '../node/corpora.ts';
import { inferMixture, mergeRange } from './infer-mixture.ts';
import { highsEngine } from './lp-highs.ts';
import { glpkEngine } from './lp-glpk.ts';
import { loadTokenizer } from './load-tokenizer.ts';
import { makeNormalizer } from './normalize.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import { PRESET_PRETOKENIZERS } from './presets.ts';
import { prepareMixture } from './mixture-data.ts';
import { solveMixture } from './solve-mixture.ts';
import { trainBpe } from './train.ts';
import { replayMerges } from './replay.ts';
import { tokenizerWordTable } from './word-table.ts';
import { toWordCounts } from '../../test-support/synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-attack-'));
afterAll(() => rmSync(dir, { recursive: true }));

/** The first `bytes` of a bundled train part, cut after the last whole line. */
async function trainText(id: string, bytes: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let have = 0;
  for await (const chunk of corpusPartChunks(id, 'train')) {
    parts.push(chunk);
    have += chunk.length;
    if (have >= bytes + 65536) break;
  }
  const all = Buffer.concat(parts).subarray(0, bytes);
  return all.subarray(0, all.lastIndexOf(10) + 1).toString('utf8');
}

describe('the attack on a tokenizer trained by HF tokenizers', () => {
  it('recovers a known 5-language mixture from a tokenizer.json that tokenizers trained (GPT-2 pre-tokenizer)', async () => {
    // Truth: the byte shares of the training file. HF's BpeTrainer (default settings, vocabulary 30,000) trains on
    // it; we load its tokenizer.json like a user's file and attack it with the disjoint sample parts.
    const ids = ['en', 'de', 'fr', 'ru', 'el'];
    const weights = [0.35, 0.25, 0.2, 0.12, 0.08];
    const texts = await Promise.all(ids.map((id, i) => trainText(id, Math.round(4e6 * weights[i]))));
    const bytes = texts.map((t) => Buffer.byteLength(t));
    const truth = bytes.map((b) => b / bytes.reduce((a, x) => a + x, 0));
    const file = join(dir, 'mixture.txt');
    writeFileSync(file, texts.join(''));
    const { normalizer, preTokenizer } = PRESET_PRETOKENIZERS.gpt2;
    const hf = Tokenizer.fromString(JSON.stringify({
      version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer, pre_tokenizer: preTokenizer, post_processor: null, decoder: null,
      model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] },
    }));
    hf.train([file]);
    hf.save(join(dir, 'tokenizer.json'), false);
    const tok = loadTokenizer([{ name: 'tokenizer.json', text: readFileSync(join(dir, 'tokenizer.json'), 'utf8') }]);
    expect(tok.mergeLeft.length).toBeGreaterThan(20_000);

    const pipeline = { normalizer: makeNormalizer(tok.normalizer), preTokenizer: makePreTokenizer(tok.preTokenizer) };
    const samples = await Promise.all(ids.map(async (name) => ({ name, words: await countCorpusPart(name, 'sample', pipeline, { maxBytes: 1e6 }) })));
    const r = inferMixture(tok, samples, await highsEngine(), { range: mergeRange(tok.mergeLeft.length, { end: 2000 }) });
    const mse = truth.reduce((s, x, i) => s + (x - r.solution.share[i]) ** 2, 0) / ids.length;
    // Bound: this instance gives log10 MSE -5.9 (shares within 0.002; uniform weights give -1.6). -4.5 leaves room
    // for another solver version's choice among equal optima, and still fails an error of 0.6% on every share.
    expect(Math.log10(mse), `truth ${truth.map((x) => x.toFixed(3))}, estimate ${Array.from(r.solution.share, (x) => x.toFixed(3))}`).toBeLessThan(-4.5);
    expect(r.solution.maxViolation).toBeLessThan(1e-6);
  }, 240_000);
});

describe('degenerate LPs', () => {
  const words = toWordCounts(new Map([['abcabc', 40], ['abd', 30], ['cab', 20], ['dd', 10]]));
  const trained = trainBpe(words, { merges: 8 });
  const tokenizer = { tokenToId: new Map(trained.vocab.map((t, i) => [t, i] as const)), byteFallback: false, mergeLeft: trained.mergeLeft, mergeRight: trained.mergeRight, mergeResult: trained.mergeResult };

  it('two identical samples: every split of the weight is optimal; both engines say so with a zero objective', async () => {
    // Every constraint's coefficients are zero for both categories alike, so the LP's right-hand sides are all 0
    // and any alpha on the simplex is optimal (the case where glpk.js's primal simplex once stalled in phase 1).
    for (const engine of [await glpkEngine(), await highsEngine()]) {
      const r = inferMixture(tokenizer, [{ name: 'x', words }, { name: 'y', words }], engine);
      expect(r.solution.objective).toBeCloseTo(0, 9);
      expect(r.solution.alpha[0] + r.solution.alpha[1]).toBeCloseTo(1, 12);
      expect(r.solution.maxViolation).toBe(0);
      // Deterministic: the same answer twice.
      const again = inferMixture(tokenizer, [{ name: 'x', words }, { name: 'y', words }], engine);
      expect(Array.from(again.solution.alpha)).toEqual(Array.from(r.solution.alpha));
    }
  });

  it('ties everywhere: a sample in which every pair occurs equally often', async () => {
    // "ab", "cd", "ef" once each: three pairs of count 1, merged in id order; a second category holds other pairs.
    const flat = toWordCounts(new Map([['ab', 1], ['cd', 1], ['ef', 1]]));
    const other = toWordCounts(new Map([['gh', 5], ['ij', 5]]));
    const t = trainBpe(toWordCounts(new Map([['ab', 1], ['cd', 1], ['ef', 1], ['gh', 5], ['ij', 5]])), { merges: 5 });
    const tk = { tokenToId: new Map(t.vocab.map((s, i) => [s, i] as const)), byteFallback: false, mergeLeft: t.mergeLeft, mergeRight: t.mergeRight, mergeResult: t.mergeResult };
    const shares: number[][] = [];
    for (const engine of [await glpkEngine(), await highsEngine()]) {
      const r = inferMixture(tk, [{ name: 'flat', words: flat }, { name: 'other', words: other }], engine);
      expect(r.solution.maxViolation).toBeLessThanOrEqual(1e-6);
      shares.push(Array.from(r.solution.share));
    }
    // The LP's optimum is unique here (the flat pairs must lose to gh and ij but beat nothing else): the engines agree.
    expect(Math.abs(shares[0][0] - shares[1][0])).toBeLessThan(1e-6);
  });
});

describe('cancellation', () => {
  const a = toWordCounts(new Map(Array.from({ length: 400 }, (_, i) => [`w${i.toString(36)}xyz${(i * 7) % 13}`, 1 + (i % 17)] as [string, number])));
  const b = toWordCounts(new Map(Array.from({ length: 400 }, (_, i) => [`q${(i * 31).toString(36)}abc${i % 11}`, 1 + (i % 5)] as [string, number])));
  const trained = trainBpe(toWordCounts(new Map([...Array.from({ length: 400 }, (_, i) => [`w${i.toString(36)}xyz${(i * 7) % 13}`, 3] as [string, number]), ...Array.from({ length: 400 }, (_, i) => [`q${(i * 31).toString(36)}abc${i % 11}`, 1] as [string, number])])), { merges: 400 });
  const tokenizer = { tokenToId: new Map(trained.vocab.map((t, i) => [t, i] as const)), byteFallback: false, mergeLeft: trained.mergeLeft, mergeRight: trained.mergeRight, mergeResult: trained.mergeResult };
  const categories = [{ name: 'a', words: a }, { name: 'b', words: b }];

  it('an aborted signal stops the pipeline before any result, in the replay and in the solver', async () => {
    const engine = await highsEngine();
    const done = new AbortController();
    done.abort(new Error('stopped by the user'));
    expect(() => inferMixture(tokenizer, categories, engine, { signal: done.signal })).toThrow('stopped by the user');

    // Abort at the solver's first progress report: the run throws instead of returning a partial solution.
    const mid = new AbortController();
    let reports = 0;
    expect(() => inferMixture(tokenizer, categories, engine, {
      signal: mid.signal,
      solve: { onProgress: () => { reports++; mid.abort(new Error('cancelled mid-solve')); } },
    })).toThrow('cancelled mid-solve');
    expect(reports).toBe(1);

    // The same inputs solve normally afterwards (nothing was left half-done in the engine).
    const r = inferMixture(tokenizer, categories, engine);
    expect(r.solution.share[0] + r.solution.share[1]).toBeCloseTo(1, 12);
  });

  it('replayMerges checks its signal while it runs', () => {
    const { table } = tokenizerWordTable(a, tokenizer);
    const merges = { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult };
    let calls = 0;
    // A signal whose `aborted` turns true after the replay has started: it must notice within 256 merges.
    const reason = new Error('late cancel');
    const signal = { throwIfAborted() { if (++calls > 1) throw reason; } } as unknown as AbortSignal;
    expect(() => replayMerges(table, merges, { signal })).toThrow('late cancel');
    expect(calls).toBeGreaterThan(1);
  });
});

describe('prepareMixture + solveMixture on one instance twice', () => {
  it('gives bit-identical results (determinism of the whole solve)', async () => {
    const words = toWordCounts(new Map([['abcabc', 40], ['abd', 30], ['cab', 20], ['dd', 10], ['bcd', 7]]));
    const other = toWordCounts(new Map([['dcba', 25], ['cc', 9], ['abab', 4]]));
    const t = trainBpe(toWordCounts(new Map([['abcabc', 40], ['abd', 30], ['cab', 20], ['dd', 10], ['bcd', 7], ['dcba', 50], ['cc', 18], ['abab', 8]])), { merges: 12 });
    const tokenToId = new Map(t.vocab.map((s, i) => [s, i] as const));
    const merges = { left: t.mergeLeft, right: t.mergeRight, result: t.mergeResult };
    const run = async () => {
      const trs = [words, other].map((wc) => replayMerges(tokenizerWordTable(wc, { tokenToId, byteFallback: false }).table, merges, { bytes: wc.bytes }));
      return solveMixture(prepareMixture(trs, merges, 0, t.mergeLeft.length), await highsEngine());
    };
    const [x, y] = [await run(), await run()];
    expect(Array.from(x.alpha)).toEqual(Array.from(y.alpha));
    expect(Array.from(x.mergeSlack.value)).toEqual(Array.from(y.mergeSlack.value));
    expect(x.objective).toBe(y.objective);
  });
});
