// What a user's category file is, before its words are counted: plain UTF-8 text, JSON Lines with a "text" field,
// gzip'd text, or something we must refuse (a binary file, text in another encoding). Each refusal is an InputError
// that names the file and says what to do.
// Example: a PNG dropped as a category -> 'photo.png: a binary file, not text (a NUL byte at offset 6) ...';
//          a .jsonl file -> the chunks of its records' "text" fields, one record per line.

import { gunzipIfNeeded, streamChunks } from './category-run.ts';
import { InputError, isInputError } from './errors.ts';
import { ACCEPTED_FORMATS } from './load-tokenizer.ts';
import type { TextDocument } from './word-counts.ts';

/** Bytes of a file's head looked at to tell text from binary (decoding cost: nothing worth measuring). */
export const SNIFF_BYTES = 8192;

/** Above this share of invalid UTF-8 sequences among the characters, a file is not UTF-8 text. */
export const MAX_INVALID_SHARE = 0.3;

/** A category file as the worker gets it: a Blob with its name (a File). */
export interface NamedBlob extends Blob {
  readonly name: string;
}

/**
 * Invalid UTF-8 sequences and characters of a text head, counted as a streaming decoder does (a sequence cut at the
 * end of `head` is not counted). Real U+FFFD characters (bytes EF BF BD) are not invalid.
 * Example: utf8Errors(latin1('café')) -> { invalid: 1, chars: 4 }.
 */
export function utf8Errors(head: Uint8Array): { invalid: number; chars: number } {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(head, { stream: true });
  let replaced = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced++;
  let real = 0;
  for (let i = head.indexOf(0xef); i >= 0; i = head.indexOf(0xef, i + 1)) if (head[i + 1] === 0xbf && head[i + 2] === 0xbd) real++;
  return { invalid: replaced - real, chars: text.length };
}

/**
 * Refuses a head that is not text: a NUL byte (no text file holds one; binaries and UTF-16 do), or mostly invalid
 * UTF-8 (a binary without NULs, or text in an 8-bit encoding such as cp1251 where most letters are not ASCII).
 */
export function checkTextHead(head: Uint8Array, file: string): void {
  const bom = utf16ByteOrderMark(head);
  if (bom) throw new InputError(`UTF-16 text (byte order mark ${bom}), not UTF-8: convert it to UTF-8, e.g. with iconv -f UTF-16 -t UTF-8`, file);
  const nul = head.indexOf(0);
  if (nul >= 0) {
    throw new InputError(`a binary file, not text (a NUL byte at offset ${nul}; UTF-16 text has them too): give plain UTF-8 text, or JSON Lines with a "text" field`, file);
  }
  const { invalid, chars } = utf8Errors(head);
  if (chars > 0 && invalid > MAX_INVALID_SHARE * chars) {
    throw new InputError(notUtf8(invalid, chars, 'its first'), file);
  }
}

/** "FF FE" or "FE FF" when a head starts with UTF-16's byte order mark, else null (UTF-8 never holds those bytes). */
function utf16ByteOrderMark(head: Uint8Array): string | null {
  if (head.length < 2) return null;
  if (head[0] === 0xff && head[1] === 0xfe) return 'FF FE';
  if (head[0] === 0xfe && head[1] === 0xff) return 'FE FF';
  return null;
}

/** The error of a category whose counted text was mostly invalid UTF-8 (the whole-category twin of checkTextHead). */
export function checkDecodedText(invalid: number, chars: number): void {
  if (chars > 0 && invalid > MAX_INVALID_SHARE * chars) throw new InputError(notUtf8(invalid, chars, 'its'));
}

function notUtf8(invalid: number, chars: number, which: string): string {
  return `is not UTF-8 text: ${invalid.toLocaleString('en')} of ${which} ${chars.toLocaleString('en')} characters are invalid UTF-8 sequences ` +
    '(a binary file, or text in another encoding such as Latin-1 or Windows-1251): convert it to UTF-8, e.g. with iconv';
}

