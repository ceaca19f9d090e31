// Word counting in several worker_threads (Node): the main thread streams each input, cuts it into parts at line
// boundaries, streams the parts to the threads (no more than a few megabytes in flight), and adds the threads'
// counts up in input order, so the result equals the one-thread result exactly (same words, same order, same
// counts, bytes, lines, truncation) whatever the number of threads or the batch size.
// Example: new WordCountPool(gpt2Specs, 2).count([() => fileChunks('big.txt')], { maxBytes: 100e6 })
//          -> the words of big.txt's first 100 MB, counted by two threads while this thread reads the file.
//
// Why cutting at '\n' is exact: WordCounter cuts its lines after each '\n', and after a '\n' its state is blank
// (no partial line, no pending UTF-8 bytes: 0x0A is never inside a multi-byte sequence), so a fresh counter started
// right after a '\n' goes on exactly as the old one would. Parts receive the input's own chunks (only split at that
// '\n'), so even over-long lines (cut at MAX_LINE_CHARS) are cut where the single counter cuts them.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.ts';
import { makeNormalizer } from '../core/normalize.ts';
import { makePreTokenizer } from '../core/pre-tokenize.ts';
import { charLevelUnits, withUnits, type CharLevelUnits } from '../core/char-level.ts';
import type { NormalizerSpec, PreTokenizerSpec, Tokenizer } from '../core/types.ts';
import { WordCountsSum } from '../core/word-counts-sum.ts';
import { countDocuments, type StreamedWordCounts, type WordPipeline } from '../core/word-counts.ts';

/** A tokenizer's text pipeline as data (what a thread can receive); wordPipeline makes it runnable. */
export interface PipelineSpec {
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec | null;
  /** SentencePiece-style tokenizers: the units words are cut into (core/char-level.ts). */
  units?: CharLevelUnits | null;
}

export function wordPipeline(spec: PipelineSpec): WordPipeline {
  const base = { normalizer: spec.normalizer ? makeNormalizer(spec.normalizer) : null, preTokenizer: makePreTokenizer(spec.preTokenizer) };
  return withUnits(base, spec.units);
}

/** Given a whole Tokenizer, its units are read off it (a character-level one may count in SentencePiece's units). */
function unitsOf(spec: PipelineSpec | Tokenizer): CharLevelUnits | null {
  if ('tokenToId' in spec) return charLevelUnits(spec);
  return spec.units ?? null;
}

/** Opens one input (a file, a corpus part) as a stream of byte chunks; inputs are read one after the other. */
export type ChunkSource = () => AsyncIterable<Uint8Array>;

export interface PoolCountOptions {
  /** Total byte budget over all inputs, with countWords' rule: stop at the last line that ends within it. */
  maxBytes?: number;
  /** Bytes counted so far (by the threads; read-ahead is not counted). */
  onProgress?: (bytesCounted: number) => void;
  signal?: AbortSignal;
  /** Bytes a thread counts before it sends its words back (default 4 MiB; tests use tiny ones). */
  batchBytes?: number;
  /** The inputs' total size, when known: under the pool's minBytes (with the budget), it counts on this thread. */
  expectedBytes?: number;
}

export interface PoolCounts extends StreamedWordCounts {
  /** Inputs opened (the budget may stop before the last ones). */
  inputs: number;
  /** Threads that counted (1: this thread). */
  threads: number;
}

/** Messages to a counting thread: a part is begin, chunk..., end; flush sends the batch's words back. */
export type ToThread =
  | { kind: 'begin'; maxBytes: number }
  | { kind: 'chunk'; bytes: Uint8Array }
  | { kind: 'end' }
  | { kind: 'flush'; batch: number };

export type FromThread =
  | { kind: 'ack'; bytes: number }
  | { kind: 'done'; batch: number; counts: StreamedWordCounts }
  | { kind: 'error'; name: string; message: string };

const DEFAULT_BATCH_BYTES = 4 << 20;

interface Thread {
  worker: Worker;
  /** Bytes sent and not yet counted. */
  unacked: number;
}

/**
 * Counting threads for one text pipeline, started on first use and kept for further count() calls (the inputs of
 * several categories) until close(). With threads = 1 it counts on this thread, with no worker.
 */
export class WordCountPool {
  readonly threads: number;
  /**
   * Inputs known to be smaller than this are counted on this thread: starting the threads costs more (each loads
   * the TypeScript sources, about 0.3 s and 40 MB). Default: two batches.
   */
  readonly minBytes: number;
  private readonly spec: PipelineSpec;
  private pool: Thread[] | null = null;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  /** Batches counted and not yet added up (batch number -> words), taken out by the run in batch order. */
  readonly results = new Map<number, StreamedWordCounts>();
  private counted = 0;

