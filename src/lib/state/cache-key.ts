// What identifies a category's trajectory across page loads, so IndexedDB can keep it: the tokenizer's content (its
// merge list, base symbols and text pipeline, hashed), where the category's text came from, the byte budget and the
// last merge replayed. Two keys are equal only when the replay would give the same trajectory.
// Example: trajectoryKey({ tokenizer: 'ab12…', source: 'bundled:en.sample.txt.gz:1300360:9f…', budget: 300000, end: 1000 })
//   -> 'ab12…|bundled:en.sample.txt.gz:1300360:9f…|300000|1000'.

import type { CategoryReplay, CategoryTokenizer } from '../core/category-run.ts';

export interface TrajectoryKeyParts {
  /** tokenizerHash of the loaded tokenizer. */
  tokenizer: string;
  /** categorySourceId of the category's text. */
  source: string;
  budget: number;
  end: number;
}

export function trajectoryKey(k: TrajectoryKeyParts): string {
  return `${k.tokenizer}|${k.source}|${k.budget}|${k.end}`;
}

/**
 * A key's last merge, and everything before it (what must match for a longer replay to serve a shorter run).
 * Example: 'ab12…|bundled:en…|300000|1000' -> { prefix: 'ab12…|bundled:en…|300000', end: 1000 }.
 */
export function splitTrajectoryKey(key: string): { prefix: string; end: number } {
  const cut = key.lastIndexOf('|');
  return { prefix: key.slice(0, cut), end: Number(key.slice(cut + 1)) };
}

/**
 * Of `keys`, the one whose replay serves `key`: the same text, tokenizer and budget, replayed to `key`'s last merge or
 * further, the shortest such; or null. A longer replay serves exactly, as the solver reads only the merges analysed
 * (prepareMixture gives the same data as from a replay to their end).
 * Example: keys ending |2000 and |5000; asked |500 -> the |2000 one, asked |2000 -> that one, asked |6000 -> null.
 */
export function servingKey(keys: Iterable<string>, key: string): string | null {
  const { prefix, end } = splitTrajectoryKey(key);
  let best: string | null = null, bestEnd = Infinity;
  for (const k of keys) {
    const other = splitTrajectoryKey(k);
    if (other.prefix === prefix && other.end >= end && other.end < bestEnd) { best = k; bestEnd = other.end; }
  }
  return best;
}

/**
 * SHA-256 (hex) of everything in a CategoryTokenizer that changes a replay: the merge columns, the base symbols,
 * byte fallback, level (it names what a replay dropped: bytes or characters), normalizer, pre-tokenizer and
 * character-level unit rules. The name is left out (the same file renamed replays the same).
 * Cost: one digest over 12 bytes per merge (2.4 MB for 200k merges, a few ms).
 */
export async function tokenizerHash(tok: CategoryTokenizer): Promise<string> {
  const m = tok.merges;
  const pipeline = new TextEncoder().encode(JSON.stringify([tok.normalizer, tok.preTokenizer, tok.byteFallback, tok.level, [...tok.baseTokens], tok.units?.rules ?? null]));
  const bytes = new Uint8Array(pipeline.length + 12 * m.left.length);
  bytes.set(pipeline);
  let at = pipeline.length;
  for (const col of [m.left, m.right, m.result]) {
    bytes.set(new Uint8Array(col.buffer, col.byteOffset, col.byteLength), at);
    at += col.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A bundled sample: its file name, size and checksum from the manifest (a rebuilt corpus gets a new identity). */
export function bundledSourceId(part: { file: string; bytes: number; sha256?: string }): string {
  return `bundled:${part.file}:${part.bytes}:${part.sha256 ?? ''}`;
}

/** What filesSourceId reads of a file: a File, or its like in tests. */
export interface FileLike {
  name: string;
  size: number;
  lastModified: number;
  /** The path inside a folder picked whole ("shard/en/part-aa"), else ''. */
  webkitRelativePath?: string;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** Bytes read at each end of a file for its fingerprint. */
const EDGE = 64 * 1024;

/**
 * The user's files: each one's name, path in a picked folder, size, last modification time and a hash of its first
 * and last 64 KB, in order. Name, size and time alone took two folders of pieces cut with `split` and copied with
 * their times kept ("en/part-aa" and "fr/part-aa", same sizes) for the same text: French was served English's
 * replay. The ends of the files tell such texts apart for 128 KB read per file, not the whole file; an edit
 * confined to the middle of a file that keeps its size and time would still go unseen.
 */
export async function filesSourceId(files: readonly FileLike[]): Promise<string> {
  const parts = [];
  for (const f of files) {
    const ends = f.size <= 2 * EDGE ? [f.slice(0, f.size)] : [f.slice(0, EDGE), f.slice(f.size - EDGE, f.size)];
    let h: [number, number] = [FNV_OFFSET, FNV_OFFSET ^ 0x5bd1e995];
    for (const part of ends) h = fnv1aPair(new Uint8Array(await part.arrayBuffer()), h);
    parts.push([f.name, f.webkitRelativePath ?? '', f.size, f.lastModified, h.map((x) => x.toString(16).padStart(8, '0')).join('')]);
  }
  return `files:${JSON.stringify(parts)}`;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Two 32-bit FNV-1a hashes of the bytes from two starting values, going on from `h`: 64 bits that tell different
 * texts apart, which is all a cache key needs (not cryptographic, and it works where crypto.subtle does not, on a
 * page served over plain http). About 0.3 ms for the 128 KB of a file. Example: 'a' from [0x811c9dc5, ...] -> the
 * first half is 0xe40c292c, FNV-1a's own value for 'a'.
 */
export function fnv1aPair(bytes: Uint8Array, h: [number, number]): [number, number] {
  let a = h[0], b = h[1];
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], FNV_PRIME) >>> 0;
    b = Math.imul(b ^ bytes[i], FNV_PRIME) >>> 0;
  }
  return [a, b];
}

/** Bytes a stored replay takes (its trajectory's typed arrays; the rest is a few numbers). */
export function replayBytes(r: CategoryReplay): number {
  const t = r.trajectory;
  return t.pairKeys.byteLength + t.initialCounts.byteLength + t.stepOffsets.byteLength + t.changePair.byteLength + t.changeCount.byteLength;
}
