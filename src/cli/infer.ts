// mergeprint infer: estimate a tokenizer's training-data mixture from its merge list and a sample per candidate
// category (DESIGN §1), printed as a table or as one JSON object.
//
//   mergeprint infer --tokenizer tok.json --category en=bundled --category fr=bundled --category mine=texts/ --merges 3000

import { describeUnits, unitRulesOf } from '../lib/core/char-level.ts';
import { InputError, isInputError } from '../lib/core/errors.ts';
import { absentMergesNote, DEFAULT_MAX_MERGES, inferMixture, mergeRange, type MergeRange, type MixtureInference } from '../lib/core/infer-mixture.ts';
import type { Tokenizer } from '../lib/core/types.ts';
import { parseCommandArgs, positiveInt, requireString, type Parsed } from './args.ts';
import { WordCountPool } from '../lib/node/count-threads.ts';
import { countCategory, parseCategoryArg } from './category-arg.ts';
import { PATH_LIST_HELP } from './path-list.ts';
import { maxWidth, padEndColumns } from './columns.ts';
import { threadsArg, threadsArgHelp } from './inputs.ts';
import type { Command } from './main.ts';
import { readProgress } from './progress.ts';
import { methodNote, solverArgHelp, SOLVER_OPTIONS, solverArgs } from './solver-arg.ts';
import { engineFailureNote, fewMergesNote, formatGap, provenGap } from '../lib/core/mixture-result.ts';
import { leadingNote, rareStartEnd, suggestedMerges, supportNote, type SampleSupport } from '../lib/core/sample-support.ts';
import { describeMissing } from '../lib/core/word-table.ts';
import { sameSamples, sameSamplesNote } from '../lib/core/same-samples.ts';
import { loadAnalysisTokenizer, printRepairReport, REPAIR_OPTIONS, repairArgHelp, TOKENIZER_ARG_HELP, type AnalysisTokenizer } from './tokenizer-arg.ts';
import { stderrLine, terminalSafe } from './terminal-text.ts';

