// Layout of the solver's convergence: two small multiples over the same round axis, the LP objective (total slack,
// pairs per million) above and the number of constraints below. Lazy constraint generation only adds rows, so both
// curves rise and flatten when a sweep finds nothing left to add. Above, a dashed curve comes down to meet the LP
// objective: the total slack of the best solution found so far, which breaks no constraint (an upper bound, while
// the LP objective is a lower bound); the two meet when the solve is done. Early upper bounds can be many times the
// optimum: the panel's scale stops at three times the largest LP objective and pins what is above to its top.
// Example: rounds [0, 1, 2], objective [0, 5, 6], constraints [0, 100, 130] -> x ticks 0, 1, 2, a path per panel.

import { format, line, scaleLinear } from 'd3';
import type { SolveProgress } from '../core/solve-mixture.ts';
import { approxTextWidth, formatAmount, r2, type Margin, type Tick } from './chart-common.ts';
import { counted } from '../core/words.ts';

/** Solver progress as columns, one entry per event. */
export interface ConvergenceColumns {
  round: Float64Array;
  objective: Float64Array;
  constraints: Float64Array;
  /** The best feasible solution's objective after each round (NaN where none is known yet). */
  upper: Float64Array;
}

/** Example: [{round: 0, objective: 0, constraints: 0, ...}, {round: 1, objective: 5, constraints: 100, ...}] -> round [0, 1], objective [0, 5], constraints [0, 100]. */
export function progressColumns(events: readonly (Pick<SolveProgress, 'round' | 'objective' | 'constraints'> & Partial<Pick<SolveProgress, 'upperBound'>>)[]): ConvergenceColumns {
  return {
    round: Float64Array.from(events, (e) => e.round),
    objective: Float64Array.from(events, (e) => e.objective),
    constraints: Float64Array.from(events, (e) => e.constraints),
    upper: Float64Array.from(events, (e) => (e.upperBound !== undefined && Number.isFinite(e.upperBound) ? e.upperBound : NaN)),
  };
}

export interface ConvergenceInput extends ConvergenceColumns { width: number; height: number; fontSize?: number }

export interface ConvergencePanel {
  title: string;
  top: number;
  bottom: number;
  yTicks: Tick[];
  /** The curve, '' with no data. */
  path: string;
  /** Dots on each round while there are few enough to tell apart (columns: x, y). */
  dotX: Float64Array;
  dotY: Float64Array;
  /** The last value, formatted, for the panel's title line. */
  last: string;
  /** The dashed second curve (the best solution found; objective panel only), '' without one, and its last value. */
  upperPath: string;
  upperLast: string;
  /**
   * What the title line says before upperLast: ' · best solution found ', or ' · best ' when the chart is too narrow
   * for that; '' when there is no best solution to show or it equals the last value.
   */
  upperLabel: string;
}

export interface ConvergenceLayout {
  width: number;
  height: number;
  fontSize: number;
  margin: Margin;
  xTicks: Tick[];
  panels: [ConvergencePanel, ConvergencePanel];
}

const fmtObjective = formatAmount;
const fmtCount = format(',d');

