// `npm run bench:paper-scale`: the mixture LP at the paper's data scale, emulated on the bundled languages, since
// text of that size cannot be had here. Each language's bundled train + sample parts (about 2-3 MB) are taken as its
// true word distribution; a tokenizer is trained on word counts drawn for TRAIN_GB of text from a seeded mixture of
// them, and each language's attack sample is drawn independently for SAMPLE_GB (resample-counts.ts: Poisson counts,
// no new words, so this emulates the counting noise of that scale, not its vocabulary).
// Two instances, solved exactly by HiGHS:
//   reference  the same at no noise (every count its mean): the true weights explain every merge, LP1's optimum is
//              ~0, so this is the cost of the sweeps and the LP machinery alone;
//   emulated   independent Poisson draws for the training text and for each sample, as with real text of that size.
// Prints the time split (sweeps / LP), rounds, constraints, log10 MSE of the byte shares, and the emulated
// instance's time as a ratio of the reference's.
// Usage: npm run bench:paper-scale [-- --merges 30000 --train-gb 10 --sample-gb 1 --seed 1 --categories en,de,fr
//        --prefix 1000 --competitors 1 --method matching] (--prefix, --competitors, --method: the solver's prefix,
//        maxPerMerge and method options; --method both solves each instance by both methods)
// T = 10,000 takes about half a minute; T = 30,000 about a minute and a half on a quiet machine (the emulated solve;
// see the README).

import { parseArgs } from 'node:util';
import { PRESET_PRETOKENIZERS } from '../src/lib/core/presets.ts';
import { makePreTokenizer } from '../src/lib/core/pre-tokenize.ts';
import { addWordCounts } from '../src/lib/core/word-counts-sum.ts';
import { replaySample, sampleAlphabet, trainMixtureTokenizer } from '../src/lib/core/experiment.ts';
import { prepareMixture } from '../src/lib/core/mixture-data.ts';
import { solveMixture, type MixtureSolution } from '../src/lib/core/solve-mixture.ts';
import { highsEngine } from '../src/lib/core/lp-highs.ts';
import { drawSimplex, seededRandom } from '../src/lib/core/random.ts';
import { expectedWordCounts, resampleWordCounts } from '../src/lib/core/resample-counts.ts';
import type { WordCounts } from '../src/lib/core/types.ts';
import { countCorpusPart } from '../src/lib/node/corpora.ts';

