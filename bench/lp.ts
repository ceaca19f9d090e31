// Section 4 of `npm run bench`: the mixture LP on bundled corpora (a tokenizer trained by us on a known mixture of
// the train parts, attacked with the sample parts), solved by both engines: glpk.js (the reference, from scratch
// every round) and HiGHS (incremental). Prints where the time goes (sweeps vs LP) and whether the engines agree;
// then HiGHS stopped at a proven 20% gap (--gap 20%, the playground's stop setting) against its exact solve.

import { countCorpusPart } from '../src/lib/node/corpora.ts';
import { PRESET_PRETOKENIZERS } from '../src/lib/core/presets.ts';
import { makePreTokenizer } from '../src/lib/core/pre-tokenize.ts';
import { addWordCounts } from '../src/lib/core/word-counts-sum.ts';
import { trainBpe } from '../src/lib/core/train.ts';
import { tokenizerWordTable } from '../src/lib/core/word-table.ts';
import { replayMerges } from '../src/lib/core/replay.ts';
import { prepareMixture } from '../src/lib/core/mixture-data.ts';
import { solveMixture, type MixtureSolution } from '../src/lib/core/solve-mixture.ts';
import { glpkEngine } from '../src/lib/core/lp-glpk.ts';
import { highsEngine } from '../src/lib/core/lp-highs.ts';

const LANGUAGES = ['en', 'de', 'fr', 'ru', 'ja'];

export async function lpBench(merges = [300, 1000], sampleBytes = 1e6): Promise<void> {
  const pipeline = { normalizer: null, preTokenizer: makePreTokenizer(PRESET_PRETOKENIZERS.gpt2.preTokenizer) };
  const weights = [0.05, 0.3, 0.25, 0.2, 0.2];
  const train = await Promise.all(LANGUAGES.map((id, i) => countCorpusPart(id, 'train', pipeline, { maxBytes: Math.round(1.7e6 * weights[i] / 0.3) })));
  const samples = await Promise.all(LANGUAGES.map((id) => countCorpusPart(id, 'sample', pipeline, { maxBytes: sampleBytes })));
  const trained = trainBpe(addWordCounts(train), { merges: Math.max(...merges) });
  const tokenToId = new Map(trained.vocab.map((s, i) => [s, i] as const));
  const columns = { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult };
  const trajectories = samples.map((wc) => replayMerges(tokenizerWordTable(wc, { tokenToId, byteFallback: false }).table, columns, { bytes: wc.bytes }));
  const truth = train.map((t) => t.bytes / train.reduce((s, x) => s + x.bytes, 0));

  for (const T of merges) {
    console.log(`4. mixture LP: ${LANGUAGES.length} languages (${LANGUAGES.join(', ')}), ${(sampleBytes / 1e6).toFixed(1)} MB samples, T = ${T}`);
    const data = prepareMixture(trajectories, columns, 0, T);
    const results: MixtureSolution[] = [];
    for (const engine of [await glpkEngine(), await highsEngine()]) {
      const t0 = performance.now();
      const sol = solveMixture(data, engine);
      const total = (performance.now() - t0) / 1000;
      results.push(sol);
      const mse = truth.reduce((s, x, i) => s + (x - sol.share[i]) ** 2, 0) / truth.length;
      console.log(`  ${engine.name.padEnd(14)} ${total.toFixed(2).padStart(7)} s  (LP ${sol.lpSeconds.toFixed(2)} s, sweeps ${sol.sweepSeconds.toFixed(2)} s; ${sol.rounds} rounds, ${sol.constraints} constraints; log10 MSE ${Math.log10(mse).toFixed(2)})`);
    }
    const [g, h] = results;
    const gap = Math.max(...Array.from(g.share, (x, i) => Math.abs(x - h.share[i])));
    console.log(`  ratio HiGHS/glpk.js time ${((h.lpSeconds + h.sweepSeconds) / (g.lpSeconds + g.sweepSeconds)).toFixed(2)}; largest share difference ${gap.toExponential(1)}; objectives ${g.objective.toFixed(3)} / ${h.objective.toFixed(3)}`);
    const early = solveMixture(data, await highsEngine(), { gapTolerance: 0.2 });
    const moved = Math.max(...Array.from(h.share, (x, i) => Math.abs(x - early.share[i])));
    console.log(`  HiGHS stopped at a 20% gap: ${(early.lpSeconds + early.sweepSeconds).toFixed(2)} s, ${early.rounds} rounds (proven gap ${(early.gap * 100).toFixed(1)}%); ` +
      `ratio to the exact solve ${((early.lpSeconds + early.sweepSeconds) / (h.lpSeconds + h.sweepSeconds)).toFixed(2)}; shares within ${(moved * 100).toFixed(2)} points of it\n`);
  }
}
