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
import { makeNormalizer } from './normalize.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import type { NormalizerSpec, PreTokenizerSpec, Trajectory, WordCounts } from './types.ts';
import { countWords } from './word-counts.ts';
import { addWordCounts } from './word-counts-sum.ts';
import { noPairsToMerge, tokenizerWordTable } from './word-table.ts';

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
  const truth = trueShares(trainBytes);

  // 1. Train on the mixture (HF-exact trainer; word counts add up because the trainer reads line by line).
  let started = performance.now();
  const tokenizer = trainMixtureTokenizer(input.train, input.samples.map(sampleAlphabet), { merges: input.merges, signal: input.signal });
  const made = tokenizer.mergeLeft.length;
  const trainSeconds = (performance.now() - started) / 1000;

  // 2. The attack.
  started = performance.now();
  const categories = input.names.map((name, i) => ({ name, words: input.samples[i] }));
  const inference = inferMixture(tokenizer, categories, input.engine, { range: mergeRange(made, { end: made }), solve: input.solve, signal: input.signal });
  const attackSeconds = (performance.now() - started) / 1000;

  // 3. Baselines on the same samples and merges.
  started = performance.now();
  const tee = inference.trajectories.map((tr, i) => teeCounts(tr, input.samples[i], made));
  const baselines = experimentBaselines({ seed: input.seed, tee, trajectories: inference.trajectories, tokenizer });
  const baselineSeconds = (performance.now() - started) / 1000;

  const estimate = inference.solution.share;
  return {
    names: input.names, truth, estimate, baselines, error: scoreExperiment(truth, estimate, baselines), merges: made, trainBytes,
    sampleBytes: input.samples.map((w) => w.bytes), inference,
    seconds: { train: trainSeconds, attack: attackSeconds, baselines: baselineSeconds },
  };
}

// The steps of runExperiment, each callable on its own: the playground runs them in workers (counting and the
// attack's replay one category per worker, training in one), with progress and cancellation between them.

/** Byte shares of the training text. Example: [600, 300, 100] -> [0.6, 0.3, 0.1]. */
export function trueShares(trainBytes: readonly number[]): Float64Array {
  const total = trainBytes.reduce((a, b) => a + b, 0);
  if (total === 0) throw new InputError('the training mixture is empty: give the categories some training bytes');
  return Float64Array.from(trainBytes, (b) => b / total);
}

export interface TrainMixtureOptions {
  merges: number;
  /** Called every 256 merges with the number made. */
  onProgress?: (made: number) => void;
  signal?: AbortSignal;
}

/**
 * Step 0 (one category part): the words of the first `maxBytes` of a part (cut at a line boundary) with the
 * pre-tokenizer's pipeline. A budget of 0 (a category weighted 0) reads nothing and gives no words.
 * Example: a 1.8 MB train part, budget 200,000 -> words of its first 199,9xx bytes.
 */
