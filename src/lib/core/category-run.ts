// One category's share of the attack, as a worker runs it: stream the text, count words with a byte budget, map the
// words to the tokenizer's base symbols and replay the merges. The tokenizer travels to each worker as a
// CategoryTokenizer: only what this needs (pipeline specs, the base symbols, the first merges), so a 200k-token
// vocabulary is not cloned once per category.
// Example: categoryTokenizer(cl100k, 1000) -> { baseTokens: 256 entries ("Ġ" -> 220, ...), merges: 1000 columns }.

import { charLevelUnits, withUnits, type CharLevelUnits } from './char-level.ts';
import { InputError } from './errors.ts';
import { makeNormalizer } from './normalize.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import { replayMerges, type MergeColumns } from './replay.ts';
import type { NormalizerSpec, PreTokenizerSpec, TokenId, Tokenizer, Trajectory } from './types.ts';
import { countDocuments, cutLinesNote, type TextDocument } from './word-counts.ts';
import { checkDecodedText, textReadNotes } from './text-check.ts';
import { describeMissing, noPairsToMerge, tokenizerWordTable, type MissingChars } from './word-table.ts';

export interface CategoryTokenizer {
  name: string;
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec | null;
  /** The tokens a word's characters can map to: one-character tokens and byte-fallback tokens "<0xXX>". */
  baseTokens: Map<string, TokenId>;
  byteFallback: boolean;
  /** Byte-level (GPT-2's byte alphabet) or character-level: says whether a symbol with no token is a byte or a character. */
  level: Tokenizer['level'];
  /** SentencePiece-style tokenizers: how words are cut further into the units the trainer counted (char-level.ts). */
  units?: CharLevelUnits | null;
  /** Merges 0 .. end-1 of the list. */
  merges: MergeColumns;
}

const BYTE_TOKEN = /^<0x[0-9A-F]{2}>$/;

/** The part of `tok` a category worker needs to replay its first `end` merges. Cost: one pass over the vocabulary. */
export function categoryTokenizer(tok: Tokenizer, end: number): CategoryTokenizer {
  const baseTokens = new Map<string, TokenId>();
  for (const [token, id] of tok.tokenToId) {
    const single = token.length === 1 || (token.length === 2 && token.codePointAt(0)! > 0xffff);
    if (single || (tok.byteFallback && BYTE_TOKEN.test(token))) baseTokens.set(token, id);
  }
  const n = Math.min(end, tok.mergeLeft.length);
  return {
    name: tok.name,
    normalizer: tok.normalizer,
    preTokenizer: tok.preTokenizer,
    baseTokens,
    byteFallback: tok.byteFallback,
    level: tok.level,
    units: charLevelUnits(tok),
    merges: { left: tok.mergeLeft.slice(0, n), right: tok.mergeRight.slice(0, n), result: tok.mergeResult.slice(0, n) },
  };
}

export type CategoryProgress =
  | { phase: 'read'; bytes: number; budget: number }
  | { phase: 'replay'; merges: number; total: number; words: number };

export interface CategoryReplay {
  trajectory: Trajectory;
  /** Bytes read (at most the budget), and whether the budget cut the text short. */
  bytes: number;
  truncated: boolean;
  distinctWords: number;
  invalidUtf8: number;
  missing: MissingChars;
  seconds: { read: number; replay: number };
  /** Files of the category left out because they are not text (text-check.ts's categoryDocuments). */
  skippedFiles?: string[];
  /** The files that held invalid UTF-8, when the text came as several named documents (countDocuments). */
  invalidIn?: string[];
  /** Cuts made in lines longer than MAX_LINE_CHARS (word-counts.ts). */
  cutLines?: number;
}

export interface ReplayCategoryOptions {
  maxBytes?: number;
  onProgress?: (p: CategoryProgress) => void;
  signal?: AbortSignal;
}

/**
 * Counts the words of a text (UTF-8 chunks, or documents such as the files of a folder, each counted on its own)
 * with `tok`'s pipeline and replays its merges over them.
 */