export const inferCommand: Command = {
  summary: 'estimate the training-data mixture of a tokenizer from its merges and a sample per category',
  help: `
Usage: mergeprint infer --tokenizer TOKENIZER --category NAME=PATH[,PATH...] --category ... [options]

Pre-tokenizes each category's sample with the tokenizer's own normalizer and pre-tokenizer, replays the merge list
over it, and solves the linear program of Hayase et al. (2024) for the mixture weights. Prints, per category, alpha
(weight per pair of the sample) and share (estimated share of the training bytes), with the sample's bytes and pairs.

  --tokenizer TOKENIZER      ${TOKENIZER_ARG_HELP}
  --category NAME=PATHS      a candidate category and its sample: files and/or folders (read recursively, in
                             sorted order, hidden files skipped), comma-separated (${PATH_LIST_HELP}); NAME=bundled
                             reads the bundled sample of category NAME (en, de, fr, ..., python, c, go, ...). At
                             least two.
  --merges T                 analyse the first T merges, or T from where --skip-hand-added / --after-shared
                             start (default: all, at most 30000)
  --range A..B               analyse merges A .. B-1 only (numbered from 0), e.g. 100000..130000; "A.." goes
                             30000 merges from A at most (to the end of the list)
  --max-bytes N              read at most N bytes of each category's sample (default: everything)
  --json                     print one JSON object instead of the table
  --threads N                ${threadsArgHelp(29)}
  --quiet                    no progress and no merge-list report on standard error (without it, reading
                             progress is shown for samples of 16 MB or more and the solver's progress on a
                             terminal, neither with --json)
${repairArgHelp(29, false)}
${solverArgHelp(29)}
`,
  async run(argv) {
    const args = parseCommandArgs('infer', argv, {
      tokenizer: { type: 'string' }, category: { type: 'string', multiple: true }, merges: { type: 'string' },
      range: { type: 'string' }, 'max-bytes': { type: 'string' }, json: { type: 'boolean' }, threads: { type: 'string' }, quiet: { type: 'boolean' },
      ...REPAIR_OPTIONS, ...SOLVER_OPTIONS,
    });
    if (args.positionals.length > 0) throw new InputError(`unexpected argument "${args.positionals[0]}": give samples with --category NAME=PATH`);
    const tokenizerArg = requireString(args, 'tokenizer', 'infer');
    const categoryArgs = ((args.values.category as string[] | undefined) ?? []).map((arg) => parseCategoryArg(arg));
    if (categoryArgs.length < 2) throw new InputError(`give at least two --category NAME=PATH (got ${categoryArgs.length}): the mixture is over the candidates you name`);
    const seen = new Set<string>();
    for (const c of categoryArgs) {
      if (seen.has(c.name)) throw new InputError(`--category "${c.name}" is given twice: list all its paths in one --category ${c.name}=PATH,PATH`);
      seen.add(c.name);
    }
    const maxBytes = positiveInt(args, 'max-bytes', Infinity)!;
    const threads = threadsArg(args);
    // Progress (reading, solving) on standard error unless --quiet, and not with --json.
    const showProgress = !args.values.quiet && !args.values.json;
    const solver = await solverArgs(args, showProgress);

    // The merge list repaired (its report on stderr), and the start/end that --skip-hand-added / --after-shared ask for.
    const analysis = await loadAnalysisTokenizer(args, tokenizerArg);
    const { tokenizer, bounds } = analysis;
    const range = withRepairContext(() => rangeArg(args, tokenizer.mergeLeft.length, bounds), analysis.repair);
    const started = performance.now();
    const pool = new WordCountPool(tokenizer, threads.threads, threads.minBytes);
    const categories = [];
    try {
      for (const c of categoryArgs) categories.push({ name: c.name, words: await countCategory(c, pool, maxBytes, (size) => readProgress(c.name, size, showProgress)) });
    } finally {
      await pool.close();
    }
    const counted = performance.now();
    // Said before the solve, which may then take long: the user can stop it and analyse fewer merges.
    const flags: AdviceFlags = {
      handAddedEnd: analysis.repair && !args.values['skip-hand-added'] ? analysis.repair.suggestedStart : 0,
      range: args.values.range !== undefined,
      startOptions: Boolean(args.values['skip-hand-added']) || args.values['after-shared'] !== undefined,
    };
    const onReplayed = ({ support }: { support: SampleSupport }) => {
      const note = args.values.quiet ? null : supportNote(support) ?? leadingNote(support);
      if (note) stderrLine(`note: ${note} ${supportAdvice(range, support, flags)}`);
    };
    const result = inferMixture(tokenizer, categories, solver.engine, { range, solve: solver.solve, onReplayed });
    const seconds = { count_words: (counted - started) / 1000, replay: result.replaySeconds, total: (performance.now() - started) / 1000 };
    // Warnings only once the inputs are known to be good, so a bad input stays one line on stderr.
    printRepairReport(args, analysis);
    if (!args.values.quiet) for (const note of noOpNotes(args, analysis)) stderrLine(`note: ${note}`);
    for (const w of tokenizer.warnings) stderrLine(`warning: ${w}`);
    for (const c of result.categories) {
      if (c.missing.occurrences > 0) {
        stderrLine(`warning: category "${c.name}": ${describeMissing(c.missing)}`);
      }
    }
    const same = sameSamplesNote(result.categories.map((c) => c.name), sameSamples(result.trajectories));
    if (same) stderrLine(`warning: ${same[0].toLowerCase()}${same.slice(1)}`);
    const range_ = result.range.end - result.range.start;
    const absent = absentMergesNote(result.absentMerges, range_);
    if (absent) stderrLine(`warning: ${absent}`);
    if (result.solution.engineFailure) stderrLine(`warning: ${engineFailureNote(result.solution)}`);
    const handed = methodNote(solver.solve, result.solution);
    if (handed && !args.values.quiet) stderrLine(`note: ${handed}`);
    const few = fewMergesNote(result.range.start, result.range.end);
    if (few) stderrLine(`warning: ${few[0].toLowerCase()}${few.slice(1)}`);
    const report = inferReport(tokenizer, result, {
      maxBytes, seconds, units: describeUnits(unitRulesOf(tokenizer)),
      list: { as_loaded: analysis.repair?.originalMerges ?? tokenizer.mergeLeft.length, repaired: analysis.repair?.merges ?? null },
      options: { skip_hand_added: Boolean(args.values['skip-hand-added']), after_shared: (args.values['after-shared'] as string | undefined) ?? null },
    });
    process.stdout.write(args.values.json ? JSON.stringify(report) + '\n' : terminalSafe(inferTable(report)));
  },
};

