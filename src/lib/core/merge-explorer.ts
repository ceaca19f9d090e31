// The merge explorer's look-ups over a solved run: for merge t, how often each category's sample holds the merged
// pair just before t, which pairs competed with it under the estimated mixture, and the LP constraints
//     W_m(t) + v_t + u_p >= W_p(t),   W_p(t) = sum_i alpha_i * 1e6 * c_{i,p}(t) / d_i   (pairs per million)
// they gave (DESIGN §1). Example: categories A = {"aab": 1}, B = {"abb": 1}, alpha [0.5, 0.5], merge 0 = (a, b):
// counts of (a, b) [1, 1]; competitors (a, a) (A: 1) and (b, b) (B: 1), each at W = 0.5 * 1e6 / 2 = 250,000,
// the merge itself at 500,000: both constraints hold with a margin of 250,000.

import type { MergeColumns } from './replay.ts';
import type { MixtureSolution } from './solve-mixture.ts';
import type { PreTokenizerSpec, TokenId, Trajectory } from './types.ts';
import { unicodeToByte } from './byte-level.ts';
import { PER_MILLION } from './mixture-sweep.ts';
import { pairLeft, pairRight } from './pair-key.ts';
import { PairTable } from './pair-table.ts';
import { pairCountsAt } from './trajectory.ts';

export interface ExplorerInput {
  trajectories: readonly Trajectory[];
  /** The merges the categories were replayed over (at least the solver's range). */
  merges: MergeColumns;
  /** The base symbols' tokens (one character or "<0xXX>") and their ids: spells every merge's result. */
  baseTokens: ReadonlyMap<string, TokenId>;
  /** Byte-level tokens ("Ġthe") are shown as the text they stand for (" the"). */
  byteLevel: boolean;
  solution: Pick<MixtureSolution, 'alpha' | 'mergeSlack' | 'pairSlack' | 'active' | 'settings'>;
}

/** Everything a pick needs, built once per result. Plain data and typed arrays; nothing here changes afterwards. */
export interface MergeExplorer {
  categories: number;
  /** The solver's range: merges start .. end-1 have constraints; others are shown without them. */
  start: number;
  end: number;
  merges: MergeColumns;
  trajectories: readonly Trajectory[];
  /** Token id -> spelling in the model's alphabet ('' if unknown), for base tokens and every merge's result. */
  tokens: string[];
  /** Merge t's result as the user's characters (tokenText), for the search. */
  resultText: string[];
  byteLevel: boolean;
  /** alpha_i * 1e6 / d_i: a count in category i times this is its share of W (pairs per million, mixed). */
  weights: Float64Array;
  /** One pair numbering across categories, merges and the solution's pairs; local[i][q] is category i's pair q. */
  pairs: PairTable;
  local: Int32Array[];
  /** v_t by merge index (0 outside the range) and u_p by shared pair index. */
  mergeSlack: Float64Array;
  pairSlack: Float64Array;
  /** Active constraints as merge * pairs.size + p. */
  active: Set<number>;
  /** The solver's tolerance (pairs per million): a constraint is broken only beyond it. */
  tolerance: number;
}

/** One pair at the picked step: its ids, count per category, mixed weighted count, slack and constraint. */
export interface PairAtStep {
  left: TokenId;
  right: TokenId;
  counts: Float64Array;
  /** W_p(t), pairs per million mixed by alpha. */
  weighted: number;
  /** u_p (0 for the merge's own pair row). */
  slack: number;
  /**
   * W_m + v_t + u_p - W_p: >= 0 when the constraint holds, 0 when it binds (rounding noise below 1e-9 of its
   * largest term is 0, the solver's own test). NaN for the merge's own row.
   */
  margin: number;
  /** The constraint (t, p) holds with equality in the solution (it shaped alpha). */
  active: boolean;
  /** 'active'; 'holds'; 'broken' when W_p beats the merge by more than the solver's tolerance (an unconverged
   *  solution); null for the merge's own row and outside the solver's range. */
  status: 'active' | 'holds' | 'broken' | null;
  /** 1-based rank among competitors by W_p, or 0 for a pair listed only because its constraint is active. */
  rank: number;
}

