// The HiGHS engine for the mixture LP (the `highs` package: HiGHS compiled to WASM, MIT). Unlike glpk.js it keeps
// a model alive between rounds: each round appends the new constraint rows (and the slack columns they bring) to
// the same native model, built from typed arrays, and HiGHS re-solves from the previous optimal basis, which stays
// dual feasible when rows are added, so a round costs a few dual simplex pivots instead of a solve from scratch.
// The LP is the primal LP1 (see mixture-lp.ts). Any status other than optimal is an error, never numbers.
// HiGHS's WebAssembly memory cannot grow past 2 GB; an LP that needs more (about 600,000 rows of 10 categories)
// makes the module abort, which kills it. That becomes a SolverError saying so, and the next engine loads afresh.

import loadHighs, { type Highs, type Model } from 'highs';
import type { LpEngine, LpSolution, MixtureLp } from './mixture-lp.ts';
import { SolverError } from './mixture-lp.ts';

let highsPromise: Promise<Highs> | undefined;

/** One live model, tied to the MixtureLp object it mirrors (a new LP object starts a new model). */
interface Session {
  lp: MixtureLp;
  model: Model;
  rowsLoaded: number;
  /** Column of each merge's / pair's slack, created on first use. Columns 0..n-1 are alpha. */
  mergeColumn: Map<number, number>;
  pairColumn: Map<number, number>;
  columns: number;
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
        if (session?.lp !== lp) { dispose(); session = openSession(highs, lp); lp.deleted.length = 0; } // a new model loads every row
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
    'ran out of memory, as its WebAssembly memory cannot grow past 2 GB. Analyse fewer merges, or stop at a gap.');
}

function openSession(highs: Highs, lp: MixtureLp): Session {
  const n = lp.categories;
  const model = highs.createModel();
  model.options.set({ output_flag: false });
  // alpha columns, then the simplex row sum(alpha) = 1.
  addColumns(highs, model, n, 0, 0);
  model.addRow(1, 1, { indices: Int32Array.from({ length: n }, (_, i) => i), values: new Float64Array(n).fill(1) });
  return { lp, model, rowsLoaded: 0, mergeColumn: new Map(), pairColumn: new Map(), columns: n };
}

function addColumns(highs: Highs, model: Model, count: number, cost: number, rows: number): void {
  if (count === 0) return;
  model.addCols({
    cost: new Float64Array(count).fill(cost),
    lower: new Float64Array(count),
    upper: new Float64Array(count).fill(highs.infinity),
    matrix: { format: 'csc', numRows: rows, numCols: count, starts: new Int32Array(count + 1), indices: new Int32Array(0), values: new Float64Array(0) },
  });
}

function solveSession(highs: Highs, s: Session, lp: MixtureLp): LpSolution {
  const n = lp.categories;
  // 0. Rows the caller dropped (inactive for several rounds): row r of the LP is HiGHS row r + 1.
  if (lp.deleted.length > 0) {
    s.model.deleteRows({ kind: 'set', indices: Int32Array.from(lp.deleted, (r) => r + 1) });
    s.rowsLoaded -= lp.deleted.length;
    lp.deleted.length = 0;
  }
  const first = s.rowsLoaded, count = lp.rows - first;

  // 1. Slack columns that the new rows need (cost 1, >= 0).
  let added = 0;
  for (let r = first; r < lp.rows; r++) {
    if (!s.mergeColumn.has(lp.rowMerge[r])) { s.mergeColumn.set(lp.rowMerge[r], s.columns + added++); }
    if (!s.pairColumn.has(lp.rowPair[r])) { s.pairColumn.set(lp.rowPair[r], s.columns + added++); }
  }
  addColumns(highs, s.model, added, 1, 1 + first);
  s.columns += added;

  // 2. The new rows, CSR: alpha coefficients, the merge's slack, the pair's slack; each row >= 0.
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
      indices[k] = s.mergeColumn.get(lp.rowMerge[r])!; values[k++] = 1;
      indices[k] = s.pairColumn.get(lp.rowPair[r])!; values[k++] = 1;
    }
    starts[count] = k;
    s.model.addRows({
      lower: new Float64Array(count),
      upper: new Float64Array(count).fill(highs.infinity),
      matrix: { format: 'csr', numRows: count, numCols: s.columns, starts, indices: indices.subarray(0, k), values: values.subarray(0, k) },
    });
    s.rowsLoaded = lp.rows;
  }

  // 3. Solve from the previous basis; only "optimal" is accepted.
  const started = performance.now();
  const run = s.model.run();
  const seconds = (performance.now() - started) / 1000;
  if (run.modelStatus !== highs.constants.modelStatus.optimal) {
    const name = Object.entries(highs.constants.modelStatus).find(([, code]) => code === run.modelStatus)?.[0] ?? String(run.modelStatus);
    throw new SolverError(`HiGHS did not solve the LP (${lp.rows} constraints): status ${name}`);
  }
  const x = s.model.getSolution().colValue;
  const alpha = Float64Array.from({ length: n }, (_, i) => Math.max(0, x[i]));
  const v = new Map<number, number>(), u = new Map<number, number>();
  for (const [k, c] of s.mergeColumn) if (x[c] > 0) v.set(k, x[c]);
  for (const [p, c] of s.pairColumn) if (x[c] > 0) u.set(p, x[c]);
  return { alpha, v, u, objective: s.model.getObjectiveValue(), seconds };
}