export async function replayCategory(
  text: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | { documents: AsyncIterable<TextDocument> | Iterable<TextDocument> },
  tok: CategoryTokenizer,
  options: ReplayCategoryOptions = {},
): Promise<CategoryReplay> {
  const { signal, onProgress } = options;
  const budget = options.maxBytes ?? Infinity;

  // 1. Words of the text, read up to the byte budget.
  let started = performance.now();
  const normalizer = tok.normalizer ? makeNormalizer(tok.normalizer) : null;
  const pipeline = withUnits({ normalizer, preTokenizer: tok.preTokenizer ? makePreTokenizer(tok.preTokenizer) : (t: string) => [t] }, tok.units);
  const documents = 'documents' in text ? text.documents : [{ name: '', chunks: text }];
  const words = await countDocuments(documents, pipeline, {
    maxBytes: options.maxBytes,
    signal,
    onProgress: (bytes) => onProgress?.({ phase: 'read', bytes, budget }),
  });
  const read = (performance.now() - started) / 1000;
  if (words.bytes === 0) throw new InputError('has no text: the file is empty');
  checkDecodedText(words.invalidUtf8, words.chars);

  // 2. Replay the merges over the distinct words.
  started = performance.now();
  const { table, missing } = tokenizerWordTable(words, { tokenToId: tok.baseTokens, byteFallback: tok.byteFallback, level: tok.level });
  const trajectory = replayMerges(table, tok.merges, {
    bytes: words.bytes,
    signal,
    onProgress: (merges, total) => onProgress?.({ phase: 'replay', merges, total, words: words.words.length }),
  });
  if (trajectory.totalPairs === 0) {
    throw new InputError(noPairsToMerge(words.bytes, missing));
  }
  return {
    trajectory,
    bytes: words.bytes,
    truncated: words.truncated,
    distinctWords: words.words.length,
    invalidUtf8: words.invalidUtf8,
    invalidIn: words.invalidIn.filter((name) => name !== ''),
    ...(words.cutLines > 0 ? { cutLines: words.cutLines } : {}),
    missing,
    seconds: { read, replay: (performance.now() - started) / 1000 },
  };
}

/**
 * What a category's reader and replay dropped, as warnings: files left out, invalid UTF-8 (naming the files that
 * held it, unless `nameFiles` is false: a category named after its one file), characters (bytes) with no token. Example: a Japanese sample against a tokenizer trained on English only ->
 * ['1,204 characters have no token in the tokenizer and were dropped (e.g. "の" "は"): its merges cannot ...'].
 */
export function replayNotes(replay: Pick<CategoryReplay, 'invalidUtf8' | 'invalidIn' | 'missing' | 'skippedFiles' | 'cutLines'>, nameFiles = true): string[] {
  const notes = textReadNotes(replay.skippedFiles ?? [], replay.invalidUtf8, nameFiles ? replay.invalidIn : []);
  const cut = cutLinesNote(replay.cutLines ?? 0);
  if (cut) notes.push(`${cut[0].toUpperCase()}${cut.slice(1)}`);
  // A replay stored by an older version may lack `missing`.
  if (replay.missing?.occurrences > 0) {
    notes.push(`${describeMissing(replay.missing)}: the merges cannot count them, so this text's pairs around them differ from the training text's.`);
  }
  return notes;
}

/** The buffers of a trajectory, to transfer it between threads instead of copying it. */
export function trajectoryBuffers(tr: Trajectory): ArrayBuffer[] {
  return [tr.pairKeys, tr.initialCounts, tr.stepOffsets, tr.changePair, tr.changeCount].map((a) => a.buffer as ArrayBuffer);
}

/** The chunks of a byte stream (a fetch body, a decompressed stream); cancels the stream if the reader stops early. */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) { done = true; return; }
      yield r.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The same tokenizer limited to its first `end` merges (copies only the three merge columns). */
export function withMerges(tok: CategoryTokenizer, end: number): CategoryTokenizer {
  const n = Math.min(end, tok.merges.left.length);
  return { ...tok, merges: { left: tok.merges.left.slice(0, n), right: tok.merges.right.slice(0, n), result: tok.merges.result.slice(0, n) } };
}

/**
 * The stream, inflated if it starts with gzip's magic bytes (1f 8b). A server may already have removed the gzip layer
 * (vite preview serves foo.gz with Content-Encoding: gzip, so fetch inflates it), so the bytes decide, not the name.
 */
export async function gunzipIfNeeded(stream: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = stream.getReader();
  let first = await reader.read();
  while (!first.done && first.value.length < 2) {
    const next = await reader.read();
    if (next.done) break;
    const joined = new Uint8Array(first.value.length + next.value.length);
    joined.set(first.value);
    joined.set(next.value, first.value.length);
    first = { done: false, value: joined };
  }
  const head = first.done ? new Uint8Array(0) : first.value;
  const rest = new ReadableStream<Uint8Array>({
    start(c) { if (head.length > 0) c.enqueue(head); },
    async pull(c) {
      const r = await reader.read();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
    cancel(reason) { return reader.cancel(reason); },
  });
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  return gzip ? rest.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : rest;
}

/**
 * How many bytes of text a file holds once inflated, for progress measured against what is read: a gzip file (magic
 * 1f 8b) ends with its text's size modulo 4 GiB (the last member's, so a file of several members or past 4 GiB counts
 * as its own size); any other file is its size. Example: en.txt.gz of 12,304,000 bytes holding 50 MB of text ->
 * 50,000,000 (the progress bar was full a quarter of the way through the read).
 */
export async function textSize(file: Blob): Promise<number> {
  if (file.size < 18) return file.size;
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return file.size;
  const tail = new DataView(await file.slice(file.size - 4, file.size).arrayBuffer());
  const inflated = tail.getUint32(0, true);
  return inflated >= file.size ? inflated : file.size;
}
