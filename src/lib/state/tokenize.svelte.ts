// The tokenization view's state: the text, the encode worker that holds the tokenizer picked in the Infer tab
// (parsed once per source), and the latest display model. Typing is debounced; while the worker encodes, newer
// text waits and only the latest is sent, so a large paste costs one encode, not one per keystroke.

import type { TokenView } from '../core/token-view.ts';
import type { EncodeSource, EncodeWorkerApi } from '../../../workers/worker-types.ts';
import { call, spawnEncodeWorker, type Spawned } from './workers.ts';

/** Tokens drawn at most (the counts and the id list are always of the whole text). */
export const SHOWN_TOKENS = 2000;
const DEBOUNCE_MS = 120;

export const SAMPLE_TEXT = "Hello world! It's 2026: naïve café, 東京, Привет 👋\n\tdef f(x):  return x**2  # 123456<|endoftext|>";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class TokenizeController {
  text = $state(SAMPLE_TEXT);
  /** The display model of `viewText`; raw: thousands of cells, replaced whole on each answer. */
  view: TokenView | null = $state.raw(null);
  viewText = $state('');
  tokenizerName = $state('');
  loading = $state(false);
  encoding = $state(false);
  error: string | null = $state(null);
  /** Index of the picked token in the text's token list, or null. */
  selected: number | null = $state(null);

  private worker: Spawned<EncodeWorkerApi> | null = null;
  /** The source loaded (or loading) in the worker; `wanted` is the Infer tab's, kept to reload after a failure. */
  private source: EncodeSource | null = null;
  private wanted: EncodeSource | null = null;
  /** Incremented by each load: answers about an earlier tokenizer are dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private again = false;

  /** Loads `source` unless it is the one already loaded (the same object: the Infer tab makes a new one per load). */
  async follow(source: EncodeSource | null): Promise<void> {
    if (source === null || source === this.source) return;
    this.source = this.wanted = source;
    const generation = ++this.generation;
    const worker = (this.worker ??= spawnEncodeWorker());
    this.loading = true;
    this.error = null;
    try {
      const info = await call(worker, (api) => api.load(source));
      if (generation !== this.generation) return;
      this.tokenizerName = info.name;
      this.view = null;
      this.viewText = '';
      this.selected = null;
      this.loading = false;
      this.schedule(0);
    } catch (e) {
      if (generation !== this.generation) return;
      this.loading = false;
      this.error = `Could not load the tokenizer: ${message(e)}`;
      this.source = null;
      this.drop(worker);
    }
  }

  setText(text: string): void {
    this.text = text;
    this.schedule(DEBOUNCE_MS);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.encode(), ms);
  }

  /** Sends the current text; if an answer is pending, the latest text goes when it arrives. */
  private async encode(): Promise<void> {
    const worker = this.worker;
    if (!worker && this.wanted) return this.follow(this.wanted);
    if (!worker || this.loading || this.source === null) return;
    if (this.inFlight) { this.again = true; return; }
    this.inFlight = true;
    this.encoding = true;
    const text = this.text;
    const generation = this.generation;
    try {
      const view = await call(worker, (api) => api.view(text, SHOWN_TOKENS));
      if (generation !== this.generation) return;
      this.view = view;
      this.viewText = text;
      this.error = null;
      if (this.selected !== null && this.selected >= view.shown) this.selected = null;
    } catch (e) {
      if (generation !== this.generation) return;
      this.error = `Could not encode the text: ${message(e)}. The next edit loads the tokenizer again.`;
      this.source = null;
      this.drop(worker);
    } finally {
      this.inFlight = false;
      this.encoding = false;
      if (this.again) { this.again = false; void this.encode(); }
    }
  }

  /** A worker that failed (crashed, or a tokenizer it could not read) is replaced on the next load. */
  private drop(worker: Spawned<EncodeWorkerApi>): void {
    worker.terminate();
    if (this.worker === worker) this.worker = null;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = null;
  }
}
