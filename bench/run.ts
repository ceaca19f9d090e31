// `npm run bench`: the core's speed on one input, each figure beside a reference measured in the same run, so the
// ratios mean something on any machine (and on a loaded one). Sections:
//   1. pre-tokenization (normaliser + pre-tokenizer) MB/s, ours vs HuggingFace tokenizers' own pre-tokenizer;
//   2. BPE training, ours vs tokenizers' Rust trainer (wall-time ratio; HF's Node binding trains only to its
//      default 30,000-token vocabulary, so both are timed at that size, and ours also at the requested merges);
//   3. replay of a 30,000-merge tokenizer (GPT-2's) over the same text: MB/s, merges/s, memory;
//   4. the mixture LP on bundled corpora: sweep vs LP engine time, glpk.js vs HiGHS.
// Input: the bundled corpora's train parts (languages and code alternately), cut at --mb megabytes.
// Usage: npm run bench [-- --mb 20 --merges 10000 --replay 30000 --skip lp]

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Tokenizer } from 'tokenizers';
import r50k from 'js-tiktoken/ranks/r50k_base';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUNDLED_CORPORA_DIR, readCorporaManifest } from '../src/lib/node/corpora.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from '../src/lib/core/presets.ts';
import { makePreTokenizer } from '../src/lib/core/pre-tokenize.ts';
import { makeNormalizer } from '../src/lib/core/normalize.ts';
import { countWordsInFile } from '../src/lib/node/read-file.ts';
import { trainBpe } from '../src/lib/core/train.ts';
import { replayMerges } from '../src/lib/core/replay.ts';
import { tokenizerWordTable } from '../src/lib/core/word-table.ts';
import { loadJsTiktoken } from '../src/lib/core/load-tiktoken.ts';
import { lpBench } from './lp.ts';

