// The HiGHS engine for the mixture LP (the `highs` package: HiGHS compiled to WASM, MIT). Unlike glpk.js it keeps
// a model alive between rounds, built from typed arrays, and re-solves each round from the previous optimal basis.
//
// HiGHS is given the LP dual of LP1 (mixture-lp.ts), not LP1 itself. LP1 has a row per constraint (up to ~140,000 at
// T = 30,000) and only n + (merges and pairs with a constraint) columns, so the dual is the smaller, squarer
// problem: each constraint r is a column y_r >= 0, each primal column is a row:
//
//   maximise   lambda
//   subject to lambda + sum_r a_{r,i} y_r <= 0      for each category i      (dual row of alpha_i, cost 0)
//              sum of y_r over merge k's rows <= 1  for each merge k         (dual row of v_k, cost 1)
//              sum of y_r over pair p's rows  <= 1  for each pair p          (dual row of u_p, cost 1)
//              y >= 0, lambda free
//
// (y is a fractional matching between merges and pairs: the edges the weights cannot explain.) Its optimum equals
// LP1's, and LP1's solution is read off the dual values of these rows: alpha_i, v_k, u_p = minus the row's dual.
// Example: a single constraint r, merge 0 against pair 3, with a_r = (-2, -1): no weights explain the merge, and LP1's
// optimum is 1 (alpha = (0, 1), v_0 + u_3 = 1). The dual, max lambda with lambda - 2 y <= 0, lambda - y <= 0 and
// y <= 1 (merge 0's row and pair 3's), has the same optimum at y = 1, and its rows' duals are that alpha and slack.
//
// A round's new constraints are new columns, which leave the last basis primal feasible, so HiGHS's primal simplex
// (simplex_strategy 4) goes on from it. Measured against LP1 given as rows and re-solved by the dual simplex, as this
// engine did before (scratch runs, two at a time on the 2 cores, identical objectives): GPT-2 against 10 languages of
// 300 kB, T = 2000: 48.5 s against 106.6 s; 10 languages of 1 MB, T = 3000: 15.7 s against 19.8 s; the emulated paper
// scale (bench/paper-scale.ts, other weights), T = 30,000: 358 s against 662 s, and T = 10,000: 35.2 s against 31.2 s.
// The final LP of that T = 30,000 run alone (136,707 constraints), cold: 64 s as the dual, 320 s as rows.
//
// Any status other than optimal is an error, never numbers.
// HiGHS's WebAssembly memory cannot grow past 2 GB; an LP that needs more (about 2 million constraints of 10
// categories) makes the module abort, which kills it. That becomes a SolverError saying so, and the next engine
// loads afresh.

import loadHighs, { type Highs, type Model } from 'highs';
import type { LpEngine, LpSolution, MixtureLp } from './mixture-lp.ts';
import { SolverError } from './mixture-lp.ts';

let highsPromise: Promise<Highs> | undefined;

/** One live model of the dual, tied to the MixtureLp object it mirrors (a new LP object starts a new model). */
interface Session {
  lp: MixtureLp;
  model: Model;
  /** Constraints loaded as columns: LP constraint r is HiGHS column r + 1 (column 0 is lambda). */
  constraintsLoaded: number;
  /** Dual row of each merge's / pair's slack, created on first use. Rows 0..n-1 are the alpha rows. */
  mergeRow: Map<number, number>;
  pairRow: Map<number, number>;
  rows: number;
}

/** Loads the WASM once per thread. The engine keeps one model; dispose() frees it. */
export async function highsEngine(): Promise<LpEngine & { dispose(): void }> {
  const highs = await (highsPromise ??= loadHighs());
  let session: Session | undefined;
  const dispose = () => { session?.model.dispose(); session = undefined; };
  return {
    name: `HiGHS ${highs.version.major ?? ''}.${highs.version.minor ?? ''}.${highs.version.patch ?? ''}`.replace(/ \.\.$/, ''),
    dispose,
    incremental: true,
    solve(lp) {
      try {
        if (session?.lp !== lp) { dispose(); session = openSession(highs, lp); lp.deleted.length = 0; } // a new model loads every constraint
        return solveSession(highs, session, lp);
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError)) throw e;
        // The module is dead: forget it and its model, so that a later engine loads a fresh one.
        session = undefined;
        highsPromise = undefined;
        throw wasmFailure(e, lp.rows);
      }
    },
  };
}

/**
 * A WebAssembly abort of HiGHS as the SolverError a user reads. Example: RuntimeError "Aborted(). Build with
 * -sASSERTIONS for more info." on 630,607 rows -> "HiGHS stopped on the LP of 630,607 constraints (Aborted()): ...".
 */
export function wasmFailure(e: Error, rows: number): SolverError {
  return new SolverError(`HiGHS stopped on the LP of ${rows.toLocaleString('en-US')} constraints (${e.message.split('. ')[0]}): most likely it ` +
    'ran out of memory, as its WebAssembly memory cannot grow past 2 GB. Analyse fewer merges, or stop at a (larger) gap.');
}