const { values: opts } = parseArgs({
  options: {
    merges: { type: 'string', default: '10000' }, 'train-gb': { type: 'string', default: '10' }, 'sample-gb': { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' }, categories: { type: 'string', default: 'en,de,fr,es,it,pt,pl,ru,el,ja' },
    prefix: { type: 'string', default: '0' }, competitors: { type: 'string', default: '3' }, method: { type: 'string', default: 'lazy' },
  },
});
const T = Number(opts.merges), trainBytes = Number(opts['train-gb']) * 1e9, sampleBytes = Number(opts['sample-gb']) * 1e9, seed = Number(opts.seed);
const ids = opts.categories.split(',');
const methods: ('lazy' | 'matching')[] | undefined = opts.method === 'both' ? ['lazy', 'matching'] : opts.method === 'lazy' || opts.method === 'matching' ? [opts.method] : undefined;
if (!methods) throw new Error(`--method must be lazy, matching or both, not ${opts.method}`);
for (const [name, x] of [['--merges', T], ['--train-gb', trainBytes], ['--sample-gb', sampleBytes]] as const) {
  if (!(x > 0 && Number.isFinite(x))) throw new Error(`${name} must be a positive number`);
}

const pipeline = { normalizer: null, preTokenizer: makePreTokenizer(PRESET_PRETOKENIZERS.gpt2.preTokenizer) };
const base = await Promise.all(ids.map(async (id) => addWordCounts([await countCorpusPart(id, 'train', pipeline), await countCorpusPart(id, 'sample', pipeline)])));
const weights = drawSimplex(ids.length, seededRandom(seed));
console.log(`mixture LP at emulated scale: ${ids.length} languages (${ids.join(', ')}), T = ${T.toLocaleString('en-US')}, ` +
  `training ${opts['train-gb']} GB, samples ${opts['sample-gb']} GB each, drawn from the bundled ${(base.reduce((s, b) => s + b.bytes, 0) / 1e6).toFixed(1)} MB; ` +
  `seed ${seed}, weights ${Array.from(weights, (w) => w.toFixed(3)).join(' ')}`);

type Draw = (wc: WordCounts, scale: number) => WordCounts;
const rnd = seededRandom(seed + 1);
const instances: [string, Draw][] = [['reference (no counting noise)', expectedWordCounts], ['emulated (Poisson counts)', (wc, scale) => resampleWordCounts(wc, scale, rnd)]];
const solved: MixtureSolution[] = [];
for (const [label, draw] of instances) {
  let started = performance.now();
  // The experiment's own steps (core/experiment.ts): train on the mixture, then replay each category's sample.
  const train = base.map((b, i) => draw(b, (trainBytes * weights[i]) / b.bytes));
  const samples = base.map((b) => draw(b, sampleBytes / b.bytes));
  const tok = trainMixtureTokenizer(train, samples.map(sampleAlphabet), { merges: T });
  if (tok.mergeLeft.length < T) throw new Error(`the emulated training text yields only ${tok.mergeLeft.length} merges; ask for fewer`);
  const trajectories = samples.map((wc, i) => replaySample(tok, ids[i], wc));
  const data = prepareMixture(trajectories, { left: tok.mergeLeft, right: tok.mergeRight }, 0, T);
  const prepared = (performance.now() - started) / 1000;
  for (const method of methods) {
    started = performance.now();
    const sol = solveMixture(data, await highsEngine(), {
      method, prefix: Number(opts.prefix), maxPerMerge: Number(opts.competitors),
      onProgress: (p) => { if (p.round % 5 === 0) process.stderr.write(`  ${label}, ${method}: round ${p.round}, ${p.constraints} constraints, ${p.violations} violations, gap ${(100 * p.gap).toFixed(2)}%\n`); },
    });
    const total = (performance.now() - started) / 1000;
    solved.push(sol);
    const mse = weights.reduce((s, w, i) => s + (w - sol.share[i]) ** 2, 0) / weights.length;
    console.log(`  ${`${label}, ${method}`.padEnd(40)} solve ${total.toFixed(1).padStart(6)} s (${method === 'matching' ? 'sweeps and matchings' : 'sweeps'} ${sol.sweepSeconds.toFixed(1)} s, LP ${sol.lpSeconds.toFixed(1)} s; ${sol.rounds} rounds, ` +
      `${sol.constraints.toLocaleString('en-US')} constraints at the end; objective ${sol.objective.toFixed(3)}, gap ${sol.gap.toExponential(1)}); log10 MSE ${Math.log10(mse).toFixed(2)}; ` +
      `largest share error ${(100 * Math.max(...Array.from(weights, (w, i) => Math.abs(w - sol.share[i])))).toFixed(3)} points; instance built in ${prepared.toFixed(1)} s`);
  }
}
const seconds = (s: MixtureSolution) => s.lpSeconds + s.sweepSeconds;
for (const [m, method] of methods.entries()) {
  const ref = solved[m], emu = solved[methods.length + m];
  console.log(`  ${method}: ratio emulated / reference solve time ${(seconds(emu) / seconds(ref)).toFixed(1)}`);
}
if (methods.length === 2) {
  const [lazy, matching] = solved.slice(2);
  const differ = Math.max(...Array.from(lazy.share, (x, i) => Math.abs(x - matching.share[i])));
  console.log(`  emulated: matching / lazy solve time ${(seconds(matching) / seconds(lazy)).toFixed(2)}; objectives ${lazy.objective.toFixed(4)} / ${matching.objective.toFixed(4)}; shares differ by at most ${(100 * differ).toFixed(4)} points`);
}
