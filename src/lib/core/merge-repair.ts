// Merge lists as released are not always what BPE training wrote. This module reads a merge list, says in plain
// words what in it training could not have produced, and returns a repaired list for the analysis:
//   - several merges making one token (SentencePiece and tiktoken conversions list every split of a token):
//     each token keeps one merge, at the place of its earliest one;
//   - merges that use a token only a later merge makes (lists sorted by token id, hand-added merges): re-ordered;
//   - a leading run of hand-added whitespace merges (Gemma's runs of newlines, spaces and tabs): a start is offered;
//   - a prefix shared with another tokenizer's list (Llama 3 begins with cl100k's 100,000 merges): the tail is offered.
//   - a trailing run of whitespace merges (p50k's 24 runs of spaces, appended after GPT-2's list): an end is offered.
// Example: merges [ab+c -> abc, a+b -> ab, a+b -> ab] -> "1 merge repeats a pair listed earlier" (dropped), "1 merge
//   uses a token that only a later merge makes" (re-ordered): repaired list [a+b, ab+c].

import { applyMerges, PairRanks } from './bpe.ts';
import { showToken } from './merge-table.ts';
import type { MergeColumns } from './replay.ts';
import type { TokenId, Tokenizer } from './types.ts';

export type RepairKind = 'repeated-pairs' | 'several-merges-per-token' | 'longer-than-vocab' | 'out-of-order' | 'unreachable' | 'hand-added-run' | 'shared-prefix';

/** A merge range of the repaired list offered to the user: set the start and/or the end (merges start .. end-1). */
export interface RangeOffer {
  label: string;
  start?: number;
  end?: number;
}

export interface RepairFinding {
  kind: RepairKind;
  /** How many merges the finding is about. */
  count: number;
  /** One line, with the figures: "234,567 merges make a token that an earlier merge already makes". */
  headline: string;
  /** A few merges, written out. */
  examples: string[];
  /** What it means, for someone new to BPE. */
  explanation: string;
  /** What was done ('taken': already in the repaired list), offered to the user, or nothing ('info'). */
  status: 'taken' | 'offered' | 'info';
  action: string;
  offer?: RangeOffer;
}

/** The part of a repair that crosses to the page: plain data. */
export interface RepairReport {
  /** Merges in the list as loaded, and in the repaired list. */
  originalMerges: number;
  merges: number;
  findings: RepairFinding[];
  /** Where the analysis should start to skip a hand-added run (0 when none was found). */
  suggestedStart: number;
  /** Where it should end to leave out a trailing hand-added run (the repaired length when none was found). */
  suggestedEnd: number;
}

export interface MergeRepair extends RepairReport {
  /** The repaired list, and origin[k]: the position in the loaded list of repaired merge k. */
  list: MergeColumns;
  origin: Int32Array;
}

export interface RepairOptions {
  /** Base symbols of the model: 'byte' (GPT-2 stand-ins, "Ġ" is a space) or 'char' ("▁" is a space). */
  level: 'byte' | 'char';
  /** A leading run of whitespace merges at least this long is reported as hand-added (cl100k's list starts with 2). */
  minHandAddedRun?: number;
}

const EXAMPLES = 3;
const fmt = (x: number) => x.toLocaleString('en');

/**
 * "merge 12: "▁th" + "e" -> "▁the"", numbered as `position`; a merge of the repaired list that sat elsewhere in the
 * list as loaded says both: "merge 5 (1,392 as loaded): ...".
 */
function describeMerge(vocab: readonly string[], list: MergeColumns, t: number, position = t, loaded = position): string {
  const l = vocab[list.left[t]] ?? '';
  const r = vocab[list.right[t]] ?? '';
  const where = loaded === position ? fmt(position) : `${fmt(position)} (${fmt(loaded)} as loaded)`;
  return `merge ${where}: ${showToken(l)} + ${showToken(r)} -> ${showToken(l + r)}`;
}

/** Whitespace-only tokens: spaces, tabs, newlines (as GPT-2 byte stand-ins for byte-level models, "▁" for SentencePiece). */
export function isWhitespaceToken(token: string, level: 'byte' | 'char'): boolean {
  return token !== '' && (level === 'byte' ? /^[\u0120\u0109-\u010d]+$/ : /^[\s\u2581]+$/u).test(token);
}

