// The messages between the page and its workers, typed once: what each worker exposes through comlink.
// Each call is one request; comlink numbers requests (its message ids), and cancelling terminates the worker.

import type { CategoryProgress, CategoryReplay, CategoryTokenizer } from '../src/lib/core/category-run.ts';
import type { MergePairs } from '../src/lib/core/mixture-data.ts';
import type { PresetEntry } from '../src/lib/core/preset-index.ts';
import type { MixtureSolution, SolveProgress } from '../src/lib/core/solve-mixture.ts';
import type { TokenizerSummary } from '../src/lib/core/tokenizer-summary.ts';
import type { TokenView } from '../src/lib/core/token-view.ts';
import type { NormalizerSpec, PreTokenizerSpec, Trajectory, WordCounts } from '../src/lib/core/types.ts';
import type { TeeCounts } from '../src/lib/core/experiment.ts';
import type { MixtureTokenizer } from '../src/lib/core/infer-mixture.ts';

/** A tokenizer's text pipeline as data (it crosses to workers): normaliser and pre-tokenizer specs. */
export interface PipelineSpecs {
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec | null;
}

export interface LoadedTokenizer {
  summary: TokenizerSummary;
  /** All merges; the page limits them to the analysed range before sending them to category workers. */
  categoryTokenizer: CategoryTokenizer;
}

export interface TokenizerWorkerApi {
  /** Fetches a preset's file (same origin) and parses it. */
  loadPreset(url: string, entry: PresetEntry): Promise<LoadedTokenizer>;
  /** Parses the user's tokenizer file(s): tokenizer.json, merges.txt (+ vocab.json) or a tiktoken file. */
  loadFiles(files: File[]): Promise<LoadedTokenizer>;
  /** A preset's repaired merge list as fingerprints only (mergeFingerprints), to compare another list with. */
  presetFingerprints(url: string, entry: PresetEntry): Promise<{ name: string; fingerprints: Int32Array }>;
}

/** A category's text: a bundled part fetched from the page's origin (gzip'd or not), or the user's files. */
export type CategorySource = { kind: 'url'; url: string } | { kind: 'files'; files: File[] };

export interface CategoryWorkerApi {
  replay(tok: CategoryTokenizer, source: CategorySource, maxBytes: number, onProgress: (p: CategoryProgress) => void): Promise<CategoryReplay>;
}

export interface SolverResult {
  solution: MixtureSolution;
  /** Set when HiGHS could not load and glpk.js solved instead. */
  engineNote: string | null;
}

export interface SolverWorkerApi {
  /** Solves over merges start .. end-1 (start 0 when absent); gapTolerance > 0 stops at a proven relative gap. */
  solve(categories: { name: string; trajectory: Trajectory }[], merges: MergePairs, end: number, onProgress: (p: SolveProgress) => void, start?: number, gapTolerance?: number): Promise<SolverResult>;
}

/** A category of the playground's experiment, counted: its training words, its sample's words and the sample's characters. */
export interface ExperimentCount {
  train: WordCounts;
  sample: WordCounts;
  /** sampleAlphabet(sample): what the trained vocabulary is extended with for the attack. */
  alphabet: string[];
}

export type ExperimentCountProgress = { part: 'train' | 'sample'; bytes: number };

export type ExperimentAttackProgress = { phase: 'replay'; merges: number; total: number } | { phase: 'tee' };

export interface ExperimentAttack {
  trajectory: Trajectory;
  tee: TeeCounts;
  seconds: { replay: number; tee: number };
}

/** The experiment's steps (core/experiment.ts), one call each; the page cancels by terminating the worker. */
export interface ExperimentWorkerApi {
  /** Counts the first trainBytes of a bundled train part and the first sampleBytes of its sample part. */
  count(urls: { train: string; sample: string }, budgets: { train: number; sample: number }, pipeline: PipelineSpecs, onProgress: (p: ExperimentCountProgress) => void): Promise<ExperimentCount>;
  /** Trains on the categories' training words together; returns the tokenizer the attack reads. */
  train(parts: WordCounts[], alphabets: string[][], merges: number, onProgress: (made: number) => void): Promise<MixtureTokenizer>;
  /** One category's replay of the trained merges and its TEE counts. */
  attack(tok: MixtureTokenizer, name: string, sample: WordCounts, onProgress: (p: ExperimentAttackProgress) => void): Promise<ExperimentAttack>;
}

/** Where the tokenization view's tokenizer comes from: the same source as the one loaded in the Infer tab. */
export type EncodeSource = { kind: 'preset'; url: string; entry: PresetEntry } | { kind: 'files'; files: File[] };

export interface EncodeWorkerApi {
  /** Fetches or reads the tokenizer and parses it once; later `view` calls use it. */
  load(source: EncodeSource): Promise<{ name: string; merges: number; level: 'byte' | 'char' }>;
  /** The display model of `text` (at most `limit` tokens shown; counts and ids of the whole text). */
  view(text: string, limit: number): Promise<TokenView>;
}
