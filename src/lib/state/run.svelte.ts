// The inference run's state: which tokenizer, which categories, the settings, per-category and solver progress,
// the result and the errors (kept per category, so one failing category does not lose the others' work).
// Big immutable data (the tokenizer's merge columns, trajectories, the solution) is $state.raw.

import type { CategoryProgress, CategoryReplay, CategoryTokenizer } from '../core/category-run.ts';
import { replayNotes, textSize, withMerges } from '../core/category-run.ts';
import { categorySets, type CategorySet } from '../core/category-sets.ts';
import { parseCorporaManifest, type CorpusCategory } from '../core/corpora-manifest.ts';
import { roundPercents } from '../core/mixture-result.ts';
import { leadingNote, pooledApplications, rareStartEnd, sampleSupport, suggestedMerges, supportNote } from '../core/sample-support.ts';
import { sameSamples, sameSamplesNote } from '../core/same-samples.ts';
import { parsePresetIndex, type PresetEntry } from '../core/preset-index.ts';
import type { MixtureSolution, SolveProgress } from '../core/solve-mixture.ts';
import type { TokenizerSummary } from '../core/tokenizer-summary.ts';
import type { Trajectory } from '../core/types.ts';
import * as Comlink from 'comlink';
import { bundledSourceId, filesSourceId, servingKey, tokenizerHash, trajectoryKey } from './cache-key.ts';
import { checkRunSettings } from './run-settings.ts';
import { cliCommand } from './cli-command.ts';
import { TrajectoryCache, type CacheStats } from './trajectory-cache.ts';
import { formatUrlSettings, parseUrlSettings, yoursNote, type UrlSettings, type View } from './url-settings.ts';
import { mergesNamed } from '../core/words.ts';
import { absentMergesNote, mergesFromUnseenSymbols, noMergeOccursMessage, PAGE_WORDING, trajectorySymbols } from '../core/infer-mixture.ts';
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
  /** The same run as a `mergeprint infer` command line (the user's own files as placeholders). */
  cli: string;
  /** Where the samples stop supporting the merges (absolute index; the slack chart shades from there), or null. */
  supportedEnd: number | null;
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

/**
 * The support note (core/sample-support.ts) with what to change on this page, or null when the samples support the
 * merges analysed. Two cases: the later merges are rare ("Only the first 1,200 of the 30,000 merges analysed occur
 * ... analyse about 1,200 merges ..."), or only the first ones are, as in a list that opens with merges added by hand
 * (Gemma 3's runs of whitespace: "the first 100 of the 500 merges analysed occur fewer than 20 times ... To leave
 * them out, analyse merges 100 to 499.", or 90 to 499 when the repair found a hand-added run of 90 merges). The suggested
 * range (absolute merges) is null when it would be all of them.
 */