/**
 * Analyses a merge list and returns the repaired list with the report. `vocab` spells the ids (for the examples and
 * the whitespace test). Cost: linear in the merges plus, for each token with several merges, a BPE run over its
 * own symbols (measured CPU time: Llama 3's 280k merges 0.45 s, Gemma 3's 515k 0.9 s).
 */
export function repairMerges(list: MergeColumns, vocab: readonly string[], options: RepairOptions): MergeRepair {
  const n = list.left.length;
  const findings: RepairFinding[] = [];
  let maxId = vocab.length - 1;
  for (let t = 0; t < n; t++) maxId = Math.max(maxId, list.left[t], list.right[t], list.result[t]);
  const ids = maxId + 1;

  // 1. Each token's merges (candidates), in list order: candidates of r are cand[candStart[r] .. candStart[r+1]).
  const candStart = new Int32Array(ids + 1);
  for (let t = 0; t < n; t++) candStart[list.result[t] + 1]++;
  for (let r = 0; r < ids; r++) candStart[r + 1] += candStart[r];
  const cand = new Int32Array(n);
  const fill = candStart.slice(0, ids);
  for (let t = 0; t < n; t++) cand[fill[list.result[t]]++] = t;
  const candCount = (r: TokenId) => candStart[r + 1] - candStart[r];
  const firstAt = (r: TokenId) => (candCount(r) > 0 ? cand[candStart[r]] : -1);

  // 2. Choose each token's merge, tokens in the order of their first merge, and put the choice in training order.
  //    When that order moved merges (a token's parts came later), choose again with the tokens in the new order: a
  //    token whose parts were not made yet at its first merge (Gemma's hand-added runs) then gets the split the merges
  //    before it produce, as the others do (measured: Gemma 3's repaired list encodes the bundled Python sample like HF's
  //    full list on 392 of 1,500 lines after one pass, on 1,494 after two).
  const firstOrder: number[] = [];
  for (let t = 0; t < n; t++) if (cand[candStart[list.result[t]]] === t) firstOrder.push(list.result[t]);
  const chosen1 = chooseMerges(list, vocab, cand, candStart, firstOrder);
  const kept1 = pick(list, chosen1);
  const order1 = trainingOrder(kept1, ids);
  let chosen = chosen1;
  let kept = kept1;
  let order = order1;
  if (order1.late > 0) {
    chosen = chooseMerges(list, vocab, cand, candStart, Array.from(order1.order, (i) => kept1.result[i]));
    kept = pick(list, chosen);
    order = trainingOrder(kept, ids);
  }
  const k = chosen.length;

  // 3. Findings about duplicates and length.
  const repeated = countRepeatedPairs(list);
  if (repeated.count > 0) {
    findings.push({
      kind: 'repeated-pairs', count: repeated.count, status: 'taken',
      headline: `${fmt(repeated.count)} merges repeat a pair listed earlier`,
      examples: repeated.examples.map((t) => describeMerge(vocab, list, t)),
      explanation: 'The same two tokens are merged twice. Training merges a pair once; the copy can never fire in training order.',
      action: 'Dropped: each pair is analysed once.',
    });
  }
  const extra = n - k;
  if (extra > repeated.count) {
    let differs = 0;
    const examples: string[] = [];
    for (let i = 0; i < k; i++) {
      const r = kept.result[i];
      if (candCount(r) < 2) continue;
      if (examples.length < EXAMPLES) examples.push(`${showToken(vocab[r])} has ${candCount(r)} merges, first ${describeMerge(vocab, list, firstAt(r))}`);
      if (chosen[i] !== firstAt(r)) differs++;
    }
    findings.push({
      kind: 'several-merges-per-token', count: extra - repeated.count, status: 'taken',
      headline: `${fmt(extra - repeated.count)} merges make a token that an earlier merge already makes`,
      examples,
      explanation:
        'Training makes each token once, from one pair. Tokenizers converted from SentencePiece or tiktoken list every way ' +
        'of splitting a token into two tokens instead, so most of these merges never happened in training.',
      action:
        `Each token keeps one merge, at the place of its earliest one (${fmt(k)} merges remain). ` +
        (differs > 0
          ? `For ${fmt(differs)} tokens that earliest merge uses a part the merges before it do not make, or is not the split they produce; ` +
            'the token keeps the split the earlier merges actually produce instead, or, where that split is none of its merges, ' +
            'its earliest merge whose parts exist.'
          : 'It is the split the earlier merges produce.'),
    });
  }
  let madeTokens = 0;
  for (let r = 0; r < ids; r++) if (candCount(r) > 0) madeTokens++;
  if (n > vocab.length) {
    findings.push({
      kind: 'longer-than-vocab', count: n - vocab.length, status: 'info',
      headline: `${fmt(n)} merges for a vocabulary of ${fmt(vocab.length)} tokens`,
      examples: [],
      explanation: `A merge list from training has at most one merge per token; this one has ${(n / Math.max(1, madeTokens)).toFixed(2)} merges per token made by a merge.`,
      action: 'Handled by keeping one merge per token (above).',
    });
  }

  // 4. Merges that use a token only a later merge makes: re-ordered (above), pulling each up before its user.
  if (order1.late > 0) {
    let increasing = 0;
    for (let t = 1; t < n; t++) if (list.result[t] > list.result[t - 1]) increasing++;
    const byId = n > 1 && increasing >= 0.99 * (n - 1);
    findings.push({
      kind: 'out-of-order', count: order1.late, status: 'taken',
      headline: `${fmt(order1.late)} merges use a token that only a later merge makes`,
      examples: order1.examples.map((i) => describeMerge(vocab, kept1, i, chosen1[i])),
      explanation:
        'In training, a merge can only join tokens that already exist, so this list is not in training order' +
        (byId ? `: its merges follow the token ids (the made token's id grows in ${((100 * increasing) / (n - 1)).toFixed(1)}% of steps), and ids need not follow how frequent a pair was` : '') +
        '. The order the analysis reads is then partly a guess, and the estimate less reliable.',
      action:
        `Re-ordered: ${fmt(order1.moved)} merges moved up to just before the first merge that uses what they make; the order of the others is kept. ` +
        'Each of those tokens then keeps the split the merges before it produce, where that split is one of its merges.',
    });
  }
  const repaired: MergeColumns = { left: new Int32Array(k), right: new Int32Array(k), result: new Int32Array(k) };
  const origin = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const j = order.order[i];
    repaired.left[i] = kept.left[j];
    repaired.right[i] = kept.right[j];
    repaired.result[i] = kept.result[j];
    origin[i] = chosen[j];
  }

  // 5. Merges that the merges before them never lead to, even over the token's own text: said, as replay (which
  //    applies the merges in this order) cannot count them, while the tokenizer's own encoder reaches those tokens.
  const unreachable = unreachableMerges(repaired, ids);
  if (unreachable.count > 0) {
    findings.push({
      kind: 'unreachable', count: unreachable.count, status: 'info',
      headline: unreachable.count === 1
        ? "1 merge makes a token that the merges before it never lead to, even from the token's own text"
        : `${fmt(unreachable.count)} merges make a token that the merges before them never lead to, even from the token's own text`,
      examples: unreachable.examples.map((i) => describeMerge(vocab, repaired, i, i, origin[i])),
      explanation:
        'Replaying the merges in this order over the token\'s own text ends in other tokens, so no text makes these merges ' +
        'fire in the analysis. The tokenizer itself reaches such tokens another way: it takes a word whole when the vocabulary ' +
        'holds it (Llama 3\'s ignore_merges), or uses merges that come later in the list as loaded. To the analysis these merges ' +
        'look absent from every sample (only slack explains them), and the pairs left unmerged compete with the merges after them: ' +
        'the languages of those tokens may come out a little low.',
      action: 'Kept in the list, and said here.',
    });
  }

  // 6. A leading run of whitespace merges (hand-added): offer to start after it.
  const minRun = options.minHandAddedRun ?? 8;
  let run = 0;
  while (run < k && isWhitespaceToken(vocab[repaired.result[run]] ?? '', options.level)) run++;
  let suggestedStart = 0;
  if (run >= minRun) {
    suggestedStart = run;
    findings.push({
      kind: 'hand-added-run', count: run, status: 'offered',
      headline: `The list starts with ${fmt(run)} merges of whitespace only`,
      examples: [0, 1, run - 1].filter((i, j, a) => i < run && a.indexOf(i) === j).map((i) => describeMerge(vocab, repaired, i, i, origin[i])),
      explanation:
        'Runs of spaces, tabs and newlines at the very top of a list are usually added by hand (to keep code indentation whole), ' +
        'not learnt from data: training puts such merges among the others, by how often they occur.',
      action: `Offered: analyse from merge ${fmt(run)}, after them.`,
      offer: { label: `Skip the ${fmt(run)} hand-added whitespace merges`, start: run },
    });
  }
  let tail = 0;
  while (tail < k - run && isWhitespaceToken(vocab[repaired.result[k - 1 - tail]] ?? '', options.level)) tail++;
  let suggestedEnd = k;
  if (tail >= minRun) {
    suggestedEnd = k - tail;
    findings.push({
      kind: 'hand-added-run', count: tail, status: 'offered',
      headline: `The list ends with ${fmt(tail)} merges of whitespace only`,
      examples: [k - tail, k - 1].map((i) => describeMerge(vocab, repaired, i, i, origin[i])),
      explanation:
        'Runs of spaces appended after the trained merges were added by hand (p50k adds 24 to GPT-2\'s list for code); ' +
        'they say nothing about the training data.',
      action: `Offered: end the analysis at merge ${fmt(k - tail)}, before them.`,
      offer: { label: `Leave out the last ${fmt(tail)} hand-added whitespace merges`, end: k - tail },
    });
  }
  return { originalMerges: n, merges: k, findings, suggestedStart, suggestedEnd, list: repaired, origin };
}

