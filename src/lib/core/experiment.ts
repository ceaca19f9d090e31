// A controlled experiment (DESIGN §5, "Attack"): train a BPE tokenizer on a known mixture of categories, attack it
// with separate samples of the same categories, and score the estimate and the baselines against the truth, all on
// one instance. Inputs are counted words, so the CLI, the accuracy benchmark and the browser share it.
// Example: train = [en 700 KB, fr 300 KB], samples = [en 1 MB, fr 1 MB], 3000 merges -> true shares [0.7, 0.3],
//          estimate ≈ [0.70, 0.30], log10 MSE of the estimate far below the random guess's (about -1.3 for n = 2).

import { log10Mse, randomShares, tcShares, teeShares, tokensAfter, uniformShares } from './baselines.ts';
import { InputError } from './errors.ts';
import { inferMixture, mergeRange, type MixtureInference, type MixtureTokenizer } from './infer-mixture.ts';
import type { LpEngine } from './mixture-lp.ts';
import { replayMerges } from './replay.ts';
import type { SolveOptions } from './solve-mixture.ts';
import { trainBpe } from './train.ts';
import type { WordCounts } from './types.ts';
import { addWordCounts } from './word-counts-sum.ts';
import { tokenizerWordTable } from './word-table.ts';

export const BASELINES = ['random', 'uniform', 'tee', 'tc'] as const;
export type BaselineName = (typeof BASELINES)[number];

export interface ExperimentInput {
  names: string[];
  /** Each category's share of the training text, as counted words (a category absent from training: bytes 0). */
  train: WordCounts[];
  /** Each category's attack sample. */
  samples: WordCounts[];
  merges: number;
  /** Seeds the random-guess baseline (with seed + RANDOM_BASELINE_OFFSET, so it is not the mixture's own draw). */
  seed: number;
  engine: LpEngine;
  solve?: SolveOptions;
  signal?: AbortSignal;
}

/** The random baseline draws with seed + this, so that a mixture drawn with `seed` is not guessed by its own draw. */
export const RANDOM_BASELINE_OFFSET = 1_000_003;

export interface ExperimentResult {
  names: string[];
  /** Byte shares of the training text. */
  truth: Float64Array;
  estimate: Float64Array;
  baselines: Record<BaselineName, Float64Array>;
  /** log10 MSE against the truth: ours and each baseline. */
  error: Record<'ours' | BaselineName, number>;
  /** Merges the trainer made (fewer than asked when the training text ran out of pairs). */
  merges: number;
  trainBytes: number[];
  sampleBytes: number[];
  inference: MixtureInference;
  seconds: { train: number; attack: number; baselines: number };
}

export function runExperiment(input: ExperimentInput): ExperimentResult {
  const n = input.names.length;
  if (input.train.length !== n || input.samples.length !== n) throw new Error('runExperiment: names, train and samples differ in length');
  const trainBytes = input.train.map((w) => w.bytes);
  const total = trainBytes.reduce((a, b) => a + b, 0);
  if (total === 0) throw new InputError('the training mixture is empty: give the categories some training bytes');

  // 1. Train on the mixture (HF-exact trainer; word counts add up because the trainer reads line by line).
  let started = performance.now();
  const trained = trainBpe(addWordCounts(input.train), { merges: input.merges, signal: input.signal });
  const made = trained.mergeLeft.length;
  if (made === 0) throw new InputError('the training text has no pair to merge');
  const tokenizer: MixtureTokenizer = {
    tokenToId: withSampleAlphabet(trained.vocab, input.samples), byteFallback: false,
    mergeLeft: trained.mergeLeft, mergeRight: trained.mergeRight, mergeResult: trained.mergeResult,
  };
  const trainSeconds = (performance.now() - started) / 1000;

  // 2. The attack.
  started = performance.now();
  const categories = input.names.map((name, i) => ({ name, words: input.samples[i] }));
  const inference = inferMixture(tokenizer, categories, input.engine, { range: mergeRange(made, { end: made }), solve: input.solve, signal: input.signal });
  const attackSeconds = (performance.now() - started) / 1000;

  // 3. Baselines on the same samples and merges.
  started = performance.now();
  const merges = { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult };
  const baselines: Record<BaselineName, Float64Array> = {
    random: randomShares(n, input.seed + RANDOM_BASELINE_OFFSET),
    uniform: uniformShares(n),
    tee: teeOfSamples(inference, input.samples, made),
    tc: tcShares(inference.trajectories, merges, 0, made),
  };
  const baselineSeconds = (performance.now() - started) / 1000;

  const truth = Float64Array.from(trainBytes, (b) => b / total);
  const estimate = inference.solution.share;
  const error = { ours: log10Mse(estimate, truth) } as ExperimentResult['error'];
  for (const b of BASELINES) error[b] = log10Mse(baselines[b], truth);
  return {
    names: input.names, truth, estimate, baselines, error, merges: made, trainBytes,
    sampleBytes: input.samples.map((w) => w.bytes), inference,
    seconds: { train: trainSeconds, attack: attackSeconds, baselines: baselineSeconds },
  };
}