/** What the command line of this run already says about where the merges start, for the advice. */
interface AdviceFlags {
  /** The end of a leading hand-added run the repair found and this run did not skip (0 when none). */
  handAddedEnd: number;
  /** --range was given (it cannot be combined with --skip-hand-added). */
  range: boolean;
  /** --skip-hand-added or --after-shared set the start: --merges T then counts from there. */
  startOptions: boolean;
}

/**
 * What to do about the merges the samples do not support: analyse the supported ones (leaving out a leading run of
 * rare merges too, by --skip-hand-added when the repair found hand-added merges there), give more text, or stop at
 * a gap. Examples: range 0..30000, 5,900 supported -> "For a faster run: --merges 5900, more sample text ...";
 * Gemma 3's 0..500, merges 100..500 supported, 90 hand-added -> "To leave them out: --skip-hand-added --merges 410."
 */
export function supportAdvice(range: MergeRange, support: SampleSupport, flags: AdviceFlags): string {
  const tail = supportNote(support) !== null;
  // With no supported block at all, fewer merges would be as rare: no --merges is suggested, only text or a gap.
  const end = tail && support.supported > 0 ? range.start + suggestedMerges(support) : range.end;
  // A leading rare run, ending where a hand-added run does when that explains it (not with --range: it cannot be
  // combined with --skip-hand-added).
  const rare = rareStartEnd(support, range.start, flags.range ? 0 : flags.handAddedEnd);
  const byHand = rare?.byHand ?? false;
  const start = range.start + (rare?.end ?? 0);
  let flag: string | null = null;
  if (byHand) flag = `--skip-hand-added --merges ${end - start}`;
  else if (start === range.start && end < range.end) flag = range.start === 0 || flags.startOptions ? `--merges ${end - start}` : `--range ${start}..${end}`;
  else if (start > range.start) flag = `--range ${start}..${end}${flags.startOptions ? ' (instead of --skip-hand-added / --after-shared)' : ''}`;
  if (!tail) return flag ? `To leave them out: ${flag}.` : '';
  return `For a faster run: ${flag ? `${flag}, ` : ''}more sample text per category, or --gap 5%.`;
}

/**
 * Runs a range check; a range past the end of a repaired list says that merges are numbered in it, which may be far
 * shorter than the list as loaded (Llama 3: 127,744 of 280,147).
 */
function withRepairContext(check: () => MergeRange, repair: { originalMerges: number; merges: number } | null): MergeRange {
  try {
    return check();
  } catch (e) {
    if (!(isInputError(e) && repair && repair.merges < repair.originalMerges && /past the|more than the/.test(e.message))) throw e;
    throw new InputError(`${e.message} (merges are numbered in the repaired list, ${repair.merges.toLocaleString('en-US')} of the ` +
      `${repair.originalMerges.toLocaleString('en-US')} merges as loaded: see \`mergeprint inspect\`; --no-repair numbers them as loaded)`);
  }
}

