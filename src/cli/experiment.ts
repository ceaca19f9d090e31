// mergeprint experiment: a controlled test of the attack on the bundled corpora. Train a tokenizer on a known mixture
// of the categories' train parts, attack it with their sample parts, and print truth, estimate and baselines.
//
//   mergeprint experiment --categories en,fr,de,es,ru --weights random --seed 1 --train-bytes 2000000 --merges 3000

import { findCorpusCategory } from '../lib/core/corpora-manifest.ts';
import { InputError } from '../lib/core/errors.ts';
import { BASELINES, MAX_SEED, maxTrainingBytes, parseWeights, planTrainingBudgets, runExperiment, type ExperimentResult } from '../lib/core/experiment.ts';
import { makeNormalizer } from '../lib/core/normalize.ts';
import { makePreTokenizer } from '../lib/core/pre-tokenize.ts';
import { countCorpusPart, readCorporaManifest } from '../lib/node/corpora.ts';
import { parseCommandArgs, positiveInt, requireString } from './args.ts';
import type { Command } from './main.ts';
import { methodNote, solverArgHelp, SOLVER_OPTIONS, solverArgs } from './solver-arg.ts';
import { stderrLine } from './terminal-text.ts';
import { formatGap, provenGap } from '../lib/core/mixture-result.ts';
import { loadPipelineArg, PRETOKENIZER_ARG_HELP } from './pipeline-arg.ts';
import { maxWidth, padEndColumns, padStartColumns } from './columns.ts';

export const experimentCommand: Command = {
  summary: 'train a tokenizer on a known mixture of bundled corpora, attack it, and score the estimate and baselines',
  help: `
Usage: mergeprint experiment --categories A,B,... --weights (random|w1,w2,...) --train-bytes N
                             --merges T [--seed S] [--sample-bytes M] [--pretokenizer PRE] [--json]

Builds a training text from the bundled categories' train parts: category i contributes the first w_i * N bytes of
its train part, cut at a line boundary. Trains a BPE tokenizer with T merges on it (HuggingFace-exact), attacks it
with the categories' sample parts (disjoint from the train parts), and prints the true byte shares, the estimate,
the log10 mean squared error, and the baselines on the same instance: random (a seeded draw from the simplex),
uniform, TEE (encoding efficiency relative to a tokenizer trained on the sample alone) and TC (each new token to
the category where it is most frequent).

  --categories A,B,...   bundled category ids (en, de, fr, ..., python, c, go, ...), at least two
  --weights W            "random" (a seeded uniform draw from the simplex) or one number per category
  --seed S               seeds the random weights and the random baseline (default 0)
  --train-bytes N        bytes of training text in all, or "max": the most the train parts allow for the weights
  --merges T             merges to train and analyse
  --sample-bytes M       read at most M bytes of each sample part (default: all of it)
  --pretokenizer PRE     ${PRETOKENIZER_ARG_HELP} (default gpt2)
  --json                 print one JSON object instead of the table; per method (ours and each baseline) it
                         holds "mse", the mean squared error of the shares, and "log10_mse", its log10 (null
                         when the MSE is 0: the estimate is exact)
${solverArgHelp(25)}
`,
  async run(argv) {
    const args = parseCommandArgs('experiment', argv, {
      categories: { type: 'string' }, weights: { type: 'string' }, seed: { type: 'string' }, 'train-bytes': { type: 'string' },
      merges: { type: 'string' }, 'sample-bytes': { type: 'string' }, pretokenizer: { type: 'string' }, json: { type: 'boolean' }, ...SOLVER_OPTIONS,
    });
    if (args.positionals.length > 0) throw new InputError(`unexpected argument "${args.positionals[0]}"`);
    const names = requireString(args, 'categories', 'experiment').split(',').map((s) => s.trim());
    if (names.length < 2) throw new InputError(`--categories needs at least two bundled categories, got "${names.join(',')}"`);
    if (new Set(names).size !== names.length) throw new InputError(`--categories names a category twice: "${names.join(',')}"`);
    const manifest = await readCorporaManifest();
    const entries = names.map((id) => findCorpusCategory(manifest, id));
    const seedArg = args.values.seed as string | undefined;
    if (seedArg !== undefined && !(/^\d+$/.test(seedArg) && Number(seedArg) <= MAX_SEED)) {
      throw new InputError(`--seed must be a whole number from 0 to ${MAX_SEED}, got "${seedArg}"`);
    }
    const seed = Number(seedArg ?? 0);
    const weightSpec = requireString(args, 'weights', 'experiment');
    const weights = parseWeights(weightSpec, names.length, seed);
    const trainBytes = args.values['train-bytes'] === 'max'
      ? maxTrainingBytes(weights, entries.map((e) => e.parts.train.bytes))
      : positiveInt(args, 'train-bytes')!;
    if (trainBytes === undefined) requireString(args, 'train-bytes', 'experiment');
    const merges = positiveInt(args, 'merges')!;
    if (merges === undefined) requireString(args, 'merges', 'experiment');
    const sampleBytes = positiveInt(args, 'sample-bytes', Infinity)!;
    const pretokenizer = (args.values.pretokenizer as string | undefined) ?? 'gpt2';
    const specs = await loadPipelineArg(pretokenizer);
    const solver = await solverArgs(args, !args.values.json);

    const budgets = planTrainingBudgets(names.map((id) => `category "${id}"`), weights, trainBytes, entries.map((e) => e.parts.train.bytes),
      { format: (b) => `${b} bytes`, setting: '--train-bytes' });

    const pipeline = { normalizer: specs.normalizer ? makeNormalizer(specs.normalizer) : null, preTokenizer: makePreTokenizer(specs.preTokenizer) };
    const started = performance.now();
    const train = [], samples = [];
    for (const [i, id] of names.entries()) {
      train.push(await countCorpusPart(id, 'train', pipeline, { maxBytes: budgets[i] }));
      samples.push(await countCorpusPart(id, 'sample', pipeline, { maxBytes: sampleBytes }));
    }
    const countSeconds = (performance.now() - started) / 1000;
    const result = runExperiment({ names, train, samples, merges, seed, engine: solver.engine, solve: solver.solve });
    const handed = methodNote(solver.solve, result.inference.solution);
    if (handed) stderrLine(`note: ${handed}`);
    const report = experimentReport(result, { seed, weights: weightSpec, trainBytes, sampleBytes, merges, pretokenizer, countSeconds });
    process.stdout.write(args.values.json ? JSON.stringify(report) + '\n' : experimentTable(report));
  },
};

