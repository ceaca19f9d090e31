// mergeprint replay: apply a tokenizer's merges to text and record how every pair count changes, printing a JSON
// summary of what was recorded (the input of the mixture solver).

import { replayMerges } from '../lib/core/replay.ts';
import { InputError } from '../lib/core/errors.ts';
import { tokenizerWordTable } from '../lib/core/word-table.ts';
import { parseCommandArgs, positiveInt, requireString } from './args.ts';
import { WordCountPool } from '../lib/node/count-threads.ts';
import { countInputs, threadsArg, threadsArgHelp } from './inputs.ts';
import type { Command } from './main.ts';
import { readProgress } from './progress.ts';
import { loadAnalysisTokenizer, printRepairReport, TOKENIZER_ARG_HELP } from './tokenizer-arg.ts';

export const replayCommand: Command = {
  summary: 'replay a merge list over text and summarise the recorded pair counts (JSON)',
  help: `
Usage: mergeprint replay --tokenizer TOKENIZER [--merges T] [--max-bytes N] [--threads N] INPUT...

Pre-tokenizes the inputs with the tokenizer's own normalizer and pre-tokenizer, applies its first T merges in
order, and prints one JSON object: bytes, distinct words, pairs before any merge, merges replayed, recorded
changes, seconds (counting words and replaying), characters the tokenizer has no token for, the threads used, the
process's peak memory and CPU time (all threads). Inputs of 16 MB or more show their reading progress on
standard error.

  --tokenizer TOKENIZER  ${TOKENIZER_ARG_HELP}
  --merges T             replay only the first T merges (default: all)
  --max-bytes N          read at most N bytes of input in all (default: everything)
  --threads N            ${threadsArgHelp(25)}
  --no-repair            replay the merge list exactly as the file has it (by default each token keeps one merge
                         and the list is put in training order; the report goes to standard error)
  --quiet                no progress and no merge-list report on standard error
`,
  async run(argv) {
    const args = parseCommandArgs('replay', argv, {
      tokenizer: { type: 'string' }, merges: { type: 'string' }, 'max-bytes': { type: 'string' }, threads: { type: 'string' }, quiet: { type: 'boolean' },
      'no-repair': { type: 'boolean' },
    });
    const threads = threadsArg(args);
    const maxBytes = positiveInt(args, 'max-bytes', Infinity)!;
    const analysis = await loadAnalysisTokenizer(args, requireString(args, 'tokenizer', 'replay'));
    const { tokenizer, repair } = analysis;
    const total = tokenizer.mergeLeft.length;
    const merges = positiveInt(args, 'merges', total)!;
    if (merges > total) throw new InputError(`--merges ${merges} is more than the ${total} merges of the tokenizer`);
    const started = performance.now();
    const pool = new WordCountPool(tokenizer, threads.threads, threads.minBytes);
    const progress = (size: number) => readProgress('read', size, !args.values.quiet);
    const words = await countInputs(args.positionals, pool, maxBytes, progress).finally(() => pool.close());
    const counted = performance.now();
    const { table, missing } = tokenizerWordTable(words, tokenizer);
    const traj = replayMerges(table, { left: tokenizer.mergeLeft, right: tokenizer.mergeRight, result: tokenizer.mergeResult }, { maxMerges: merges, bytes: words.bytes });
    const done = performance.now();
    const summary = {
      tokenizer: tokenizer.name,
      files: words.files,
      bytes: words.bytes,
      truncated: words.truncated,
      invalid_utf8: words.invalidUtf8,
      distinct_words: traj.distinctWords,
      total_words: traj.totalWords,
      pairs: traj.totalPairs,
      distinct_pairs: traj.pairKeys.length,
      merges: traj.merges,
      merge_list: { loaded: repair?.originalMerges ?? total, repaired: repair !== null },
      changes: traj.changePair.length,
      missing_chars: missing.occurrences,
      threads: words.threads,
      max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpu_seconds: round((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6),
      seconds: { count_words: round((counted - started) / 1000), replay: round((done - counted) / 1000), total: round((done - started) / 1000) },
    };
    printRepairReport(args, analysis);
    process.stdout.write(JSON.stringify(summary) + '\n');
  },
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
