// Benchmark: word counting, training and replay on N MB of mixed test text, beside HF tokenizers' Rust trainer.
// Run: npx tsx bench/replay-train.ts [megabytes=20] [mergesToTrain=10000] [mergesToReplay=30000] [variants=1]
// The test text repeats a lot (about 70k distinct words in 20 MB); variants > 1 rewrites each line's ASCII letters
// with one of that many seeded letter permutations, multiplying the distinct words (a harder, web-like case).
// HF's Node binding trains only with its defaults (vocab 30,000), so HF is timed at that size; ours is timed both
// at HF's settings and at the requested merge count. HF's time includes its own (parallel) word counting.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import r50k from 'js-tiktoken/ranks/r50k_base';
import { seededRandom, testText } from '../src/test-support/corpus.ts';
import { PRESET_PRETOKENIZERS } from '../src/lib/core/presets.ts';
import { makePreTokenizer } from '../src/lib/core/pre-tokenize.ts';
import { makeNormalizer } from '../src/lib/core/normalize.ts';
import { countWordsInFile } from '../src/lib/node/read-file.ts';
import { trainBpe } from '../src/lib/core/train.ts';
import { replayMerges } from '../src/lib/core/replay.ts';
import { tokenizerWordTable } from '../src/lib/core/word-table.ts';
import { loadJsTiktoken } from '../src/lib/core/load-tiktoken.ts';

const megabytes = Number(process.argv[2] ?? 20);
const trainMerges = Number(process.argv[3] ?? 10_000);
const replayCount = Number(process.argv[4] ?? 30_000);
const variants = Number(process.argv[5] ?? 1);

/** Rewrites each line's lowercase ASCII letters with one of `k` seeded permutations (k = 1: unchanged). */
function diversify(text: string, k: number): string {
  if (k <= 1) return text;
  const rand = seededRandom(k);
  const perms = Array.from({ length: k }, () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyz'];
    for (let i = letters.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [letters[i], letters[j]] = [letters[j], letters[i]];
    }
    return letters;
  });
  return text
    .split(/(?<=\n)/)
    .map((line) => {
      const perm = perms[Math.floor(rand() * k)];
      return line.replace(/[a-z]/g, (c) => perm[c.charCodeAt(0) - 97]);
    })
    .join('');
}

const time = <T>(label: string, f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
  return [r, ms];
};

const mb = (n: number) => (n / 1e6).toFixed(0);
const dir = mkdtempSync(join(tmpdir(), 'mergeprint-bench-'));
try {
  const file = join(dir, 'text.txt');
  const text = diversify(testText(megabytes * 1_000_000, 7), variants);
  writeFileSync(file, text);
  console.log(`text: ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB, ${megabytes} MB requested`);
  const { normalizer, preTokenizer } = PRESET_PRETOKENIZERS.gpt2;

  // 1. Ours: stream + count words, then train.
  const pipeline = { normalizer: makeNormalizer(normalizer), preTokenizer: makePreTokenizer(preTokenizer) };
  const t0 = performance.now();
  const wc = await countWordsInFile(file, pipeline);
  const countMs = performance.now() - t0;
  console.log(`${'ours: countWords (stream, pre-tokenize)'.padEnd(44)} ${(countMs / 1000).toFixed(2).padStart(7)} s  (${wc.words.length} distinct words, ${wc.lines} lines)`);
  const [full, fullMs] = time('ours: train to vocab 30k (HF settings)', () => trainBpe(wc));
  const [, partMs] = time(`ours: train ${trainMerges} merges`, () => trainBpe(wc, { merges: trainMerges }));
  // 2. HF tokenizers (after ours: rayon's spinning workers would otherwise compete for our core): read + pre-tokenize + count + train to vocab 30,000.
  const empty = JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] },
  });
  const hf = Tokenizer.fromString(empty);
  const [, hfMs] = time('HF train (count + 30k vocab, rayon on 2 cores)', () => hf.train([file]));

  console.log(`merges: ours ${full.mergeLeft.length}`);
  console.log(`ratio ours/HF, end to end, HF settings:        ${((countMs + fullMs) / hfMs).toFixed(2)}`);
  console.log(`ratio ours/HF, end to end, ${trainMerges} merges vs HF 30k: ${((countMs + partMs) / hfMs).toFixed(2)}`);
  console.log(`  share of our time in word counting:          ${((100 * countMs) / (countMs + fullMs)).toFixed(0)}%`);

  const memory = process.memoryUsage();
  console.log(`after training: heap ${mb(memory.heapUsed)} MB, array buffers ${mb(memory.arrayBuffers)} MB`);

  // 3. Replay GPT-2's first merges over the same words.
  const gpt2 = loadJsTiktoken(r50k, 'r50k_base');
  const [{ table }] = time('ours: word table in GPT-2 ids', () => tokenizerWordTable(wc, gpt2));
  const merges = { left: gpt2.mergeLeft, right: gpt2.mergeRight, result: gpt2.mergeResult };
  const [tr] = time(`ours: replay ${replayCount} GPT-2 merges`, () => replayMerges(table, merges, { maxMerges: replayCount }));
  console.log(`trajectory: ${tr.pairKeys.length} pairs, ${tr.changePair.length} changes, ${mb(tr.changePair.byteLength + tr.changeCount.byteLength + tr.pairKeys.byteLength + tr.initialCounts.byteLength)} MB`);
  console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
} finally {
  rmSync(dir, { recursive: true });
}