export async function countExperimentPart(
  chunks: () => AsyncIterable<Uint8Array>,
  specs: { normalizer: NormalizerSpec | null; preTokenizer: PreTokenizerSpec | null },
  maxBytes: number,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<WordCounts> {
  if (maxBytes <= 0) return { words: [], counts: new Float64Array(0), bytes: 0, chars: 0, lines: 0, invalidUtf8: 0 };
  const pipeline = {
    normalizer: specs.normalizer ? makeNormalizer(specs.normalizer) : null,
    preTokenizer: specs.preTokenizer ? makePreTokenizer(specs.preTokenizer) : (text: string) => [text],
  };
  return countWords(chunks(), pipeline, { maxBytes, ...options });
}

/**
 * Step 1: trains on the sum of the categories' training words and returns the tokenizer the attack reads: the
 * trained merges, and the vocabulary extended with the samples' characters (see withSampleAlphabet; `alphabets`
 * are sampleAlphabet of each sample, in category order). Fewer merges than asked when the text runs out of pairs.
 */
export function trainMixtureTokenizer(train: readonly WordCounts[], alphabets: readonly (readonly string[])[], options: TrainMixtureOptions): MixtureTokenizer {
  if (train.every((w) => w.bytes === 0)) throw new InputError('the training mixture is empty: give the categories some training bytes');
  const trained = trainBpe(addWordCounts(train), { merges: options.merges, signal: options.signal, onProgress: options.onProgress });
  if (trained.mergeLeft.length === 0) throw new InputError('the training text has no pair to merge');
  return {
    tokenToId: extendAlphabet(trained.vocab, alphabets), byteFallback: false,
    mergeLeft: trained.mergeLeft, mergeRight: trained.mergeRight, mergeResult: trained.mergeResult,
  };
}

/**
 * Step 2 (one category): the sample's words in the attacked tokenizer's symbols and its replay of every merge, the
 * trajectory that the solver and the TC baseline read. Example: tokenizer trained on "abab", sample {"ab": 3}
 * -> 3 pairs (a,b) before merge 0, none after it.
 */
export function replaySample(tok: MixtureTokenizer, name: string, sample: WordCounts, options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Trajectory {
  const { table, missing } = tokenizerWordTable(sample, tok);
  const tr = replayMerges(table, { left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult }, { bytes: sample.bytes, ...options });
  if (tr.totalPairs === 0) {
    throw new InputError(`category "${name}" ${noPairsToMerge(sample.bytes, missing)}`);
  }
  return tr;
}

/** What TEE needs of one category: its base symbols and its tokens under the attacked and the self-trained tokenizer. */
export interface TeeCounts {
  symbols: number;
  attacked: number;
  alone: number;
}

/**
 * Step 2 (one category), for TEE: the attacked tokenizer's tokens on the sample (from the attack's own trajectory)
 * and those of a tokenizer trained on the sample alone with the same number of merges.
 * Cost: one training and one replay of the sample, about as much as the attack's replay.
 */
export function teeCounts(attackedTrajectory: Trajectory, sample: WordCounts, merges: number, signal?: AbortSignal): TeeCounts {
  const symbols = attackedTrajectory.totalPairs + attackedTrajectory.totalWords;
  const own = trainBpe(sample, { merges, signal });
  const { table } = tokenizerWordTable(sample, { tokenToId: new Map(own.vocab.map((t, k) => [t, k] as const)), byteFallback: false });
  const ownTr = replayMerges(table, { left: own.mergeLeft, right: own.mergeRight, result: own.mergeResult }, { signal });
  // Savings are compared, so the self-trained tokenizer's count is moved onto the attacked one's symbols (they
  // differ only by characters the attacked vocabulary lacks).
  return { symbols, attacked: tokensAfter(attackedTrajectory, merges), alone: symbols - (ownTr.totalPairs + ownTr.totalWords - tokensAfter(ownTr)) };
}

/**
 * Step 3: the four baselines on the attack's samples and merges (TEE from each category's teeCounts, TC from the
 * trajectories, the random guess drawn with seed + RANDOM_BASELINE_OFFSET).
 */
export function experimentBaselines(input: {
  seed: number;
  tee: readonly TeeCounts[];
  trajectories: Trajectory[];
  tokenizer: Pick<MixtureTokenizer, 'mergeLeft' | 'mergeRight' | 'mergeResult'>;
}): Record<BaselineName, Float64Array> {
  const n = input.trajectories.length, made = input.tokenizer.mergeLeft.length;
  const merges = { left: input.tokenizer.mergeLeft, right: input.tokenizer.mergeRight, result: input.tokenizer.mergeResult };
  return {
    random: randomShares(n, input.seed + RANDOM_BASELINE_OFFSET),
    uniform: uniformShares(n),
    tee: teeShares(input.tee.map((t) => t.symbols), input.tee.map((t) => t.attacked), input.tee.map((t) => t.alone)),
    tc: tcShares(input.trajectories, merges, 0, made),
  };
}

/** log10 MSE against the truth of the estimate and of each baseline. */
export function scoreExperiment(truth: ArrayLike<number>, estimate: ArrayLike<number>, baselines: Record<BaselineName, ArrayLike<number>>): ExperimentResult['error'] {
  const error = { ours: log10Mse(estimate, truth) } as ExperimentResult['error'];
  for (const b of BASELINES) error[b] = log10Mse(baselines[b], truth);
  return error;
}

/**
 * The distinct characters of a sample's words in order of first appearance (what withSampleAlphabet adds from it).
 * Example: words ["ca", "a😀"] -> ["c", "a", "😀"].
 */
export function sampleAlphabet(wc: WordCounts): string[] {
  const seen = new Set<string>();
  for (const word of wc.words) for (const ch of word) seen.add(ch);
  return [...seen];
}

/**
 * The trained vocabulary, plus a fresh id for every character of the samples it lacks. The trainer's alphabet is
 * only what the training text holds, but a released tokenizer covers every byte (or character) it may meet; without
 * this, a category that was (nearly) absent from training would lose its characters in the attack and look like
 * an empty sample instead of a category with weight 0. Merges never involve the added ids.
 * Example: vocab [a, b, ab], sample words ["ca"] -> {a: 0, b: 1, ab: 2, c: 3}.
 */
export function withSampleAlphabet(vocab: readonly string[], samples: readonly WordCounts[]): Map<string, number> {
  return extendAlphabet(vocab, samples.map(sampleAlphabet));
}

/** The vocabulary plus a fresh id for each character of `alphabets` it lacks, in order. */
function extendAlphabet(vocab: readonly string[], alphabets: readonly (readonly string[])[]): Map<string, number> {
  const tokenToId = new Map(vocab.map((t, i) => [t, i] as const));
  for (const chars of alphabets) for (const ch of chars) if (!tokenToId.has(ch)) tokenToId.set(ch, tokenToId.size);
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
 * Weights from slider positions (non-negative numbers, any scale), normalised to sum 1.
 * Example: normaliseWeights([50, 25, 25]) -> [0.5, 0.25, 0.25]; [0, 0] -> InputError (nothing to train on).
 */
export function normaliseWeights(values: readonly number[]): Float64Array {
  if (values.some((x) => !Number.isFinite(x) || x < 0)) throw new InputError('Weights must be non-negative numbers');
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new InputError('Every weight is zero: give at least one category a weight above zero');
  return Float64Array.from(values, (x) => x / sum);
}

/** How planTrainingBudgets names amounts and the setting to change: bytes and "the training text" by default. */
export interface BudgetUnits {
  format: (bytes: number) => string;
  setting: string;
}

const IN_BYTES: BudgetUnits = { format: (b) => `${b.toLocaleString('en')} bytes`, setting: 'the training text' };

/** Seeds are unsigned 32-bit integers (the generator's state): 0 .. 4,294,967,295. */
export const MAX_SEED = 0xffff_ffff;

/**
 * Each category's training bytes for the weights and a total (trainingBudgets), checked against what its train
 * part holds; the message names the first category that runs short and the largest total that fits, in `units`.
 * Example: names [English, French], weights [0.9, 0.1], total 2 MB, parts [1.7 MB, 1.8 MB] -> InputError "English
 * needs 1,800,000 bytes of training text ... lower the training text to at most 1,889,407 bytes in all".
 */
export function planTrainingBudgets(names: readonly string[], weights: ArrayLike<number>, totalBytes: number, available: ArrayLike<number>, units: BudgetUnits = IN_BYTES): number[] {
  const budgets = trainingBudgets(weights, totalBytes);
  const short = budgets.findIndex((b, i) => b > available[i]);
  if (short >= 0) {
    const { format } = units;
    throw new InputError(`${names[short]} needs ${format(budgets[short])} of training text (weight ${(weights[short] * 100).toFixed(1)}% of ${format(totalBytes)}) ` +
      `but its train part has ${format(available[short])}: lower ${units.setting} to at most ${format(maxTrainingBytes(weights, available))} in all`);
  }
  return budgets;
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
