// The linear program LP1 of DESIGN §1 as plain columns, independent of the solver engine:
//
//   minimise   sum_k v_k + sum_p u_p
//   subject to sum_i a_{r,i} alpha_i + v_{k(r)} + u_{p(r)} >= 0     for each generated constraint r
//              sum_i alpha_i = 1,  alpha, v, u >= 0
//
// Only the v and u columns that some constraint uses exist. Alpha = any point of the simplex with v large enough is
// feasible, so the LP is never infeasible; a solver that says otherwise has failed, and its numbers are not used.

export interface MixtureLp {
  /** Number of categories (alpha columns). */
  categories: number;
  /** Constraint r: merge offset rowMerge[r], pair rowPair[r], coefficients rowCoef[r * n .. r * n + n). */
  rowMerge: Int32Array;
  rowPair: Int32Array;
  rowCoef: Float64Array;
  rows: number;
  /**
   * Rows deleted since the engine last saw this LP, by their indices at that time (ascending); the caller compacts
   * the row arrays and the engine clears this list once it has applied it. An engine that rebuilds the LP every
   * time (glpk.js) can ignore it.
   */
  deleted: number[];
}

export interface LpSolution {
  alpha: Float64Array;
  /** Slack values of the columns that exist, by merge offset / pair index (zero ones omitted). */
  v: Map<number, number>;
  u: Map<number, number>;
  objective: number;
  seconds: number;
}

/** A solver engine. solve() throws a SolverError when the engine does not report an optimal solution. */
export interface LpEngine {
  name: string;
  /**
   * True when the engine keeps its model between rounds and re-solves from the last basis (HiGHS): small LPs are
   * then cheap to re-solve, so the solver drops slack constraints sooner (SolveOptions.dropAfter).
   */
  incremental?: boolean;
  solve(lp: MixtureLp, options?: { timeLimitSeconds?: number }): LpSolution;
}

export class SolverError extends Error {
  override name = 'SolverError';
}

/** The distinct values of `a` in increasing order. Example: [5, 2, 5, 9] -> [2, 5, 9]. */
export function distinctSorted(a: Int32Array): Int32Array {
  const s = Int32Array.from(new Set(a));
  return s.sort();
}
