// What every chart layout shares: margins, tick records, and a width estimate for text that the layouts use
// instead of measuring the DOM (they run in Node and in tests). Example: approxTextWidth('shares', 16) = 52.8,
// i.e. 0.55 em per character, a fair upper bound for system-ui digits and lower-case Latin letters.

import { format } from 'd3';

export interface Margin { top: number; right: number; bottom: number; left: number }

/** One axis tick: its position in px along the axis and its label. */
export interface Tick { at: number; label: string }

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
