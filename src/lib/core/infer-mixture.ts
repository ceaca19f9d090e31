// The whole attack on counted words: map each category's words into the tokenizer's symbols, replay the merge list
// over them, lay the trajectories side by side for the analysed merge range and solve LP1 (DESIGN §1). The CLI, the
// experiments and the browser's solver worker all call this, so the checks on the inputs live here once.
// Example: categories en, fr (word counts of their samples), a tokenizer trained on 3 parts en to 1 part fr,
//          range 0..3000 -> share ≈ [0.75, 0.25], with the solver's rounds, constraints and timings.

import { InputError } from './errors.ts';
import type { LpEngine } from './mixture-lp.ts';
import { prepareMixture } from './mixture-data.ts';
import { replayMerges } from './replay.ts';
import { pooledApplications, sampleSupport, type SampleSupport } from './sample-support.ts';
import { solveMixture, type MixtureSolution, type SolveOptions } from './solve-mixture.ts';
import type { Tokenizer, Trajectory, WordCounts } from './types.ts';
import { tokenizerWordTable, type MissingChars } from './word-table.ts';

/** The default and largest number of merges analysed when none is given (the reference's T for released tokenizers). */
export const DEFAULT_MAX_MERGES = 30_000;

export interface CategoryWords {
  name: string;
  words: WordCounts;
}

export interface MergeRange {
  /** Merges start .. end-1 (0-based) are analysed. */
  start: number;
  end: number;
}

/**
 * The analysed merges of a list of `total`: by default the first min(total, 30,000); `start` alone analyses up to
 * 30,000 merges from there. Example: mergeRange(100_000, { start: 50_000 }) -> { start: 50_000, end: 80_000 }.
 */
export function mergeRange(total: number, wanted: { start?: number; end?: number } = {}): MergeRange {
  const start = wanted.start ?? 0;
  const end = wanted.end ?? Math.min(total, start + DEFAULT_MAX_MERGES);
  if (total === 0) throw new InputError('the tokenizer has no merges');
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
    throw new InputError(`merge range ${start}..${end} is empty or backwards: give A..B with 0 <= A < B`);
  }
  if (end > total) throw new InputError(`merge range ${start}..${end} goes past the ${total} merges of the tokenizer: end it at ${total} at most`);
  return { start, end };
}

export type MixtureTokenizer = Pick<Tokenizer, 'tokenToId' | 'byteFallback' | 'mergeLeft' | 'mergeRight' | 'mergeResult'>;

export interface InferredCategory {
  name: string;
  /** UTF-8 bytes of sample text, and d_i: adjacent symbol pairs before any merge. */
  bytes: number;
  pairs: number;
  distinctWords: number;
  /** Characters of the sample the tokenizer has no symbol for (dropped). */
  missing: MissingChars;
}

export interface MixtureInference {
  categories: InferredCategory[];
  range: MergeRange;
  solution: MixtureSolution;
  /** Each category's trajectory over merges 0 .. range.end - 1 (the baselines read them too). */
  trajectories: Trajectory[];
  /** Merges of the range applied in no sample: the samples say nothing about them (slack explains each). */
  absentMerges: number;
  /** How far into the range the samples hold each merge's pair often enough to order it (sample-support.ts). */
  support: SampleSupport;
  replaySeconds: number;
}

export interface InferOptions {
  range?: MergeRange;
  solve?: SolveOptions;
  signal?: AbortSignal;
  /**
   * Called after the replay, before the solve: the caller may refuse (throw) when too few merges occur in the
   * samples, or tell the user that the samples support fewer merges than asked for (the solve can then be long).
   */
  onReplayed?: (replayed: { absentMerges: number; range: MergeRange; support: SampleSupport }) => void;
}

/** Checks the categories (at least two, distinct names, some text each) and runs replay + solver. */
export function inferMixture(tokenizer: MixtureTokenizer, categories: CategoryWords[], engine: LpEngine, options: InferOptions = {}): MixtureInference {
  checkCategories(categories);
  const range = options.range ?? mergeRange(tokenizer.mergeLeft.length);
  const merges = { left: tokenizer.mergeLeft, right: tokenizer.mergeRight, result: tokenizer.mergeResult };

  // 1. Replay the merges over each category's words (the symbols are the tokenizer's base tokens).
  const started = performance.now();
  const info: InferredCategory[] = [];
  const trajectories = categories.map(({ name, words }) => {
    const { table, missing } = tokenizerWordTable(words, tokenizer);
    const tr = replayMerges(table, merges, { maxMerges: range.end, bytes: words.bytes, signal: options.signal });
    if (tr.totalPairs === 0) {
      throw new InputError(`category "${name}" has no pair of symbols to merge: its ${words.bytes} bytes hold no word longer than one symbol` +
        (missing.occurrences > 0 ? ` the tokenizer knows (${missing.occurrences} characters have no token)` : ''));
    }
    info.push({ name, bytes: words.bytes, pairs: tr.totalPairs, distinctWords: tr.distinctWords, missing });
    return tr;
  });
  const replaySeconds = (performance.now() - started) / 1000;
  const pooled = pooledApplications(trajectories, range);
  const absentMerges = pooled.reduce((absent, x) => absent + (x > 0 ? 0 : 1), 0);
  if (absentMerges === range.end - range.start) {
    throw new InputError(`none of merges ${range.start}..${range.end} occurs in any sample: the samples share nothing with what the ` +
      'tokenizer was trained on here (another script or language, or a pre-tokenizer that does not match), so they cannot be weighed');
  }
  const support = sampleSupport(pooled);
  options.onReplayed?.({ absentMerges, range, support });

  // 2. One pair space over the range, then the lazy LP.
  const data = prepareMixture(trajectories, merges, range.start, range.end);
  const solution = solveMixture(data, engine, { signal: options.signal, ...options.solve });
  return { categories: info, range, solution, trajectories, absentMerges, support, replaySeconds };
}

function checkCategories(categories: CategoryWords[]): void {
  if (categories.length < 2) {
    throw new InputError(`mixture inference compares at least two categories, got ${categories.length}: add the other candidates of the training data`);
  }
  const names = new Set<string>();
  for (const { name, words } of categories) {
    if (names.has(name)) throw new InputError(`the category name "${name}" is given twice: give each category once, with all its files`);
    names.add(name);
    if (words.bytes === 0 || words.words.length === 0) throw new InputError(`category "${name}" has no text: its files are empty`);
  }
}