  constructor(spec: PipelineSpec | Tokenizer, threads = availableParallelism(), minBytes = 2 * DEFAULT_BATCH_BYTES) {
    if (!Number.isInteger(threads) || threads < 1) throw new InputError(`the number of threads must be a whole number >= 1, got ${threads}`);
    // A Tokenizer is fine: only these travel.
    this.spec = { normalizer: spec.normalizer, preTokenizer: spec.preTokenizer, units: unitsOf(spec) };
    this.threads = threads;
    this.minBytes = minBytes;
  }

  /** The summed word counts of `sources`, read in order, each cut into lines on its own. */
  async count(sources: readonly ChunkSource[], options: PoolCountOptions = {}): Promise<PoolCounts> {
    const small = Math.min(options.expectedBytes ?? Infinity, options.maxBytes ?? Infinity) < this.minBytes;
    if (this.threads === 1 || small) return countSequentially(sources, wordPipeline(this.spec), options);
    try {
      return await this.countThreaded(sources, options);
    } catch (e) {
      await this.close(); // a failed run leaves parts half-sent: start afresh next time
      throw e;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    this.failure = null;
    if (pool) await Promise.all(pool.map((t) => t.worker.terminate()));
  }

  /**
   * The threaded count, in three stages per input: 1. cut it into parts at line boundaries and stream them to the
   * threads, a batch (several parts, about batchBytes) per thread at a time; 2. add the batches' words up in batch
   * order as they come back; 3. once the budget runs out inside an input, wait for every batch, so the next input
   * gets exactly the budget countWords would have left it (what the cut input really used).
   */
  private async countThreaded(sources: readonly ChunkSource[], options: PoolCountOptions): Promise<PoolCounts> {
    const pool = (this.pool ??= this.start());
    this.results.clear();
    this.counted = 0;
    const maxBytes = options.maxBytes ?? Infinity;
    const run = new BatchRun(this, pool, options.batchBytes ?? DEFAULT_BATCH_BYTES, options.onProgress);
    let truncated = false, inputs = 0;
    for (const open of sources) {
      const budget = maxBytes - run.spent;
      if (budget <= 0) { truncated = true; break; }
      inputs++;
      if (await run.readInput(open(), budget, options.signal)) truncated = true;
    }
    const counts = await run.finish();
    return { ...counts, truncated: truncated || counts.truncated, inputs, threads: this.threads };
  }

  /** Bytes sent to all threads and not yet counted. */
  inflight(): number {
    let n = 0;
    for (const t of this.pool!) n += t.unacked;
    return n;
  }

  /** Resolves at the next message from any thread. */
  changed(): Promise<void> {
    return new Promise((resolve) => { this.wake = resolve; });
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** The bytes counted by the threads since the last call. */
  takeCounted(): number {
    const n = this.counted;
    this.counted = 0;
    return n;
  }

  private start(): Thread[] {
    const pool: Thread[] = [];
    for (let i = 0; i < this.threads; i++) {
      // A .mjs entry that registers tsx first: the threads run the same TypeScript sources as this one.
      const worker = new Worker(new URL('./count-thread.mjs', import.meta.url), { workerData: this.spec });
      const t: Thread = { worker, unacked: 0 };
      worker.on('message', (m: FromThread) => {
        if (m.kind === 'ack') { t.unacked -= m.bytes; this.counted += m.bytes; }
        else if (m.kind === 'done') this.results.set(m.batch, m.counts);
        else this.failure ??= m.name === 'InputError' ? new InputError(m.message) : new Error(`word counting thread: ${m.message}`);
        this.notify();
      });
      worker.on('error', (e) => { this.failure ??= e; this.notify(); });
      worker.on('exit', (code) => {
        if (this.pool === pool) { this.failure ??= new Error(`a word counting thread stopped (exit code ${code})`); this.notify(); }
      });
      pool.push(t);
    }
    return pool;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** One threaded count: the batches sent and the running sum of those that came back, in order. */
class BatchRun {
  private readonly sum = new WordCountsSum();
  private batches = 0;
  private merged = 0;
  private bytesTaken = 0;
  private counted = 0;
  private cutLines = 0;
  private truncated = false;
  /** The current batch's thread (null between batches) and its size so far. */
  private thread: Thread | null = null;
  private batchSize = 0;
  private readonly inflightLimit: number;

  constructor(
    private readonly pool: WordCountPool,
    private readonly threads: Thread[],
    private readonly batchBytes: number,
    private readonly onProgress?: (bytes: number) => void,
  ) {
    // About one batch per thread in flight: enough to keep every thread busy, and memory stays bounded.
    this.inflightLimit = threads.length * batchBytes;
  }

  /** Bytes of the inputs read so far that count against the budget (countWords' `bytes` of each, added up). */
  spent = 0;

  /**
   * Streams one input to the threads, a part per stretch of whole lines, with countWords' budget rule; returns true
   * when the budget ran out inside it, after reading past the line that crosses it and waiting for every batch (the
   * lines it really took, as the threads counted them, are what it spent).
   */
  async readInput(chunks: AsyncIterable<Uint8Array>, budget: number, signal?: AbortSignal): Promise<boolean> {
    if (await this.sendInput(chunks, budget, signal)) {
      await this.drain();
      this.spent = this.bytesTaken;
      return true;
    }
    return false;
  }

  /** readInput's streaming: returns true when the budget ran out, else adds the input's length to what is spent. */
  private async sendInput(chunks: AsyncIterable<Uint8Array>, budget: number, signal?: AbortSignal): Promise<boolean> {
    let offset = 0; // bytes of this input sent so far
    let partOpen = false;
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      this.pool.throwIfFailed();
      for (let pos = 0; pos < chunk.length;) {
        if (!partOpen) {
          if (offset >= budget) return true;
          this.thread ??= this.threads.reduce((a, b) => (b.unacked < a.unacked ? b : a));
          post(this.thread, { kind: 'begin', maxBytes: budget - offset });
          partOpen = true;
        }
        // Where the part ends, if in this chunk: past the budget, at the first '\n' that ends a line beyond it (that
        // line is not counted, nor anything after it); else, once the batch is full, at the chunk's last '\n'.
        const beyond = budget - (offset - pos); // index in chunk where the budget runs out
        let end = -1; // index of that '\n', or -1: the part goes on into the next chunk
        if (beyond < chunk.length) end = chunk.indexOf(0x0a, Math.max(pos, beyond));
        else if (this.batchSize + chunk.length - pos >= this.batchBytes) end = chunk.lastIndexOf(0x0a);
        if (end < pos) end = -1;
        const cut = end >= 0 ? end + 1 : chunk.length;
        await this.send(chunk.subarray(pos, cut));
        offset += cut - pos;
        pos = cut;
        if (end >= 0) {
          post(this.thread!, { kind: 'end' });
          partOpen = false;
          this.flush();
          if (offset > budget) return true;
        }
      }
    }
    if (partOpen) post(this.thread!, { kind: 'end' });
    if (this.batchSize >= this.batchBytes) this.flush();
    if (offset > budget) return true;
    this.spent += offset;
    return false;
  }

  /** Waits until every batch sent so far is counted and added up. */
  async drain(): Promise<void> {
    if (this.thread) this.flush();
    for (this.mergeReady(); this.merged < this.batches; this.mergeReady()) {
      this.pool.throwIfFailed();
      await this.pool.changed();
    }
  }

  async finish(): Promise<StreamedWordCounts> {
    await this.drain();
    return { ...this.sum.result(), cutLines: this.cutLines, truncated: this.truncated };
  }

  private async send(bytes: Uint8Array): Promise<void> {
    while (this.pool.inflight() > 0 && this.pool.inflight() + bytes.length > this.inflightLimit) {
      this.pool.throwIfFailed();
      await this.pool.changed();
      this.mergeReady();
    }
    const copy = new Uint8Array(bytes); // its own buffer, moved to the thread: never a view of a shared read buffer
    this.thread!.unacked += copy.length;
    this.batchSize += copy.length;
    post(this.thread!, { kind: 'chunk', bytes: copy }, [copy.buffer]);
  }

  private flush(): void {
    post(this.thread!, { kind: 'flush', batch: this.batches++ });
    this.thread = null;
    this.batchSize = 0;
  }

  /** Adds up the batches that are next in order. */
  private mergeReady(): void {
    const results = this.pool.results;
    for (let r = results.get(this.merged); r; r = results.get(this.merged)) {
      results.delete(this.merged++);
      this.sum.add(r);
      this.bytesTaken += r.bytes;
      this.cutLines += r.cutLines;
      this.truncated ||= r.truncated;
    }
    const counted = this.pool.takeCounted();
    this.counted += counted;
    if (counted > 0) this.onProgress?.(this.counted);
  }
}

function post(t: Thread, message: ToThread, transfer: ArrayBuffer[] = []): void {
  t.worker.postMessage(message, transfer);
}

/**
 * The one-thread count: countWords over each input in turn, the budget shrinking by what each input used, then the
 * counts added up. The reference the threaded count must equal.
 */
export async function countSequentially(sources: readonly ChunkSource[], pipeline: WordPipeline, options: PoolCountOptions = {}): Promise<PoolCounts> {
  // Each source opened when its turn comes.
  const documents = (function* () { for (const open of sources) yield { name: '', chunks: open() }; })();
  const { documents: inputs, invalidIn: _, ...counts } = await countDocuments(documents, pipeline, options);
  return { ...counts, inputs, threads: 1 };
}