/** The merges at `positions` of `list`, as columns. */
function pick(list: MergeColumns, positions: Int32Array): MergeColumns {
  return {
    left: Int32Array.from(positions, (t) => list.left[t]),
    right: Int32Array.from(positions, (t) => list.right[t]),
    result: Int32Array.from(positions, (t) => list.result[t]),
  };
}

/**
 * Picks one merge per token and returns the chosen positions, for the `tokens` in the order given. A token with
 * one merge keeps it. For a token with several, its own symbols are run through the merges kept so far: when they
 * end as two tokens and that pair is one of its merges, that is the merge that fires (for lists converted from
 * tiktoken or SentencePiece, the merge training made); otherwise its earliest merge whose parts already exist, or
 * its earliest merge.
 */
/**
 * The merges of a list in training order that the merges before them never lead to, even over the token's own base
 * symbols: applying merges 0 .. i-1 to the symbols of merge i's token does not end in merge i's two parts.
 * Example: merges a+b -> ab, b+c -> bc, a+bc -> abc: "abc" becomes [ab, c] first, so a+bc never fires -> 1 (merge 2).
 */
export function unreachableMerges(list: MergeColumns, ids: number): { count: number; examples: number[] } {
  const k = list.left.length;
  const madeBy = new Int32Array(ids).fill(-1);
  for (let i = 0; i < k; i++) madeBy[list.result[i]] = i;
  const pairs = new PairRanks(Math.max(1, k));
  let symbols = new Int32Array(64);
  let scratch = new Int32Array(64);
  const stack: number[] = [];
  const examples: number[] = [];
  let count = 0;
  for (let i = 0; i < k; i++) {
    let len = 0;
    stack.length = 0;
    stack.push(list.right[i], list.left[i]);
    while (stack.length > 0) {
      const x = stack.pop()!;
      const m = madeBy[x];
      if (m >= 0 && m < i) { stack.push(list.right[m], list.left[m]); continue; }
      if (len === symbols.length) {
        const grown = new Int32Array(2 * len); grown.set(symbols); symbols = grown;
        scratch = new Int32Array(2 * len);
      }
      symbols[len++] = x;
    }
    const n = applyMerges(symbols, len, pairs, list.result, scratch);
    if (!(n === 2 && symbols[0] === list.left[i] && symbols[1] === list.right[i])) {
      if (count++ < EXAMPLES) examples.push(i);
    }
    pairs.add(list.left[i], list.right[i], i);
  }
  return { count, examples };
}

