// `npm run bench:scale`: the command line at scale. `mergeprint replay` of GPT-2's first 30,000 merges over 100 MB
// per category, counting words in one thread (the reference, same run) and in two, each run in its own process so
// that its peak memory is its own: MB/s, the ratio of the two, peak RSS (threads included), the same run over a
// quarter of the text (memory follows the distinct words, not the text), and a check that both print the same.
// Input: per category, the bundled train and sample parts (about 3 MB), repeated with their lines shuffled (seeded)
// up to --mb. Repetition adds no new words, so the word counts (and the memory) stay smaller than for as much
// distinct text; --file PATH measures a real file instead.
// Usage: npm run bench:scale [-- --mb 100 --categories en,python --threads 1,2 --file big.txt]

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeRepeatedCategory } from './repeat-text.ts';

const { values: opts } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' }, categories: { type: 'string', default: 'en,python' },
    threads: { type: 'string', default: '1,2' }, merges: { type: 'string', default: '30000' }, file: { type: 'string', multiple: true, default: [] },
  },
});
const targetBytes = Number(opts.mb) * 1e6;
const threadCounts = opts.threads.split(',').map(Number);
const bin = fileURLToPath(new URL('../bin/mergeprint.js', import.meta.url));

interface ReplaySummary {
  bytes: number; distinct_words: number; distinct_pairs: number; changes: number; threads: number; max_rss_mb: number; cpu_seconds: number;
  seconds: { count_words: number; replay: number; total: number };
}

/** One `mergeprint replay` in a child process. */
function replay(file: string, threads: number, maxBytes?: number): Promise<ReplaySummary & Record<string, unknown>> {
  const args = [bin, 'replay', '--tokenizer', 'gpt2', '--merges', opts.merges, '--threads', String(threads), '--quiet', file];
  if (maxBytes !== undefined) args.push('--max-bytes', String(maxBytes));
  return new Promise((resolve, reject) => {
    execFile('node', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout))));
  });
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const rate = (bytes: number, s: number) => `${(bytes / 1e6 / s).toFixed(1)} MB/s`;
function row(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(44)} ${value.padStart(12)}  ${note}`);
}
const sameResult = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const strip = ({ seconds: _s, threads: _t, max_rss_mb: _m, cpu_seconds: _c, ...rest }: Record<string, unknown>) => JSON.stringify(rest);
  return strip(a) === strip(b);
};

async function measure(label: string, file: string): Promise<void> {
  const bytes = statSync(file).size;
  console.log(`${label}: ${mb(bytes)}, replay of GPT-2's first ${opts.merges} merges`);
  const runs: (ReplaySummary & Record<string, unknown>)[] = [];
  for (const threads of threadCounts) {
    const r = await replay(file, threads);
    runs.push(r);
    const ratio = runs.length > 1 ? `count time ${(r.seconds.count_words / runs[0].seconds.count_words).toFixed(2)} x the ${runs[0].threads}-thread run` : 'the reference';
    row(`${r.threads} thread(s): count words`, `${r.seconds.count_words.toFixed(1)} s`, `${rate(r.bytes, r.seconds.count_words)}; ${ratio}`);
    row(`${r.threads} thread(s): replay, total`, `${r.seconds.replay.toFixed(2)} s`, `total ${r.seconds.total.toFixed(1)} s, ${rate(r.bytes, r.seconds.total)} end to end`);
    row(`${r.threads} thread(s): CPU time, all threads`, `${r.cpu_seconds.toFixed(1)} s`, `${(r.cpu_seconds / r.seconds.total).toFixed(2)} cores busy on average (fewer when other work holds them)`);
    row(`${r.threads} thread(s): peak RSS of the process`, `${r.max_rss_mb} MB`, `${r.distinct_words.toLocaleString('en')} distinct words, ${r.changes.toLocaleString('en')} recorded changes`);
  }
  if (runs.length > 1) row('every run printed the same counts', runs.every((r) => sameResult(r, runs[0])) ? 'yes' : 'NO');
  const quarter = await replay(file, threadCounts[threadCounts.length - 1], Math.floor(bytes / 4));
  row(`a quarter of the text (${mb(quarter.bytes)}): peak RSS`, `${quarter.max_rss_mb} MB`, `${quarter.distinct_words.toLocaleString('en')} distinct words, ${quarter.threads} thread(s)`);
  console.log();
}

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-scale-'));
try {
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`mergeprint bench:scale, Node ${process.version}, ${availableParallelism()} cores, load average ${load()} (other work slows both runs)\n`);
  for (const file of opts.file) await measure(file, file);
  if (opts.file.length === 0) {
    for (const id of opts.categories.split(',')) {
      const file = join(dir, `${id}.txt`);
      const { bytes, baseBytes } = await writeRepeatedCategory(id, file, targetBytes);
      await measure(`${id} (bundled ${mb(baseBytes)}, repeated with shuffled lines to ${mb(bytes)})`, file);
      rmSync(file);
    }
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  rmSync(dir, { recursive: true });
}
