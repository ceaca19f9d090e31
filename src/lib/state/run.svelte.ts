// The inference run's state: which tokenizer, which categories, the settings, per-category and solver progress,
// the result and the errors (kept per category, so one failing category does not lose the others' work).
// Big immutable data (the tokenizer's merge columns, trajectories, the solution) is $state.raw.

import type { CategoryProgress, CategoryReplay, CategoryTokenizer } from '../core/category-run.ts';
import { withMerges } from '../core/category-run.ts';
import { categorySets, type CategorySet } from '../core/category-sets.ts';
import { parseCorporaManifest, type CorpusCategory } from '../core/corpora-manifest.ts';
import { roundPercents } from '../core/mixture-result.ts';
import { parsePresetIndex, type PresetEntry } from '../core/preset-index.ts';
import type { MixtureSolution, SolveProgress } from '../core/solve-mixture.ts';
import type { TokenizerSummary } from '../core/tokenizer-summary.ts';
import type { Trajectory } from '../core/types.ts';
import * as Comlink from 'comlink';
import type { CategorySource, CategoryWorkerApi, SolverWorkerApi, TokenizerWorkerApi } from '../../../workers/worker-types.ts';
import { call, spawnCategoryWorker, spawnSolverWorker, spawnTokenizerWorker, WorkerPool, type Spawned } from './workers.ts';

const BASE = import.meta.env.BASE_URL;

export interface UserCategory {
  id: string;
  name: string;
  files: File[];
  bytes: number;
}

export type TokenizerSource = { kind: 'preset'; url: string; entry: PresetEntry } | { kind: 'files'; files: File[] };

export interface CategoryStatus {
  phase: 'waiting' | 'read' | 'replay' | 'done' | 'error' | 'cancelled';
  /** 0..1 of the current phase. */
  fraction: number;
  detail: string;
}

export interface ResultRow {
  id: string;
  name: string;
  alpha: number;
  share: number;
  percent: number;
  bytes: number;
}

export interface RunResult {
  rows: ResultRow[];
  /** The solver's whole answer, for downloads. */
  solution: MixtureSolution;
  /** What reproduces the run: the tokenizer and each category's source and byte budget. */
  meta: Record<string, unknown>;
  /** The solver's slack per merge (absolute merge index, pairs per million) over merges start .. end-1. */
  slack: { merge: Int32Array; value: Float64Array };
  start: number;
  merges: number;
  engine: string;
  engineNote: string | null;
  rounds: number;
  constraints: number;
  seconds: number;
  /** The analysed merges (0 .. end-1) and each solved category's trajectory, for the merge explorer. */
  tokenizer: CategoryTokenizer;
  trajectories: { id: string; name: string; trajectory: Trajectory }[];
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A promise that rejects when cancel() is called: every await of a run races it, so a cancel ends the run at once. */
function cancellable(): { promise: Promise<never>; cancel: () => void } {
  let cancel!: () => void;
  const promise = new Promise<never>((_, reject) => { cancel = () => reject(new DOMException('cancelled', 'AbortError')); });
  promise.catch(() => {});
  return { promise, cancel };
}

export class RunController {
  presets: PresetEntry[] = $state.raw([]);
  bundled: CorpusCategory[] = $state.raw([]);
  sets: CategorySet[] = $state.raw([]);
  loadError: string | null = $state(null);

  presetId = $state('cl100k');
  tokenizer: { summary: TokenizerSummary; ct: CategoryTokenizer } | null = $state.raw(null);
  tokenizerLoading = $state(false);
  tokenizerError: string | null = $state(null);
  /** Where the loaded tokenizer came from, so another worker (the tokenization view's) can load the same one. */
  tokenizerSource: TokenizerSource | null = $state.raw(null);

  selected: string[] = $state([]);
  /** Raw: File objects must reach the workers unproxied (a $state proxy cannot be cloned). */
  userCategories: UserCategory[] = $state.raw([]);
  /** Bytes read at most from each category's sample. */
  budget = $state(300_000);
  /** Merges analysed (the first T of the list). */
  merges = $state(1000);

  running = $state(false);
  status: Record<string, CategoryStatus> = $state({});
  errors: Record<string, string> = $state({});
  solver: SolveProgress | null = $state(null);
  /** Every solver progress report of the current run, for the convergence chart. */
  solverHistory: SolveProgress[] = $state.raw([]);
  solverError: string | null = $state(null);
  result: RunResult | null = $state.raw(null);

  private stop: (() => void) | null = null;
  private tokenizerWorker: Spawned<TokenizerWorkerApi> | null = null;
  private userCount = 0;
  /** Replays of this page's session by (tokenizer load, category, budget, merges): a re-run reuses what did not change. */
  private cache = new Map<string, CategoryReplay>();
  private tokenizerVersion = 0;
  /** Incremented by each run: late messages of an earlier run are ignored. */
  private generation = 0;