/** True when a file name says JSON Lines (.jsonl, .ndjson, also gzip'd). */
export function isJsonLinesName(name: string): boolean {
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(name);
}

/** True when the first line of a head is a JSON object with a string "text" field (JSON Lines without the name). */
export function looksLikeJsonLines(head: string): boolean {
  const text = head.trimStart();
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  if (!first.startsWith('{')) return false;
  // A first record longer than the head: judge by its start.
  if (nl < 0 && text.length >= 1000) return /^\{\s*"/.test(first) && first.includes('"text"');
  try {
    const o = JSON.parse(first);
    return o !== null && typeof o === 'object' && typeof o.text === 'string';
  } catch {
    return false;
  }
}

/**
 * The texts of a JSON Lines stream as UTF-8 chunks, one record's "text" plus '\n' each. Blank lines are skipped; a
 * line that is not JSON, or an object without a string "text", is an InputError with its line number.
 * Example: '{"text": "hi"}\n{"text": "yo"}\n' -> "hi\n", "yo\n".
 */
export async function* jsonLinesTexts(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  const encoder = new TextEncoder();
  let carry = '';
  let line = 0;
  const record = (raw: string): Uint8Array | null => {
    line++;
    if (raw.trim() === '') return null;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch (e) {
      throw new InputError(`not valid JSON Lines: the line is not JSON (${(e as Error).message}); each line must be an object with a "text" field`, `${file} line ${line}`);
    }
    if (o === null || typeof o !== 'object' || typeof (o as { text?: unknown }).text !== 'string') {
      const fields = o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o).slice(0, 5).join(', ') : typeof o;
      throw new InputError(`a JSON Lines record needs a string "text" field (found: ${fields || 'nothing'})`, `${file} line ${line}`);
    }
    return encoder.encode(`${(o as { text: string }).text}\n`);
  };
  for await (const chunk of chunks) {
    const lines = (carry + decoder.decode(chunk, { stream: true })).split('\n');
    carry = lines.pop()!;
    for (const raw of lines) {
      const out = record(raw);
      if (out) yield out;
    }
  }
  const out = record(carry + decoder.decode());
  if (out) yield out;
}

/** The first `n` bytes (or all) of a stream, and the stream of everything, head included. */
async function peek(stream: ReadableStream<Uint8Array>, n: number): Promise<{ head: Uint8Array; all: AsyncGenerator<Uint8Array> }> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const r = await reader.read();
    if (r.done) { ended = true; break; }
    parts.push(r.value);
    size += r.value.length;
  }
  const head = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { head.set(p, at); at += p.length; }
  reader.releaseLock();
  async function* all(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (!ended) yield* streamChunks(stream);
  }
  return { head, all: all() };
}

/**
 * One category file's text chunks: inflated when gzip'd, its records' texts when JSON Lines (by name, or a first line
 * that is an object with "text"). Its head is checked to be text first: a file that is not text is an InputError
 * thrown here, before any chunk, so a caller may leave the file out instead (skippedFileNote).
 * Example: await openCategoryFile(new File([gzip('hi\n')], 'a.txt.gz')) -> chunks of "hi\n".
 */
export async function openCategoryFile(f: NamedBlob): Promise<AsyncGenerator<Uint8Array>> {
  const stream = await gunzipIfNeeded(f.stream() as ReadableStream<Uint8Array>);
  const { head, all } = await peek(stream, SNIFF_BYTES);
  try {
    checkTextHead(head, f.name);
  } catch (e) {
    await stream.cancel().catch(() => {}); // the rest is never read: let go of the file
    throw e;
  }
  const jsonl = isJsonLinesName(f.name) || looksLikeJsonLines(new TextDecoder().decode(head));
  return jsonl ? jsonLinesTexts(all, f.name) : all;
}

/**
 * How a file left out of a category is listed: openCategoryFile's refusal without its details and advice (cut after
 * the file name, which may hold " (" itself).
 * Example: 'logo (1).png: a binary file, not text (a NUL byte at offset 2; ...): give ...' -> 'logo (1).png: a binary file, not text'.
 */