function chooseMerges(list: MergeColumns, vocab: readonly string[], cand: Int32Array, candStart: Int32Array, tokens: readonly number[]): Int32Array {
  const n = list.left.length;
  const ids = candStart.length - 1;
  const made = new Uint8Array(ids); // 1 once a token is a base symbol or made by a kept merge
  for (let r = 0; r < ids; r++) if (candStart[r + 1] === candStart[r]) made[r] = 1;
  const chosen: number[] = [];
  const keptResult = new Int32Array(n);
  const pairs = new PairRanks(Math.max(1, n));
  let symbols = new Int32Array(64);
  let scratch = new Int32Array(64);
  const stack: number[] = [];
  for (const r of tokens) {
    const from = candStart[r];
    const to = candStart[r + 1];
    let choice = cand[from];
    if (to - from > 1) {
      // 1. The token's base symbols, expanding through each token's first merge (a part is shorter than its token).
      const cap = (vocab[r]?.length ?? 0) + 1;
      if (symbols.length < cap) {
        symbols = new Int32Array(2 * cap);
        scratch = new Int32Array(2 * cap);
      }
      let len = 0;
      stack.length = 0;
      stack.push(r);
      while (stack.length > 0 && len < cap) {
        const x = stack.pop()!;
        if (candStart[x + 1] === candStart[x]) symbols[len++] = x;
        else {
          const f = cand[candStart[x]];
          stack.push(list.right[f], list.left[f]);
        }
      }
      // 2. The split the kept merges produce, if it is one of the token's merges.
      let found = -1;
      if (stack.length === 0 && applyMerges(symbols, len, pairs, keptResult, scratch) === 2) {
        for (let c = from; c < to && found < 0; c++) if (list.left[cand[c]] === symbols[0] && list.right[cand[c]] === symbols[1]) found = cand[c];
      }
      // 3. Otherwise the earliest merge whose parts exist.
      for (let c = from; c < to && found < 0; c++) if (made[list.left[cand[c]]] && made[list.right[cand[c]]]) found = cand[c];
      if (found >= 0) choice = found;
    }
    keptResult[chosen.length] = r;
    pairs.add(list.left[choice], list.right[choice], chosen.length);
    chosen.push(choice);
    made[r] = 1;
  }
  return Int32Array.from(chosen);
}

