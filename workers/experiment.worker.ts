// The playground's experiment, one step per call (core/experiment.ts): count a category's training text and sample,
// train the mixture's tokenizer, replay one sample and count its TEE tokens. Trajectories and merge columns are
// transferred back, not copied. The page cancels by terminating this worker.
import * as Comlink from 'comlink';
import { gunzipIfNeeded, streamChunks, trajectoryBuffers } from '../src/lib/core/category-run.ts';
import { countExperimentPart, replaySample, sampleAlphabet, teeCounts, trainMixtureTokenizer } from '../src/lib/core/experiment.ts';
import type { ExperimentWorkerApi } from './worker-types.ts';

async function* fetchChunks(url: string): AsyncGenerator<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`could not fetch ${url}: HTTP ${res.status}`);
  yield* streamChunks(await gunzipIfNeeded(res.body));
}

const api: ExperimentWorkerApi = {
  async count(urls, budgets, pipeline, onProgress) {
    const train = await countExperimentPart(() => fetchChunks(urls.train), pipeline, budgets.train, { onProgress: (bytes) => onProgress({ part: 'train', bytes }) });
    const sample = await countExperimentPart(() => fetchChunks(urls.sample), pipeline, budgets.sample, { onProgress: (bytes) => onProgress({ part: 'sample', bytes }) });
    return { train, sample, alphabet: sampleAlphabet(sample) };
  },
  async train(parts, alphabets, merges, onProgress) {
    const tok = trainMixtureTokenizer(parts, alphabets, { merges, onProgress });
    return Comlink.transfer(tok, [tok.mergeLeft.buffer, tok.mergeRight.buffer, tok.mergeResult.buffer]);
  },
  async attack(tok, name, sample, onProgress) {
    let started = performance.now();
    const trajectory = replaySample(tok, name, sample, { onProgress: (merges, total) => onProgress({ phase: 'replay', merges, total }) });
    const replay = (performance.now() - started) / 1000;
    onProgress({ phase: 'tee' });
    started = performance.now();
    const tee = teeCounts(trajectory, sample, tok.mergeLeft.length);
    return Comlink.transfer({ trajectory, tee, seconds: { replay, tee: (performance.now() - started) / 1000 } }, trajectoryBuffers(trajectory));
  },
};

Comlink.expose(api);
