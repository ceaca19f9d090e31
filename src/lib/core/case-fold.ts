// Case-insensitive matching for translated (?i:...) groups, which Node 20's RegExp cannot scope to a group.
// Each character becomes the class of characters that fold to the same thing (simple case folding, as both
// Oniguruma and JS /iu do one character at a time). Example: foldClosure of {'s'} -> {'S', 's', 'ſ' (U+017F)};
// {'k'} -> {'K', 'k', 'K' (U+212A KELVIN SIGN)}.
// Oniguruma also folds across characters ("ss" ~ "ß", "fi" ~ "ﬁ"); the translator refuses patterns where that
// could matter (see multiCharFoldRisk) rather than silently matching less.

import { type CharSet, fromRanges, has, generalCategory } from './char-sets.ts';

let classes: Map<number, number[]> | null = null;
let multiFolds: Set<string> | null = null;

function single(s: string): number | null {
  const cp = s.codePointAt(0)!;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : null;
}

/** code point -> all code points case-equivalent to it (itself included), for cased code points only. Built once. */
function foldClasses(): Map<number, number[]> {
  if (classes) return classes;
  // Union-find over each character and its single-character lower/upper/title mappings.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const link = (a: number, b: number) => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  // Candidates come from toLowerCase/toUpperCase; a link is kept only if JS /iu (simple case folding, like
  // Oniguruma) agrees, which drops e.g. dotless ı ~ I (a Turkic-only folding). Characters unassigned in
  // tokenizers' Unicode version take no part, whatever this engine's Unicode knows about them.
  const unassigned = generalCategory('Cn')!;
  for (let cp = 0; cp <= 0x1ffff; cp++) {
    if ((cp >= 0xd800 && cp <= 0xdfff) || has(unassigned, cp)) continue;
    const ch = String.fromCodePoint(cp);
    for (const m of [ch.toLowerCase(), ch.toUpperCase()]) {
      if (m === ch) continue;
      const t = single(m);
      if (t === null || has(unassigned, t)) continue;
      if (new RegExp(`\\u{${cp.toString(16)}}`, 'iu').test(m)) link(cp, t);
    }
  }
  const groups = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const r = find(cp);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(cp);
  }
  classes = new Map();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a - b);
    for (const cp of g) classes.set(cp, g);
  }
  return classes;
}

/** The set plus every character case-equivalent to a member. */
export function foldClosure(set: CharSet): CharSet {
  const extra: number[] = [];
  for (const [cp, group] of foldClasses()) {
    if (has(set, cp)) for (const other of group) extra.push(other, other);
  }
  return extra.length === 0 ? set : fromRanges([...set, ...extra]);
}

/**
 * Strings that Oniguruma folds to or from one character ("ss" for ß, "fi" for ﬁ, "i̇" for İ), lower-cased.
 * A case-insensitive literal containing one, or a character that folds to one, may match differently here.
 */
export function multiCharFolds(): Set<string> {
  if (multiFolds) return multiFolds;
  multiFolds = new Set();
  for (let cp = 0x80; cp <= 0x1ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    for (const m of [ch.toUpperCase(), ch.toLowerCase()]) {
      if (single(m) === null) multiFolds.add(m.toLowerCase());
    }
  }
  return multiFolds;
}

/** True if a case-insensitive run of literal text could meet a multi-character fold: "ss", "fi", "ß", ... */
export function multiCharFoldRisk(literalRun: string): boolean {
  const lower = literalRun.toLowerCase();
  for (const ch of literalRun) {
    const u = ch.toUpperCase();
    if (single(u) === null || single(ch.toLowerCase()) === null) return true;
  }
  for (const f of multiCharFolds()) if (lower.includes(f)) return true;
  return false;
}
