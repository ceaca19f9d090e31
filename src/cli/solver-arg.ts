// `--engine`, `--method`, `--batch`, `--competitors` and `--gap` for the commands that solve the mixture LP (infer, experiment):
// which LP engine and solving method, how many new constraints each round adds before re-solving and at most how many per merge, and
// whether to stop at a proven relative gap.
// Example: "--engine highs --batch 10000 --competitors 1 --gap 0.5%" -> HiGHS (incremental), 10,000 constraints per
// round and at most one per merge, stop once the best solution found has a proven gap of 0.5% or less.

import { InputError } from '../lib/core/errors.ts';
import { glpkEngine } from '../lib/core/lp-glpk.ts';
import { highsEngine } from '../lib/core/lp-highs.ts';
import type { LpEngine } from '../lib/core/mixture-lp.ts';
import type { MixtureSolution, SolveOptions, SolveProgress } from '../lib/core/solve-mixture.ts';
import { formatGap } from '../lib/core/mixture-result.ts';
import { positiveInt, type Options, type Parsed } from './args.ts';
import { displayWidth, fitColumns } from './columns.ts';

const ENGINES: Record<string, () => Promise<LpEngine>> = { glpk: glpkEngine, highs: highsEngine };

export const SOLVER_OPTIONS: Options = { engine: { type: 'string' }, method: { type: 'string' }, batch: { type: 'string' }, competitors: { type: 'string' }, gap: { type: 'string' } };
/** For commands whose output must be exact (the gallery's committed results): no --gap. */
export const EXACT_SOLVER_OPTIONS: Options = { engine: SOLVER_OPTIONS.engine, method: SOLVER_OPTIONS.method, batch: SOLVER_OPTIONS.batch, competitors: SOLVER_OPTIONS.competitors };

/** The help lines of the flags (without --gap when `withGap` is false), descriptions starting at column `column`. */
export function solverArgHelp(column: number, withGap = true): string {
  return [
    ['--engine E', 'the LP engine: highs (HiGHS, incremental; the default) or glpk (glpk.js, the reference; slower except on the smallest LPs)'],
    ['--method M', 'lazy (constraint generation; the default) or matching (rounds of maximum matchings: 5-6x faster on emulated 1 GB samples at 30,000 merges; --batch and --competitors do not apply)'],
    ['--batch N', "constraints added per round before re-solving (default: the solver's: all that a full sweep finds)"],
    ['--competitors K', 'constraints added per merge and round, at most (default 3; 1 was faster on emulated 1 GB samples, slower on 1 MB ones)'],
    ...(withGap ? [['--gap G', 'stop once the best solution found has a proven gap of at most G (better weights could cut its total slack by at most that share), e.g. 0.01 or 1% (default 0: exact)']] : []),
  ].map(([flag, text]) => `  ${flag.padEnd(column - 2)}${text}`).join('\n');
}

/**
 * The engine and solve options of the flags. `progress`: whether a progress line may be drawn (the commands pass
 * false for --quiet and --json, as for their reading progress); it is drawn only on a terminal.
 */
export async function solverArgs(args: Parsed, progress = true, stream: NodeJS.WriteStream = process.stderr): Promise<{ engine: LpEngine; solve: SolveOptions }> {
  // HiGHS by default: the same optimum as glpk.js on every instance compared (tests and bench), 3-17x faster from about
  // a thousand merges on (glpk.js, solving each round from scratch, wins only on LPs of a few hundred constraints).
  const name = (args.values.engine as string | undefined) ?? 'highs';
  const make = ENGINES[name];
  if (!make) throw new InputError(`--engine "${name}" is not an engine; expected one of: ${Object.keys(ENGINES).join(', ')}`);
  const batch = positiveInt(args, 'batch');
  const competitors = positiveInt(args, 'competitors');
  const solve: SolveOptions = {};
  const method = args.values.method as string | undefined;
  if (method !== undefined && method !== 'lazy' && method !== 'matching') throw new InputError(`--method "${method}" is not a method; expected lazy or matching`);
  if (method === 'matching') solve.method = method;
  if (batch !== undefined) solve.batch = batch;
  if (competitors !== undefined) solve.maxPerMerge = competitors;
  const gap = gapArg(args.values.gap as string | undefined);
  if (gap > 0) solve.gapTolerance = gap;
  // On a terminal, one self-overwriting progress line: a T = 30,000 solve can take minutes. It is kept narrower
  // than the terminal, since a line that wraps is no longer overwritten by \r but repeated.
  if (progress && stream.isTTY) {
    const started = performance.now();
    solve.onProgress = (p) => {
      const line = solverProgressLine(p, (performance.now() - started) / 1000, (stream.columns || 80) - 1);
      stream.write(`\r${line}\x1b[K`);
      if (p.violations === 0) stream.write('\r\x1b[K');
    };
  }
  return { engine: await make(), solve };
}

/**
 * The solver's progress in at most `columns` terminal columns: the longest of a few wordings that fits, cut with
 * "…" when even the shortest does not. Example (round 12, 2446 constraints, 15 violations in 30000 merges, gap 0.128,
 * 14 s): 100 columns -> "round 12: 2446 constraints, 15 violations in 30000 merges, objective 1235, gap 12.80%, 14 s";
 * 79 -> "round 12: 2446 constraints, 15 violations in 30000 merges, gap 12.80%, 14 s" (75 columns).
 */
export function solverProgressLine(p: Omit<SolveProgress, 'lowerBound'>, seconds: number, columns: number): string {
  const head = `round ${p.round}: ${p.constraints} constraints, ${p.violations} violations`;
  const known = p.upperBound < Infinity;
  const time = `${seconds.toFixed(0)} s`;
  const wordings = [
    [head + ` in ${p.swept} merges`, `objective ${p.objective.toPrecision(4)}`, known ? `gap ${formatGap(p.gap)}` : '', time],
    [head + ` in ${p.swept} merges`, known ? `gap ${formatGap(p.gap)}` : '', time],
    [head, known ? `gap ${formatGap(p.gap)}` : '', time],
  ].map((parts) => parts.filter((part) => part !== '').join(', '));
  return wordings.find((w) => displayWidth(w) <= columns) ?? fitColumns(wordings[wordings.length - 1], columns);
}

/**
 * Says when --method matching handed the problem to the lazy method, which the result alone does not show (its
 * JSON does: settings.method). Example: asked for matching, solved by lazy -> "--method matching: ... from the start".
 */
export function methodNote(solve: SolveOptions, solution: Pick<MixtureSolution, 'settings'>): string | null {
  if (solve.method !== 'matching' || solution.settings.method === 'matching') return null;
  return '--method matching: the merges are beaten by too many pairs to match (more than 100 per merge on average: ' +
    'the samples are too small or too unlike the training text for it), so the lazy method solved the LP from the start';
}

/** "--gap 0.01" or "--gap 1%" -> 0.01; absent -> 0. A relative gap must be at least 0 and below 1 (100%). */
export function gapArg(text: string | undefined): number {
  if (text === undefined) return 0;
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(value >= 0 && value < 1)) throw new InputError(`--gap must be a relative gap from 0 up to (not including) 1, such as 0.01 or 1%, got "${text}"`);
  return value;
}

