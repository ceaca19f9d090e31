// What every chart layout shares: margins, tick records, and a width estimate for text that the layouts use
// instead of measuring the DOM (they run in Node and in tests). Example: approxTextWidth('shares', 16) = 52.8,
// i.e. 0.55 em per character, a fair upper bound for system-ui digits and lower-case Latin letters.

import { format } from 'd3';

export interface Margin { top: number; right: number; bottom: number; left: number }

/** One axis tick: its position in px along the axis and its label. */
export interface Tick { at: number; label: string }

/** One legend entry: a square swatch of `size` px at (x, y), its label starting at textX. */
export interface LegendItem<S extends string = string> { series: S; label: string; x: number; y: number; size: number; textX: number }

/**
 * A legend on one line above the plot: swatches of 0.8 em, each followed by its label, from `left` on, moved left
 * when the line would not fit in `width`. Example, 10 px, left 21, width 600: [estimate, true mixture] -> swatches at
 * x 21 and 92, labels at 33 and 104; in a 120 px chart the line starts at 0 instead.
 */
export function legendLine<S extends string>(entries: readonly { series: S; label: string }[], left: number, width: number, fs: number): LegendItem<S>[] {
  const size = r2(fs * 0.8), y = r2(fs * 0.35);
  const total = entries.reduce((sum, e, i) => sum + (i > 0 ? fs * 1.5 : 0) + fs * 1.2 + approxTextWidth(e.label, fs), 0);
  let x = r2(Math.max(0, Math.min(left, width - total)));
  return entries.map((e) => {
    const item = { series: e.series, label: e.label, x, y, size, textX: r2(x + fs * 1.2) };
    x = r2(item.textX + approxTextWidth(e.label, fs) + fs * 1.5);
    return item;
  });
}

/** Width of `text` at `fontSize` px, estimated at 0.55 em per character (no DOM). */
export function approxTextWidth(text: string, fontSize: number): number {
  return [...text].length * 0.55 * fontSize;
}

/** `text` cut to at most `maxChars` characters (code points), with an ellipsis. Example: ('Portuguese', 6) -> 'Portu…'. */
export function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  return chars.slice(0, Math.max(1, maxChars - 1)).join('') + '…';
}

const fmtSmall = format(',.4~r'), fmtLarge = format('.3~s');

/** An amount for an axis or a label: 4 significant digits with thousands separators, SI prefixes from 100,000
 *  on (never an exponent). Example: [0.0123, 6000, 12345.6, 251000, 3e6] -> ['0.0123', '6,000', '12,350', '251k', '3M']. */
export function formatAmount(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return Math.abs(v) >= 1e5 ? fmtLarge(v) : fmtSmall(v);
}

/** A number rounded to 2 decimals, so path strings and snapshots stay short and stable. */
export function r2(x: number): number {
  return Math.round(x * 100) / 100;
}
