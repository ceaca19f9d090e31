// The whole attack on counted words: map each category's words into the tokenizer's symbols, replay the merge list
// over them, lay the trajectories side by side for the analysed merge range and solve LP1 (DESIGN §1). The CLI and
// the experiments call this; the page runs the same steps in its workers and makes the same checks with the helpers
// here (no merge in any sample: refused; many absent: a warning).
// Example: categories en, fr (word counts of their samples), a tokenizer trained on 3 parts en to 1 part fr,
//          range 0..3000 -> share ≈ [0.75, 0.25], with the solver's rounds, constraints and timings.

import { InputError } from './errors.ts';
import type { LpEngine } from './mixture-lp.ts';
import { prepareMixture } from './mixture-data.ts';
import { replayMerges } from './replay.ts';
import { pooledApplications, sampleSupport, type SampleSupport } from './sample-support.ts';
import { solveMixture, type MixtureSolution, type SolveOptions } from './solve-mixture.ts';
import type { Tokenizer, Trajectory, WordCounts, WordTable } from './types.ts';
import { noPairsToMerge, tokenizerWordTable, type MissingChars } from './word-table.ts';
import { pairLeft, pairRight } from './pair-key.ts';
import { counted, mergesNamed } from './words.ts';

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
  if (total === 0) throw new InputError('the tokenizer has no merges');
  // A start past the list, with no end given: say so, rather than quote a backwards range the user never typed.
  if (wanted.end === undefined && Number.isSafeInteger(start) && start >= total) {
    throw new InputError(`merge ${start} is past the end of the tokenizer's ${total} merges (numbered from 0): start below ${total}`);
  }
  const end = wanted.end ?? Math.min(total, start + DEFAULT_MAX_MERGES);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
    throw new InputError(`merge range ${start}..${end} is empty or backwards: give A..B with 0 <= A < B`);
  }
  if (end > total) throw new InputError(`merge range ${start}..${end} goes past the ${total} merges of the tokenizer: end it at ${total} at most`);
  return { start, end };
}

/** What inference needs of a tokenizer; with its level, characters it has no token for are reported as bytes when they are. */
export type MixtureTokenizer = Pick<Tokenizer, 'tokenToId' | 'byteFallback' | 'mergeLeft' | 'mergeRight' | 'mergeResult'> & Partial<Pick<Tokenizer, 'level'>>;

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
  const tables: WordTable[] = []; // for the message when no merge occurs; dropped before the solve
  const trajectories = categories.map(({ name, words }) => {
    const { table, missing } = tokenizerWordTable(words, tokenizer);
    tables.push(table);
    const tr = replayMerges(table, merges, { maxMerges: range.end, bytes: words.bytes, signal: options.signal });
    if (tr.totalPairs === 0) {
      throw new InputError(`category "${name}" ${noPairsToMerge(words.bytes, missing)}`);
    }
    info.push({ name, bytes: words.bytes, pairs: tr.totalPairs, distinctWords: tr.distinctWords, missing });
    return tr;
  });
  const replaySeconds = (performance.now() - started) / 1000;
  const pooled = pooledApplications(trajectories, range);
  const absentMerges = pooled.reduce((absent, x) => absent + (x > 0 ? 0 : 1), 0);
  if (absentMerges === range.end - range.start) {
    const unseen = mergesFromUnseenSymbols(merges, range, tables);
    const outOfOrder = mergesUsingLaterTokens(merges, range);
    throw new InputError(noMergeOccursMessage(range, categories.reduce((bytes, c) => bytes + c.words.bytes, 0), unseen, CLI_WORDING, outOfOrder));
  }
  tables.length = 0;
  const support = sampleSupport(pooled);
  options.onReplayed?.({ absentMerges, range, support });

  // 2. One pair space over the range, then the lazy LP.
  const data = prepareMixture(trajectories, merges, range.start, range.end);
  const solution = solveMixture(data, engine, { signal: options.signal, ...options.solve });
  return { categories: info, range, solution, trajectories, absentMerges, support, replaySeconds };
}

/** From this merge on, a list's merges join pairs rare enough that small samples may hold none of them. */
export const LATE_MERGE = 1000;

/**
 * How many merges of `range` make a token out of a base symbol (a byte, a character) that occurs in no sample's
 * words: those merges cannot occur however much of that text is given. Merges refer to earlier merges' results, so
 * one pass in list order finds every token whose base symbols all occur. Example: samples over "a", "b"; merges
 * a+b -> ab, ab+c -> abc, a+a -> aa, range 0..3 -> 1 (abc: no sample holds "c").
 */
export function mergesFromUnseenSymbols(
  merges: { left: ArrayLike<number>; right: ArrayLike<number>; result: ArrayLike<number> },
  range: MergeRange,
  tables: readonly Pick<WordTable, 'symbols'>[],
): number {
  const buildable = new Set<number>();
  for (const t of tables) for (let i = 0; i < t.symbols.length; i++) buildable.add(t.symbols[i]);
  let unseen = 0;
  for (let m = 0; m < range.end; m++) {
    const ok = buildable.has(merges.left[m]) && buildable.has(merges.right[m]);
    if (ok) buildable.add(merges.result[m]);
    else if (m >= range.start && !buildable.has(merges.result[m])) unseen++;
  }
  return unseen;
}

/**
 * How many merges of `range` use a token that only a later merge of the list makes. In a list out of training order
 * (read without the repair: `--no-repair`) such merges can never fire, however much text is given.
 * Example: merges ab+c -> abc, a+b -> ab, range 0..2 -> 1 (the first uses "ab", made only by the second).
 */
