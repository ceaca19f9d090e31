// The experiment mode's state (the lecture demo): choose bundled categories and their true weights, train a
// tokenizer on that mixture of their train parts, attack it with their sample parts and score the estimate and the
// baselines against the truth. Each step runs in workers (core/experiment.ts); every await races a cancel.
// Example: en, fr, python, random weights with seed 1, 600 kB of training text, 500 merges, 300 kB samples ->
//          truth [0.567, 0.001, 0.431], estimate close to it, log10 MSE about -3.3 beside the baselines' -0.8 .. -1.8.

import * as Comlink from 'comlink';
import type { CorpusCategory } from '../core/corpora-manifest.ts';
import {
  BASELINES, experimentBaselines, normaliseWeights, planTrainingBudgets, scoreExperiment, trueShares, type BaselineName,
} from '../core/experiment.ts';
import type { MixtureTokenizer } from '../core/infer-mixture.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from '../core/presets.ts';
import { randomShares } from '../core/baselines.ts';
import type { SolveProgress } from '../core/solve-mixture.ts';
import type { ExperimentAttack, ExperimentCount, ExperimentWorkerApi, SolverWorkerApi } from '../../../workers/worker-types.ts';
import { call, spawnExperimentWorker, spawnSolverWorker, WorkerPool, type Spawned } from './workers.ts';

const BASE = import.meta.env.BASE_URL;

/** The demo's defaults: small enough to finish in seconds on two cores, large enough to beat every baseline. */
export const EXPERIMENT_DEFAULTS = {
  categories: ['en', 'fr', 'python'],
  seed: 1,
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
  state: 'waiting' | 'running' | 'done' | 'cancelled' | 'error';
  /** 0..1, or null while the stage has no measurable progress (the solver). */
  fraction: number | null;
  detail: string;
}

export interface ExperimentRow {
  id: string;
  name: string;
  /** The weight asked for, the byte share of the training text actually built (lines are not cut), the estimate. */
  weight: number;
  truth: number;
  estimate: number;
  baselines: Record<BaselineName, number>;
  trainBytes: number;
  sampleBytes: number;
}

export interface ExperimentOutcome {
  rows: ExperimentRow[];
  error: Record<'ours' | BaselineName, number>;
  /** Merges trained (fewer than asked if the text ran out of pairs) and asked. */
  merges: number;
  mergesAsked: number;
  weights: string;
  pretokenizer: string;
  engine: string;
  engineNote: string | null;
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

  running = $state(false);
  stages: Record<StageId, StageStatus> = $state(Object.fromEntries(STAGES.map((s) => [s.id, waiting()])) as Record<StageId, StageStatus>);
  /** Each category's line under the read and attack stages. */
  categoryStatus: Record<string, string> = $state({});
  solver: SolveProgress | null = $state(null);
  error: string | null = $state(null);
  result: ExperimentOutcome | null = $state.raw(null);

  /** The chosen categories in the manifest's order (so a seed draws the same weights as the CLI's list in that order). */
  categories = $derived(this.catalog.filter((c) => this.chosen.includes(c.id)));

