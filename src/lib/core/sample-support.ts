// How much the samples can say about each analysed merge. A merge says something about the mixture through the
// counts of its pair and of its competitors in the samples; when the samples together hold the merge's pair only a
// handful of times, its place in the list is decided by counting noise (a count of C varies by about sqrt(C)
// between samples: ±22% at 20, ±45% at 5). Such merges add slack and solver time, not information: the LP grows
// with T, and on the bundled samples the estimate had stopped improving long before (README, "error against T").
// The support of merge t is the number of times the samples together applied it: the occurrences of its pair,
// pooled over the categories, at its step of the replay. It falls along the list, roughly like a word's frequency
// against its rank (Zipf); the analysed merges are "supported" from the first block of 100 whose median support
// reaches 20 up to the next block whose median is below 20. Measuring from the first supported block matters for
// lists that open with merges no sample holds: Gemma 3's 90 hand-added runs of whitespace, or merges copied from
// another tokenizer. Stopping at their block would call a well-supported list unsupported and advise analysing
// only those rare merges.
// Example: GPT-2 against 10 bundled languages, 1 MB of sample each: supported up to merge 2,300 (measured with
// `mergeprint infer`, which says so); the median support of merges 29,900..29,999 is 0, and 16,001 of the first
// 30,000 merges occur in no sample at all.

import { mergeApplications } from './baselines.ts';
import type { MergeRange } from './infer-mixture.ts';
import type { Trajectory } from './types.ts';

/** A merge whose pair the samples hold fewer times than this (median of its block) is ordered by counting noise. */
export const SUPPORT_MIN_COUNT = 20;
/** Supports are judged by the median of consecutive blocks of this many merges, so one rare merge does not count. */
export const SUPPORT_BLOCK = 100;

export interface SampleSupport {
  /** Merges analysed (range.end - range.start). */
  analysed: number;
  /** Merges before the first block whose median support reaches minCount (a leading run of rare merges); `analysed`
   * when no block does. */
  supportedFrom: number;
  /** Where the supported merges end, counted from the start of the range: the first block after `supportedFrom`
   * whose median is below minCount (or `analysed`); 0 when no block reaches minCount. */
  supported: number;
  /** How many merges from the start of the range to analyse instead: `supported`; when no block reaches minCount,
   * up to the end of the best-supported block (the first one of the highest median), so that the advice never
   * drops a block better supported than all it keeps. */
  suggested: number;
  minCount: number;
  /** The median support of the last block analysed (the last SUPPORT_BLOCK merges, or fewer). */
  lastMedian: number;
}

/**
 * Support of each merge of the range, pooled over the categories: applied[k] for merge range.start + k.
 * Example: a merge applied 2 times in A's sample and 3 times in B's -> 5.
 */
export function pooledApplications(trajectories: Trajectory[], range: MergeRange): Float64Array {
  const pooled = new Float64Array(range.end - range.start);
  for (const tr of trajectories) {
    const applied = mergeApplications(tr, range.end);
    for (let t = range.start; t < range.end; t++) pooled[t - range.start] += applied[t];
  }
  return pooled;
}

/**
 * Where the analysed merges are supported, judged by block medians: from the first block whose median reaches
 * minCount to the next one below it.
 * Examples (minCount 100, block 100): 250 merges with supports 500 (the first 200) then 50 -> supportedFrom 0,
 *   supported 200, suggested 200, lastMedian 50; supports 3 (the first 100) then 500 (400) -> supportedFrom 100,
 *   supported 500, suggested 500; supports 3, then 50, then 10 (100 each) -> supported 0, suggested 200.
 */
export function sampleSupport(support: Float64Array, minCount = SUPPORT_MIN_COUNT, block = SUPPORT_BLOCK): SampleSupport {
  const analysed = support.length;
  const medians: number[] = [];
  for (let from = 0; from < analysed; from += block) medians.push(median(support.subarray(from, Math.min(analysed, from + block))));
  const lastMedian = medians.length > 0 ? medians[medians.length - 1] : 0;
  const first = medians.findIndex((m) => m >= minCount);
  if (first < 0) {
    let best = 0;
    for (let b = 1; b < medians.length; b++) if (medians[b] > medians[best]) best = b;
    return { analysed, supportedFrom: analysed, supported: 0, suggested: Math.min(analysed, (best + 1) * block), minCount, lastMedian };
  }
  let end = first + 1;
  while (end < medians.length && medians[end] >= minCount) end++;
  const supported = Math.min(analysed, end * block);
  return { analysed, supportedFrom: first * block, supported, suggested: supported, minCount, lastMedian };
}

