// Layout of the slack chart: the slack v_t of each merge (how far the estimate fails to explain merge t, in pairs
// per million) along the merge list. A 30,000-merge list is binned to at most one bin per pixel column, each bin
// keeping its largest slack, so the chart is one <path> whatever the list length and no spike is ever hidden.
// Example: merges [0, 1, 5] with slack [2, 3, 1] over the list [0, 8) in 4 bins -> bin maxima [3, 0, 1, 0].

import { format, scaleLinear, scaleLog } from 'd3';
import { approxTextWidth, formatAmount, r2, type Margin, type Tick } from './chart-common.ts';
import { counted, mergesNamed } from '../core/words.ts';

export type SlackScale = 'linear' | 'log';

/** Per bin: the largest slack (0 if the bin holds none) and the merge that has it (-1 if none). Columns. */
export interface SlackBins { count: number; max: Float64Array; merge: Int32Array }

/**
 * The largest value per bin of [start, end) cut into `bins` equal parts; merge m falls in bin
 * floor((m - start) * bins / (end - start)). Ties keep the smaller merge index. Points outside [start, end) and
 * non-positive or NaN values are ignored. Cost: one pass over the points, no allocation per point.
 * Example: binMaxima([0, 1, 5], [2, 3, 1], 0, 8, 4) -> max [3, 0, 1, 0], merge [1, -1, 5, -1].
 */
export function binMaxima(merge: ArrayLike<number>, value: ArrayLike<number>, start: number, end: number, bins: number): SlackBins {
  const span = end - start;
  const count = Math.max(0, Math.min(Math.floor(bins), span));
  const max = new Float64Array(count), at = new Int32Array(count).fill(-1);
  for (let k = 0; k < merge.length; k++) {
    const m = merge[k], v = value[k];
    if (m < start || m >= end || !(v > 0)) continue;
    const b = Math.floor(((m - start) * count) / span);
    if (v > max[b] || (v === max[b] && m < at[b])) { max[b] = v; at[b] = m; }
  }
  return { count, max, merge: at };
}

export interface SlackInput {
  merge: ArrayLike<number>;
  value: ArrayLike<number>;
  /** The merge range the solver looked at (settings.start, settings.end). */
  start: number;
  end: number;
  width: number;
  height: number;
  fontSize?: number;
  scale?: SlackScale;
  /**
   * Where the samples stop supporting the merges (core/sample-support.ts), as an absolute merge index: merges from
   * there to `end` are shaded as counting noise. null or outside (start, end): no band.
   */
  supportedEnd?: number | null;
}

export interface SlackLayout {
  width: number;
  height: number;
  fontSize: number;
  margin: Margin;
  bins: SlackBins;
  /** Every non-empty bin as a closed rectangle, in one path string. Empty when no merge has slack. */
  path: string;
  xTicks: Tick[];
  yTicks: Tick[];
  /** Merges with positive slack, their total and the largest (merge index, value); largestMerge -1 if none. */
  points: number;
  total: number;
  largest: number;
  largestMerge: number;
  scale: SlackScale;
  /** The shaded span of unsupported merges, x0 .. x1 in px (null when none). */
  band: { x0: number; x1: number } | null;
}

const fmtMerge = format(',d');
const fmtSlack = formatAmount;
const fmtTiny = format('.0e');
const LOG_DECADES = 5;