export interface MergeExplanation {
  merge: number;
  /** The merge's own pair at step t and v_t. */
  pair: PairAtStep;
  mergeSlack: number;
  /** False outside the solver's range: no constraint was written for this merge. */
  analysed: boolean;
  /** The strongest competitors by W_p (ties: smaller left id, then right id), then active ones beyond them. */
  competitors: PairAtStep[];
  /** Pairs with a positive count at step t, besides the merge's own, and how many of them beat it (W_p > W_m). */
  pairsPresent: number;
  stronger: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Spelling tokens.

/**
 * True when a token's text runs on past a line end ("\n\n", ".\n\n", "\r\n\r\n"; not "}\n"): samples are read
 * line by line, each line ending with its newline, so such a token never forms in them.
 */
export function acrossLineEnd(text: string): boolean {
  return /\n[^]/.test(text);
}

/** True when a pre-tokenizer spec maps bytes to symbols (ByteLevel, also inside a Sequence). */
export function isByteLevel(spec: PreTokenizerSpec | null): boolean {
  if (!spec) return false;
  if (spec.type === 'ByteLevel') return true;
  return spec.type === 'Sequence' && spec.pretokenizers.some(isByteLevel);
}

/**
 * Token id -> spelling: base tokens from `baseTokens`, then each merge's result as left + right, in merge order
 * (a valid list only joins tokens that exist by then). Example: base {a: 0, b: 1}, merges (0, 1) -> 2 -> ['a', 'b', 'ab'].
 */
export function spellTokens(baseTokens: ReadonlyMap<string, TokenId>, merges: MergeColumns): string[] {
  let size = 0;
  for (const id of baseTokens.values()) size = Math.max(size, id + 1);
  for (let t = 0; t < merges.result.length; t++) size = Math.max(size, merges.result[t] + 1, merges.left[t] + 1, merges.right[t] + 1);
  const tokens = new Array<string>(size).fill('');
  for (const [s, id] of baseTokens) tokens[id] = s;
  for (let t = 0; t < merges.result.length; t++) {
    const r = merges.result[t];
    if (tokens[r] === '') tokens[r] = spell(tokens, merges.left[t]) + spell(tokens, merges.right[t]);
  }
  return tokens;
}

function spell(tokens: string[], id: TokenId): string {
  return tokens[id] || `#${id}`;
}

const BYTE_TOKEN = /^<0x([0-9A-F]{2})>$/;

/**
 * A token as the user's characters. Byte-level: the bytes it stands for, decoded as UTF-8, with bytes that do not
 * form a whole character written ⟨E6⟩. Character-level: '▁' is a space and a byte-fallback token "<0x0A>" is its
 * byte. Example: tokenText('ĠcafÃ©', true) -> ' café'; tokenText('Ġæ', true) -> ' ⟨E6⟩'; tokenText('▁the', false) -> ' the'.
 */
export function tokenText(token: string, byteLevel: boolean): string {
  if (!byteLevel) {
    const b = BYTE_TOKEN.exec(token);
    if (b) return decodeUtf8([parseInt(b[1], 16)]);
    return token.replace(/▁/g, ' ');
  }
  const bytes: number[] = [];
  let out = '';
  for (const ch of token) {
    const cp = ch.codePointAt(0)!;
    const byte = cp < unicodeToByte.length ? unicodeToByte[cp] : -1;
    if (byte >= 0) { bytes.push(byte); continue; }
    out += decodeUtf8(bytes.splice(0)) + ch;
  }
  return out + decodeUtf8(bytes);
}

/** UTF-8 bytes to text, each byte outside a well-formed character written ⟨XX⟩. Example: [0x61, 0xC3] -> 'a⟨C3⟩'. */
export function decodeUtf8(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let cp = len === 1 ? b : len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : b & 0x07;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not characters.
    if (ok && ((len === 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff)))) ok = false;
    if (ok) { out += String.fromCodePoint(cp); i += len; } else { out += `⟨${b.toString(16).toUpperCase().padStart(2, '0')}⟩`; i++; }
  }
  return out;
}

/**
 * Whitespace and invisible characters made visible: space ␣, tab →, newline ↵, CR ␍, other ASCII controls ⟨XX⟩,
 * and every other control, format or space character (C1 controls, bidi overrides such as U+202E, zero-width
 * joiners, no-break spaces) as ⟨U+XXXX⟩: a token holding U+202E drew the explorer's merge line backwards.
 * Example: " a\u202eb" -> "␣a⟨U+202E⟩b".
 */
