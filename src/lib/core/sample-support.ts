// How much the samples can say about each analysed merge. A merge says something about the mixture through the
// counts of its pair and of its competitors in the samples; when the samples together hold the merge's pair only a
// handful of times, its place in the list is decided by counting noise (a count of C varies by about sqrt(C)
// between samples: ±22% at 20, ±45% at 5). Such merges add slack and solver time, not information: the LP grows
// with T, and on the bundled samples the estimate had stopped improving long before (README, "error against T").
// The support of merge t is the number of times the samples together applied it: the occurrences of its pair,
// pooled over the categories, at its step of the replay. It falls along the list, roughly like a word's frequency
// against its rank (Zipf); the analysed merges are "supported" up to the first block of 100 whose median support is
// below 20.
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
  /** Merges from the start of the range before the first block whose median support is below minCount. */
  supported: number;
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
 * Where the support of the analysed merges falls below minCount for good, judged by block medians.
 * Example: 250 merges with supports 500 (the first 200) then 50, minCount 100, block 100 -> supported 200, lastMedian 50.
 */
export function sampleSupport(support: Float64Array, minCount = SUPPORT_MIN_COUNT, block = SUPPORT_BLOCK): SampleSupport {
  const analysed = support.length;
  let supported = analysed, lastMedian = 0;
  for (let from = 0; from < analysed; from += block) {
    const m = median(support.subarray(from, Math.min(analysed, from + block)));
    lastMedian = m;
    if (m < minCount && supported === analysed) supported = from;
  }
  return { analysed, supported, minCount, lastMedian };
}

/** How many merges to suggest analysing instead: the supported ones, at least one block. Example: supported 0 -> 100. */
export function suggestedMerges(s: SampleSupport): number {
  return Math.max(SUPPORT_BLOCK, s.supported);
}

/**
 * What to tell the user when a sizeable part of the analysed merges is unsupported (at least a tenth, and at least
 * two blocks), else null. It says where the support ends and why it matters; the caller adds what to do there (a
 * flag, a setting), usually: analyse `supported` merges, give more sample text, or stop at a gap.
 */
export function supportNote(s: SampleSupport): string | null {
  const unsupported = s.analysed - s.supported;
  if (unsupported < 2 * SUPPORT_BLOCK || unsupported < s.analysed / 10) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const which = s.supported === 0
    ? `even the first ${SUPPORT_BLOCK} of the ${n(s.analysed)} merges analysed occur fewer than ${s.minCount} times in all samples together`
    : `only the first ${n(s.supported)} of the ${n(s.analysed)} merges analysed occur at least ${s.minCount} times in all samples together`;
  return `${which} (median of each ${SUPPORT_BLOCK}; the last ${SUPPORT_BLOCK}: ${n(Math.round(s.lastMedian))}). The order of ${s.supported === 0 ? 'these' : 'the later ones'} is mostly counting noise: ` +
    `they make the LP much larger and slower, and add little to the estimate.`;
}

function median(a: Float64Array): number {
  const s = Float64Array.from(a).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
