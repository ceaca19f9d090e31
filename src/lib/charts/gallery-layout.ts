// Layout of a gallery card's chart: one row per group (English, code, other languages), our estimate and the
// published figure as two bars in the row. The share axis is always 0-100%, so two cards side by side compare.
// Example (width 400, fontSize 10): rows English 45% / published 99.1%, code 29% / 0.7%, other 26% / not published
//   -> three rows, each with an 'ours' bar and a 'published' bar (the last one a "not published" note), ticks 0%..100%.

import { scaleBand, scaleLinear } from 'd3';
import { approxTextWidth, legendLine, r2, truncate, type LegendItem, type Margin, type Tick } from './chart-common.ts';
import { formatShare } from './shares-layout.ts';

export interface GroupBarsRow {
  label: string;
  /** Our byte share, 0..1. */
  ours: number;
  /** The published share, 0..1, or null when the paper gives none for this group. */
  published: number | null;
  /** True when the published share is implied (100% minus the two groups the paper gives): its label says so. */
  implied?: boolean;
}

export interface GroupBar {
  series: 'ours' | 'published';
  x: number;
  y: number;
  width: number;
  height: number;
  /** '45.4%', or 'not published'. */
  label: string;
  labelX: number;
  missing: boolean;
}

export interface GroupBarsLayout {
  width: number;
  height: number;
  fontSize: number;
  margin: Margin;
  /** shortLabel: the label cut to fit the left margin (the full one goes in a <title>). */
  rows: { label: string; shortLabel: string; cy: number; bars: GroupBar[] }[];
  ticks: Tick[];
  legend: LegendItem<GroupBar['series']>[];
}

export function layoutGroupBars(input: { rows: readonly GroupBarsRow[]; width: number; fontSize?: number }): GroupBarsLayout {
  const fs = input.fontSize ?? 16;
  const { rows, width } = input;

  // 1. Margins: the longest group label on the left, a value label after a full bar on the right, a legend on top.
  const longest = rows.reduce((m, r) => Math.max(m, approxTextWidth(r.label, fs)), 0);
  const margin: Margin = {
    top: Math.round(fs * 2.2),
    right: Math.ceil(approxTextWidth('100.0%', fs * 0.85) + fs * 0.5),
    bottom: Math.round(fs * 2),
    left: Math.min(Math.ceil(longest + fs), Math.floor(width * 0.4)),
  };
  const rowHeight = Math.round(fs * 3.6);
  const height = margin.top + rows.length * rowHeight + margin.bottom;

  // 2. Scales: shares on a fixed 0..1 axis; rows on a band scale, the two series on a band within a row.
  const x = scaleLinear().domain([0, 1]).range([margin.left, width - margin.right]);
  const y = scaleBand<number>().domain(rows.map((_, i) => i)).range([margin.top, height - margin.bottom]).paddingInner(0.25).paddingOuter(0.1);
  const series = scaleBand<GroupBar['series']>().domain(['ours', 'published']).range([0, y.bandwidth()]).paddingInner(0.1);

  const bar = (s: GroupBar['series'], value: number | null, top: number, implied = false): GroupBar => {
    const missing = value === null;
    const w = missing ? 0 : Math.max(0, x(value) - x(0));
    return {
      series: s, x: r2(x(0)), y: r2(top + series(s)!), width: r2(w), height: r2(series.bandwidth()),
      label: missing ? 'not published' : `${formatShare(value)}${implied ? ' implied' : ''}`, labelX: r2(x(0) + w + fs * 0.3), missing,
    };
  };
  const laidOut = rows.map((r, i) => {
    const top = y(i)!;
    const shortLabel = truncate(r.label, Math.max(1, Math.floor((margin.left - fs) / (0.55 * fs))));
    return { label: r.label, shortLabel, cy: r2(top + y.bandwidth() / 2), bars: [bar('ours', r.ours, top), bar('published', r.published, top, r.implied)] };
  });
  // Every 25% where the labels have room, else every 50% (a card on a phone).
  const step = (x(1) - x(0)) / 4 >= approxTextWidth('100%', fs * 0.85) + fs * 0.5 ? 0.25 : 0.5;
  const ticks = Array.from({ length: 1 / step + 1 }, (_, i) => i * step).map((t) => ({ at: r2(x(t)), label: `${t * 100}%` }));

  // 3. Legend: a swatch and a label per series, left to right above the plot; no "published" swatch for a
  //    tokenizer with no published figure (its rows say "not published").
  const items = [{ series: 'ours', label: 'ours' }, { series: 'published', label: 'published' }] as const;
  const shown = rows.some((r) => r.published !== null) ? items : items.filter((i) => i.series === 'ours');
  const legend = legendLine(shown, margin.left, width, fs);
  return { width, height, fontSize: fs, margin, rows: laidOut, ticks, legend };
}