export function mergesUsingLaterTokens(merges: { left: ArrayLike<number>; right: ArrayLike<number>; result: ArrayLike<number> }, range: MergeRange): number {
  const firstMade = new Map<number, number>();
  for (let m = merges.result.length - 1; m >= 0; m--) firstMade.set(merges.result[m], m);
  let late = 0;
  for (let m = range.start; m < range.end; m++) {
    const l = firstMade.get(merges.left[m]) ?? -1, r = firstMade.get(merges.right[m]) ?? -1;
    if (l > m || r > m) late++;
  }
  return late;
}

/** How noMergeOccursMessage names the range and a larger sample for its reader: the CLI's flags, or the page's fields. */
export interface NoMergeWording {
  merges: (range: MergeRange) => string;
  largerBudget: string;
}
export const CLI_WORDING: NoMergeWording = { merges: (r) => `merges ${r.start}..${r.end}`, largerBudget: 'a larger --max-bytes where it cut the samples' };
export const PAGE_WORDING: NoMergeWording = {
  merges: (r) => mergesNamed(r.start, r.end),
  largerBudget: 'a larger byte budget where it cut the samples, or your own files',
};

/** More than this share of the analysed merges in no sample is worth a warning (ABSENT_WARNING * 100 %). */
export const ABSENT_WARNING = 0.05;

/**
 * The warning when many analysed merges occur in no sample, else null. Example: (262, 1000) -> "262 of the 1,000
 * merges analysed occur in no sample: only slack explains them; is a category of the training data missing?"
 */
export function absentMergesNote(absent: number, analysed: number): string | null {
  if (!(absent > ABSENT_WARNING * analysed)) return null;
  return `${absent.toLocaleString('en-US')} of the ${counted(analysed, 'merge')} analysed occur in no sample: only slack explains them; ` +
    'is a category of the training data missing?';
}

/** The symbols a trajectory's words are made of, as far as they stand in a pair (for mergesFromUnseenSymbols). */
export function trajectorySymbols(tr: Pick<Trajectory, 'pairKeys' | 'stride'>): { symbols: Int32Array } {
  const seen = new Set<number>();
  for (let q = 0; q < tr.pairKeys.length; q++) { seen.add(pairLeft(tr.pairKeys[q], tr.stride)); seen.add(pairRight(tr.pairKeys[q], tr.stride)); }
  return { symbols: Int32Array.from(seen) };
}

/**
 * Why no merge of `range` occurs in samples of `sampleBytes` in all, `unseen` of the merges being made of symbols
 * no sample holds (mergesFromUnseenSymbols): what is known, the likely causes most likely first, and what to do.
 * Most merges from unseen symbols point to text in another script or language; otherwise late merges (from
 * LATE_MERGE on) join pairs rare in any text, so small samples come first; the first merges join the commonest pairs
 * of the training text, so there a pre-tokenizer that splits the text otherwise comes first.
 * Example: (49000..49200, 40 kB, 0 unseen) -> "none of merges 49000..49200 occurs in any sample (40 kB in all), so
 * they cannot be weighed; the samples hold every byte or character these merges are made of. Likely causes, most
 * likely first: the samples are too small for merges this far down the list (after the first 49,000) ..."
 */
export function noMergeOccursMessage(range: MergeRange, sampleBytes: number, unseen: number, wording: NoMergeWording = CLI_WORDING, outOfOrder = 0): string {
  const n = range.end - range.start;
  const fmt = (x: number) => x.toLocaleString('en-US');
  if (outOfOrder > 0) {
    // Not the samples' fault: the list as given is not in training order (only a list read without the repair is).
    return `none of ${wording.merges(range)} occurs in any sample (${formatBytes(sampleBytes)} in all): ` +
      `${outOfOrder === n ? 'each of these merges uses' : `${fmt(outOfOrder)} of these ${fmt(n)} merges use${outOfOrder === 1 ? 's' : ''}`} a token that only a later merge ` +
      `of the list makes, so the list is not in training order and ${outOfOrder === 1 ? 'that merge' : 'those merges'} can never fire, however much text is given. ` +
      'Analyse the repaired list, which puts the merges in training order (drop --no-repair).';
  }
  const known = `none of ${wording.merges(range)} occurs in any sample (${formatBytes(sampleBytes)} in all), so they cannot be weighed; ` +
    (unseen === 0 ? 'the samples hold every byte or character these merges are made of.'
      : `${unseen === n ? 'each of these merges makes' : `${fmt(unseen)} of these ${fmt(n)} merges make${unseen === 1 ? 's' : ''}`} a token from a ` +
        'byte or character that occurs in no sample.');
  const late = range.start >= LATE_MERGE;
  const small = late
    ? `the samples are too small for merges this far down the list (after the first ${fmt(range.start)}: merges that late join pairs rare in any text)`
    : 'the samples are too small';
  const script = 'the samples are in another script or language than the text these merges were learnt from';
  const split = 'the pre-tokenizer that split the samples is not the one the tokenizer was trained with';
  const moreText = `more text per category (${wording.largerBudget})`;
  let causes: string[], todo: string;
  if (2 * unseen >= n) {
    causes = [script, split, small];
    todo = `Add categories of the languages these merges were learnt from, or analyse another range of merges.`;
  } else if (late) {
    causes = [small, script, split];
    todo = `Give ${moreText}, or analyse an earlier range of merges.`;
  } else {
    causes = [split, script, small];
    todo = `Check that the tokenizer's pre-tokenizer is the one it was trained with, or give ${moreText}.`;
  }
  return `${known} Likely causes, most likely first: ${causes.join('; ')}. ${todo}`;
}

/** Example: 1_234_567 -> "1.2 MB"; 20_000 -> "20 kB"; 512 -> "512 bytes". */
function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} bytes`;
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
