// A run's numeric settings checked against the loaded tokenizer before any worker starts: the merge range A..B (the
// CLI's --range, with the same rules through core's mergeRange) and the byte budget. Asking for more merges than
// the list has is not an error here: the range is cut at the end of the list and a notice says so. The optional stop
// gap is a percentage from 0 (solve exactly) up to, not including, 100.
// Example: checkRunSettings({ start: 0, end: 60000, budget: 300000 }, 50000)
//   -> { ok: true, start: 0, end: 50000, budget: 300000, notice: 'This tokenizer has 50,000 merges: ...' }.

import { mergeRange } from '../core/infer-mixture.ts';
import { mergesNamed } from '../core/words.ts';
import { MIN_BUDGET } from './url-settings.ts';

export const STOP_GAP_RANGE = 'The stop gap must be a percentage from 0 (solve exactly) up to, not including, 100.';

/**
 * A stop gap in percent (empty: 0) as the solver's relative gapTolerance, or null when it is out of range.
 * Example: 20 -> 0.2, null -> 0, 100 -> null.
 */
export function stopGapTolerance(percent: number | null | undefined): number | null {
  const gap = percent ?? 0;
  return typeof gap === 'number' && gap >= 0 && gap < 100 ? gap / 100 : null;
}

export type CheckedRunSettings =
  | { ok: true; start: number; end: number; budget: number; notice: string | null; gapTolerance: number }
  | { ok: false; error: string };

export function checkRunSettings(s: { start: number | null; end: number | null; budget: number | null; stopGapPercent?: number | null }, total: number): CheckedRunSettings {
  const whole = (x: number | null): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  const gapTolerance = stopGapTolerance(s.stopGapPercent);
  if (gapTolerance === null) return { ok: false, error: STOP_GAP_RANGE };
  if (!whole(s.budget) || s.budget < MIN_BUDGET) {
    return { ok: false, error: `The byte budget must be a whole number of bytes, at least ${MIN_BUDGET.toLocaleString('en')}.` };
  }
  if (!whole(s.start) || !whole(s.end)) return { ok: false, error: 'The merge range needs two whole numbers: from merge A to merge B.' };
  // A start past the list: the range check below would advise ending B at the list's end, which A is already past.
  if (s.start >= total) {
    return { ok: false, error: `Merge A (${s.start.toLocaleString('en')}) goes past the ${total.toLocaleString('en')} merges of this tokenizer: start below ${total.toLocaleString('en')} (merges are numbered from 0).` };
  }
  let notice: string | null = null;
  let end = s.end;
  if (end > total && s.start < total) {
    notice = `This tokenizer has ${total.toLocaleString('en')} merges, not ${end.toLocaleString('en')}: ${mergesNamed(s.start, total)} ${total - s.start === 1 ? 'is' : 'are'} analysed.`;
    end = total;
  }
  try {
    const r = mergeRange(total, { start: s.start, end });
    return { ok: true, start: r.start, end: r.end, budget: s.budget, notice, gapTolerance };
  } catch (e) {
    return { ok: false, error: `The ${(e as Error).message}.` };
  }
}