export function layoutSlack(input: SlackInput): SlackLayout {
  const { merge, value, width, height } = input;
  const fs = input.fontSize ?? 16;
  const scale = input.scale ?? 'linear';
  const start = input.start, end = Math.max(input.end, input.start + 1);

  // 1. Bins: at most one per pixel column of the plot.
  // Room above the plot for the y-axis title and below it for tick labels and the x-axis title.
  const margin: Margin = { top: Math.round(fs * 2), right: Math.round(fs * 1.5), bottom: Math.round(fs * 3.8), left: Math.ceil(approxTextWidth('0.0001', fs) + fs) };
  const plotW = Math.max(1, width - margin.left - margin.right);
  const bins = binMaxima(merge, value, start, end, plotW);
  let points = 0, total = 0, largest = 0, largestMerge = -1;
  for (let k = 0; k < merge.length; k++) {
    const m = merge[k], v = value[k];
    if (m < start || m >= end || !(v > 0)) continue;
    points++; total += v;
    if (v > largest || (v === largest && m < largestMerge)) { largest = v; largestMerge = m; }
  }

  // 2. Scales: merge index on x; slack on y from 0 (linear) or from the smallest bin maximum (log).
  const bottom = height - margin.bottom;
  const x = scaleLinear([start, end], [margin.left, width - margin.right]);
  const yCount = Math.max(2, Math.floor((bottom - margin.top) / (fs * 2.5)));
  let smallest = Infinity;
  for (let b = 0; b < bins.count; b++) if (bins.max[b] > 0) smallest = Math.min(smallest, bins.max[b]);
  // A log axis shows at most LOG_DECADES decades under the largest slack: below that a bar keeps its 1 px stub.
  const floor = Math.max(smallest, largest / 10 ** LOG_DECADES);
  const y = scale === 'log'
    ? scaleLog(points ? (floor === largest ? [largest / 10, largest * 10] : [floor, largest]) : [1, 10], [bottom, margin.top]).nice()
    : scaleLinear([0, points ? largest : 1], [bottom, margin.top]).nice(yCount);

  // 3. One rectangle per non-empty bin; wide bins (short lists) get a gap so single merges read as bars.
  const binW = plotW / Math.max(1, bins.count);
  const gap = binW >= 4 ? binW * 0.15 : 0;
  let path = '';
  for (let b = 0; b < bins.count; b++) {
    if (!(bins.max[b] > 0)) continue;
    // Every bin with slack shows at least a 1 px bar, however small its slack is on this axis.
    const x0 = r2(margin.left + b * binW + gap / 2), x1 = r2(margin.left + (b + 1) * binW - gap / 2), y1 = r2(Math.min(bottom - 1, y(bins.max[b])));
    path += `M${x0},${bottom}H${x1}V${y1}H${x0}Z`;
  }

  // 4. Ticks: whole merge indices; on a log axis only powers of ten once it spans two decades or more.
  const xCount = Math.max(2, Math.floor(plotW / (fs * 6)));
  const xTicks = x.ticks(xCount).filter(Number.isInteger).map((t) => ({ at: r2(x(t)), label: fmtMerge(t) }));
  let yValues = y.ticks(yCount);
  if (scale === 'log') {
    const powers = yValues.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    if (powers.length >= 3) yValues = powers;
  }
  const yTicks = yValues.map((t) => ({ at: r2(y(t)), label: t > 0 && t < 1e-3 ? fmtTiny(t) : fmtSlack(t) }));
  const cut = input.supportedEnd;
  const band = cut !== null && cut !== undefined && cut > start && cut < end ? { x0: r2(x(cut)), x1: r2(x(end)) } : null;
  return { width, height, fontSize: fs, margin, bins, path, xTicks, yTicks, points, total, largest, largestMerge, scale, band };
}

/** The x (px) of merge m's centre. Example: the small chart above (plot 43..185 px over merges [0, 8)): merge 1 -> 69.63. */
export function slackMergeX(l: SlackLayout, start: number, end: number, m: number): number {
  const span = Math.max(1, end - start), plotW = l.width - l.margin.left - l.margin.right;
  return r2(l.margin.left + ((m - start + 0.5) * plotW) / span);
}

/**
 * The merge a click at x (px) points to: the merge with the largest slack in that pixel column's bin if it has
 * one, else the merge under the pointer; -1 outside the plot. Example: x = 50 in the small chart -> merge 0.
 */
export function slackMergeAt(l: SlackLayout, start: number, end: number, x: number): number {
  const plotW = l.width - l.margin.left - l.margin.right, f = (x - l.margin.left) / plotW;
  if (!(f >= 0 && f < 1) || l.bins.count === 0) return -1;
  const b = Math.min(l.bins.count - 1, Math.floor(f * l.bins.count));
  return l.bins.merge[b] >= 0 ? l.bins.merge[b] : Math.min(end - 1, start + Math.floor(f * (end - start)));
}

/**
 * One sentence for aria-label, the range named as the run panel names it (mergesNamed: `end` is not analysed).
 * Example: 'Slack along the first 8 merges: 3 merges with slack, largest 3 at merge 1.'
 */
export function describeSlack(l: SlackLayout, start: number, end: number): string {
  const range = mergesNamed(start, end);
  if (l.points === 0) return `Slack along ${range}: none, the estimate explains every merge.`;
  return `Slack along ${range}: ${counted(l.points, 'merge')} with slack, largest ${fmtSlack(+l.largest.toPrecision(3))} at merge ${fmtMerge(l.largestMerge)}.`;
}