function supportAdvice(trajectories: Trajectory[], start: number, end: number, handAddedEnd = 0): { text: string; supportedEnd: number | null; suggested: { start: number; end: number } | null } | null {
  const support = sampleSupport(pooledApplications(trajectories, { start, end }));
  const tail = supportNote(support);
  const note = tail ?? leadingNote(support);
  if (!note) return null;
  // Where a rare start ends: at the hand-added run the repair found when it explains it (Gemma 3: 90, not 100), as
  // `infer` advises too.
  const from = start + (rareStartEnd(support, start, handAddedEnd)?.end ?? 0);
  // With no supported block at all, fewer merges would be as rare: no range is offered, only more text or a gap.
  const to = start + (tail && support.supported > 0 ? suggestedMerges(support) : support.analysed);
  const suggested = from > start || to < end ? { start: from, end: to } : null;
  const range = from > start ? mergesNamed(from, to) : `about ${(to - start).toLocaleString('en')} merges`;
  const advice = tail
    ? `For a faster run, ${suggested ? `analyse ${range}, ` : ''}give each category more text (the byte budget, or your own files), or stop at a gap of a few %.`
    : `To leave them out, analyse ${range}.`;
  return { text: `${note[0].toUpperCase()}${note.slice(1)} ${advice}`, supportedEnd: tail ? start + support.supported : null, suggested };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A category worker's failure in words: a dead worker or a failed allocation is most likely memory. */
function categoryFailure(e: unknown): string {
  const m = message(e);
  const memory = e instanceof RangeError || /allocation failed|out of memory|the worker stopped/i.test(m);
  return memory ? `${m}. The worker probably ran out of memory: try a smaller byte budget or fewer merges.` : m;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

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
  /** Merges analysed: rangeStart .. merges-1 of the list (0-based), the first T when rangeStart is 0. */
  merges = $state(1000);
  rangeStart = $state(0);
  /** Stop the solver once its best fit has a proven gap of at most this many percent (0: solve exactly). */
  stopGapPercent = $state<number | null>(0);
  /** What the URL asked for and could not be used. */
  /** The page's tab: kept in the address, so a reload or a link opens on it. */
  view: View = $state('infer');
  urlProblems: string[] = $state.raw([]);
  /** The address (urlHash) the link's settings gave, for shownUrlProblems. */
  private urlProblemsFor = $state('');
  /** What the URL's run had of the user's own (their files, which a link or a reload cannot bring back). */
  private urlYoursAsked: UrlSettings['yours'] = $state.raw(undefined);
  /** True once the URL's settings are read: from then on the URL follows the settings. */
  ready = $state(false);

  running = $state(false);
  status: Record<string, CategoryStatus> = $state({});
  errors: Record<string, string> = $state({});
  solver: SolveProgress | null = $state(null);
  /** Every solver progress report of the current run, for the convergence chart. */
  solverHistory: SolveProgress[] = $state.raw([]);
  solverError: string | null = $state(null);
  /** The last run was cancelled because a link opened in the tab changed its settings (followUrl). */
  linkCancelledRun = $state(false);
  /**
   * How the last run ended: null while it runs (or before any), else done, cancelled (at any stage), failed, or
   * 'kept': the LP engine failed and the best fit found before is the result.
   */
  solverEnd: 'done' | 'kept' | 'cancelled' | 'failed' | null = $state(null);
  /**
   * Set when Run was refused for its settings: from then on settingsError follows the inputs, so the message goes
   * as soon as they are fixed (and changes with them) instead of standing beside a valid value.
   */
  private settingsTried = $state(false);
  /** A run-wide note (the range cut at the end of the list). */
  notice: string | null = $state(null);
  /** Said once the samples are replayed, when two categories have the same sample (core/same-samples.ts). */
  sameSamplesNotice: string | null = $state(null);
  /** Said once the samples are replayed, when many of the analysed merges occur in no sample (absentMergesNote). */
  absentNotice: string | null = $state(null);
  /**
   * Said once the samples are replayed, when they hold many of the analysed merges too rarely to order them: the
   * note, the range it suggests (merges start .. end-1, one click away), and what it is about: the tokenizer,
   * categories and byte budget of its run (see `support`).
   */
  private lastSupport: { text: string; range: { start: number; end: number } | null; tokenizer: object; categories: string; budget: number } | null = $state.raw(null);
  /** Per-category warnings that did not stop it (invalid UTF-8 replaced). */
  warnings: Record<string, string> = $state({});
  result: RunResult | null = $state.raw(null);
  /** The shown result is from an earlier run (a run is going, or the last one failed or was cancelled). */
  resultIsEarlier = $state(false);

  /** Trajectories kept across page loads (IndexedDB): what is stored, and why it cannot be, if so. */
  cacheStats: CacheStats | null = $state(null);
  cacheNote: string | null = $state(null);

  private stop: (() => void) | null = null;
  /** The run going on (or the last one), so that a new run can wait for a cancelled one to let go of its workers. */
  private inFlight: Promise<void> = Promise.resolve();
  private tokenizerWorker: Spawned<TokenizerWorkerApi> | null = null;
  private userCount = 0;
  /** Replays of this page's session by trajectoryKey: a re-run reuses what did not change. */
  private cache = new Map<string, CategoryReplay>();
  private stored: TrajectoryCache | null = null;
  /** tokenizerHash of the loaded tokenizer (computed after it loads). */
  private tokenizerKey: Promise<string> | null = null;
  /** Incremented by each run: late messages of an earlier run are ignored. */
  private generation = 0;
  /** A user category's source id (filesSourceId reads the ends of its files), by category id (its files never change). */
  private fileSourceIds = new Map<string, Promise<string>>();

  /** Fetches the presets' index and the corpora manifest, then loads the default preset. */
  async init(): Promise<void> {
    // The tab a link asks for is shown at once (it needs neither presets nor corpora); a tab the reader picks while
    // these load is kept when the rest of the link is applied (it went back to the link's tab, under their click).
    const linked = parseUrlSettings(location.hash, { presets: [], categories: [] }).settings.view ?? 'infer';
    this.view = linked;
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
      const picked = this.view !== linked ? this.view : null;
      this.applyUrl(location.hash);
      if (picked) this.view = picked;
      this.ready = true;
      this.openCache();
      await this.choosePreset(this.presetId);
    } catch (e) {
      this.loadError = `Could not load the bundled presets and corpora: ${message(e)}`;
    }
  }

  /**
   * A link opened in this tab after it loaded (pasted in the address bar, or Back and Forward): its settings replace
   * the page's, as on a fresh load; a preset it names is loaded. The page's own address updates (same settings) are
   * left alone.
   */
  followUrl(hash: string): void {
    if (!this.ready || hash === this.urlHash) return;
    // A run goes on with the settings it started with: once the link has replaced them on the page, its result
    // would show under settings it was not computed with. So a link that changes them cancels the run (its replays
    // are kept), and says so; one that only changes the tab does not.
    if (this.running && this.runSettingsOf(hash) !== this.runSettingsOf(this.urlHash)) {
      this.cancel();
      this.linkCancelledRun = true;
    }
    const before = this.presetId;
    this.applyUrl(hash);
    if (this.presetId !== before && this.presetId !== '') void this.choosePreset(this.presetId);
  }

  /**
   * The link's refused values, while the settings are still the link's (whichever tab is shown): once the user
   * changes one, the page's address is no longer the link's and its problems are history.
   */
  get shownUrlProblems(): string[] {
    if (this.urlProblems.length === 0) return [];
    // Another tab is not another setting: the problems stay while the reader looks around.
    return this.runSettingsOf(this.urlHash) === this.runSettingsOf(this.urlProblemsFor) ? this.urlProblems : [];
  }

  /** What of a link's settings a run depends on (all but the tab), comparable as a string. */
  private runSettingsOf(hash: string): string {
    const { settings } = parseUrlSettings(hash, { presets: this.presets.map((p) => p.id), categories: this.bundled.map((c) => c.id) });
    return JSON.stringify({ ...settings, view: undefined });
  }

  /** Takes the settings of a link; each refused value is listed and its default kept. */
  private applyUrl(hash: string): void {
    const { settings, problems } = parseUrlSettings(hash, { presets: this.presets.map((p) => p.id), categories: this.bundled.map((c) => c.id) });
    if (settings.presetId !== undefined) this.presetId = settings.presetId;
    if (settings.selected !== undefined) this.selected = settings.selected;
    if (settings.budget !== undefined) this.budget = settings.budget;
    if (settings.start !== undefined && settings.end !== undefined) { this.rangeStart = settings.start; this.merges = settings.end; }
    if (settings.stopGap !== undefined) this.stopGapPercent = settings.stopGap;
    this.view = settings.view ?? 'infer';
    this.urlProblems = problems;
    this.urlProblemsFor = this.urlHash;
    this.urlYoursAsked = settings.yours;
  }

  /**
   * What to load again of the URL's own files, in words (yoursNote), as long as some of it is missing. Example: the
   * link says "yours=tokenizer,2"; once a tokenizer file is loaded, only the two categories are asked for.
   */
  get urlYours(): string | null {
    const asked = this.urlYoursAsked;
    if (!asked) return null;
    return yoursNote({ tokenizer: asked.tokenizer && this.tokenizerSource?.kind !== 'files', categories: Math.max(0, asked.categories - this.userCategories.length) });
  }

  /** The URL fragment that reproduces the current settings (bundled categories and presets only). */
  get urlHash(): string {
    return formatUrlSettings({
      presetId: this.tokenizerSource?.kind === 'files' ? '' : this.presetId,
      selected: this.selected.filter((id) => this.bundled.some((c) => c.id === id)),
      budget: this.budget,
      start: this.rangeStart,
      end: this.merges,
      stopGap: this.stopGapPercent ?? 0,
      view: this.view,
      yours: { tokenizer: this.tokenizerSource?.kind === 'files', categories: this.selected.filter((id) => this.userCategories.some((u) => u.id === id)).length },
    });
  }

  private openCache(): void {
    this.stored = new TrajectoryCache();
    void this.refreshCacheStats();
  }

  async refreshCacheStats(): Promise<void> {
    if (!this.stored) return;
    if (!(await this.stored.ready())) { this.cacheNote = this.stored.unavailable; this.cacheStats = null; return; }
    try {
      this.cacheStats = await this.stored.stats();
    } catch (e) {
      this.cacheNote = `could not read the stored trajectories (${message(e)})`;
    }
  }

  /** Forgets every kept trajectory, stored and of this session. */
  async clearCache(): Promise<void> {
    this.cache.clear();
    try {
      await this.stored?.clear();
      this.cacheNote = null;
    } catch (e) {
      this.cacheNote = `could not clear the stored trajectories (${message(e)})`;
    }
    await this.refreshCacheStats();
  }

  get cacheSummary(): string {
    const s = this.cacheStats;
    return s ? `${s.count} trajector${s.count === 1 ? 'y' : 'ies'}, ${mb(s.bytes)}` : 'none';
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

  /** The preset the picker should show again when a new tokenizer fails and the loaded one stays. */
  private presetOf(source: TokenizerSource | null): string {
    return source?.kind === 'preset' ? source.entry.id : '';
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
      this.tokenizerKey = tokenizerHash(loaded.categoryTokenizer);
      this.tokenizerKey.catch(() => {});
      // This session's trajectories belong to the tokenizer before (they stay in IndexedDB for when it comes back).
      this.cache.clear();
      // The last result stays on the page, marked as earlier: it belongs to the tokenizer before. The run panel's
      // lines (progress, messages, the support note) were about that tokenizer's run: they go.
      this.resultIsEarlier = this.result !== null;
      this.clearRunLines();
      this.settingsTried = false;
    } catch (e) {
      if (this.tokenizerWorker !== worker) return;
      // The tokenizer loaded before stays in use: nothing computed with it is lost.
      const kept = this.tokenizer ? ` The tokenizer loaded before (${this.tokenizer.summary.name}) is still in use.` : '';
      const text = message(e);
      this.tokenizerError = `${text}${kept && !/[.!?]$/.test(text) ? '.' : ''}${kept}`;
      if (this.tokenizer) this.presetId = this.presetOf(this.tokenizerSource);
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

  /** Why the last files given as a category were not added (all empty), or null. */
  addError: string | null = $state(null);

  /**
   * The files as one new category, chosen at once. Its name: the file's, the folder's (a folder picked or dropped
   * whole), else the first file's "+ N more"; made unique with " (2)", " (3)" ... since results tell categories
   * apart by name. Empty files are left out; if nothing is left, nothing is added and addError says why.
   * Example: the folder "poems" holding a.txt and b.txt -> a category "poems" of 2 files.
   */
  addUserCategory(files: File[]): void {
    if (files.length === 0) return;
    const withText = files.filter((f) => f.size > 0);
    if (withText.length === 0) {
      const what = files.length === 1 ? `"${files[0].name}" is empty` : `all ${files.length} files are empty`;
      this.addError = `No category was added: ${what}. Choose files that hold text.`;
      return;
    }
    this.addError = null;
    const id = `user:${++this.userCount}`;
    const folder = withText[0].webkitRelativePath?.split('/')[0] ?? '';
    const base = withText.length === 1 && files.length === 1 ? withText[0].name
      : folder !== '' && withText.every((f) => f.webkitRelativePath.startsWith(`${folder}/`)) ? folder
      : `${withText[0].name} + ${withText.length - 1} more`;
    let name = base;
    for (let k = 2; this.nameTakenBy(name) !== null; k++) name = `${base} (${k})`;
    this.userCategories = [...this.userCategories, { id, name, files: withText, bytes: withText.reduce((a, f) => a + f.size, 0) }];
    this.selected = [...this.selected, id];
    // A gzip'd file holds more text than its size: the list and the read's progress count the text.
    void Promise.all(withText.map((f) => textSize(f).catch(() => f.size))).then((sizes) => {
      const bytes = sizes.reduce((a, b) => a + b, 0);
      this.userCategories = this.userCategories.map((u) => (u.id === id ? { ...u, bytes } : u));
    });
  }

  /**
   * A new name (trimmed), or why it is refused (the old one is kept): results, charts and downloads tell categories
   * apart by name. Example: "English" -> 'The name "English" is taken by a bundled category: choose another.'
   */
  renameUserCategory(id: string, name: string): string | null {
    // Invisible characters (zero-width spaces, bidi marks) are dropped: "English" + U+200B would read as a second
    // "English", and a name of them alone as no name.
    const clean = name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
    if (clean === '') return 'A category needs a name: type one.';
    const taken = this.nameTakenBy(clean, id);
    if (taken !== null) return `The name "${clean}" is taken by ${taken === 'bundled' ? 'a bundled category' : 'another of your categories'}: choose another.`;
    this.userCategories = this.userCategories.map((u) => (u.id === id ? { ...u, name: clean } : u));
    return null;
  }

  /** Which kind of category already has this name (the user's category `except` aside), or null. */
  private nameTakenBy(name: string, except?: string): 'bundled' | 'yours' | null {
    if (this.bundled.some((c) => c.name === name)) return 'bundled';
    return this.userCategories.some((u) => u.id !== except && u.name === name) ? 'yours' : null;
  }

  removeUserCategory(id: string): void {
    this.userCategories = this.userCategories.filter((u) => u.id !== id);
    this.selected = this.selected.filter((x) => x !== id);
  }

  nameOf(id: string): string {
    return this.bundled.find((c) => c.id === id)?.name ?? this.userCategories.find((u) => u.id === id)?.name ?? id;
  }

  /** What the category's text is, for the stored trajectories' key (a user category's read once, then kept). */
  private async sourceIdOf(id: string): Promise<string> {
    const user = this.userCategories.find((u) => u.id === id);
    if (!user) return bundledSourceId(this.bundled.find((x) => x.id === id)!.parts.sample);
    let known = this.fileSourceIds.get(id);
    if (!known) {
      known = filesSourceId(user.files);
      this.fileSourceIds.set(id, known);
    }
    return known;
  }

  private sourceOf(id: string): CategorySource {
    const user = this.userCategories.find((u) => u.id === id);
    if (user) return { kind: 'files', files: user.files };
    const c = this.bundled.find((x) => x.id === id)!;
    return { kind: 'url', url: new URL(`${BASE}corpora/${c.parts.sample.file}`, location.href).href };
  }

  /**
   * The support note and its one-click range while they are about the data on the page: the run going on, or the
   * last one as long as its tokenizer, categories and budget are still chosen. Example: after a GPT-2 run's note
   * "only the first 200 merges ...", loading another tokenizer hides it (its button would run that tokenizer on
   * GPT-2's advice); choosing GPT-2 again does not bring it back, as the tokenizer is loaded anew.
   */
  get support(): { text: string; range: { start: number; end: number } | null } | null {
    const s = this.lastSupport;
    if (s === null) return null;
    const same = this.running || (s.tokenizer === this.tokenizer && s.categories === this.selectionKey() && s.budget === this.budget);
    return same ? { text: s.text, range: s.range } : null;
  }

  /** The chosen categories as one comparable string, whatever their order. */
  private selectionKey(): string {
    return [...this.selected].sort().join('\n');
  }

  /** Forgets the run panel's lines of the last run: progress, messages, notes. */
  private clearRunLines(): void {
    this.status = {};
    this.errors = {};
    this.warnings = {};
    this.notice = null;
    this.sameSamplesNotice = null;
    this.absentNotice = null;
    this.lastSupport = null;
    this.solver = null;
    this.solverEnd = null;
    this.solverError = null;
  }

  /** Why Run was refused, kept up to date with the inputs since (null once they are fine). */
  get settingsError(): string | null {
    if (!this.settingsTried || !this.tokenizer) return null;
    const checked = checkRunSettings({ start: this.rangeStart, end: this.merges, budget: this.budget, stopGapPercent: this.stopGapPercent }, this.tokenizer.ct.merges.left.length);
    return checked.ok ? null : checked.error;
  }

  get canRun(): boolean {
    return !this.running && this.tokenizer !== null && this.selected.length >= 2;
  }

  /** Replays every selected category (one worker each, at most hardwareConcurrency at once), then solves. */
  run(): Promise<void> {
    const done = this.execute();
    this.inFlight = done;
    return done;
  }

  /**
   * The support note's advice in one click: stops the run if one is going (what it computed so far is dropped, the
   * last finished result stays), then runs again on merges start .. the suggested end.
   * Example: 30,000 merges of GPT-2 on 1 MB samples, note "only the first 2,300 ..." -> merges 0 .. 2,300, run.
   */
  async analyseSuggestedMerges(): Promise<void> {
    const range = this.support?.range ?? null;
    if (range === null) return;
    if (this.running) {
      this.cancel();
      await this.inFlight;
    }
    this.rangeStart = range.start;
    this.merges = range.end;
    await this.run();
  }

  private async execute(): Promise<void> {
    if (!this.canRun || !this.tokenizer) return;
    // 0. The settings, checked against this tokenizer before any worker starts; a range past the list is cut.
    const checked = checkRunSettings({ start: this.rangeStart, end: this.merges, budget: this.budget, stopGapPercent: this.stopGapPercent }, this.tokenizer.ct.merges.left.length);
    // Refused settings start nothing: the last run's progress, messages and result stay as they were.
    if (!checked.ok) { this.settingsTried = true; this.resultIsEarlier = this.result !== null; return; }
    this.settingsTried = false;
    this.clearRunLines();
    this.linkCancelledRun = false;
    this.notice = checked.notice;
    this.merges = checked.end;
    const { start, end, budget: maxBytes, gapTolerance } = checked;
    const ids = [...this.selected];
    // What the support note will be about (see `support`): this run's tokenizer, categories and budget.
    const runTokenizer = this.tokenizer, selection = this.selectionKey();
    const tok = withMerges(this.tokenizer.ct, end);
    const tokKey = this.tokenizerKey;
    const cancel = cancellable();
    const pool = new WorkerPool(spawnCategoryWorker, Math.max(1, Math.min(ids.length, navigator.hardwareConcurrency || 2)));
    let solver: Spawned<SolverWorkerApi> | null = null;
    this.stop = () => { cancel.cancel(); pool.terminate(); solver?.terminate(); };
    this.running = true;
    this.generation++;
    // The last result stays visible, marked as earlier, until this run gives a new one.
    this.resultIsEarlier = this.result !== null;
    this.solverHistory = [];
    this.status = Object.fromEntries(ids.map((id) => [id, { phase: 'waiting', fraction: 0, detail: '' } satisfies CategoryStatus]));
    const started = performance.now();
    try {
      // 1. Replay each category in the pool; a failing category keeps its error and the others go on.
      const tokenizer = tokKey ? await Promise.race([cancel.promise, tokKey.catch(() => null)]) : null;
      const replays = await Promise.race([cancel.promise, Promise.all(ids.map((id) => this.replayOne(pool, id, tok, maxBytes, tokenizer)))]);
      pool.terminate();
      const ok = ids.flatMap((id, i) => (replays[i] ? [{ id, replay: replays[i]! }] : []));
      if (ok.length < 2) {
        this.solverError = `Only ${ok.length} categor${ok.length === 1 ? 'y' : 'ies'} could be read: the mixture needs at least two.`;
        return;
      }
      // 2. The checks `infer` makes before solving: no merge of the range in any sample is refused (the LP would weigh
      //    nothing but slack), and many absent ones are said.
      const trajectories = ok.map(({ replay }) => replay.trajectory);
      const absent = pooledApplications(trajectories, { start, end }).reduce((n, x) => n + (x > 0 ? 0 : 1), 0);
      if (absent === end - start) {
        const unseen = mergesFromUnseenSymbols(tok.merges, { start, end }, trajectories.map(trajectorySymbols));
        const why = noMergeOccursMessage({ start, end }, ok.reduce((b, { replay }) => b + replay.bytes, 0), unseen, PAGE_WORDING);
        this.solverError = `${why[0].toUpperCase()}${why.slice(1)}`;
        this.solverEnd = 'failed';
        return;
      }
      this.absentNotice = absentMergesNote(absent, end - start);
      // 3. Solve in a fresh solver worker.
      solver = spawnSolverWorker();
      const merges = { left: tok.merges.left, right: tok.merges.right };
      const onSolve = (p: SolveProgress) => {
        if (!this.running) return;
        this.solver = p;
        this.solverHistory = [...this.solverHistory, p];
      };
      const categories = ok.map(({ id, replay }) => ({ name: this.nameOf(id), trajectory: replay.trajectory }));
      this.sameSamplesNotice = sameSamplesNote(categories.map((c) => c.name), sameSamples(categories.map((c) => c.trajectory)));
      const support = supportAdvice(categories.map((c) => c.trajectory), start, end, runTokenizer.summary.repair?.suggestedStart ?? 0);
      this.lastSupport = support ? { text: support.text, range: support.suggested, tokenizer: runTokenizer, categories: selection, budget: maxBytes } : null;
      const out = await Promise.race([cancel.promise, call(solver, (api) => api.solve(categories, merges, end, Comlink.proxy(onSolve), start, gapTolerance))]);
      const percents = roundPercents(out.solution.share, 1);
      this.result = {
        rows: ok.map(({ id, replay }, i) => ({ id, name: this.nameOf(id), alpha: out.solution.alpha[i], share: out.solution.share[i], percent: percents[i], bytes: replay.bytes })),
        solution: out.solution,
        meta: { tokenizer: tok.name, merges: end - start, range: [start, end], maxBytesPerCategory: maxBytes, categories: ok.map(({ id }) => this.nameOf(id)) },
        cli: cliCommand({
          preset: this.tokenizerSource?.kind === 'preset' ? this.presetId : null,
          categories: ok.map(({ id }) => ({ bundled: this.bundled.some((c) => c.id === id), name: this.bundled.some((c) => c.id === id) ? id : this.nameOf(id) })),
          start, end, maxBytes, gapTolerance,
        }),
        slack: out.solution.mergeSlack,
        supportedEnd: support?.supportedEnd ?? null,
        start: out.solution.settings.start,
        merges: end,
        engine: out.solution.engine,
        engineNote: out.engineNote,
        rounds: out.solution.rounds,
        constraints: out.solution.constraints,
        seconds: (performance.now() - started) / 1000,
        tokenizer: tok,
        trajectories: categories.map((c, i) => ({ id: ok[i].id, ...c })),
      };
      this.resultIsEarlier = false;
      this.solverEnd = out.solution.engineFailure ? 'kept' : 'done';
    } catch (e) {
      const cancelled = e instanceof DOMException && e.name === 'AbortError';
      if (!cancelled) this.solverError = message(e);
      // A cancel is said however far the run got (the status region reads "Run cancelled." from it).
      if (cancelled) this.solverEnd = 'cancelled';
      else if (this.solver) this.solverEnd = 'failed';
    } finally {
      pool.terminate();
      solver?.terminate();
      this.stop = null;
      this.running = false;
    }
  }

  private async replayOne(pool: WorkerPool<CategoryWorkerApi>, id: string, tok: CategoryTokenizer, maxBytes: number, tokenizer: string | null): Promise<CategoryReplay | null> {
    const generation = this.generation;
    const onProgress = (p: CategoryProgress) => {
      if (generation !== this.generation) return;
      // Progress messages travel on their own channel and can arrive after the result or a cancel: they only
      // ever move a category that is still waiting, reading or replaying.
      const now = this.status[id]?.phase;
      if (now !== 'waiting' && now !== 'read' && now !== 'replay') return;
      this.status[id] = p.phase === 'read'
        // A stream's chunks can be far larger than the budget (a bundled sample inflates in pieces of up to a MB):
        // what counts is the text used, at most the budget.
        ? { phase: 'read', fraction: Math.min(1, p.bytes / Math.min(p.budget, this.sizeOf(id))), detail: `${Math.round(Math.min(p.bytes, p.budget) / 1e3).toLocaleString('en')} kB read` }
        : { phase: 'replay', fraction: p.merges / Math.max(1, p.total), detail: `${p.merges.toLocaleString('en')} / ${p.total.toLocaleString('en')} merges replayed, ${p.words.toLocaleString('en')} distinct words` };
    };
    const done = (replay: CategoryReplay, how: string) => {
      this.status[id] = { phase: 'done', fraction: 1, detail: `${Math.round(replay.bytes / 1e3).toLocaleString('en')} kB, ${replay.distinctWords.toLocaleString('en')} distinct words, ${how}` };
      // The files holding invalid UTF-8 are named, unless the category bears the name of its only file.
      const user = this.userCategories.find((u) => u.id === id);
      const notes = replayNotes(replay, !!user && !(user.files.length === 1 && user.name === user.files[0].name));
      if (notes.length > 0) this.warnings[id] = notes.join(' ');
      return replay;
    };
    // A stored trajectory's key needs the tokenizer's hash; without it (hashing failed) only this session's map is used.
    const key = trajectoryKey({ tokenizer: tokenizer ?? `session:${tok.name}`, source: await this.sourceIdOf(id), budget: maxBytes, end: tok.merges.left.length });
    // A replay of the same text, tokenizer and budget over these merges or more serves (cache-key.ts's servingKey):
    // after a run over 5,000 merges, the support note's "Analyse the first 500 merges" replays nothing.
    const over = (replay: CategoryReplay) => replay.trajectory.merges > tok.merges.left.length ? ` from a run over ${replay.trajectory.merges.toLocaleString('en')} merges` : '';
    const sessionKey = servingKey(this.cache.keys(), key);
    const session = sessionKey === null ? undefined : this.cache.get(sessionKey);
    if (session) return done(session, over(session) ? `reused${over(session)}` : 'reused from the last run');
    const stored = tokenizer && this.stored ? await this.stored.getServing(key) : null;
    if (stored && generation === this.generation) {
      this.cache.set(stored.key, stored.replay);
      return done(stored.replay, `reused (cached)${over(stored.replay)}`);
    }
    try {
      const replay = await pool.run((api) => api.replay(tok, this.sourceOf(id), maxBytes, Comlink.proxy(onProgress)));
      this.cache.set(key, replay);
      if (tokenizer) void this.keep(key, replay);
      return done(replay, `${replay.seconds.read.toFixed(1)} s + ${replay.seconds.replay.toFixed(1)} s`);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      this.status[id] = { phase: 'error', fraction: 0, detail: 'see the message below' };
      this.errors[id] = categoryFailure(e);
      return null;
    }
  }

  /** Stores a trajectory for later page loads; a full quota or a refused store is a note, never a failure. */
  private async keep(key: string, replay: CategoryReplay): Promise<void> {
    const problem = await this.stored!.put(key, replay);
    if (problem) this.cacheNote = problem;
    await this.refreshCacheStats();
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