function openSession(highs: Highs, lp: MixtureLp): Session {
  const n = lp.categories;
  const model = highs.createModel();
  model.options.set({ output_flag: false, simplex_strategy: 4 });
  // The alpha rows (<= 0), then lambda: free, cost -1 (HiGHS minimises -lambda), 1 in each alpha row.
  addRows(highs, model, n, 0, 0);
  model.addCols({
    cost: Float64Array.of(-1), lower: Float64Array.of(-highs.infinity), upper: Float64Array.of(highs.infinity),
    matrix: { format: 'csc', numRows: n, numCols: 1, starts: Int32Array.of(0, n), indices: Int32Array.from({ length: n }, (_, i) => i), values: new Float64Array(n).fill(1) },
  });
  return { lp, model, constraintsLoaded: 0, mergeRow: new Map(), pairRow: new Map(), rows: n };
}

/** `count` empty rows sum <= upper, in a model of `columns` columns. */
function addRows(highs: Highs, model: Model, count: number, upper: number, columns: number): void {
  if (count === 0) return;
  model.addRows({
    lower: new Float64Array(count).fill(-highs.infinity),
    upper: new Float64Array(count).fill(upper),
    matrix: { format: 'csr', numRows: count, numCols: columns, starts: new Int32Array(count + 1), indices: new Int32Array(0), values: new Float64Array(0) },
  });
}

function solveSession(highs: Highs, s: Session, lp: MixtureLp): LpSolution {
  const n = lp.categories;
  // 0. Constraints the caller dropped (inactive for several rounds): their columns go.
  if (lp.deleted.length > 0) {
    s.model.deleteCols({ kind: 'set', indices: Int32Array.from(lp.deleted, (r) => r + 1) });
    s.constraintsLoaded -= lp.deleted.length;
    lp.deleted.length = 0;
  }
  const first = s.constraintsLoaded, count = lp.rows - first;

  // 1. Rows for the slacks that the new constraints bring (sum <= 1).
  let added = 0;
  for (let r = first; r < lp.rows; r++) {
    if (!s.mergeRow.has(lp.rowMerge[r])) { s.mergeRow.set(lp.rowMerge[r], s.rows + added++); }
    if (!s.pairRow.has(lp.rowPair[r])) { s.pairRow.set(lp.rowPair[r], s.rows + added++); }
  }
  addRows(highs, s.model, added, 1, 1 + first);
  s.rows += added;

  // 2. The new constraints as columns y_r >= 0 of cost 0, CSC: alpha rows, then the merge's and the pair's row.
  if (count > 0) {
    const starts = new Int32Array(count + 1);
    const indices = new Int32Array(count * (n + 2));
    const values = new Float64Array(count * (n + 2));
    let k = 0;
    for (let r = first; r < lp.rows; r++) {
      starts[r - first] = k;
      for (let i = 0; i < n; i++) {
        const a = lp.rowCoef[r * n + i];
        if (a !== 0) { indices[k] = i; values[k++] = a; }
      }
      const mr = s.mergeRow.get(lp.rowMerge[r])!, pr = s.pairRow.get(lp.rowPair[r])!;
      indices[k] = Math.min(mr, pr); values[k++] = 1;
      indices[k] = Math.max(mr, pr); values[k++] = 1;
    }
    starts[count] = k;
    s.model.addCols({
      cost: new Float64Array(count),
      lower: new Float64Array(count),
      upper: new Float64Array(count).fill(highs.infinity),
      matrix: { format: 'csc', numRows: s.rows, numCols: count, starts, indices: indices.subarray(0, k), values: values.subarray(0, k) },
    });
    s.constraintsLoaded = lp.rows;
  }

  // 3. Solve from the previous basis; only "optimal" is accepted. LP1's values are minus the rows' duals.
  const started = performance.now();
  const run = s.model.run();
  const seconds = (performance.now() - started) / 1000;
  if (run.modelStatus !== highs.constants.modelStatus.optimal) {
    const name = Object.entries(highs.constants.modelStatus).find(([, code]) => code === run.modelStatus)?.[0] ?? String(run.modelStatus);
    throw new SolverError(`HiGHS did not solve the LP (${lp.rows} constraints): status ${name}`);
  }
  const dual = s.model.getSolution().rowDual;
  const alpha = Float64Array.from({ length: n }, (_, i) => Math.max(0, -dual[i]));
  const v = new Map<number, number>(), u = new Map<number, number>();
  for (const [k, row] of s.mergeRow) if (-dual[row] > 0) v.set(k, -dual[row]);
  for (const [p, row] of s.pairRow) if (-dual[row] > 0) u.set(p, -dual[row]);
  return { alpha, v, u, objective: -s.model.getObjectiveValue(), seconds };
}
