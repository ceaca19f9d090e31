// One sweep of the lazy constraint generation (DESIGN §1): walk the analysed merges in order with the current
// weights and slacks, and at each merge t find the pairs p whose weighted count beats the merge's own pair by
// more than the slack allows:
//
//     W_p - u_p  >  W_{m_t} + v_t + tol,     W_p = sum_i alpha_i * scale_i * c_{i,p}(t),  scale_i = 1e6 / d_i
//
// (W is "pairs per million" of each category, mixed by alpha.) A max-priority queue over W_p - u_p finds them
// without scanning all pairs: it is lazy, an increase pushes a new entry and a decrease leaves the old, higher
// entry in place to be corrected when it reaches the top; so the queue always holds an entry >= each pair's true
// priority, and the top valid entry is the true maximum. Ties go to the smaller pair index, so sweeps are
// deterministic.
// Cost per sweep: O(n) per recorded change (W_p is recomputed from the exact counts, never accumulated, so it
// cannot drift) plus O(log H) per queue operation, H the queue size (rebuilt when stale entries pile up).

import type { MixtureData } from './mixture-data.ts';
import { grow } from './pair-table.ts';

/** Counts are scaled to "per million pairs" so LP coefficients are O(1..1e5), where solver tolerances mean something. */
export const PER_MILLION = 1e6;

export interface SweepOptions {
  /** At most this many violated pairs are reported per merge (the reference used 10). */
  maxPerMerge: number;
  /** Stop the sweep once this many violations are found (0: sweep everything). */
  maxTotal: number;
  /** A constraint counts as violated only beyond this margin (per-million units). */
  tolerance: number;
  /** Skip (merge, pair) constraints already in the LP: key k * P + p. */
  known?: Set<number>;
  /** Sweep only the first `limit` merges of the range (default: all of them). */
  limit?: number;
  /**
   * Leave out each violation's coefficients (only merge, pair and amount are kept): 16 bytes per violation instead
   * of 8n + 16, for sweeps that list millions of them (the matching method, solve-matching.ts).
   */
  withoutCoefficients?: boolean;
  signal?: AbortSignal;
}

export interface Violations {
  /** Merge offset k (merge start + k) and shared pair index of each violated constraint. */
  merge: Int32Array;
  pair: Int32Array;
  /** The constraint's coefficient of alpha_i, row-major [v * n + i]: scale_i * (c_{i,m}(t) - c_{i,p}(t)). Empty withoutCoefficients. */
  coefficients: Float64Array;
  /** By how much each constraint is violated: W_p - u_p - W_m - v_k (per million, > tolerance). */
  amount: Float64Array;
  count: number;
  /** The largest violation seen, W_p - u_p - W_m - v_t (per million), over all merges swept; 0 if none. */
  maxViolation: number;
  /** Merges swept (less than the range when maxTotal stopped the sweep). */
  swept: number;
  /**
   * Per merge offset k: how far the strongest competitor beats the merge beyond its slack, max(0, max over p of
   * W_p - u_p - W_m - v_k) (0 for merges not swept). v + excess satisfies every constraint of the full LP.
   */
  excess: Float64Array;
}

/** The per-category factors that turn counts into per-million units weighted by alpha. */
export function weights(data: MixtureData, alpha: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: data.categories }, (_, i) => (alpha[i] * PER_MILLION) / data.totalPairs[i]);
}

