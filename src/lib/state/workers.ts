// The page's side of the workers (Squoosh-style): spawn one, call it through comlink, terminate it to cancel.
// Vite bundles each `new Worker(new URL(...), { type: 'module' })` as its own chunk.
import * as Comlink from 'comlink';
import type { CategoryWorkerApi, EncodeWorkerApi, ExperimentWorkerApi, SolverWorkerApi, TokenizerWorkerApi } from '../../../workers/worker-types.ts';

export interface Spawned<T> {
  api: Comlink.Remote<T>;
  terminate(): void;
  /**
   * Rejects if the worker dies (its script fails to load, it runs out of memory): comlink's pending calls would
   * otherwise never settle, so callers race their calls with this.
   */
  crashed: Promise<never>;
}

function wrap<T>(worker: Worker): Spawned<T> {
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(`the worker stopped${e.message ? `: ${e.message}` : ' (out of memory, or its code failed to load)'}`));
    });
  });
  crashed.catch(() => {});
  return { api: Comlink.wrap<T>(worker), terminate: () => worker.terminate(), crashed };
}

/** A call to a worker that fails when the worker dies instead of hanging. */
export function call<T, R>(w: Spawned<T>, job: (api: Comlink.Remote<T>) => Promise<R>): Promise<R> {
  return Promise.race([job(w.api), w.crashed]);
}

export const spawnTokenizerWorker = (): Spawned<TokenizerWorkerApi> =>
  wrap(new Worker(new URL('../../../workers/tokenizer.worker.ts', import.meta.url), { type: 'module', name: 'tokenizer' }));

export const spawnCategoryWorker = (): Spawned<CategoryWorkerApi> =>
  wrap(new Worker(new URL('../../../workers/category.worker.ts', import.meta.url), { type: 'module', name: 'category' }));

export const spawnSolverWorker = (): Spawned<SolverWorkerApi> =>
  wrap(new Worker(new URL('../../../workers/solver.worker.ts', import.meta.url), { type: 'module', name: 'solver' }));

export const spawnExperimentWorker = (): Spawned<ExperimentWorkerApi> =>
  wrap(new Worker(new URL('../../../workers/experiment.worker.ts', import.meta.url), { type: 'module', name: 'experiment' }));

export const spawnEncodeWorker = (): Spawned<EncodeWorkerApi> =>
  wrap(new Worker(new URL('../../../workers/encode.worker.ts', import.meta.url), { type: 'module', name: 'encode' }));

/** Runs jobs on at most `size` workers at once; `cancel` terminates them all and rejects what is pending. */
export class WorkerPool<T> {
  private readonly idle: Spawned<T>[] = [];
  private readonly busy = new Set<Spawned<T>>();
  private readonly waiting: { resolve: (w: Spawned<T>) => void; reject: (e: unknown) => void }[] = [];
  private cancelled = false;

  constructor(private readonly spawn: () => Spawned<T>, private readonly size: number) {}

  async run<R>(job: (api: Comlink.Remote<T>) => Promise<R>): Promise<R> {
    const w = await this.acquire();
    let dead = false;
    try {
      return await Promise.race([job(w.api), w.crashed.catch((e) => { dead = true; throw e; })]);
    } finally {
      if (dead) { w.terminate(); this.busy.delete(w); this.wakeOne(); } else this.release(w);
    }
  }

  private acquire(): Promise<Spawned<T>> {
    if (this.cancelled) return Promise.reject(new DOMException('cancelled', 'AbortError'));
    const w = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : undefined);
    if (w) { this.busy.add(w); return Promise.resolve(w); }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** A slot freed by a dead worker goes to the next waiting job, on a new worker. */
  private wakeOne(): void {
    const next = this.waiting.shift();
    if (!next || this.cancelled) return;
    const w = this.spawn();
    this.busy.add(w);
    next.resolve(w);
  }

  private release(w: Spawned<T>): void {
    this.busy.delete(w);
    if (this.cancelled) { w.terminate(); return; }
    const next = this.waiting.shift();
    if (next) { this.busy.add(w); next.resolve(w); } else this.idle.push(w);
  }

  /** Terminates every worker; jobs in flight never settle (their worker is gone), so callers race this with cancel. */
  terminate(): void {
    this.cancelled = true;
    for (const w of [...this.idle, ...this.busy]) w.terminate();
    this.idle.length = 0;
    this.busy.clear();
    for (const q of this.waiting.splice(0)) q.reject(new DOMException('cancelled', 'AbortError'));
  }
}
