// The experiment mode's state (the lecture demo): choose bundled categories and their true weights, train a
// tokenizer on that mixture of their train parts, attack it with their sample parts and score the estimate and the
// baselines against the truth. Each step runs in workers (core/experiment.ts); every await races a cancel.
// Example: en, fr, python, random weights with seed 29, 600 kB of training text, 500 merges, 300 kB samples ->
//          truth [0.305, 0.210, 0.485], estimate [0.313, 0.208, 0.480], log10 MSE -4.50 beside the baselines' -1.7 .. -2.0.

import * as Comlink from 'comlink';
import type { CorpusCategory } from '../core/corpora-manifest.ts';
import {
  BASELINES, experimentBaselines, MAX_SEED, normaliseWeights, planTrainingBudgets, scoreExperiment, trueShares, type BaselineName,
} from '../core/experiment.ts';
import type { MixtureTokenizer } from '../core/infer-mixture.ts';
import { engineFailureNote, formatGap, gapStopNote } from '../core/mixture-result.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from '../core/presets.ts';
import { randomShares } from '../core/baselines.ts';
import type { SolveProgress } from '../core/solve-mixture.ts';
import type { ExperimentAttack, ExperimentCount, ExperimentWorkerApi, SolverResult, SolverWorkerApi } from '../../../workers/worker-types.ts';
import { call, spawnExperimentWorker, spawnSolverWorker, WorkerPool, type Spawned } from './workers.ts';
import { STOP_GAP_RANGE, stopGapTolerance } from './run-settings.ts';

const BASE = import.meta.env.BASE_URL;

/** The demo's defaults: small enough to finish in seconds on two cores, large enough to beat every baseline. */
export const EXPERIMENT_DEFAULTS = {
  categories: ['en', 'fr', 'python'],
  // A demo whose first chart has three clear bars: seed 1 gave French 0.2% (an empty bar); 29 gives 30.5%, 21.0% and
  // 48.5%, recovered within a point (mergeprint experiment --categories en,fr,python --weights random --seed 29
  // --train-bytes 600000 --merges 500 --sample-bytes 300000).
  seed: 29,
  trainBytes: 600_000,
  merges: 500,
  sampleBytes: 300_000,
  pretokenizer: 'gpt2' as PresetName,
};

export type StageId = 'read' | 'train' | 'attack' | 'solve';
export const STAGES: { id: StageId; label: string }[] = [
  { id: 'read', label: 'Reading the text' },
  { id: 'train', label: 'Training merges' },
  { id: 'attack', label: 'Replaying samples' },
  { id: 'solve', label: 'Solver rounds' },
];

export interface StageStatus {
  /** 'skipped': a stage after one that was cancelled or failed, which will not run. */
  state: 'waiting' | 'running' | 'done' | 'cancelled' | 'error' | 'skipped';
  /** 0..1, or null while the stage has no measurable progress (the solver). */
  fraction: number | null;
  detail: string;
}

export interface ExperimentRow {
  id: string;
  name: string;
  /** The byte share of the training text actually built (each part ends at a whole line), and the estimate. */
  truth: number;
  estimate: number;
  baselines: Record<BaselineName, number>;
  trainBytes: number;
  sampleBytes: number;
}

export interface ExperimentOutcome {
  rows: ExperimentRow[];
  error: Record<'ours' | BaselineName, number>;
  /** Merges trained (fewer than asked if the text ran out of pairs). */
  merges: number;
  weights: string;
  pretokenizer: string;
  engine: string;
  engineNote: string | null;
  /** Set when the solver stopped at the gap asked for (gapStopNote): the estimate is not the exact LP's. */
  stopNote: string | null;
  rounds: number;
  constraints: number;
  seconds: Record<StageId | 'total', number>;
}

const waiting = (): StageStatus => ({ state: 'waiting', fraction: 0, detail: '' });
const kB = (bytes: number) => `${Math.round(bytes / 1e3).toLocaleString('en')} kB`;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