  /** Fetches the presets' index and the corpora manifest, then loads the default preset. */
  async init(): Promise<void> {
    try {
      const [presets, manifest] = await Promise.all([
        fetch(`${BASE}presets/index.json`).then((r) => r.json()),
        fetch(`${BASE}corpora/manifest.json`).then((r) => r.json()),
      ]);
      this.presets = parsePresetIndex(presets);
      const m = parseCorporaManifest(manifest);
      this.bundled = m.categories;
      this.sets = categorySets(m);
      this.selected = ['en', 'fr', 'python'].filter((id) => m.categories.some((c) => c.id === id));
      await this.choosePreset(this.presetId);
    } catch (e) {
      this.loadError = `Could not load the bundled presets and corpora: ${message(e)}`;
    }
  }

  choosePreset(id: string): Promise<void> {
    this.presetId = id;
    const entry = this.presets.find((p) => p.id === id);
    if (!entry) return Promise.resolve();
    const url = new URL(`${BASE}presets/${entry.file}`, location.href).href;
    return this.loadTokenizer((api) => api.loadPreset(url, entry), { kind: 'preset', url, entry });
  }

  chooseFiles(files: File[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    this.presetId = '';
    return this.loadTokenizer((api) => api.loadFiles(files), { kind: 'files', files });
  }

  private async loadTokenizer(load: (api: Spawned<TokenizerWorkerApi>['api']) => Promise<{ summary: TokenizerSummary; categoryTokenizer: CategoryTokenizer }>, source: TokenizerSource): Promise<void> {
    this.tokenizerWorker?.terminate();
    const worker = (this.tokenizerWorker = spawnTokenizerWorker());
    this.tokenizerLoading = true;
    this.tokenizerError = null;
    try {
      const loaded = await call(worker, load);
      if (this.tokenizerWorker !== worker) return;
      this.tokenizer = { summary: loaded.summary, ct: loaded.categoryTokenizer };
      this.tokenizerSource = source;
      this.tokenizerVersion++;
      this.cache.clear();
      this.result = null;
    } catch (e) {
      if (this.tokenizerWorker === worker) { this.tokenizer = null; this.tokenizerSource = null; this.tokenizerError = message(e); }
    } finally {
      if (this.tokenizerWorker === worker) { worker.terminate(); this.tokenizerWorker = null; this.tokenizerLoading = false; }
    }
  }

  toggle(id: string, on: boolean): void {
    this.selected = on ? [...new Set([...this.selected, id])] : this.selected.filter((x) => x !== id);
  }

  selectSet(ids: string[]): void {
    this.selected = [...ids, ...this.userCategories.map((u) => u.id).filter((id) => this.selected.includes(id))];
  }

  addUserCategory(files: File[]): void {
    if (files.length === 0) return;
    const id = `user:${++this.userCount}`;
    const name = files.length === 1 ? files[0].name : `${files[0].name} + ${files.length - 1} more`;
    this.userCategories = [...this.userCategories, { id, name, files, bytes: files.reduce((a, f) => a + f.size, 0) }];
    this.selected = [...this.selected, id];
  }

  /** A new name (trimmed; an empty or taken name is refused and the old one kept). */
  renameUserCategory(id: string, name: string): boolean {
    const clean = name.trim();
    const taken = this.bundled.some((c) => c.name === clean) || this.userCategories.some((u) => u.id !== id && u.name === clean);
    if (clean === '' || taken) return false;
    this.userCategories = this.userCategories.map((u) => (u.id === id ? { ...u, name: clean } : u));
    return true;
  }

  removeUserCategory(id: string): void {
    this.userCategories = this.userCategories.filter((u) => u.id !== id);
    this.selected = this.selected.filter((x) => x !== id);
  }

  nameOf(id: string): string {
    return this.bundled.find((c) => c.id === id)?.name ?? this.userCategories.find((u) => u.id === id)?.name ?? id;
  }

  private sourceOf(id: string): CategorySource {
    const user = this.userCategories.find((u) => u.id === id);
    if (user) return { kind: 'files', files: user.files };
    const c = this.bundled.find((x) => x.id === id)!;
    return { kind: 'url', url: new URL(`${BASE}corpora/${c.parts.sample.file}`, location.href).href };
  }

  get canRun(): boolean {
    return !this.running && this.tokenizer !== null && this.selected.length >= 2;
  }

  /** Replays every selected category (one worker each, at most hardwareConcurrency at once), then solves. */
  async run(): Promise<void> {
    if (!this.canRun || !this.tokenizer) return;
    const ids = [...this.selected];
    const tok = withMerges(this.tokenizer.ct, this.merges);
    const end = tok.merges.left.length;
    const maxBytes = this.budget;
    const cancel = cancellable();
    const pool = new WorkerPool(spawnCategoryWorker, Math.max(1, Math.min(ids.length, navigator.hardwareConcurrency || 2)));
    let solver: Spawned<SolverWorkerApi> | null = null;
    this.stop = () => { cancel.cancel(); pool.terminate(); solver?.terminate(); };
    this.running = true;
    this.generation++;
    this.result = null;
    this.errors = {};
    this.solver = null;
    this.solverHistory = [];
    this.solverError = null;
    this.status = Object.fromEntries(ids.map((id) => [id, { phase: 'waiting', fraction: 0, detail: '' } satisfies CategoryStatus]));
    const started = performance.now();
    try {
      // 1. Replay each category in the pool; a failing category keeps its error and the others go on.
      const replays = await Promise.race([cancel.promise, Promise.all(ids.map((id) => this.replayOne(pool, id, tok, maxBytes)))]);
      pool.terminate();
      const ok = ids.flatMap((id, i) => (replays[i] ? [{ id, replay: replays[i]! }] : []));
      if (ok.length < 2) {
        this.solverError = `Only ${ok.length} categor${ok.length === 1 ? 'y' : 'ies'} could be read: the mixture needs at least two.`;
        return;
      }
      // 2. Solve in a fresh solver worker.
      solver = spawnSolverWorker();
      const merges = { left: tok.merges.left, right: tok.merges.right };
      const onSolve = (p: SolveProgress) => {
        if (!this.running) return;
        this.solver = p;
        this.solverHistory = [...this.solverHistory, p];
      };
      const out = await Promise.race([cancel.promise, call(solver, (api) => api.solve(ok.map(({ id, replay }) => ({ name: this.nameOf(id), trajectory: replay.trajectory })), merges, end, Comlink.proxy(onSolve)))]);
      const percents = roundPercents(out.solution.share, 1);
      this.result = {
        rows: ok.map(({ id, replay }, i) => ({ id, name: this.nameOf(id), alpha: out.solution.alpha[i], share: out.solution.share[i], percent: percents[i], bytes: replay.bytes })),
        solution: out.solution,
        meta: { tokenizer: tok.name, merges: end, maxBytesPerCategory: maxBytes, categories: ok.map(({ id }) => this.nameOf(id)) },
        slack: out.solution.mergeSlack,
        start: out.solution.settings.start,
        merges: end,
        engine: out.solution.engine,
        engineNote: out.engineNote,
        rounds: out.solution.rounds,
        constraints: out.solution.constraints,
        seconds: (performance.now() - started) / 1000,
        tokenizer: tok,
        trajectories: ok.map(({ id, replay }) => ({ id, name: this.nameOf(id), trajectory: replay.trajectory })),
      };
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) this.solverError = message(e);
    } finally {
      pool.terminate();
      solver?.terminate();
      this.stop = null;
      this.running = false;
    }
  }