export interface ExperimentReport {
  categories: ({ name: string; truth: number; estimate: number; alpha: number; train_bytes: number; sample_bytes: number } & Record<string, number | string>)[];
  /** Per method (ours, then each baseline): the mean squared error of the shares, and its log10 (null when it is 0). */
  mse: Record<string, number>;
  log10_mse: Record<string, number | null>;
  merges: number;
  solver: { engine: string; method: 'lazy' | 'matching'; rounds: number; constraints: number; objective: number; lower_bound: number; gap: number; gap_tolerance: number; engine_failure: string | null; lp_seconds: number; sweep_seconds: number; max_violation: number };
  seconds: { count_words: number; train: number; attack: number; baselines: number };
  settings: { seed: number; weights: string; train_bytes: number; sample_bytes: number | null; merges: number; pretokenizer: string };
}

function experimentReport(r: ExperimentResult, s: { seed: number; weights: string; trainBytes: number; sampleBytes: number; merges: number; pretokenizer: string; countSeconds: number }): ExperimentReport {
  const sol = r.inference.solution;
  const methods: [string, ArrayLike<number>][] = [['ours', r.estimate], ...BASELINES.map((b) => [b, r.baselines[b]] as [string, ArrayLike<number>])];
  return {
    categories: r.names.map((name, i) => {
      const row: ExperimentReport['categories'][number] = { name, truth: r.truth[i], estimate: r.estimate[i], alpha: sol.alpha[i], train_bytes: r.trainBytes[i], sample_bytes: r.sampleBytes[i] };
      for (const b of BASELINES) row[b] = r.baselines[b][i];
      return row;
    }),
    mse: Object.fromEntries(methods.map(([k, shares]) => [k, meanSquaredError(shares, r.truth)])),
    // JSON has no -Infinity: an exact estimate's log10 is null, and "mse" says it is 0.
    log10_mse: Object.fromEntries(methods.map(([k]) => [k, finiteOrNull(r.error[k as keyof ExperimentResult['error']])])),
    merges: r.merges,
    solver: {
      engine: sol.engine, method: sol.settings.method, rounds: sol.rounds, constraints: sol.constraints, objective: sol.objective,
      lower_bound: sol.lowerBound, gap: sol.gap, gap_tolerance: sol.settings.gapTolerance, engine_failure: sol.engineFailure,
      lp_seconds: round(sol.lpSeconds), sweep_seconds: round(sol.sweepSeconds), max_violation: sol.maxViolation,
    },
    seconds: { count_words: round(s.countSeconds), train: round(r.seconds.train), attack: round(r.seconds.attack), baselines: round(r.seconds.baselines) },
    settings: { seed: s.seed, weights: s.weights, train_bytes: s.trainBytes, sample_bytes: Number.isFinite(s.sampleBytes) ? s.sampleBytes : null, merges: s.merges, pretokenizer: s.pretokenizer },
  };
}