export class ExperimentController {
  /** The bundled categories (the corpora manifest), given by the page. */
  catalog: CorpusCategory[] = $state.raw([]);
  chosen: string[] = $state([...EXPERIMENT_DEFAULTS.categories]);
  mode: 'random' | 'manual' = $state('random');
  seed = $state(EXPERIMENT_DEFAULTS.seed);
  /** Slider positions 0..100 per category id (hand-set weights; they are renormalised). */
  sliders: Record<string, number> = $state({});
  trainKb = $state(EXPERIMENT_DEFAULTS.trainBytes / 1000);
  merges = $state(EXPERIMENT_DEFAULTS.merges);
  sampleKb = $state(EXPERIMENT_DEFAULTS.sampleBytes / 1000);
  pretokenizer: PresetName = $state(EXPERIMENT_DEFAULTS.pretokenizer);
  /** Stop the solver once its best fit has a proven gap of at most this many percent (0: solve exactly). */
  stopGapPercent = $state<number | null>(0);

  running = $state(false);
  stages: Record<StageId, StageStatus> = $state(Object.fromEntries(STAGES.map((s) => [s.id, waiting()])) as Record<StageId, StageStatus>);
  /** Each category's line under the read and attack stages. */
  categoryStatus: Record<string, string> = $state({});
  error: string | null = $state(null);
  result: ExperimentOutcome | null = $state.raw(null);
  /** The settings the result was computed with (settingsKey), to say when the setup has moved on since. */
  private resultKey = $state('');

  /** Everything a run depends on, comparable as a string. */
  get settingsKey(): string {
    return JSON.stringify({
      chosen: this.chosen, mode: this.mode, seed: this.mode === 'random' ? this.seed : null, sliders: this.mode === 'manual' ? this.sliders : null,
      trainKb: this.trainKb, merges: this.merges, sampleKb: this.sampleKb, pretokenizer: this.pretokenizer, stopGap: this.stopGapPercent,
    });
  }

  /** True when the result shown was computed with other settings than the setup now shows (Another draw, say). */
  get resultIsEarlier(): boolean {
    return this.result !== null && !this.running && this.resultKey !== this.settingsKey;
  }

  /** The chosen categories in the manifest's order (so a seed draws the same weights as the CLI's list in that order). */
  categories = $derived(this.catalog.filter((c) => this.chosen.includes(c.id)));

  /** The weights the run would use, or why there are none. */
  weights = $derived.by((): { values: Float64Array | null; problem: string | null } => {
    const n = this.categories.length;
    if (n < 2) return { values: null, problem: 'Choose at least two categories.' };
    if (this.mode === 'random') {
      if (!Number.isSafeInteger(this.seed) || this.seed < 0 || this.seed > MAX_SEED) {
        return { values: null, problem: `The seed must be a whole number from 0 to ${MAX_SEED.toLocaleString('en')}.` };
      }
      return { values: randomShares(n, this.seed), problem: null };
    }
    try {
      return { values: normaliseWeights(this.categories.map((c) => this.sliders[c.id] ?? 50)), problem: null };
    } catch (e) {
      return { values: null, problem: `${message(e)}.` };
    }
  });

  private stop: (() => void) | null = null;
  /** Incremented by each run: late progress messages of an earlier run are ignored. */
  private generation = 0;

  toggle(id: string, on: boolean): void {
    this.chosen = on ? [...new Set([...this.chosen, id])] : this.chosen.filter((x) => x !== id);
  }

  /** Switching to hand-set weights starts from the weights shown (the random draw), so nothing jumps. */
  setMode(mode: 'random' | 'manual'): void {
    if (mode === 'manual' && this.mode === 'random' && this.weights.values) {
      const w = this.weights.values;
      this.sliders = Object.fromEntries(this.categories.map((c, i) => [c.id, Math.round(w[i] * 100)]));
    }
    this.mode = mode;
  }

  get canRun(): boolean {
    return !this.running && this.weights.values !== null;
  }

  /**
   * Set when a run was refused for its sizes: from then on settingsError follows the inputs, so the message goes as
   * soon as they are fixed instead of standing beside a valid value.
   */
  private settingsTried = $state(false);

  /** Why the sizes were refused, kept up to date with the inputs since (null once they are fine). */
  get settingsError(): string | null {
    if (!this.settingsTried) return null;
    try {
      this.plan();
      return null;
    } catch (e) {
      return message(e);
    }
  }

  /** The checked settings and each category's share of the training text; throws a message saying what to fix. */
  private plan(): { trainBytes: number; merges: number; sampleBytes: number; gapTolerance: number; budgets: number[] } {
    const weights = this.weights.values;
    if (!weights) throw new Error(this.weights.problem ?? 'Choose the weights.');
    const cats = this.categories;
    const settings = this.settings();
    // Amounts in kB, as the field takes them (floored to 0.1 kB, so the largest total that fits does fit).
    const units = { format: (b: number) => `${(Math.floor(b / 100) / 10).toLocaleString('en')} kB`, setting: 'the training text' };
    return { ...settings, budgets: planTrainingBudgets(cats.map((c) => c.name), weights, settings.trainBytes, cats.map((c) => c.parts.train.bytes), units) };
  }