/** What an option did not change, said rather than silently ignored: a list without a hand-added run, or nothing shared. */
function noOpNotes(args: Parsed, analysis: AnalysisTokenizer): string[] {
  const notes: string[] = [];
  const r = analysis.repair;
  if (args.values['skip-hand-added'] && r && r.suggestedStart === 0 && r.suggestedEnd === r.merges) {
    notes.push('--skip-hand-added changes nothing here: this merge list has no run of hand-added whitespace merges at either end');
  }
  const against = args.values['after-shared'] as string | undefined;
  if (against !== undefined && analysis.bounds.start === (args.values['skip-hand-added'] && r ? r.suggestedStart : 0)) {
    notes.push(`--after-shared ${against} changes nothing here: this merge list does not begin with ${against}'s merges`);
  }
  return notes;
}

/**
 * --merges T or --range A..B (not both) as a merge range of a list of `total` merges. `bounds` is what
 * --skip-hand-added / --after-shared ask for: --merges T then counts T merges from its start.
 */
function rangeArg(args: Parsed, total: number, bounds = { start: 0, end: total }): MergeRange {
  const merges = positiveInt(args, 'merges');
  const range = args.values.range as string | undefined;
  if (merges !== undefined && range !== undefined) throw new InputError('give --merges T or --range A..B, not both (--merges T is --range 0..T)');
  const { start, end } = bounds;
  if (range !== undefined && (args.values['skip-hand-added'] || args.values['after-shared'] !== undefined)) throw new InputError('give --range A..B or --skip-hand-added / --after-shared, not both: they all set the merges analysed');
  if (merges !== undefined) {
    if (start + merges > end) throw new InputError(`--merges ${merges} is more than the ${end - start} merges of the tokenizer${start > 0 ? ` from merge ${start}` : ''}`);
    return mergeRange(total, { start, end: start + merges });
  }
  if (range === undefined) return mergeRange(total, { start, end: Math.min(end, start + DEFAULT_MAX_MERGES) });
  const m = /^(\d+)\.\.(\d*)$/.exec(range);
  if (!m) throw new InputError(`--range "${range}" must be A..B or A.. with whole numbers, e.g. 100000..130000`);
  return mergeRange(total, { start: Number(m[1]), end: m[2] === '' ? undefined : Number(m[2]) });
}

export interface InferReport {
  tokenizer: string;
  /** How the samples were cut before pairs were counted (SentencePiece-style units for character-level tokenizers). */
  units: string;
  categories: { name: string; alpha: number; share: number; bytes: number; pairs: number }[];
  merges: number;
  /** Merges of the range that occur in no sample. */
  absent_merges: number;
  /**
   * How far the samples support the range (sample-support.ts): the supported merges run from supported_from (the
   * first block of 100 whose median count in all samples together reaches min_count; 0 unless the list opens with
   * rare merges) to supported_merges (the next block below min_count; 0 when no block reaches it), counted from the
   * start of the range; suggested_merges is how many to analyse instead; last_median the median of the last block.
   */
  support: { supported_from: number; supported_merges: number; suggested_merges: number; min_count: number; last_median: number };
  solver: {
    engine: string; rounds: number; constraints: number; objective: number;
    /** A proven lower bound on the optimal objective, and the relative gap (objective - lower_bound) / objective. */
    lower_bound: number; gap: number;
    /** The LP engine's message when it failed before the optimum (the result is then the best solution found before), else null. */
    engine_failure: string | null;
    seconds: number; lp_seconds: number; sweep_seconds: number; max_violation: number;
  };
  settings: {
    range: [number, number]; max_bytes: number | null; method: 'lazy' | 'matching'; max_per_merge: number; batch: number; tolerance: number; gap_tolerance: number;
    /** --skip-hand-added, and the tokenizer given to --after-shared (null when absent): they set the range's start. */
    skip_hand_added: boolean; after_shared: string | null;
  };
  /**
   * The merge list: its length as loaded and repaired (null with --no-repair). The range numbers merges in the
   * repaired list unless that is null.
   */
  merge_list: { as_loaded: number; repaired: number | null };
  seconds: { count_words: number; replay: number; total: number };
}

