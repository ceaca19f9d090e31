// Streaming word counting: UTF-8 bytes in, distinct pre-tokenized words with their counts out, never holding more
// than one chunk and one line of text. Lines are cut after each '\n' (kept), as HuggingFace's trainer reads files,
// and each line is normalised and pre-tokenised on its own.
// Example: "hi hi\nhi" with a whitespace-keeping pre-tokenizer -> lines ["hi hi\n", "hi"],
//          words {"hi": 2, " hi": 1, "Ċ"...} (the pieces depend on the pre-tokenizer), lines 2, bytes 8.

import type { WordCounts } from './types.ts';
import { WordCountsSum } from './word-counts-sum.ts';

/** The text pipeline of a tokenizer: what turns a line into pieces (words in the model's alphabet). */
export interface WordPipeline {
  normalizer?: ((text: string) => string) | null;
  preTokenizer: (text: string) => string[];
}

export interface CountWordsOptions {
  /** Stop at the last line boundary at or before this many bytes (the line that would cross it is not read). */
  maxBytes?: number;
  /** Called after each chunk with the number of bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Checked before each chunk; an aborted signal rejects with its reason. */
  signal?: AbortSignal;
}

export interface StreamedWordCounts extends WordCounts {
  /** Cuts made in lines longer than MAX_LINE_CHARS (HF would read them whole): a line of 2.5 M characters, 2. */
  cutLines: number;
  /** True when maxBytes stopped the reading before the end of the input. */
  truncated: boolean;
}

/** A line longer than this (in UTF-16 units) is cut, preferably after whitespace, so memory stays bounded. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * What to tell the user when long lines were cut (StreamedWordCounts.cutLines, the number of cuts), else null.
 * Example: 2 -> "lines longer than 1,048,576 characters were cut 2 times (at whitespace where possible) to bound memory;
 * HF's trainer reads a line whole, so the few pairs across each cut are not counted."
 */
export function cutLinesNote(cuts: number): string | null {
  if (!(cuts > 0)) return null;
  return `lines longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters were cut ${cuts === 1 ? 'once' : `${cuts.toLocaleString('en-US')} times`} ` +
    "(at whitespace where possible) to bound memory; HF's trainer reads a line whole, so the few pairs across each cut are not counted.";
}

/** Counts the words of a byte stream (a file, a Blob, a fetch body). */
export async function countWords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  pipeline: WordPipeline,
  options: CountWordsOptions = {},
): Promise<StreamedWordCounts> {
  const counter = new WordCounter(pipeline, options.maxBytes);
  for await (const chunk of chunks) {
    options.signal?.throwIfAborted();
    const more = counter.push(chunk);
    options.onProgress?.(counter.bytesRead);
    if (!more) break;
  }
  options.signal?.throwIfAborted();
  return counter.finish();
}

/** One document of a category (a file of a folder): a name for messages, and its bytes. */
export interface TextDocument {
  name: string;
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

export interface DocumentsWordCounts extends StreamedWordCounts {
  /** Documents read (the budget may stop before the last ones). */
  documents: number;
  /** The documents that held invalid UTF-8, in order. */
  invalidIn: string[];
}

/**
 * Counts several documents one after the other within one byte budget, each on its own: a file's last line does
 * not run on into the next file's first (files "a" and "b", both without a final newline, give the words "a" and
 * "b", not "ab"), as when the command line counts a folder. Progress counts bytes over all documents.
 */
export async function countDocuments(
  documents: AsyncIterable<TextDocument> | Iterable<TextDocument>,
  pipeline: WordPipeline,
  options: CountWordsOptions = {},
): Promise<DocumentsWordCounts> {
  const sum = new WordCountsSum();
  const invalidIn: string[] = [];
  let budget = options.maxBytes ?? Infinity, before = 0, cutLines = 0, count = 0, truncated = false;
  for await (const doc of documents) {
    if (budget <= 0) { truncated = true; break; }
    const onProgress = options.onProgress && ((bytes: number) => options.onProgress!(before + bytes));
    const wc = await countWords(doc.chunks, pipeline, { maxBytes: budget, signal: options.signal, onProgress });
    count++;
    sum.add(wc);
    if (wc.invalidUtf8 > 0) invalidIn.push(doc.name);
    budget -= wc.bytes;
    before += wc.bytes;
    cutLines += wc.cutLines;
    truncated ||= wc.truncated;
  }
  return { ...sum.result(), cutLines, truncated, documents: count, invalidIn };
}

/** The chunks of a Blob or File (browser or Node), through its stream's reader (portable: no async iteration). */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * The synchronous core of countWords: push chunks, then finish. Tracks byte offsets beside the decoded text so
 * that line byte counts, the byte budget and invalid-UTF-8 accounting are exact: the k-th '\n' of a decoded chunk
 * is the k-th 0x0A byte of that chunk (0x0A never occurs inside a multi-byte sequence and is never held back by
 * the streaming decoder).
 */
export class WordCounter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  private readonly normalize: ((text: string) => string) | null;
  private readonly preTokenize: (text: string) => string[];
  private readonly maxBytes: number;
  private readonly counts = new Map<string, number>();
  /** The current partial line and the absolute byte offset where it starts. */
  private carry = '';
  private carryStart = 0;
  /** Absolute offsets of real U+FFFD characters (bytes EF BF BD) not yet passed; the last two bytes seen. */
  private realReplacements: number[] = [];
  private realIndex = 0;
  private tail0 = -1;
  private tail1 = -1;
  private done = false;
  bytesRead = 0;
  private bytes = 0;
  private chars = 0;
  private lines = 0;
  private invalid = 0;
  private cutLines = 0;
  private truncated = false;