  /** The settings as checked numbers, or an error message saying which one to fix. */
  private settings(): { trainBytes: number; merges: number; sampleBytes: number; gapTolerance: number } {
    const check = (value: number, min: number, max: number, what: string) => {
      if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${what} must be a number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.`);
      return value;
    };
    const gapTolerance = stopGapTolerance(this.stopGapPercent);
    if (gapTolerance === null) throw new Error(STOP_GAP_RANGE);
    return {
      trainBytes: Math.round(check(this.trainKb, 10, 10_000, 'The training text (kB)') * 1000),
      merges: Math.round(check(this.merges, 10, 5000, 'The number of merges')),
      sampleBytes: Math.round(check(this.sampleKb, 10, 1400, 'The sample of each category (kB)') * 1000),
      gapTolerance,
    };
  }

  async run(): Promise<void> {
    const weights = this.weights.values;
    if (!this.canRun || !weights) return;
    const cats = this.categories;
    let plan: RunPlan;
    try {
      plan = { ...this.plan(), cats, seed: this.seed >>> 0, pretokenizer: this.pretokenizer, weights: this.mode === 'random' ? `random, seed ${this.seed}` : 'set by hand' };
    } catch {
      // Refused settings start nothing; the message stays beside them until they are fixed (settingsError).
      this.settingsTried = true;
      return;
    }
    this.settingsTried = false;
    const key = this.settingsKey;
    const generation = ++this.generation;
    let cancelRun!: () => void;
    const cancelled = new Promise<never>((_, reject) => { cancelRun = () => reject(new DOMException('cancelled', 'AbortError')); });
    cancelled.catch(() => {});
    const workers = Math.max(1, Math.min(cats.length, navigator.hardwareConcurrency || 2));
    const job: Job = {
      pool: new WorkerPool(spawnExperimentWorker, workers), workers, solver: null,
      live: () => generation === this.generation && this.running,
      race: (p) => Promise.race([cancelled, p]),
    };
    this.stop = () => { cancelRun(); job.pool.terminate(); job.solver?.terminate(); };
    this.running = true;
    this.error = null;
    this.result = null;
    this.stages = Object.fromEntries(STAGES.map((s) => [s.id, waiting()])) as Record<StageId, StageStatus>;
    this.categoryStatus = {};
    const seconds = { read: 0, train: 0, attack: 0, solve: 0, total: 0 };
    const started = performance.now();
    let stage: StageId = 'read';
    /** Runs one stage: marks it running, then done with its summary and time. */
    const step = async <T>(id: StageId, work: () => Promise<T>, summary: (out: T) => string): Promise<T> => {
      stage = id;
      const t0 = performance.now();
      this.stages[id] = { state: 'running', fraction: id === 'solve' ? null : 0, detail: '' };
      const out = await work();
      seconds[id] = (performance.now() - t0) / 1000;
      this.stages[id] = { state: 'done', fraction: 1, detail: `${summary(out)} (${seconds[id].toFixed(1)} s)` };
      return out;
    };
    try {
      // 1. Each category's training text (its weight's share of the total) and its sample, one worker each.
      const counts = await step('read', () => this.readAll(job, plan), (c) => `${kB(c.reduce((a, x) => a + x.train.bytes, 0))} of training text, ${cats.length} samples of ${kB(plan.sampleBytes)}`);
      // 2. Train one tokenizer on the whole mixture.
      const tok = await step('train', () => this.train(job, plan, counts), (t) => {
        const made = t.mergeLeft.length;
        return `${made.toLocaleString('en')} merges${made < plan.merges ? ` (the text ran out of pairs before ${plan.merges.toLocaleString('en')})` : ''}`;
      });
      // 3. Replay the merges over each sample (and train on it alone, for TEE), one worker each.
      const attacks = await step('attack', () => this.attackAll(job, plan, tok, counts), () => `${cats.length} samples`);
      job.pool.terminate();
      // 4. Solve the LP in the solver worker.
      const out = await step('solve', () => this.solve(job, plan, tok, attacks), (o) => `${o.solution.rounds} rounds, ${o.solution.constraints.toLocaleString('en')} constraints`);
      // 5. Baselines and scores (milliseconds: sums over the trajectories).
      seconds.total = (performance.now() - started) / 1000;
      this.result = outcome(plan, counts, tok, attacks, out, seconds);
      this.resultKey = key;
    } catch (e) {
      if (generation !== this.generation) return;
      if (isAbort(e)) this.stages[stage] = { ...this.stages[stage], state: 'cancelled' };
      else { this.stages[stage] = { ...this.stages[stage], state: 'error' }; this.error = message(e); }
      // The stages after it will not run, and no category is still being worked on.
      for (const s of STAGES.slice(STAGES.findIndex((x) => x.id === stage) + 1)) this.stages[s.id] = { state: 'skipped', fraction: 0, detail: '' };
      const ended = isAbort(e) ? 'cancelled' : 'stopped';
      for (const c of plan.cats) if (!this.categoryDone.has(c.id)) this.categoryStatus[c.id] = ended;
    } finally {
      job.pool.terminate();
      job.solver?.terminate();
      if (generation === this.generation) { this.stop = null; this.running = false; }
    }
  }

  private readAll(job: Job, plan: RunPlan): Promise<ExperimentCount[]> {
    const specs = PRESET_PRETOKENIZERS[plan.pretokenizer];
    const pipeline = { normalizer: specs.normalizer, preTokenizer: specs.preTokenizer };
    const want = plan.budgets.reduce((a, b) => a + b, 0) + plan.sampleBytes * plan.cats.length;
    const read = new Float64Array(plan.cats.length * 2);
    const finished = new Uint8Array(plan.cats.length);
    this.waitForWorkers(plan);
    return job.race(Promise.all(plan.cats.map(async (c, i) => {
      const urls = { train: this.partUrl(c, 'train'), sample: this.partUrl(c, 'sample') };
      const counted = await job.pool.run((api) => api.count(urls, { train: plan.budgets[i], sample: plan.sampleBytes }, pipeline, Comlink.proxy((p) => {
        if (!job.live() || finished[i]) return;
        // A stream's chunks can be far larger than the budget: what counts is the text used, at most the budget.
        const bytes = Math.min(p.bytes, p.part === 'train' ? plan.budgets[i] : plan.sampleBytes);
        read[i * 2 + (p.part === 'train' ? 0 : 1)] = bytes;
        const total = read.reduce((a, b) => a + b, 0);
        this.report('read', Math.min(1, total / want), `${kB(total)} of ${kB(want)}`);
        this.categoryStatus[c.id] = `${p.part === 'train' ? 'training text' : 'sample'}: ${kB(bytes)} read`;
      })));
      finished[i] = 1;
      this.categoryDone.add(c.id);
      this.categoryStatus[c.id] = `${kB(counted.train.bytes)} of training text, ${kB(counted.sample.bytes)} of sample`;
      return counted;
    })));
  }

  private train(job: Job, plan: RunPlan, counts: ExperimentCount[]): Promise<MixtureTokenizer> {
    return job.race(job.pool.run((api) => api.train(counts.map((c) => c.train), counts.map((c) => c.alphabet), plan.merges, Comlink.proxy((made) => {
      if (job.live()) this.report('train', made / plan.merges, `${made.toLocaleString('en')} of ${plan.merges.toLocaleString('en')} merges`);
    }))));
  }

  private attackAll(job: Job, plan: RunPlan, tok: MixtureTokenizer, counts: ExperimentCount[]): Promise<ExperimentAttack[]> {
    const done = new Float64Array(plan.cats.length);
    const finished = new Uint8Array(plan.cats.length);
    this.waitForWorkers(plan);
    return job.race(Promise.all(plan.cats.map(async (c, i) => {
      const attack = await job.pool.run((api) => api.attack(tok, c.name, counts[i].sample, Comlink.proxy((p) => {
        if (!job.live() || finished[i]) return;
        // The replay is most of a category's work; TEE's training on the sample alone the rest.
        done[i] = p.phase === 'replay' ? 0.8 * (p.merges / Math.max(1, p.total)) : 0.8;
        this.report('attack', done.reduce((a, b) => a + b, 0) / plan.cats.length, `${plan.cats.length} samples on ${job.workers} workers`);
        this.categoryStatus[c.id] = p.phase === 'replay' ? `replay: ${p.merges.toLocaleString('en')} of ${p.total.toLocaleString('en')} merges` : 'training on the sample alone (for TEE)';
      })));
      finished[i] = 1;
      this.categoryDone.add(c.id);
      this.categoryStatus[c.id] = `replayed in ${attack.seconds.replay.toFixed(1)} s, TEE in ${attack.seconds.tee.toFixed(1)} s`;
      return attack;
    })));
  }

  private solve(job: Job, plan: RunPlan, tok: MixtureTokenizer, attacks: ExperimentAttack[]): Promise<SolverResult> {
    const solver = (job.solver = spawnSolverWorker());
    const categories = plan.cats.map((c, i) => ({ name: c.name, trajectory: attacks[i].trajectory }));
    return job.race(call(solver, (api) => api.solve(categories, { left: tok.mergeLeft, right: tok.mergeRight }, tok.mergeLeft.length, Comlink.proxy((p: SolveProgress) => {
      if (!job.live()) return;
      const proven = p.round > 0 && p.gap < 1 ? `, gap ${formatGap(p.gap)}` : '';
      this.report('solve', null, `round ${p.round}, ${p.constraints.toLocaleString('en')} constraints, ${p.violations.toLocaleString('en')} violated${proven}`);
    }), 0, plan.gapTolerance)));
  }

  /**
   * A progress message moves a stage only while it runs: messages travel on their own channel and can arrive after
   * the stage's result or a cancel.
   */
  private report(id: StageId, fraction: number | null, detail: string): void {
    if (this.stages[id].state === 'running') this.stages[id] = { state: 'running', fraction, detail };
  }

  /** The categories whose work in the current stage is done (their line is final for it). */
  private categoryDone = new Set<string>();

  private waitForWorkers(plan: RunPlan): void {
    this.categoryDone.clear();
    for (const c of plan.cats) this.categoryStatus[c.id] = 'waiting for a worker';
  }

  private partUrl(c: CorpusCategory, part: 'train' | 'sample'): string {
    return new URL(`${BASE}corpora/${c.parts[part].file}`, location.href).href;
  }

  cancel(): void {
    this.stop?.();
  }
}

/** What one run was asked to do, fixed when it starts (the inputs may change while it runs). */
interface RunPlan {
  cats: CorpusCategory[];
  budgets: number[];
  trainBytes: number;
  merges: number;
  sampleBytes: number;
  /** 0: solve exactly. */
  gapTolerance: number;
  seed: number;
  pretokenizer: PresetName;
  weights: string;
}

/** One run's workers and its guards: `live` is false once the run is cancelled or replaced; `race` rejects on cancel. */
interface Job {
  pool: WorkerPool<ExperimentWorkerApi>;
  workers: number;
  solver: Spawned<SolverWorkerApi> | null;
  live: () => boolean;
  race: <T>(p: Promise<T>) => Promise<T>;
}

/** The truth, the baselines and the scores beside the solver's estimate (core does the arithmetic). */
function outcome(plan: RunPlan, counts: ExperimentCount[], tok: MixtureTokenizer, attacks: ExperimentAttack[], out: SolverResult, seconds: ExperimentOutcome['seconds']): ExperimentOutcome {
  const truth = trueShares(counts.map((c) => c.train.bytes));
  const baselines = experimentBaselines({ seed: plan.seed, tee: attacks.map((a) => a.tee), trajectories: attacks.map((a) => a.trajectory), tokenizer: tok });
  const estimate = out.solution.share;
  return {
    rows: plan.cats.map((c, i) => ({
      id: c.id, name: c.name, truth: truth[i], estimate: estimate[i],
      baselines: Object.fromEntries(BASELINES.map((b) => [b, baselines[b][i]])) as Record<BaselineName, number>,
      trainBytes: counts[i].train.bytes, sampleBytes: counts[i].sample.bytes,
    })),
    error: scoreExperiment(truth, estimate, baselines),
    merges: tok.mergeLeft.length,
    weights: plan.weights,
    pretokenizer: plan.pretokenizer,
    // HiGHS not loading, and the engine failing before the optimum (the estimate is then the best solution found).
    engine: out.solution.engine, engineNote: [out.engineNote, engineFailureNote(out.solution)].filter(Boolean).join(' ') || null,
    stopNote: gapStopNote(out.solution),
    rounds: out.solution.rounds, constraints: out.solution.constraints,
    seconds,
  };
}