export function skippedFileNote(e: Error): string {
  const where = isInputError(e) && e.where ? `${e.where}: ` : '';
  return where + e.message.slice(where.length).split(' (')[0].split(': ')[0];
}

/**
 * The documents of a category's files, one file after the other (openCategoryFile, each opened when its turn
 * comes), so a wrong file fails with its name before any word is counted. In a category of several files (a
 * folder), a file that is not text is skipped and listed in `skipped` instead: a repository's images should not
 * sink its source code. Only when no file is text does the category fail.
 */
export async function* categoryDocuments(files: NamedBlob[], skipped: string[] = []): AsyncGenerator<TextDocument> {
  for (const f of files) {
    let chunks: AsyncGenerator<Uint8Array>;
    try {
      chunks = await openCategoryFile(f);
    } catch (e) {
      if (files.length === 1 || !isInputError(e)) throw e;
      skipped.push(skippedFileNote(e));
      continue;
    }
    yield { name: f.name, chunks };
  }
  if (files.length > 1 && skipped.length === files.length) throw noTextFile(files.length, skipped[0]);
}

/** The error of a category of several files none of which is text. */
export function noTextFile(files: number, firstSkipped: string): InputError {
  return new InputError(`none of its ${files} files is UTF-8 text (first: ${firstSkipped})`);
}

/**
 * The warnings of a category that was read: files left out (categoryDocuments' `skipped`) and invalid UTF-8
 * sequences read as U+FFFD, with the files that held them when the category has several (countDocuments'
 * `invalidIn`). Example: ([], 3, ['a.txt']) -> ['3 byte sequences of this text (in a.txt) are not valid UTF-8 ...'].
 */
export function textReadNotes(skipped: readonly string[], invalidUtf8: number, invalidIn: readonly string[] = []): string[] {
  const notes: string[] = [];
  const n = skipped.length;
  if (n > 0) {
    notes.push(`${n} file${n === 1 ? ' is' : 's are'} not text and ${n === 1 ? 'was' : 'were'} left out: ` +
      `${skipped.slice(0, 3).join('; ')}${n > 3 ? `; and ${n - 3} more` : ''}.`);
  }
  if (invalidUtf8 > 0) {
    const m = invalidIn.length;
    const where = m === 0 ? '' : ` (in ${invalidIn.slice(0, 3).join(', ')}${m > 3 ? ` and ${m - 3} more file${m === 4 ? '' : 's'}` : ''})`;
    notes.push(`${invalidUtf8 === 1 ? '1 byte sequence' : `${invalidUtf8.toLocaleString('en')} byte sequences`} of this text${where} ${invalidUtf8 === 1 ? 'is' : 'are'} not valid UTF-8 and ${invalidUtf8 === 1 ? 'was' : 'were'} read as the replacement character \ufffd: ` +
      `if ${m > 1 ? 'these files are' : 'the file is'} in another encoding (Latin-1, Windows-1252), convert ${m > 1 ? 'them' : 'it'} to UTF-8 for an exact result.`);
  }
  return notes;
}

/**
 * A tokenizer file's text, or an InputError that says it is not a tokenizer file at all: a binary (NUL bytes) or
 * not UTF-8 (every accepted format is UTF-8 text). Example: tokenizerFileText(pngBytes, 'cat.png') throws
 * 'cat.png: a binary file, not a tokenizer file ...'.
 */
export function tokenizerFileText(bytes: Uint8Array, file: string): string {
  if (bytes.indexOf(0) >= 0) throw new InputError(`a binary file, not a tokenizer file; accepted: ${ACCEPTED_FORMATS}`, file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { invalid } = utf8Errors(bytes);
    throw new InputError(`not UTF-8 text (${invalid.toLocaleString('en')} invalid sequences), so not a tokenizer file; accepted: ${ACCEPTED_FORMATS}`, file);
  }
}