  private async replayOne(pool: WorkerPool<CategoryWorkerApi>, id: string, tok: CategoryTokenizer, maxBytes: number): Promise<CategoryReplay | null> {
    const generation = this.generation;
    const onProgress = (p: CategoryProgress) => {
      if (generation !== this.generation) return;
      // Progress messages travel on their own channel and can arrive after the result or a cancel: they only
      // ever move a category that is still waiting, reading or replaying.
      const now = this.status[id]?.phase;
      if (now !== 'waiting' && now !== 'read' && now !== 'replay') return;
      this.status[id] = p.phase === 'read'
        ? { phase: 'read', fraction: Math.min(1, p.bytes / Math.min(p.budget, this.sizeOf(id))), detail: `${(p.bytes / 1e3).toFixed(0)} kB read` }
        : { phase: 'replay', fraction: p.merges / Math.max(1, p.total), detail: `${p.merges} / ${p.total} merges replayed, ${p.words} distinct words` };
    };
    const key = `${this.tokenizerVersion}|${id}|${maxBytes}|${tok.merges.left.length}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.status[id] = { phase: 'done', fraction: 1, detail: `${(cached.bytes / 1e3).toFixed(0)} kB, ${cached.distinctWords} distinct words (reused from the last run)` };
      return cached;
    }
    try {
      const replay = await pool.run((api) => api.replay(tok, this.sourceOf(id), maxBytes, Comlink.proxy(onProgress)));
      this.cache.set(key, replay);
      this.status[id] = { phase: 'done', fraction: 1, detail: `${(replay.bytes / 1e3).toFixed(0)} kB, ${replay.distinctWords} distinct words, ${replay.seconds.read.toFixed(1)} s + ${replay.seconds.replay.toFixed(1)} s` };
      return replay;
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      this.status[id] = { phase: 'error', fraction: 0, detail: 'see the message below' };
      this.errors[id] = message(e);
      return null;
    }
  }

  private sizeOf(id: string): number {
    return this.bundled.find((c) => c.id === id)?.parts.sample.bytes ?? this.userCategories.find((u) => u.id === id)?.bytes ?? Infinity;
  }

  cancel(): void {
    if (!this.stop) return;
    this.stop();
    for (const [id, st] of Object.entries(this.status)) {
      if (st.phase !== 'done' && st.phase !== 'error') this.status[id] = { phase: 'cancelled', fraction: st.fraction, detail: '' };
    }
  }
}