const { values: opts } = parseArgs({
  options: { mb: { type: 'string', default: '20' }, merges: { type: 'string', default: '10000' }, replay: { type: 'string', default: '30000' }, skip: { type: 'string', multiple: true, default: [] } },
});
const megabytes = Number(opts.mb), trainMerges = Number(opts.merges), replayCount = Number(opts.replay);
const skip = new Set(opts.skip);

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
function row(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(48)} ${value.padStart(12)}  ${note}`);
}
function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}
function hfTokenizerJson(preset: PresetName): string {
  const { normalizer, preTokenizer } = PRESET_PRETOKENIZERS[preset];
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] },
  });
}

/**
 * Whole train parts of the bundled categories, languages and code alternately, until `target` bytes; the last one
 * cut at a line's end. (It went on after the cut, adding a few bytes of each later category and naming all 19.)
 */
async function benchText(target: number): Promise<{ text: string; categories: string[] }> {
  const manifest = await readCorporaManifest();
  const languages = manifest.categories.filter((c) => c.kind === 'language'), code = manifest.categories.filter((c) => c.kind === 'code');
  const order = languages.flatMap((c, i) => (code[i] ? [c, code[i]] : [c]));
  const parts: Buffer[] = [], categories: string[] = [];
  let size = 0;
  for (const c of order) {
    if (size >= target) break;
    const part = gunzipSync(readFileSync(join(BUNDLED_CORPORA_DIR, c.parts.train.file)));
    const end = part.length <= target - size ? part.length : part.lastIndexOf(10, target - size) + 1;
    if (end === 0) break;
    parts.push(part.subarray(0, end));
    size += end;
    categories.push(c.id);
    if (end < part.length) break;
  }
  return { text: Buffer.concat(parts).toString('utf8'), categories };
}

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-bench-'));
try {
  const file = join(dir, 'text.txt');
  const { text, categories } = await benchText(megabytes * 1e6);
  writeFileSync(file, text);
  const bytes = Buffer.byteLength(text);
  console.log(`mergeprint bench: ${mb(bytes)} of the bundled corpora's train parts (${categories.join(', ')}), Node ${process.version}\n`);

  // 1. Pre-tokenization, line by line as word counting does it, on the first 4 MB.
  if (!skip.has('pretokenize')) {
    console.log('1. pre-tokenization (normaliser + pre-tokenizer), line by line, first 4 MB');
    const lines = text.slice(0, 4e6).split(/(?<=\n)/);
    const lineBytes = lines.reduce((s, l) => s + Buffer.byteLength(l), 0);
    for (const preset of ['gpt2', 'cl100k', 'o200k'] as const) {
      const spec = PRESET_PRETOKENIZERS[preset];
      const normalize = makeNormalizer(spec.normalizer), preTokenize = makePreTokenizer(spec.preTokenizer);
      const [, ours] = timed(() => { let n = 0; for (const l of lines) n += preTokenize(normalize(l)).length; return n; });
      const hf = Tokenizer.fromString(hfTokenizerJson(preset)).getPreTokenizer()!;
      const [, theirs] = timed(() => { let n = 0; for (const l of lines) n += hf.preTokenizeString(l).length; return n; });
      row(`${preset}: ours`, `${(lineBytes / 1e6 / (ours / 1000)).toFixed(1)} MB/s`, `HF tokenizers (N-API, per line) ${(lineBytes / 1e6 / (theirs / 1000)).toFixed(1)} MB/s, ratio ours/HF time ${(ours / theirs).toFixed(2)}`);
    }
    console.log();
  }

  // 2. Training.
  const gpt2 = PRESET_PRETOKENIZERS.gpt2;
  const pipeline = { normalizer: makeNormalizer(gpt2.normalizer), preTokenizer: makePreTokenizer(gpt2.preTokenizer) };
  const t0 = performance.now();
  const wc = await countWordsInFile(file, pipeline);
  const countMs = performance.now() - t0;
  if (!skip.has('train')) {
    console.log(`2. BPE training, GPT-2 pre-tokenizer, ${mb(bytes)} (${wc.words.length} distinct words)`);
    const hf = Tokenizer.fromString(hfTokenizerJson('gpt2'));
    const [, hfMs] = timed(() => hf.train([file]));
    const [full, fullMs] = timed(() => trainBpe(wc));
    const [, partMs] = timed(() => trainBpe(wc, { merges: trainMerges }));
    row('HF tokenizers: read + count + train to 30k vocab', seconds(hfMs), '(Rust, both cores)');
    row('ours: stream + count words', seconds(countMs));
    row(`ours: train to 30k vocab (${full.mergeLeft.length} merges)`, seconds(fullMs));
    row(`ours: train ${trainMerges} merges`, seconds(partMs));
    row('ratio ours/HF, end to end, 30k vocab', ((countMs + fullMs) / hfMs).toFixed(2), 'goal <= 1.0');
    row(`ratio ours/HF, end to end, ${trainMerges} merges vs HF 30k`, ((countMs + partMs) / hfMs).toFixed(2));
    console.log();
  }

  // 3. Replay of GPT-2's first merges.
  if (!skip.has('replay')) {
    const tok = loadJsTiktoken(r50k, 'r50k_base');
    const [{ table }, tableMs] = timed(() => tokenizerWordTable(wc, tok));
    const merges = { left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult };
    const [tr, replayMs] = timed(() => replayMerges(table, merges, { maxMerges: replayCount, bytes: wc.bytes }));
    const trajectoryBytes = tr.changePair.byteLength + tr.changeCount.byteLength + tr.pairKeys.byteLength + tr.initialCounts.byteLength + tr.stepOffsets.byteLength;
    console.log(`3. replay of ${tr.merges} GPT-2 merges over ${mb(bytes)} (${tr.distinctWords} distinct words, one core)`);
    row('word table in GPT-2 ids', seconds(tableMs));
    row('replay', seconds(replayMs), `goal < 10 s; ${(bytes / 1e6 / (replayMs / 1000)).toFixed(1)} MB/s of text, ${Math.round(tr.merges / (replayMs / 1000))} merges/s`);
    row('counting words first (the reference for this stage)', seconds(countMs), `replay/counting ${(replayMs / countMs).toFixed(2)}`);
    row('trajectory recorded', mb(trajectoryBytes), `${tr.pairKeys.length} pairs, ${tr.changePair.length} changes`);
    row('peak RSS of this process so far', mb(process.resourceUsage().maxRSS * 1024));
    console.log();
  }

  // 4. The mixture LP.
  if (!skip.has('lp')) await lpBench();
} finally {
  rmSync(dir, { recursive: true });
}