  /** The weights the run would use, or why there are none. */
  weights = $derived.by((): { values: Float64Array | null; problem: string | null } => {
    const n = this.categories.length;
    if (n < 2) return { values: null, problem: 'Choose at least two categories.' };
    if (this.mode === 'random') {
      if (!Number.isSafeInteger(this.seed) || this.seed < 0) return { values: null, problem: 'The seed must be a whole number, 0 or more.' };
      return { values: randomShares(n, this.seed >>> 0), problem: null };
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

  /** The settings as checked numbers, or an error message saying which one to fix. */
  private settings(): { trainBytes: number; merges: number; sampleBytes: number } {
    const check = (value: number, min: number, max: number, what: string) => {
      if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${what} must be a number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.`);
      return value;
    };
    return {
      trainBytes: Math.round(check(this.trainKb, 10, 10_000, 'The training text (kB)') * 1000),
      merges: Math.round(check(this.merges, 10, 5000, 'The number of merges')),
      sampleBytes: Math.round(check(this.sampleKb, 10, 1400, 'The sample of each category (kB)') * 1000),
    };
  }

  async run(): Promise<void> {
    const weights = this.weights.values;
    if (!this.canRun || !weights) return;
    const cats = this.categories, names = cats.map((c) => c.name);
    let plan: { trainBytes: number; merges: number; sampleBytes: number }, budgets: number[];
    try {
      plan = this.settings();
      budgets = planTrainingBudgets(names, weights, plan.trainBytes, cats.map((c) => c.parts.train.bytes));
    } catch (e) {
      this.error = message(e);
      return;
    }
    const generation = ++this.generation;
    const live = () => generation === this.generation && this.running;
    let cancelRun!: () => void;
    const cancelled = new Promise<never>((_, reject) => { cancelRun = () => reject(new DOMException('cancelled', 'AbortError')); });
    cancelled.catch(() => {});
    const workers = Math.max(1, Math.min(cats.length, navigator.hardwareConcurrency || 2));
    const pool = new WorkerPool(spawnExperimentWorker, workers);
    let solver: Spawned<SolverWorkerApi> | null = null;
    this.stop = () => { cancelRun(); pool.terminate(); solver?.terminate(); };
    this.running = true;
    this.error = null;
    this.result = null;
    this.solver = null;
    this.stages = Object.fromEntries(STAGES.map((s) => [s.id, waiting()])) as Record<StageId, StageStatus>;
    this.categoryStatus = {};
    const seconds = { read: 0, train: 0, attack: 0, solve: 0, total: 0 };
    const started = performance.now();
    let stage: StageId = 'read', stageStart = started;
    const begin = (id: StageId) => {
      stage = id;
      stageStart = performance.now();
      this.stages[id] = { state: 'running', fraction: 0, detail: '' };
      if (id === 'read' || id === 'attack') for (const c of cats) this.categoryStatus[c.id] = 'waiting for a worker';
    };
    const finish = (detail: string) => { seconds[stage] = (performance.now() - stageStart) / 1000; this.stages[stage] = { state: 'done', fraction: 1, detail: `${detail} (${seconds[stage].toFixed(1)} s)` }; };
    const race = <T>(p: Promise<T>) => Promise.race([cancelled, p]);
    try {
      // 1. Each category's training text (its weight's share of the total) and its sample, one worker each.
      begin('read');
      const specs = PRESET_PRETOKENIZERS[this.pretokenizer];
      const pipeline = { normalizer: specs.normalizer, preTokenizer: specs.preTokenizer };
      const want = budgets.reduce((a, b) => a + b, 0) + plan.sampleBytes * cats.length;
      const read = new Float64Array(cats.length * 2);
      const counts: ExperimentCount[] = await race(Promise.all(cats.map((c, i) => pool.run((api) => api.count(
        { train: this.partUrl(c, 'train'), sample: this.partUrl(c, 'sample') },
        { train: budgets[i], sample: plan.sampleBytes },
        pipeline,
        Comlink.proxy((p) => {
          if (!live()) return;
          read[i * 2 + (p.part === 'train' ? 0 : 1)] = p.bytes;
          this.stages.read = { state: 'running', fraction: Math.min(1, read.reduce((a, b) => a + b, 0) / want), detail: `${kB(read.reduce((a, b) => a + b, 0))} of ${kB(want)}` };
          this.categoryStatus[c.id] = `${p.part === 'train' ? 'training text' : 'sample'}: ${kB(p.bytes)} read`;
        }),
      )))));
      cats.forEach((c, i) => { this.categoryStatus[c.id] = `${kB(counts[i].train.bytes)} of training text, ${kB(counts[i].sample.bytes)} of sample`; });
      finish(`${kB(counts.reduce((a, c) => a + c.train.bytes, 0))} of training text, ${cats.length} samples of ${kB(plan.sampleBytes)}`);

      // 2. Train one tokenizer on the whole mixture.
      begin('train');
      const tok: MixtureTokenizer = await race(pool.run((api) => api.train(counts.map((c) => c.train), counts.map((c) => c.alphabet), plan.merges, Comlink.proxy((made) => {
        if (live()) this.stages.train = { state: 'running', fraction: made / plan.merges, detail: `${made} of ${plan.merges} merges` };
      }))));
      const made = tok.mergeLeft.length;
      finish(`${made} merges${made < plan.merges ? ` (the text ran out of pairs before ${plan.merges})` : ''}`);

      // 3. Replay the merges over each sample (and train on it alone, for TEE), one worker each.
      begin('attack');
      const done = new Float64Array(cats.length);
      const attacks: ExperimentAttack[] = await race(Promise.all(cats.map((c, i) => pool.run((api) => api.attack(tok, c.name, counts[i].sample, Comlink.proxy((p) => {
        if (!live()) return;
        done[i] = p.phase === 'replay' ? 0.8 * (p.merges / Math.max(1, p.total)) : 0.8;
        this.stages.attack = { state: 'running', fraction: done.reduce((a, b) => a + b, 0) / cats.length, detail: `${cats.length} samples on ${workers} workers` };
        this.categoryStatus[c.id] = p.phase === 'replay' ? `replay: ${p.merges} of ${p.total} merges` : 'training on the sample alone (for TEE)';
      }))))));
      pool.terminate();
      cats.forEach((c, i) => { this.categoryStatus[c.id] = `replayed in ${attacks[i].seconds.replay.toFixed(1)} s, TEE in ${attacks[i].seconds.tee.toFixed(1)} s`; });
      finish(`${cats.length} samples`);

      // 4. Solve the LP in the solver worker.
      begin('solve');
      this.stages.solve.fraction = null;
      solver = spawnSolverWorker();
      const trajectories = attacks.map((a) => a.trajectory);
      const out = await race(call(solver, (api) => api.solve(names.map((name, i) => ({ name, trajectory: trajectories[i] })), { left: tok.mergeLeft, right: tok.mergeRight }, made,
        Comlink.proxy((p: SolveProgress) => {
          if (!live()) return;
          this.solver = p;
          this.stages.solve = { state: 'running', fraction: null, detail: `round ${p.round}, ${p.constraints.toLocaleString('en')} constraints, ${p.violations.toLocaleString('en')} violated` };
        }))));
      solver.terminate();
      finish(`${out.solution.rounds} rounds, ${out.solution.constraints.toLocaleString('en')} constraints`);

      // 5. Baselines and scores (milliseconds: sums over the trajectories).
      const truth = trueShares(counts.map((c) => c.train.bytes));
      const baselines = experimentBaselines({ seed: this.seed >>> 0, tee: attacks.map((a) => a.tee), trajectories, tokenizer: tok });
      const estimate = out.solution.share;
      seconds.total = (performance.now() - started) / 1000;
      this.result = {
        rows: cats.map((c, i) => ({
          id: c.id, name: c.name, weight: weights[i], truth: truth[i], estimate: estimate[i],
          baselines: Object.fromEntries(BASELINES.map((b) => [b, baselines[b][i]])) as Record<BaselineName, number>,
          trainBytes: counts[i].train.bytes, sampleBytes: counts[i].sample.bytes,
        })),
        error: scoreExperiment(truth, estimate, baselines),
        merges: made, mergesAsked: plan.merges,
        weights: this.mode === 'random' ? `random, seed ${this.seed}` : 'set by hand',
        pretokenizer: this.pretokenizer,
        engine: out.solution.engine, engineNote: out.engineNote, rounds: out.solution.rounds, constraints: out.solution.constraints,
        seconds,
      };
    } catch (e) {
      if (generation !== this.generation) return;
      if (isAbort(e)) this.stages[stage] = { ...this.stages[stage], state: 'cancelled' };
      else { this.stages[stage] = { ...this.stages[stage], state: 'error' }; this.error = message(e); }
    } finally {
      pool.terminate();
      solver?.terminate();
      if (generation === this.generation) { this.stop = null; this.running = false; }
    }
  }

  private partUrl(c: CorpusCategory, part: 'train' | 'sample'): string {
    return new URL(`${BASE}corpora/${c.parts[part].file}`, location.href).href;
  }

  cancel(): void {
    this.stop?.();
  }
}