export function inferReport(
  tokenizer: Pick<Tokenizer, 'name'>,
  result: MixtureInference,
  extra: {
    maxBytes: number; seconds: InferReport['seconds']; units: string;
    list: InferReport['merge_list']; options: Pick<InferReport['settings'], 'skip_hand_added' | 'after_shared'>;
  },
): InferReport {
  const s = result.solution;
  return {
    tokenizer: tokenizer.name,
    units: extra.units,
    categories: result.categories.map((c, i) => ({ name: c.name, alpha: s.alpha[i], share: s.share[i], bytes: c.bytes, pairs: c.pairs })),
    merges: result.range.end - result.range.start,
    absent_merges: result.absentMerges,
    support: {
      supported_from: result.support.supportedFrom, supported_merges: result.support.supported, suggested_merges: result.support.suggested,
      min_count: result.support.minCount, last_median: result.support.lastMedian,
    },
    solver: {
      engine: s.engine, rounds: s.rounds, constraints: s.constraints, objective: s.objective, lower_bound: s.lowerBound, gap: s.gap, engine_failure: s.engineFailure,
      seconds: round(s.lpSeconds + s.sweepSeconds), lp_seconds: round(s.lpSeconds), sweep_seconds: round(s.sweepSeconds), max_violation: s.maxViolation,
    },
    settings: {
      range: [result.range.start, result.range.end], max_bytes: Number.isFinite(extra.maxBytes) ? extra.maxBytes : null,
      method: s.settings.method, max_per_merge: s.settings.maxPerMerge, batch: s.settings.batch, tolerance: s.settings.tolerance, gap_tolerance: s.settings.gapTolerance,
      ...extra.options,
    },
    merge_list: extra.list,
    seconds: { count_words: round(extra.seconds.count_words), replay: round(extra.seconds.replay), total: round(extra.seconds.total) },
  };
}

/** The report as a readable table, largest share first. */
export function inferTable(r: InferReport): string {
  const rows = [...r.categories].sort((a, b) => b.share - a.share || (a.name < b.name ? -1 : 1));
  // In terminal columns: a category name may be in a wide script ("日本語" takes 6).
  const width = maxWidth(rows.map((c) => c.name), 8);
  const lines = [
    `${padEndColumns('category', width)}  ${'share'.padStart(8)}  ${'alpha'.padStart(8)}  ${'bytes'.padStart(11)}  ${'pairs'.padStart(11)}`,
    ...rows.map((c) => `${padEndColumns(c.name, width)}  ${(c.share * 100).toFixed(2).padStart(7)}%  ${c.alpha.toFixed(5).padStart(8)}  ${String(c.bytes).padStart(11)}  ${String(c.pairs).padStart(11)}`),
    '',
    `pairs counted in: ${r.units}`,
    `${r.tokenizer}: merges ${r.settings.range[0]}..${r.settings.range[1]} (${r.merges}); ${r.solver.engine}: ${r.solver.rounds} rounds, ` +
      `${r.solver.constraints} constraints, objective ${r.solver.objective.toPrecision(4)}, max violation ${r.solver.max_violation.toPrecision(3)} per million; ` +
      `LP ${r.solver.lp_seconds} s, sweeps ${r.solver.sweep_seconds} s, total ${r.seconds.total} s`,
  ];
  if (r.solver.engine_failure) {
    lines.push(`the LP engine failed at round ${r.solver.rounds + 1}: this is the best solution found before, with ${provenGap(r.solver.gap)}`);
  } else if (r.settings.gap_tolerance > 0) {
    lines.push(r.solver.gap > 0
      ? `stopped early (--gap ${formatGap(r.settings.gap_tolerance)}), with ${provenGap(r.solver.gap)}; ` +
        'the weights are those of the best solution found, not necessarily the optimal ones'
      : 'solved exactly before the --gap was reached');
  }
  return lines.join('\n') + '\n';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