/** How many merges to suggest analysing instead, from the start of the range (see SampleSupport.suggested).
 * Example: supports 500 for 200 merges then 5 for 1,000 -> 200; a leading block at 3, then 500 for 400 -> 500 (all). */
export function suggestedMerges(s: SampleSupport): number {
  return s.suggested;
}

/**
 * What to tell the user when a sizeable part of the analysed merges after the supported ones (or all of them) is
 * unsupported (at least a tenth, and at least two blocks), else null. It says where the support ends and why it
 * matters; the caller adds what to do there (a flag, a setting), usually: analyse `suggestedMerges` merges, give
 * more sample text, or stop at a gap. A leading run of rare merges alone is not reported here (fewer merges would
 * not leave it out): see `leadingNote`.
 */
export function supportNote(s: SampleSupport): string | null {
  const unsupported = s.analysed - s.supported;
  if (unsupported < 2 * SUPPORT_BLOCK || unsupported < s.analysed / 10) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const last = `the last ${SUPPORT_BLOCK}: ${n(Math.round(s.lastMedian))}`;
  let which: string;
  if (s.supported > 0 && s.supportedFrom === 0) {
    which = `only the first ${n(s.supported)} of the ${n(s.analysed)} merges analysed occur at least ${s.minCount} times in all samples together (median of each ${SUPPORT_BLOCK}; ${last})`;
  } else if (s.supported > 0) {
    which = `only merges ${n(s.supportedFrom)}..${n(s.supported)} of the ${n(s.analysed)} merges analysed occur at least ${s.minCount} times in all samples together ` +
      `(median of each ${SUPPORT_BLOCK}; the first ${n(s.supportedFrom)} are rare as well; ${last})`;
  } else if (s.suggested <= SUPPORT_BLOCK) {
    which = `even the first ${SUPPORT_BLOCK} of the ${n(s.analysed)} merges analysed occur fewer than ${s.minCount} times in all samples together (median of each ${SUPPORT_BLOCK}; ${last})`;
  } else {
    which = `no block of ${SUPPORT_BLOCK} of the ${n(s.analysed)} merges analysed occurs at least ${s.minCount} times in all samples together ` +
      `(by median; the best-supported block ends at merge ${n(s.suggested)}; ${last})`;
  }
  return `${which}. The order of ${s.supported === 0 ? 'these' : 'the later ones'} is mostly counting noise: ` +
    `they make the LP much larger and slower, and add little to the estimate.`;
}

/**
 * Where a leading run of rare merges ends, counted from the start of the range, or null when there is none (the
 * range opens supported, or nothing is). Blocks of SUPPORT_BLOCK find it; a hand-added run the repair found
 * (`handAddedEnd`, absolute) that ends in the last rare block is where it really ends, so the advice skips exactly it.
 * Examples (start 0): Gemma 3, rare up to 100, 90 hand-added -> { end: 90, byHand: true }; no run found -> 100.
 */
export function rareStartEnd(s: SampleSupport, start: number, handAddedEnd = 0): { end: number; byHand: boolean } | null {
  if (!(s.supported > 0 && s.supportedFrom > 0)) return null;
  const blocks = start + s.supportedFrom;
  const byHand = handAddedEnd > start && handAddedEnd <= blocks && handAddedEnd > blocks - SUPPORT_BLOCK;
  return { end: (byHand ? handAddedEnd : blocks) - start, byHand };
}

/**
 * What to tell the user when the list opens with merges the samples hardly hold and the ones after them are
 * supported (hand-added merges such as Gemma 3's runs of whitespace, or a start copied from another tokenizer), else
 * null. The caller adds what to do: skip the hand-added run, or start the range at `supportedFrom`.
 * Example: 100 merges at 3, then 400 at 500 -> "the first 100 of the 500 merges analysed occur fewer than 20 ...".
 */
export function leadingNote(s: SampleSupport): string | null {
  if (s.supported === 0 || s.supportedFrom === 0) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return `the first ${n(s.supportedFrom)} of the ${n(s.analysed)} merges analysed occur fewer than ${s.minCount} times in all samples together ` +
    `(median of each ${SUPPORT_BLOCK}), the ones after them more often: merges that rare at the top of a list were likely not learnt from ` +
    'text like the samples (added by hand, or copied from another tokenizer), and only add slack.';
}

function median(a: Float64Array): number {
  const s = Float64Array.from(a).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