export function visibleText(text: string): string {
  return text.replace(/[\x00-\x20\x7f]|[\p{Cc}\p{Cf}\p{Z}]/gu, (c) => {
    if (c === ' ') return '␣';
    if (c === '\t') return '→';
    if (c === '\n') return '↵';
    if (c === '\r') return '␍';
    const code = c.codePointAt(0)!;
    return code < 0x80 ? `⟨${code.toString(16).toUpperCase().padStart(2, '0')}⟩` : `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Building the explorer.

/**
 * Interns every pair of every category, every merge's pair and the solution's pairs into one numbering, and turns
 * the solution's slack and active lists into look-ups. Cost: one hash probe per pair of each category (not per change).
 */
export function prepareExplorer(input: ExplorerInput): MergeExplorer {
  const { trajectories, merges, solution } = input;
  const n = trajectories.length;
  const end = Math.min(merges.left.length, ...trajectories.map((tr) => tr.merges));
  let expected = 0;
  for (const tr of trajectories) expected += tr.pairKeys.length;

  // 1. One pair numbering.
  const pairs = new PairTable(Math.max(1024, expected));
  const local = trajectories.map((tr) => {
    const map = new Int32Array(tr.pairKeys.length);
    for (let q = 0; q < map.length; q++) map[q] = pairs.intern(pairLeft(tr.pairKeys[q], tr.stride), pairRight(tr.pairKeys[q], tr.stride));
    return map;
  });
  for (let t = 0; t < end; t++) pairs.intern(merges.left[t], merges.right[t]);
  const { pairSlack: ps, active: ac } = solution;
  for (let k = 0; k < ps.left.length; k++) pairs.intern(ps.left[k], ps.right[k]);
  for (let k = 0; k < ac.left.length; k++) pairs.intern(ac.left[k], ac.right[k]);
  const P = pairs.size;

  // 2. Slack and active constraints as look-ups.
  const mergeSlack = new Float64Array(end);
  solution.mergeSlack.merge.forEach((m, k) => { if (m < end) mergeSlack[m] = solution.mergeSlack.value[k]; });
  const pairSlack = new Float64Array(P);
  for (let k = 0; k < ps.left.length; k++) pairSlack[pairs.find(ps.left[k], ps.right[k])] = ps.value[k];
  const active = new Set<number>();
  for (let k = 0; k < ac.merge.length; k++) active.add(ac.merge[k] * P + pairs.find(ac.left[k], ac.right[k]));

  // 3. Spellings.
  const tokens = spellTokens(input.baseTokens, { left: merges.left.subarray(0, end), right: merges.right.subarray(0, end), result: merges.result.subarray(0, end) });
  const resultText = Array.from({ length: end }, (_, t) => tokenText(tokens[merges.result[t]], input.byteLevel));

  const weights = Float64Array.from({ length: n }, (_, i) => (solution.alpha[i] * PER_MILLION) / trajectories[i].totalPairs);
  return {
    categories: n, start: solution.settings.start, end: Math.min(end, solution.settings.end),
    merges, trajectories, tokens, resultText, byteLevel: input.byteLevel, weights, pairs, local, mergeSlack, pairSlack, active,
    tolerance: solution.settings.tolerance,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One pick.

/**
 * Merge t explained: its pair's counts just before t, the `limit` strongest other pairs by W_p (pairs with a
 * positive count only) and any pair whose constraint at t is active beyond them.
 * Cost: per category, its pair counts at step t (O(pairs + changes before t), pairCountsAt) and one pass adding
 * them into W; then one pass over W keeping the top `limit`. No per-pair objects; a few typed arrays per call.
 */
export function explainMerge(ex: MergeExplorer, t: number, limit = 10): MergeExplanation {
  if (!(Number.isInteger(t) && t >= 0 && t < ex.end)) throw new RangeError(`merge ${t} is outside 0 .. ${ex.end - 1}`);
  const n = ex.categories, P = ex.pairs.size, pl = ex.pairs.left, pr = ex.pairs.right;

  // 1. Counts at step t per category (kept for step 3) and W over the shared numbering.
  const counts = ex.trajectories.map((tr) => pairCountsAt(tr, t));
  const W = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    const c = counts[i], map = ex.local[i], w = ex.weights[i];
    for (let q = 0; q < c.length; q++) W[map[q]] += w * c[q];
  }

  // 2. The top `limit` pairs other than the merge's own, by W descending, ties by (left, right) ascending.
  const m = ex.pairs.find(ex.merges.left[t], ex.merges.right[t]);
  const top = new Int32Array(limit);
  let kept = 0, present = 0, stronger = 0;
  for (let p = 0; p < P; p++) {
    const x = W[p];
    if (p === m || !(x > 0)) continue;
    present++;
    if (x > W[m]) stronger++;
    if (kept === limit && !before(x, p, W[top[kept - 1]], top[kept - 1], pl, pr)) continue;
    let j = kept < limit ? kept++ : kept - 1;
    while (j > 0 && before(x, p, W[top[j - 1]], top[j - 1], pl, pr)) { top[j] = top[j - 1]; j--; }
    top[j] = p;
  }
  const rows = Array.from(top.subarray(0, kept));
  const analysed = t >= ex.start && t < ex.end;
  if (analysed) {
    const extra: number[] = [];
    for (const key of ex.active) if (Math.floor(key / P) === t && !rows.includes(key % P)) extra.push(key % P);
    extra.sort((a, b) => W[b] - W[a] || pl[a] - pl[b] || pr[a] - pr[b]);
    rows.push(...extra);
  }

  // 3. Per-category counts of the rows (the merge's own pair is row 0), one more pass over each category's pairs.
  const slot = new Int32Array(P).fill(-1);
  const all = [m, ...rows];
  all.forEach((p, r) => { slot[p] = r; });
  const rowCounts = all.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const c = counts[i], map = ex.local[i];
    for (let q = 0; q < c.length; q++) { const r = slot[map[q]]; if (r >= 0) rowCounts[r][i] = c[q]; }
  }
  const v = analysed ? ex.mergeSlack[t] : 0;
  const row = (p: number, r: number): PairAtStep => {
    const own = r === 0, u = own ? 0 : ex.pairSlack[p];
    let margin = own ? NaN : W[m] + v + u - W[p];
    if (Math.abs(margin) <= 1e-9 * Math.max(1, W[m], v, u, W[p])) margin = 0;
    const active = !own && analysed && ex.active.has(t * P + p);
    const status = own || !analysed ? null : active ? 'active' : margin < -ex.tolerance ? 'broken' : 'holds';
    return { left: pl[p], right: pr[p], counts: rowCounts[r], weighted: W[p], slack: u, margin, active, status, rank: own ? 0 : r <= kept ? r : 0 };
  };
  return { merge: t, pair: row(m, 0), mergeSlack: v, analysed, competitors: rows.map((p, k) => row(p, k + 1)), pairsPresent: present, stronger };
}

/** Order of competitors: larger W first, then smaller (left, right). */
function before(x: number, p: number, y: number, q: number, pl: Int32Array, pr: Int32Array): boolean {
  return x > y || (x === y && (pl[p] < pl[q] || (pl[p] === pl[q] && pr[p] < pr[q])));
}

// ---------------------------------------------------------------------------------------------------------------
// Search.

export interface TokenMatch { merge: number; text: string }

/**
 * Merges whose result contains `query` (as the user's characters; '␣' in the query stands for a space), exact
 * matches first, then those starting with it, then the rest, each group by merge index; at most `limit`, and how
 * many there were. Case-sensitive: "The" and "the" are different tokens. Example: results ['th', 'the', 'ĠThe'
 * -> ' The'], query 'the' -> [{merge 1, 'the'}].
 */
export function searchTokens(ex: Pick<MergeExplorer, 'resultText'>, query: string, limit = 20): { matches: TokenMatch[]; total: number } {
  const q = query.replace(/␣/g, ' ');
  if (q === '') return { matches: [], total: 0 };
  const groups: number[][] = [[], [], []];
  ex.resultText.forEach((text, t) => {
    const at = text.indexOf(q);
    if (at < 0) return;
    groups[text.length === q.length ? 0 : at === 0 ? 1 : 2].push(t);
  });
  const all = groups.flat();
  return { matches: all.slice(0, limit).map((t) => ({ merge: t, text: ex.resultText[t] })), total: all.length };
}

// ---------------------------------------------------------------------------------------------------------------
// Moving between merges with slack (MixtureSolution.mergeSlack: merges in increasing order).

/**
 * The nearest merge with slack after t (dir 1) or before it (dir -1), or -1 if none. Binary search.
 * Example: merges with slack [3, 9, 12]: (5, 1) -> 9, (9, 1) -> 12, (12, 1) -> -1, (5, -1) -> 3.
 */
export function nextSlackMerge(merges: ArrayLike<number>, t: number, dir: 1 | -1): number {
  let lo = 0, hi = merges.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (merges[mid] <= t) lo = mid + 1; else hi = mid; }
  // lo: the first merge > t.
  if (dir === 1) return lo < merges.length ? merges[lo] : -1;
  let k = lo - 1;
  if (k >= 0 && merges[k] === t) k--;
  return k >= 0 ? merges[k] : -1;
}

/** The merge with the largest slack (the first of equals), or `fallback` when no merge has slack. */
export function largestSlackMerge(slack: { merge: ArrayLike<number>; value: ArrayLike<number> }, fallback = 0): number {
  let best = -1, at = fallback;
  for (let k = 0; k < slack.merge.length; k++) if (slack.value[k] > best) { best = slack.value[k]; at = slack.merge[k]; }
  return at;
}