export function sweep(data: MixtureData, alpha: ArrayLike<number>, v: Float64Array, u: Float64Array, options: SweepOptions): Violations {
  const n = data.categories, P = data.pairs, steps = data.end - data.start;
  const w = weights(data, alpha);
  const counts = data.startCounts.slice();
  const W = new Float64Array(P);
  const prio = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i] * counts[p * n + i];
    W[p] = s;
    prio[p] = s - u[p];
  }
  const heap = new LazyMaxHeap(P, prio);
  const out = new ViolationBuffer(options.withoutCoefficients ? 0 : n);
  const seen = new Int32Array(P).fill(-1);
  const popped: number[] = [];
  let maxViolation = 0;
  const excess = new Float64Array(steps);
  const scale = perMillion(data);
  const { maxPerMerge, maxTotal, tolerance, known } = options;

  const last = Math.min(steps, options.limit ?? steps);
  let k = 0;
  for (; k < last; k++) {
    if ((k & 1023) === 0 && options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');

    // 1. Competitors of merge k: pairs whose priority beats the merge's pair plus its slack.
    const m = data.mergePair[k];
    const bar = W[m] + v[k];
    popped.length = 0;
    let found = 0, first = true;
    seen[m] = k;
    while (heap.size > 0 && found < maxPerMerge) {
      const p = heap.topPair(), top = heap.topPrio();
      if (top !== prio[p]) { heap.pop(); if (top > prio[p]) heap.push(p, prio[p]); continue; } // stale: correct it
      if (top - bar <= tolerance) { if (p !== m && top - bar > maxViolation) maxViolation = top - bar; break; }
      heap.pop();
      if (seen[p] === k) continue; // a duplicate entry of a pair already taken out: dropped for good
      seen[p] = k;
      popped.push(p);
      if (first) { excess[k] = top - bar; first = false; }
      if (top - bar > maxViolation) maxViolation = top - bar;
      if (known?.has(k * P + p)) continue;
      out.add(k, p, m, top - bar, counts, scale);
      found++;
    }
    for (const p of popped) heap.push(p, prio[p]);
    if (maxTotal > 0 && out.count >= maxTotal) { k++; break; }

    // 2. Apply merge k's changes: exact counts, W recomputed from them, queue told of increases only.
    for (let c = data.stepOffsets[k]; c < data.stepOffsets[k + 1]; c++) {
      const p = data.changePair[c];
      counts[p * n + data.changeCategory[c]] = data.changeCount[c];
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i] * counts[p * n + i];
      const before = prio[p];
      W[p] = s;
      prio[p] = s - u[p];
      if (prio[p] > before) heap.push(p, prio[p]);
    }
    if (heap.size > 4 * P + 65536) heap.rebuild(prio);
  }
  return { ...out.finish(), maxViolation, swept: k, excess };
}

/** Grows typed columns of violations; no object per violation. */
class ViolationBuffer {
  merge: Int32Array<ArrayBuffer> = new Int32Array(256);
  pair: Int32Array<ArrayBuffer> = new Int32Array(256);
  amount: Float64Array<ArrayBuffer> = new Float64Array(256);
  coefficients: Float64Array<ArrayBuffer>;
  count = 0;
  /** n coefficients per violation, or none (n = 0). */
  constructor(private n: number) { this.coefficients = new Float64Array(256 * n); }

  add(k: number, p: number, m: number, amount: number, counts: Float64Array, scale: Float64Array): void {
    const n = this.n;
    this.merge = grow(this.merge, this.count + 1);
    this.pair = grow(this.pair, this.count + 1);
    this.amount = grow(this.amount, this.count + 1);
    this.merge[this.count] = k;
    this.pair[this.count] = p;
    this.amount[this.count] = amount;
    if (n > 0) {
      this.coefficients = grow(this.coefficients, (this.count + 1) * n);
      writeCoefficients(this.coefficients, this.count * n, counts, scale, m, p);
    }
    this.count++;
  }

  finish() {
    const c = this.count;
    return { merge: this.merge.slice(0, c), pair: this.pair.slice(0, c), amount: this.amount.slice(0, c), coefficients: this.coefficients.slice(0, c * this.n), count: c };
  }
}

/**
 * A binary max-heap of (priority, pair) in typed arrays; ties pop the smaller pair first.
 * Entries can be stale (the caller checks them against the true priorities).
 */
export class LazyMaxHeap {
  size = 0;
  private prio: Float64Array;
  private pair: Int32Array;