/** Merges whose pair was listed before (the same left and right). */
function countRepeatedPairs(list: MergeColumns): { count: number; examples: number[] } {
  const pairs = new PairRanks(Math.max(1, list.left.length));
  const examples: number[] = [];
  let count = 0;
  for (let t = 0; t < list.left.length; t++) {
    if (pairs.rank(list.left[t], list.right[t]) >= 0) {
      if (count++ < EXAMPLES) examples.push(t);
    } else pairs.add(list.left[t], list.right[t], t);
  }
  return { count, examples };
}

/**
 * A training order of a one-merge-per-token list that stays as close to the given order as it can: merges are taken
 * in order, and a merge whose part is made by a later merge first pulls that merge (and, recursively, what it
 * needs) up before itself. An in-order list comes back unchanged. `late` counts the merges that needed a pull.
 * Example: [ab+c -> abc, a+b -> ab] -> order [1, 0], late 1, moved 1.
 */
export function trainingOrder(kept: MergeColumns, ids: number): { order: Int32Array; late: number; moved: number; examples: number[] } {
  const k = kept.left.length;
  const madeBy = new Int32Array(ids).fill(-1);
  for (let i = 0; i < k; i++) madeBy[kept.result[i]] = i;
  const order = new Int32Array(k);
  const state = new Uint8Array(k); // 0 waiting, 1 on the stack, 2 placed
  const examples: number[] = [];
  let w = 0;
  let late = 0;
  let moved = 0;
  const stack: number[] = [];
  for (let i = 0; i < k; i++) {
    if (madeBy[kept.left[i]] > i || madeBy[kept.right[i]] > i) {
      if (late++ < EXAMPLES) examples.push(i);
    }
  }
  for (let i = 0; i < k; i++) {
    if (state[i] === 2) continue;
    stack.push(i);
    state[i] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const l = madeBy[kept.left[top]];
      const r = madeBy[kept.right[top]];
      // A part made by a merge not yet placed goes first (one on the stack is a cycle: ignored).
      if (l >= 0 && state[l] === 0) {
        state[l] = 1;
        stack.push(l);
      } else if (r >= 0 && state[r] === 0) {
        state[r] = 1;
        stack.push(r);
      } else {
        stack.pop();
        state[top] = 2;
        if (top !== i) moved++;
        order[w++] = top;
      }
    }
  }
  return { order, late, moved, examples };
}

/**
 * One 32-bit number per merge from the spelling of its two parts (FNV-1a over left, a separator, right), so lists of
 * different tokenizers (different ids) can be compared by content, and cheaply sent between threads.
 */