  constructor(pipeline: WordPipeline, maxBytes = Infinity) {
    this.normalize = pipeline.normalizer ?? null;
    this.preTokenize = pipeline.preTokenizer;
    this.maxBytes = maxBytes;
  }

  /** Reads one chunk; returns false once the byte budget is reached (further chunks are ignored). */
  push(chunk: Uint8Array): boolean {
    if (this.done) return false;
    const base = this.bytesRead;
    this.bytesRead += chunk.length;
    this.findRealReplacements(chunk, base);
    const text = this.decoder.decode(chunk, { stream: true });
    // Walk the newlines of the text and of the bytes together.
    let lineStart = 0;
    let bytePos = 0;
    for (;;) {
      const nl = text.indexOf('\n', lineStart);
      if (nl < 0) break;
      const nlByte = chunk.indexOf(0x0a, bytePos);
      const line = this.carry.length > 0 ? this.carry + text.slice(lineStart, nl + 1) : text.slice(lineStart, nl + 1);
      this.carry = '';
      if (!this.takeLine(line, base + nlByte + 1)) return false;
      lineStart = nl + 1;
      bytePos = nlByte + 1;
    }
    if (lineStart < text.length) this.carry += text.slice(lineStart);
    if (this.carry.length > MAX_LINE_CHARS) return this.cutLongLine();
    return true;
  }

  /** Flushes the decoder and the last line (one without '\n'), and returns the counts. */
  finish(): StreamedWordCounts {
    if (!this.done) {
      this.carry += this.decoder.decode();
      if (this.carry.length > 0) this.takeLine(this.carry, this.bytesRead);
      this.carry = '';
      this.done = true;
    }
    const words = [...this.counts.keys()];
    const counts = Float64Array.from(this.counts.values());
    return {
      words,
      counts,
      bytes: this.bytes,
      chars: this.chars,
      lines: this.lines,
      invalidUtf8: this.invalid,
      cutLines: this.cutLines,
      truncated: this.truncated,
    };
  }

  /** Counts one line ending at absolute byte `end` (exclusive), unless it would cross the budget. */
  private takeLine(line: string, end: number): boolean {
    if (end > this.maxBytes) {
      this.done = true;
      this.truncated = true;
      return false;
    }
    // Replacement characters in the line, minus the real U+FFFD characters of the input.
    let replaced = 0;
    for (let i = line.indexOf('\ufffd'); i >= 0; i = line.indexOf('\ufffd', i + 1)) replaced++;
    if (replaced > 0) {
      while (this.realIndex < this.realReplacements.length && this.realReplacements[this.realIndex] < end) {
        this.realIndex++;
        replaced--;
      }
      this.invalid += replaced;
    }
    let surrogates = 0;
    for (let i = 0; i < line.length; i++) if ((line.charCodeAt(i) & 0xfc00) === 0xdc00) surrogates++;
    this.chars += line.length - surrogates;
    this.bytes = end;
    this.carryStart = end;
    this.lines++;
    const pieces = this.preTokenize(this.normalize ? this.normalize(line) : line);
    const counts = this.counts;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
    }
    return true;
  }

  /**
   * Cuts an over-long partial line after its last whitespace (or at the limit) and counts the first part as a
   * line. Its byte length is taken as its UTF-8 length (exact unless it held replaced invalid bytes).
   */
  private cutLongLine(): boolean {
    while (this.carry.length > MAX_LINE_CHARS) {
      let cut = MAX_LINE_CHARS;
      for (let i = MAX_LINE_CHARS - 1; i > MAX_LINE_CHARS >> 1; i--) {
        const c = this.carry.charCodeAt(i);
        if (c === 0x20 || c === 0x09 || c === 0x0d) {
          cut = i + 1;
          break;
        }
      }
      if ((this.carry.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut--; // never split a surrogate pair
      const part = this.carry.slice(0, cut);
      this.carry = this.carry.slice(cut);
      this.cutLines++;
      if (!this.takeLine(part, this.carryStart + new TextEncoder().encode(part).length)) return false;
    }
    return true;
  }

  /** Records where bytes EF BF BD (a real U+FFFD) start, including across chunk boundaries. */
  private findRealReplacements(chunk: Uint8Array, base: number): void {
    if (this.tail0 === 0xef && this.tail1 === 0xbf && chunk[0] === 0xbd) this.realReplacements.push(base - 2);
    if (this.tail1 === 0xef && chunk[0] === 0xbf && chunk[1] === 0xbd) this.realReplacements.push(base - 1);
    for (let i = chunk.indexOf(0xef); i >= 0; i = chunk.indexOf(0xef, i + 1)) {
      if (chunk[i + 1] === 0xbf && chunk[i + 2] === 0xbd) this.realReplacements.push(base + i);
    }
    if (chunk.length >= 2) {
      this.tail0 = chunk[chunk.length - 2];
      this.tail1 = chunk[chunk.length - 1];
    } else if (chunk.length === 1) {
      this.tail0 = this.tail1;
      this.tail1 = chunk[0];
    }
  }
}
