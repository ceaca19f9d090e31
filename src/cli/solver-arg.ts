// `--engine` and `--batch` for the commands that solve the mixture LP (infer, experiment): which LP engine, and how
// many new constraints each round adds before re-solving.
// Example: "--engine highs --batch 10000" -> HiGHS (incremental), 10,000 constraints per round.

import { InputError } from '../lib/core/errors.ts';
import { glpkEngine } from '../lib/core/lp-glpk.ts';
import { highsEngine } from '../lib/core/lp-highs.ts';
import type { LpEngine } from '../lib/core/mixture-lp.ts';
import type { SolveOptions } from '../lib/core/solve-mixture.ts';
import { positiveInt, type Options, type Parsed } from './args.ts';

const ENGINES: Record<string, () => Promise<LpEngine>> = { glpk: glpkEngine, highs: highsEngine };

export const SOLVER_OPTIONS: Options = { engine: { type: 'string' }, batch: { type: 'string' } };

/** The help lines of the two flags, descriptions starting at column `column`. */
export function solverArgHelp(column: number): string {
  return [
    ['--engine E', 'the LP engine: highs (HiGHS, incremental; the default) or glpk (glpk.js, the reference, slower)'],
    ['--batch N', "constraints added per round before re-solving (default: the solver's: all that a full sweep finds)"],
  ].map(([flag, text]) => `  ${flag.padEnd(column - 2)}${text}`).join('\n');
}

export async function solverArgs(args: Parsed): Promise<{ engine: LpEngine; solve: SolveOptions }> {
  // HiGHS by default: the same optimum as glpk.js on every instance compared (tests and bench), 3-17x faster.
  const name = (args.values.engine as string | undefined) ?? 'highs';
  const make = ENGINES[name];
  if (!make) throw new InputError(`--engine "${name}" is not an engine; expected one of: ${Object.keys(ENGINES).join(', ')}`);
  const batch = positiveInt(args, 'batch');
  const solve: SolveOptions = batch === undefined ? {} : { batch };
  // On a terminal, one self-overwriting progress line: a T = 30,000 solve can take minutes.
  if (process.stderr.isTTY) {
    const started = performance.now();
    solve.onProgress = (p) => {
      process.stderr.write(`\rround ${p.round}: ${p.constraints} constraints, objective ${p.objective.toPrecision(4)}, ` +
        `${p.violations} violations in ${p.swept} merges, ${((performance.now() - started) / 1000).toFixed(0)} s\x1b[K`);
      if (p.violations === 0) process.stderr.write('\r\x1b[K');
    };
  }
  return { engine: await make(), solve };
}