/**
 * TEE on the attack samples: the attacked tokenizer's saving on each sample (from the attack's own trajectory)
 * against that of a tokenizer trained on the sample alone with the same number of merges.
 * Cost: one training and one replay per category, about as much as the attack's replay.
 */
function teeOfSamples(inference: MixtureInference, samples: WordCounts[], merges: number): Float64Array {
  const symbols: number[] = [], attacked: number[] = [], alone: number[] = [];
  inference.trajectories.forEach((tr, i) => {
    const L = tr.totalPairs + tr.totalWords;
    symbols.push(L);
    attacked.push(tokensAfter(tr, merges));
    const own = trainBpe(samples[i], { merges });
    const { table } = tokenizerWordTable(samples[i], { tokenToId: new Map(own.vocab.map((t, k) => [t, k] as const)), byteFallback: false });
    const ownTr = replayMerges(table, { left: own.mergeLeft, right: own.mergeRight, result: own.mergeResult });
    // Savings are compared, so the self-trained tokenizer's count is moved onto the attacked one's symbols (they
    // differ only by characters the attacked vocabulary lacks).
    alone.push(L - (ownTr.totalPairs + ownTr.totalWords - tokensAfter(ownTr)));
  });
  return teeShares(symbols, attacked, alone);
}

/**
 * The trained vocabulary, plus a fresh id for every character of the samples it lacks. The trainer's alphabet is
 * only what the training text holds, but a released tokenizer covers every byte (or character) it may meet; without
 * this, a category that was (nearly) absent from training would lose its characters in the attack and look like
 * an empty sample instead of a category with weight 0. Merges never involve the added ids.
 * Example: vocab [a, b, ab], sample words ["ca"] -> {a: 0, b: 1, ab: 2, c: 3}.
 */
export function withSampleAlphabet(vocab: readonly string[], samples: readonly WordCounts[]): Map<string, number> {
  const tokenToId = new Map(vocab.map((t, i) => [t, i] as const));
  for (const wc of samples) {
    for (const word of wc.words) {
      for (const ch of word) if (!tokenToId.has(ch)) tokenToId.set(ch, tokenToId.size);
    }
  }
  return tokenToId;
}

/**
 * The byte budget of each category's training text for weights w and a total of N bytes: round(w_i * N).
 * Example: trainingBudgets([0.5, 0.25, 0.25], 1000) -> [500, 250, 250].
 */
export function trainingBudgets(weights: ArrayLike<number>, totalBytes: number): number[] {
  return Array.from(weights, (w) => Math.round(w * totalBytes));
}

/**
 * The most training text the parts allow for these weights: the largest N with round(w_i * N) <= available_i for
 * every i (the category that runs out first sets it). Example: weights [0.5, 0.25, 0.25], available
 * [1000, 1000, 200] -> 801 (the third category runs out first: a quarter of 801 rounds to its 200 bytes).
 */
export function maxTrainingBytes(weights: ArrayLike<number>, available: ArrayLike<number>): number {
  let best = Infinity;
  // round(w N) <= a  <=>  w N < a + 1/2; the loop settles the boundary case in floating point.
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) best = Math.min(best, Math.floor((available[i] + 0.5) / weights[i]));
  while (trainingBudgets(weights, best).some((b, i) => b > available[i])) best--;
  return best;
}

/**
 * Weights from "random" (a seeded uniform draw from the simplex) or a comma list (normalised to sum 1).
 * Example: parseWeights("3,1", 2, 0) -> [0.75, 0.25]; parseWeights("random", 3, 7) -> randomShares(3, 7).
 */
export function parseWeights(spec: string, n: number, seed: number): Float64Array {
  if (spec === 'random') return randomShares(n, seed);
  const parts = spec.split(',').map((s) => s.trim());
  const w = parts.map(Number);
  if (parts.length !== n || parts.some((p) => p === '') || w.some((x) => !Number.isFinite(x) || x < 0)) {
    throw new InputError(`--weights "${spec}" must be "random" or ${n} non-negative numbers separated by commas (one per category)`);
  }
  const sum = w.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new InputError(`--weights "${spec}" are all zero: at least one category must be in the training mixture`);
  return Float64Array.from(w, (x) => x / sum);
}