export function layoutConvergence(input: ConvergenceInput): ConvergenceLayout {
  const { round, width, height } = input;
  const fs = input.fontSize ?? 16;
  const n = round.length;
  const margin: Margin = { top: Math.round(fs * 1.6), right: Math.round(fs * 1.2), bottom: Math.round(fs * 3.8), left: Math.ceil(approxTextWidth('100,000', fs) + fs * 0.8) };

  // 1. The shared x scale: whole rounds, at least [0, 1] so a single event does not collapse the axis.
  let lastRound = 1;
  for (let i = 0; i < n; i++) lastRound = Math.max(lastRound, round[i]);
  const x = scaleLinear([0, lastRound], [margin.left, width - margin.right]);
  const xCount = Math.max(2, Math.min(lastRound, Math.floor((width - margin.left - margin.right) / (fs * 4))));
  const xTicks = x.ticks(xCount).filter(Number.isInteger).map((t) => ({ at: r2(x(t)), label: fmtCount(t) }));

  // 2. Two panels stacked, a title line above each.
  const gapBetween = Math.round(fs * 2.2);
  const panelH = (height - margin.top - margin.bottom - gapBetween) / 2;
  const dots = n <= (width - margin.left - margin.right) / (fs * 0.8);
  const panel = (titles: [string, string, string?], values: Float64Array, top: number, fmt: (v: number) => string, integer: boolean, upper?: Float64Array): ConvergencePanel => {
    const bottom = top + panelH;
    let hi = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) hi = Math.max(hi, values[i]);
    const cap = 3 * hi;
    let hiUpper = 0;
    if (upper) for (let i = 0; i < n; i++) if (Number.isFinite(upper[i])) hiUpper = Math.max(hiUpper, hi > 0 ? Math.min(cap, upper[i]) : upper[i]);
    hi = Math.max(hi, hiUpper);
    const yCount = Math.max(2, Math.floor(panelH / (fs * 1.8)));
    const y = scaleLinear([0, hi > 0 ? hi : 1], [bottom, top]).nice(yCount).clamp(true);
    const idx = Array.from({ length: n }, (_, i) => i);
    const path = line<number>().x((i) => r2(x(round[i]))).y((i) => r2(y(values[i]))).defined((i) => Number.isFinite(values[i]))(idx) ?? '';
    const upperPath = upper ? line<number>().x((i) => r2(x(round[i]))).y((i) => r2(y(upper[i]))).defined((i) => Number.isFinite(upper[i]))(idx) ?? '' : '';
    const upperLast = upper && n && Number.isFinite(upper[n - 1]) ? fmt(upper[n - 1]) : '';
    // A count's ticks are whole numbers: constraints that never left 0 or 1 gave ticks 0, 0.5, 1 read "0 1 1".
    const yTicks = y.ticks(yCount).filter((t) => !integer || Number.isInteger(t)).map((t) => ({ at: r2(y(t)), label: fmt(t) }));
    const last = n ? fmt(values[n - 1]) : '–';
    // The first title line that fits the chart (titles are drawn at 0.9 em from the left margin), from the long title
    // with ' · best solution found ' down to the shortest title with ' · best ', and that without the best solution.
    const best = upperLast && upperLast !== last;
    const [long, short, shortest = short] = titles;
    const lines: [string, string][] = best
      ? [[long, ' · best solution found '], [short, ' · best solution found '], [short, ' · best '], [shortest, ' · best '], [shortest, '']]
      : [[long, ''], [short, ''], [shortest, '']];
    const fits = ([t, u]: [string, string]) => approxTextWidth(`${t}: ${last}${u}${u ? upperLast : ''}`, fs * 0.9) <= width - margin.left;
    const [title, upperLabel] = lines.find(fits) ?? lines[lines.length - 1];
    return {
      title, top: r2(top), bottom: r2(bottom), yTicks, path, upperPath, upperLast, upperLabel,
      dotX: dots ? Float64Array.from(idx, (i) => r2(x(round[i]))) : new Float64Array(0),
      dotY: dots ? Float64Array.from(idx, (i) => r2(y(values[i]))) : new Float64Array(0),
      last,
    };
  };
  const top2 = margin.top + panelH + gapBetween;
  return {
    width, height, fontSize: fs, margin, xTicks,
    panels: [
      panel(['Objective (total slack, pairs per million)', 'Objective (slack)', 'Objective'], input.objective, margin.top, fmtObjective, false, input.upper),
      panel(['Constraints in the LP', 'Constraints'], input.constraints, top2, fmtCount, true),
    ],
  };
}

/**
 * One sentence for aria-label. Example: 'Solver convergence over 2 rounds: objective 6, 130 constraints.', and with
 * an upper bound '…: objective 6 (best solution found 7), 130 constraints.'
 */
export function describeConvergence(c: ConvergenceColumns): string {
  const n = c.round.length;
  if (n === 0) return 'Solver convergence: no rounds yet.';
  const rounds = c.round[n - 1];
  const upper = c.upper[n - 1];
  const best = Number.isFinite(upper) ? ` (best solution found ${fmtObjective(upper)})` : '';
  return `Solver convergence over ${counted(rounds, 'round')}: objective ${fmtObjective(c.objective[n - 1])}${best}, ${fmtCount(c.constraints[n - 1])} constraints.`;
}
