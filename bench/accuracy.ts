// `npm run bench:accuracy`: the paper's Table 1 layout on the bundled corpora. For each row (a set of
// categories), for each seed: draw the true mixture uniformly from the simplex, train our tokenizer (HF-exact,
// GPT-2 pre-tokenizer) on the most training text the train parts allow for those weights, attack it with the sample
// parts, and score the byte shares by log10 MSE, beside the random, uniform, TEE and TC baselines on the same
// instance. Prints mean ± standard deviation per row, and the data scale used.
// Usage: npm run bench:accuracy [-- --seeds 20 --merges 3000 --sample-bytes 1000000 --rows lang5,lang10,code5]
// With --curve 100,300,1000,3000: the error against the number of merges T instead, for the first row given
// (the same seeded mixtures at every T; each T trains and attacks its own tokenizer of T merges).

import { parseArgs } from 'node:util';
import { maxTrainingBytes, parseWeights, runExperiment, trainingBudgets } from '../src/lib/core/experiment.ts';
import { highsEngine } from '../src/lib/core/lp-highs.ts';
import { makeNormalizer } from '../src/lib/core/normalize.ts';
import { makePreTokenizer } from '../src/lib/core/pre-tokenize.ts';
import { PRESET_PRETOKENIZERS } from '../src/lib/core/presets.ts';
import { findCorpusCategory } from '../src/lib/core/corpora-manifest.ts';
import type { WordCounts } from '../src/lib/core/types.ts';
import { countCorpusPart, readCorporaManifest } from '../src/lib/node/corpora.ts';

const ROWS: Record<string, { label: string; ids: string[]; paper: string }> = {
  lang5: { label: 'languages, n = 5', ids: ['en', 'de', 'fr', 'ru', 'ja'], paper: '-7.30 (random -1.39)' },
  lang10: { label: 'languages, n = 10', ids: ['en', 'de', 'fr', 'es', 'it', 'pt', 'pl', 'ru', 'el', 'ja'], paper: '-7.66 (random -1.84)' },
  code5: { label: 'code, n = 5', ids: ['python', 'c', 'go', 'rust', 'java'], paper: '-6.46' },
};

const { values: opts } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' }, merges: { type: 'string', default: '3000' },
    'sample-bytes': { type: 'string', default: '1000000' }, rows: { type: 'string', default: 'lang5,lang10,code5' },
    curve: { type: 'string' },
  },
});
const seeds = Number(opts.seeds), merges = Number(opts.merges), sampleBytes = Number(opts['sample-bytes']);
const rows = opts.rows.split(',').map((r) => { if (!ROWS[r]) throw new Error(`unknown row ${r}; rows: ${Object.keys(ROWS).join(', ')}`); return ROWS[r]; });

const spec = PRESET_PRETOKENIZERS.gpt2;
const pipeline = { normalizer: makeNormalizer(spec.normalizer), preTokenizer: makePreTokenizer(spec.preTokenizer) };
const engine = await highsEngine();
const manifest = await readCorporaManifest();
const columns = ['random', 'uniform', 'tee', 'tc', 'ours'] as const;
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${mean.toFixed(2)} ± ${sd.toFixed(2)}`;
};

const curve = opts.curve?.split(',').map(Number);
if (curve && !curve.every((t) => Number.isInteger(t) && t > 0)) throw new Error(`--curve takes merge counts such as 100,300,1000, got ${opts.curve}`);
const plan = curve ? curve.map((T) => ({ row: rows[0], T, label: `T = ${T}` })) : rows.map((row) => ({ row, T: merges, label: row.label }));

console.log(`accuracy: log10 MSE of byte shares, mean ± sd over ${seeds} seeded mixtures per row; ${curve ? `${rows[0].label}, T as given` : `T = ${merges} merges`}, samples ${(sampleBytes / 1e6).toFixed(1)} MB per category,`);
console.log('training text: as much of the bundled train parts (about 1.8 MB each) as the drawn weights allow; GPT-2 pre-tokenizer, HiGHS.\n');
console.log(`${(curve ? 'merges' : 'row').padEnd(20)}${columns.map((c) => c.toUpperCase().replace('OURS', 'ours').padStart(15)).join('')}   train MB (mean)   ${curve ? 'seconds per instance (mean)' : 'paper (ours, 1 GB samples)'}`);
for (const { row, T, label } of plan) {
  const entries = row.ids.map((id) => findCorpusCategory(manifest, id));
  const samples: WordCounts[] = [];
  for (const id of row.ids) samples.push(await countCorpusPart(id, 'sample', pipeline, { maxBytes: sampleBytes }));
  const errors: Record<(typeof columns)[number], number[]> = { random: [], uniform: [], tee: [], tc: [], ours: [] };
  let trainMb = 0, seconds = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const started = performance.now();
    const weights = parseWeights('random', row.ids.length, seed);
    const total = maxTrainingBytes(weights, entries.map((e) => e.parts.train.bytes));
    const budgets = trainingBudgets(weights, total);
    const train: WordCounts[] = [];
    for (const [i, id] of row.ids.entries()) train.push(await countCorpusPart(id, 'train', pipeline, { maxBytes: budgets[i] }));
    const r = runExperiment({ names: row.ids, train, samples, merges: T, seed, engine });
    // The table compares exact solves: the best solution before an engine failure is not one.
    if (r.inference.solution.engineFailure) throw new Error(`${label}, seed ${seed}: ${r.inference.solution.engineFailure}`);
    for (const c of columns) errors[c].push(r.error[c]);
    trainMb += r.trainBytes.reduce((a, b) => a + b, 0) / 1e6 / seeds;
    seconds += (performance.now() - started) / 1000 / seeds;
    process.stderr.write(`\r${label}: seed ${seed}/${seeds}, ours ${r.error.ours.toFixed(2)}\x1b[K`);
  }
  process.stderr.write('\r\x1b[K');
  console.log(`${label.padEnd(20)}${columns.map((c) => stats(errors[c]).padStart(15)).join('')}   ${trainMb.toFixed(1).padStart(15)}   ${curve ? seconds.toFixed(1) : row.paper}`);
}