  constructor(pairs: number, initial: Float64Array) {
    this.prio = new Float64Array(Math.max(16, pairs * 2));
    this.pair = new Int32Array(this.prio.length);
    this.rebuild(initial, pairs);
  }

  topPrio(): number { return this.prio[0]; }
  topPair(): number { return this.pair[0]; }

  /** Replaces the contents with one entry per pair at its true priority (drops every stale entry). O(P). */
  rebuild(truth: Float64Array, pairs = truth.length): void {
    if (this.prio.length < pairs) { this.prio = new Float64Array(pairs * 2); this.pair = new Int32Array(pairs * 2); }
    for (let p = 0; p < pairs; p++) { this.prio[p] = truth[p]; this.pair[p] = p; }
    this.size = pairs;
    for (let i = (pairs >> 1) - 1; i >= 0; i--) this.down(i);
  }

  push(p: number, priority: number): void {
    if (this.size === this.prio.length) {
      const prio = new Float64Array(this.size * 2); prio.set(this.prio); this.prio = prio;
      const pair = new Int32Array(this.size * 2); pair.set(this.pair); this.pair = pair;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(priority, p, this.prio[parent], this.pair[parent])) break;
      this.prio[i] = this.prio[parent]; this.pair[i] = this.pair[parent];
      i = parent;
    }
    this.prio[i] = priority; this.pair[i] = p;
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    this.prio[0] = this.prio[last]; this.pair[0] = this.pair[last];
    this.down(0);
  }

  private above(pa: number, a: number, pb: number, b: number): boolean {
    return pa > pb || (pa === pb && a < b);
  }

  private down(i: number): void {
    const size = this.size, prio = this.prio, pair = this.pair;
    const pi = prio[i], qi = pair[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && this.above(prio[c + 1], pair[c + 1], prio[c], pair[c])) c++;
      if (!this.above(prio[c], pair[c], pi, qi)) break;
      prio[i] = prio[c]; pair[i] = pair[c];
      i = c;
    }
    prio[i] = pi; pair[i] = qi;
  }
}

/**
 * The coefficients a sweep would give constraints (merge k, pair p) (see Violations.coefficients), for constraints
 * listed in ascending merge order: one pass over the recorded changes, no queue. Example: constraints (0, 5) and
 * (0, 9) at merge 0 read the start counts; (3, 5) reads them after merges 0..2 have been applied.
 */
export function constraintCoefficients(data: MixtureData, merge: Int32Array, pair: Int32Array): Float64Array {
  const n = data.categories, out = new Float64Array(merge.length * n);
  const counts = data.startCounts.slice();
  const scale = perMillion(data);
  let k = 0;
  for (let r = 0; r < merge.length; r++) {
    if (r > 0 && merge[r] < merge[r - 1]) throw new RangeError('constraints must come in ascending merge order');
    for (; k < merge[r]; k++) {
      for (let c = data.stepOffsets[k]; c < data.stepOffsets[k + 1]; c++) counts[data.changePair[c] * n + data.changeCategory[c]] = data.changeCount[c];
    }
    writeCoefficients(out, r * n, counts, scale, data.mergePair[merge[r]], pair[r]);
  }
  return out;
}

/** 1e6 / d_i per category: counts times this are pairs per million. */
function perMillion(data: MixtureData): Float64Array {
  return Float64Array.from(data.totalPairs, (d) => PER_MILLION / d);
}

/**
 * Constraint (merge pair m, competitor p)'s coefficients, scale_i * (c_{i,m} - c_{i,p}) for each category i, written
 * at out[at .. at + n). Example: counts of m (3, 0) and of p (1, 2), scale (1, 1) -> (2, -2).
 */
function writeCoefficients(out: Float64Array, at: number, counts: Float64Array, scale: Float64Array, m: number, p: number): void {
  const n = scale.length;
  for (let i = 0; i < n; i++) out[at + i] = scale[i] * (counts[m * n + i] - counts[p * n + i]);
}
