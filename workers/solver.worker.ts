// The mixture LP over the categories' trajectories: HiGHS (WASM, loaded once), or glpk.js if HiGHS cannot load.
import * as Comlink from 'comlink';
import type { LpEngine } from '../src/lib/core/mixture-lp.ts';
import { highsEngine } from '../src/lib/core/lp-highs.ts';
import { glpkEngine } from '../src/lib/core/lp-glpk.ts';
import { solveTrajectories } from '../src/lib/core/mixture-result.ts';
import type { SolverWorkerApi } from './worker-types.ts';

async function engine(): Promise<{ engine: LpEngine; note: string | null }> {
  try {
    return { engine: await highsEngine(), note: null };
  } catch (e) {
    return { engine: await glpkEngine(), note: `HiGHS did not load (${(e as Error).message}); glpk.js solved the LP instead (slower).` };
  }
}

const api: SolverWorkerApi = {
  async solve(categories, merges, end, onProgress, start = 0, gapTolerance = 0) {
    const { engine: lp, note } = await engine();
    const solution = solveTrajectories(categories, merges, end, lp, { onProgress, gapTolerance }, start);
    return { solution, engineNote: note };
  },
};

Comlink.expose(api);