export function mergeFingerprints(list: MergeColumns, vocab: readonly string[]): Int32Array {
  const out = new Int32Array(list.left.length);
  for (let t = 0; t < out.length; t++) {
    let h = 0x811c9dc5;
    const l = vocab[list.left[t]] ?? '';
    const r = vocab[list.right[t]] ?? '';
    for (let i = 0; i < l.length; i++) h = Math.imul(h ^ l.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0xffff, 0x01000193);
    for (let i = 0; i < r.length; i++) h = Math.imul(h ^ r.charCodeAt(i), 0x01000193);
    out[t] = h;
  }
  return out;
}

/** The number of leading merges two lists share (by fingerprint). Example: [5, 7, 9] and [5, 7, 2, 4] -> 2. */
export function sharedPrefixLength(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * The finding for a prefix shared with `otherName`'s list (null when too short to mean anything: 1,000 merges
 * by default, since byte-level lists start alike: Qwen 3 shares its first 154 merges with cl100k). `merges` is the length of this (repaired) list.
 */
export function sharedPrefixFinding(shared: number, merges: number, otherName: string, otherMerges: number, minShared = 1000): RepairFinding | null {
  if (shared < minShared) return null;
  const whole = shared === merges;
  return {
    kind: 'shared-prefix', count: shared, status: whole ? 'info' : 'offered',
    headline: whole
      ? `All ${fmt(shared)} merges are the first merges of ${otherName}`
      : `The first ${fmt(shared)} merges are the same as ${shared === otherMerges ? 'all' : 'the first'} ${fmt(shared)} merges of ${otherName}`,
    examples: [],
    explanation: whole
      ? `This list is ${otherName}'s ${shared === otherMerges ? 'list' : 'beginning'}: what it says about training data is what ${otherName}'s says.`
      : `A shared beginning was copied from ${otherName} rather than learnt again; only the merges after it say something new about this tokenizer's training data.`,
    action: whole ? 'Nothing to offer: no merge of its own.' : `Offered: analyse only merges ${fmt(shared)} onwards.`,
    ...(whole ? {} : { offer: { label: `Analyse only the tail after the ${fmt(shared)} merges shared with ${otherName}`, start: shared } }),
  };
}

/** The report as plain text lines (CLI): one paragraph per finding. */
export function formatRepairReport(report: RepairReport, extra: RepairFinding[] = []): string[] {
  const findings = [...report.findings, ...extra];
  if (findings.length === 0) return [`merge list: ${fmt(report.originalMerges)} merges, nothing to repair.`];
  const lines = [`merge list: ${fmt(report.originalMerges)} merges as loaded, ${fmt(report.merges)} after repair.`];
  for (const f of findings) {
    lines.push(`- ${f.headline}.`);
    for (const e of f.examples) lines.push(`    e.g. ${e}`);
    lines.push(`  ${f.explanation}`, `  ${f.action}`);
  }
  return lines;
}

/**
 * A tokenizer with its repaired list as its merges, for replay and inference (encoding text keeps the file's list,
 * which HF's encoder reads by pair rank), and the repair.
 */
export function repairTokenizer<T extends Pick<Tokenizer, 'vocab' | 'level' | 'mergeLeft' | 'mergeRight' | 'mergeResult'>>(
  tok: T,
  options: Omit<RepairOptions, 'level'> = {},
): { tokenizer: T; repair: MergeRepair } {
  const repair = repairMerges({ left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult }, tok.vocab, { ...options, level: tok.level });
  return { tokenizer: { ...tok, mergeLeft: repair.list.left, mergeRight: repair.list.right, mergeResult: repair.list.result }, repair };
}

/** The report without the repaired columns (what crosses to the page or is printed as JSON). */
export function repairReport(r: MergeRepair): RepairReport {
  return { originalMerges: r.originalMerges, merges: r.merges, findings: r.findings, suggestedStart: r.suggestedStart, suggestedEnd: r.suggestedEnd };
}

/**
 * A merge range after the user accepts `offer`: a new start keeps the number of merges analysed (cut at the list's
 * end), a new end keeps the start. Example: range 0..1000, offer { start: 100000 }, 127744 merges -> 100000..101000.
 */
export function applyRangeOffer(range: { start: number; end: number }, offer: RangeOffer, total: number): { start: number; end: number } {
  let { start, end } = range;
  const width = Math.max(1, end - start);
  if (offer.start !== undefined) {
    start = Math.min(offer.start, total - 1);
    end = Math.min(total, start + width);
  }
  if (offer.end !== undefined) {
    end = Math.min(offer.end, total);
    if (start >= end) start = Math.max(0, end - width);
  }
  return { start, end };
}
