// Layout of the shares chart: one row per category, a horizontal bar for the estimated byte share and, when the
// true mixture is known, its bar first, above the estimate's (truth, then estimate, as the experiment's table reads). Categories on a band scale (y), shares on a linear scale (x).
// Example (fontSize 10, width 300): names ['en', 'fr'], estimate [0.75, 0.25] -> rows 'en' then 'fr' (given
// order), x domain [0, 0.8] with ticks 0%, 20%, ..., 80%, bar labels '75.0%' and '25.0%'.

import { format, scaleBand, scaleLinear } from 'd3';
import { approxTextWidth, legendLine, r2, truncate, type LegendItem as ChartLegendItem, type Margin, type Tick } from './chart-common.ts';

export type SharesOrder = 'given' | 'descending';

export interface SharesInput {
  names: readonly string[];
  estimate: ArrayLike<number>;
  truth?: ArrayLike<number> | null;
  width: number;
  /** The page's font size in px: the layout sizes rows, margins and label room from it. */
  fontSize?: number;
  /** 'descending' sorts by estimate, ties by category index. */
  order?: SharesOrder;
}

export interface ShareBar { x: number; y: number; width: number; height: number; value: number; label: string; labelX: number }

export interface SharesRow {
  /** Category index in the input columns. */
  index: number;
  name: string;
  /** The name cut to fit the left margin; the full name goes in a <title>. */
  shortName: string;
  /** Centre of the row (for the category label). */
  cy: number;
  estimate: ShareBar;
  truth: ShareBar | null;
}

export interface SharesLayout {
  width: number;
  height: number;
  fontSize: number;
  margin: Margin;
  rows: SharesRow[];
  /** Ticks along x (px from the left edge of the svg) with % labels. */
  ticks: Tick[];
  xMax: number;
  hasTruth: boolean;
  /** With truth only: a swatch and a label per series, above the plot. */
  legend: LegendItem[];
}

export type LegendItem = ChartLegendItem<'estimate' | 'truth'>;

const pct1 = format('.1%');

/** A share as a bar label: '42.1%'; tiny but non-zero shares read '<0.1%'; NaN reads '–'. */
export function formatShare(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x > 0 && x < 0.0005) return '<0.1%';
  return pct1(x);
}

/** Category indices in display order. Example: estimate [0.2, 0.5, 0.2], 'descending' -> [1, 0, 2]. */
export function shareOrder(estimate: ArrayLike<number>, order: SharesOrder): number[] {
  const idx = Array.from({ length: estimate.length }, (_, i) => i);
  if (order === 'descending') idx.sort((a, b) => clean(estimate[b]) - clean(estimate[a]) || a - b);
  return idx;
}

export function layoutShares(input: SharesInput): SharesLayout {
  const { names, estimate, width } = input;
  const truth = input.truth ?? null;
  const fs = input.fontSize ?? 16;
  const n = names.length;
  if (estimate.length !== n || (truth && truth.length !== n)) throw new Error('names, estimate and truth must have the same length');

  // 1. Margins: room for category names on the left (at most 40% of the width), a bar label on the right.
  const longest = names.reduce((m, s) => Math.max(m, [...s].length), 1);
  const left = Math.min(Math.ceil(approxTextWidth('x'.repeat(longest), fs) + fs), Math.floor(width * 0.4));
  const margin: Margin = { top: Math.round(fs * (truth ? 2.2 : 0.5)), right: Math.ceil(approxTextWidth('100.0%', fs) + fs * 0.75), bottom: Math.round(fs * 2.2), left };
  const maxChars = Math.max(3, Math.floor((left - fs) / (0.55 * fs)));

  // 2. Scales. Row height depends on the number of categories only, so the chart does not change height as values do.
  const step = fs * (truth ? 2.9 : 1.9);
  const height = Math.round(margin.top + Math.max(n, 1) * step + margin.bottom);
  const order = shareOrder(estimate, input.order ?? 'given');
  const y = scaleBand<number>(order, [margin.top, margin.top + Math.max(n, 1) * step]).paddingInner(0.2).paddingOuter(0.1);
  const sub = scaleBand<string>(truth ? ['truth', 'estimate'] : ['estimate'], [0, y.bandwidth()]).paddingInner(0.08);
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, clean(estimate[i]), truth ? clean(truth[i]) : 0);
  const tickCount = Math.max(2, Math.floor((width - left - margin.right) / (fs * 4.5)));
  const x = scaleLinear([0, Math.max(top, 0.01)], [left, width - margin.right]).nice(tickCount);
  const xMax = x.domain()[1];

  // 3. Bars and labels.
  const bar = (value: number, y0: number, h: number): ShareBar => {
    const v = clean(value);
    const x1 = x(v);
    return { x: left, y: r2(y0), width: r2(x1 - left), height: r2(h), value, label: formatShare(value), labelX: r2(x1 + fs * 0.3) };
  };
  const rows = order.map((i): SharesRow => {
    const y0 = y(i) ?? 0;
    return {
      index: i,
      name: names[i],
      shortName: truncate(names[i], maxChars),
      cy: r2(y0 + y.bandwidth() / 2),
      estimate: bar(estimate[i], y0 + (sub('estimate') ?? 0), sub.bandwidth()),
      truth: truth ? bar(truth[i], y0 + (sub('truth') ?? 0), sub.bandwidth()) : null,
    };
  });
  const fmt = x.tickFormat(tickCount, '%');
  const ticks = x.ticks(tickCount).map((t) => ({ at: r2(x(t)), label: fmt(t) }));
  return { width, height, fontSize: fs, margin, rows, ticks, xMax, hasTruth: truth !== null, legend: truth ? legendLine([{ series: 'truth', label: 'true mixture' }, { series: 'estimate', label: 'estimate' }], left, width, fs) : [] };
}

/** One sentence for aria-label. Example: 'Estimated byte shares: en 75.0% (true 70.0%), fr 25.0% (true 30.0%).' */
export function describeShares(names: readonly string[], estimate: ArrayLike<number>, truth?: ArrayLike<number> | null, order: SharesOrder = 'given'): string {
  if (names.length === 0) return 'Estimated byte shares: no categories.';
  const parts = shareOrder(estimate, order).map((i) => `${names[i]} ${formatShare(estimate[i])}${truth ? ` (true ${formatShare(truth[i])})` : ''}`);
  return `Estimated byte shares: ${parts.join(', ')}.`;
}

/** Shares are in [0, 1]; a NaN or negative value draws as an empty bar. */
function clean(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}