/**
 * The mean over categories of (estimate - truth)^2, the error whose log10 the table and the paper show.
 * Example: ([0.5, 0.5], [0.6, 0.4]) -> 0.01; ([0, 1], [0, 1]) -> 0.
 */
export function meanSquaredError(estimate: ArrayLike<number>, truth: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (estimate[i] - truth[i]) ** 2;
  return sum / truth.length;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** A log10 MSE cell: "-3.54", or "exact (MSE 0)" where the error is 0 and its log10 has no value. */
export function log10MseCell(log10: number | null, mse: number): string {
  return log10 === null ? (mse === 0 ? 'exact (MSE 0)' : `MSE ${mse}`) : log10.toFixed(2);
}

/** The report as a readable table: truth, estimate and baselines per category, then each method's log10 MSE. */
export function experimentTable(r: ExperimentReport): string {
  const cols = ['truth', 'estimate', ...BASELINES];
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const rows = [
    ['category', ...cols],
    ...r.categories.map((c) => [c.name, ...cols.map((k) => pct(c[k] as number))]),
    ['log10 MSE', '', ...['ours', ...BASELINES].map((k) => log10MseCell(r.log10_mse[k], r.mse[k]))],
  ];
  // Column widths in terminal columns (a category name may be in a wide script), numbers at least 9 wide.
  const widths = rows[0].map((_, i) => maxWidth(rows.map((row) => row[i]), i === 0 ? 8 : 9));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? padEndColumns(cell, widths[i]) : padStartColumns(cell, widths[i]))).join(' ');
  const lines = [
    ...rows.map(line),
    '',
    `${r.merges} merges trained on ${r.categories.reduce((a, c) => a + c.train_bytes, 0)} bytes (${r.settings.pretokenizer}, weights ${r.settings.weights}, seed ${r.settings.seed}); ` +
      `samples ${r.categories.map((c) => c.sample_bytes).join('/')} bytes; ${r.solver.engine}: ${r.solver.rounds} rounds, ${r.solver.constraints} constraints; ` +
      `train ${r.seconds.train} s, attack ${r.seconds.attack} s (LP ${r.solver.lp_seconds} s, sweeps ${r.solver.sweep_seconds} s), baselines ${r.seconds.baselines} s`,
  ];
  if (r.solver.engine_failure) lines.push(`the LP engine failed (${r.solver.engine_failure}): the estimate is the best solution found before, with ${provenGap(r.solver.gap)}`);
  else if (r.solver.gap > 0) lines.push(`stopped early (--gap ${formatGap(r.solver.gap_tolerance)}), with ${provenGap(r.solver.gap)}`);
  return lines.join('\n') + '\n';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
