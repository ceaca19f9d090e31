import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_PRETOKENIZERS } from '../core/presets.ts';
import { MAX_LINE_CHARS } from '../core/word-counts.ts';
import { seededRandom, testText } from '../../test-support/corpus.ts';
import { countSequentially, WordCountPool, wordPipeline, type ChunkSource, type PoolCounts } from './count-threads.ts';

const gpt2 = PRESET_PRETOKENIZERS.gpt2;
const enc = (s: string) => new TextEncoder().encode(s);

/** An input served in chunks of seeded random sizes (1 byte .. maxChunk), so parts start and end anywhere. */
function source(bytes: Uint8Array, seed: number, maxChunk = 5000): ChunkSource {
  return async function* () {
    const rnd = seededRandom(seed);
    for (let at = 0; at < bytes.length;) {
      const n = 1 + Math.floor(rnd() * maxChunk);
      yield bytes.slice(at, at + n);
      at += n;
    }
  };
}

/** The counts as plain data, without the number of threads that counted them. */
function plain(c: PoolCounts) {
  const { threads: _, ...rest } = c;
  return { ...rest, counts: Array.from(c.counts) };
}

// Inputs that trip line cutting: mixed scripts with CRLF and tabs, invalid UTF-8 and real U+FFFD around newlines,
// an empty input and one without a final newline; and, apart (it is slow to count), one line longer than
// MAX_LINE_CHARS, which the counter cuts.
const mixed = enc(testText(200_000, 3));
const oddBytes = new Uint8Array([...enc('é€😀 a\r\nb\ufffd\r\n\r\n'), 0xf0, 0x9f, 0x0a, 0xef, 0xbf, 0xbd, 0xe2, 0x0a, 0x41]);
const inputs = [mixed, oddBytes, new Uint8Array(0), enc('no newline at the end'), enc(testText(50_000, 4))];
const sources = inputs.map((b, i) => source(b, 10 + i));
const total = inputs.reduce((s, b) => s + b.length, 0);
const longLine = enc('word '.repeat(Math.ceil((MAX_LINE_CHARS * 1.5) / 5)) + 'tail\nnext line\n');

describe('WordCountPool', () => {
  const pools: WordCountPool[] = [];
  afterAll(() => Promise.all(pools.map((p) => p.close())));
  function pool(threads: number): WordCountPool {
    const p = new WordCountPool(gpt2, threads, 0); // threads even for these small inputs
    pools.push(p);
    return p;
  }

  it('counts exactly as one thread does, for any number of threads, batch size and byte budget', async () => {
    const reference = await countSequentially(sources, wordPipeline(gpt2));
    expect(reference.bytes).toBe(total);
    const two = pool(2), three = pool(3);
    expect((await two.count(sources)).threads).toBe(2);
    for (const batchBytes of [1, 3000, 1 << 20]) {
      expect(plain(await two.count(sources, { batchBytes }))).toEqual(plain(reference));
      expect(plain(await three.count(sources, { batchBytes }))).toEqual(plain(reference));
    }
    // Budgets inside a line, at a line's end, at an input's end, just short of the end, past everything. A budget
    // that runs out inside an input leaves the rest to the next inputs, as countWords per input does.
    const lineEnd = mixed.indexOf(0x0a, 100_000) + 1;
    for (const maxBytes of [777, lineEnd, mixed.length, mixed.length + oddBytes.length, total - 3, total, total + 1]) {
      const one = await countSequentially(sources, wordPipeline(gpt2), { maxBytes });
      expect(one.truncated).toBe(maxBytes < total);
      for (const batchBytes of [1, 3000]) {
        expect(plain(await two.count(sources, { maxBytes, batchBytes })), `maxBytes ${maxBytes}, batch ${batchBytes}`).toEqual(plain(one));
      }
    }
  });

  it('cuts an over-long line where one thread cuts it, also when the budget runs out inside it', async () => {
    const long = [source(oddBytes, 1), source(longLine, 2, 300_000), source(oddBytes, 3)];
    const reference = await countSequentially(long, wordPipeline(gpt2));
    expect(reference.cutLines).toBe(1);
    expect(plain(await pool(2).count(long, { batchBytes: 1 }))).toEqual(plain(reference));
    const maxBytes = oddBytes.length + 1_200_000;
    const cut = await countSequentially(long, wordPipeline(gpt2), { maxBytes });
    expect([cut.cutLines, cut.truncated]).toEqual([1, true]);
    expect(plain(await pool(2).count(long, { maxBytes, batchBytes: 1 }))).toEqual(plain(cut));
  });

  it('keeps at most one batch per thread (plus a chunk) read ahead of the counting', async () => {
    const threads = 2, batchBytes = 20_000, chunk = 4096;
    let yielded = 0, counted = 0, worst = 0;
    const big = enc(testText(600_000, 5));
    const watched: ChunkSource = async function* () {
      for (let at = 0; at < big.length; at += chunk) {
        worst = Math.max(worst, yielded - counted);
        yielded += Math.min(chunk, big.length - at);
        yield big.subarray(at, at + chunk);
      }
    };
    const result = await pool(threads).count([watched], { batchBytes, onProgress: (b) => { counted = b; } });
    expect(result.bytes).toBe(big.length);
    expect(counted).toBe(big.length);
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(threads * batchBytes + chunk);
  });

  it('rejects with the input error and counts afresh on the next call', async () => {
    const p = pool(2);
    const failing: ChunkSource = async function* () {
      yield enc('some text\n'.repeat(1000));
      throw new Error('disk went away');
    };
    await expect(p.count([failing], { batchBytes: 100 })).rejects.toThrow('disk went away');
    const again = await p.count([source(oddBytes, 1)]);
    expect(plain(again)).toEqual(plain(await countSequentially([source(oddBytes, 1)], wordPipeline(gpt2))));
  });

  it('reports a pipeline a thread cannot build', async () => {
    const p = pool(2);
    const bad = new WordCountPool({ normalizer: null, preTokenizer: { type: 'NoSuchPreTokenizer' } as never }, 2, 0);
    pools.push(bad);
    await expect(bad.count([source(oddBytes, 1)])).rejects.toThrow();
    expect(p.threads).toBe(2);
  });
});

describe('mergeprint replay --threads (a child process, as the command runs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mergeprint-threads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = fileURLToPath(new URL('../../../bin/mergeprint.js', import.meta.url));
  function replay(threads: number, files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile('node', [bin, 'replay', '--tokenizer', 'gpt2', '--merges', '2000', '--threads', String(threads), '--max-bytes', '900000', ...files], (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  }

  it('prints what one thread prints, with the threads loading the TypeScript sources through tsx', async () => {
    const files = [0, 1].map((i) => {
      const path = join(dir, `t${i}.txt`);
      writeFileSync(path, testText(600_000, 20 + i));
      return path;
    });
    const [one, two] = await Promise.all([replay(1, files), replay(2, files)]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const strip = (s: string) => { const { seconds: _s, threads: _t, max_rss_mb: _m, cpu_seconds: _c, ...rest } = JSON.parse(s); return rest; };
    expect(strip(two.stdout)).toEqual(strip(one.stdout));
    expect(strip(two.stdout)).toMatchObject({ bytes: expect.any(Number), truncated: true, files: 2 });
    expect(JSON.parse(two.stdout).threads).toBe(2);
  });
});
