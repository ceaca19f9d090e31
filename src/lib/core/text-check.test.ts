import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { categoryTokenizer, replayCategory } from './category-run.ts';
import { loadTokenizerJson } from './load-tokenizer-json.ts';
import type { TextDocument } from './word-counts.ts';
import { categoryDocuments, checkTextHead, jsonLinesTexts, looksLikeJsonLines, textReadNotes, tokenizerFileText, utf8Errors } from './text-check.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Latin-1 bytes of a string of code points < 256. */
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const file = (name: string, bytes: Uint8Array | string) => new File([(typeof bytes === 'string' ? utf8(bytes) : bytes) as Uint8Array<ArrayBuffer>], name);

async function textOf(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return new TextDecoder().decode(Buffer.concat(parts));
}

/** Each document's text, joined with "|" between documents. */
async function documentsText(docs: AsyncIterable<TextDocument>): Promise<string> {
  const texts: string[] = [];
  for await (const d of docs) texts.push(await textOf(d.chunks));
  return texts.join('|');
}

async function* chunksOf(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield utf8(p);
}

describe('utf8Errors', () => {
  it('counts the invalid sequences of Latin-1 text and not a real U+FFFD', () => {
    expect(utf8Errors(latin1('café à la crème'))).toEqual({ invalid: 3, chars: 15 });
    expect(utf8Errors(utf8('a\ufffdb'))).toEqual({ invalid: 0, chars: 3 });
  });

  it('does not count a sequence cut at the end of the head', () => {
    expect(utf8Errors(utf8('é').subarray(0, 1))).toEqual({ invalid: 0, chars: 0 });
  });
});

describe('checkTextHead', () => {
  it('refuses a NUL byte, naming the file and the offset', () => {
    expect(() => checkTextHead(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'cat.png')).toThrow(/^cat\.png: a binary file, not text \(a NUL byte at offset 8/);
  });

  it('refuses mostly invalid UTF-8 (Windows-1251 Russian) and accepts Latin-1 French with a few', () => {
    const cp1251 = Uint8Array.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0xec, 0xe8, 0xf0]); // "Привет мир"
    expect(() => checkTextHead(cp1251, 'ru.txt')).toThrow(/^ru\.txt: is not UTF-8 text: \d+ of its first \d+ characters/);
    expect(() => checkTextHead(latin1('Le café est très bon, dit-il à la fenêtre.'), 'fr.txt')).not.toThrow();
  });
});

describe('JSON Lines', () => {
  it('gives each record\'s text on its own line, across chunk boundaries, skipping blank lines', async () => {
    const out = await textOf(jsonLinesTexts(chunksOf('{"text": "hel', 'lo\\nworld", "id": 1}\n\n{"text":"é"}'), 'a.jsonl'));
    expect(out).toBe('hello\nworld\né\n');
  });

  it('names the line of a malformed record', async () => {
    await expect(textOf(jsonLinesTexts(chunksOf('{"text": "a"}\n{"text": "b"\n'), 'a.jsonl'))).rejects.toThrow(/^a\.jsonl line 2: not valid JSON Lines/);
    await expect(textOf(jsonLinesTexts(chunksOf('{"text": "a"}\n\n{"body": "b"}\n'), 'a.jsonl'))).rejects.toThrow(/^a\.jsonl line 3: a JSON Lines record needs a string "text" field \(found: body\)/);
  });

  it('is recognised by a first line holding a "text" string', () => {
    expect(looksLikeJsonLines('{"text": "a", "meta": {}}\n{"text"')).toBe(true);
    expect(looksLikeJsonLines('{"a": 1}\n')).toBe(false);
    expect(looksLikeJsonLines('function f() {}\n')).toBe(false);
    expect(looksLikeJsonLines(`{"text": "${'x'.repeat(5000)}`)).toBe(true);
  });
});

describe('categoryDocuments', () => {
  it('reads plain, gzip\'d and JSON Lines files one after the other', async () => {
    const files = [file('a.txt', 'plain\n'), file('b.txt.gz', gzipSync(utf8('zipped\n'))), file('c.data', '{"text": "record"}\n')];
    expect(await documentsText(categoryDocuments(files))).toBe('plain\n|zipped\n|record\n');
  });

  it('refuses a category that is one binary file, naming it', async () => {
    await expect(documentsText(categoryDocuments([file('<b>x</b>.bin', Uint8Array.from([1, 2, 0, 3]))]))).rejects.toThrow(/^<b>x<\/b>\.bin: a binary file/);
  });

  it('reads a file longer than the sniffed head whole', async () => {
    const long = 'word '.repeat(5000) + '\n';
    expect(await documentsText(categoryDocuments([file('long.txt', long)]))).toBe(long);
  });
});

describe('replayCategory on text that is mostly not UTF-8', () => {
  it('fails with a message; a few invalid bytes are counted instead', async () => {
    const tok = loadTokenizerJson(JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, '\ufffd': 3, ' ': 4, é: 5 }, merges: ['a b'] } }));
    const ct = categoryTokenizer(tok, 1);
    await expect(replayCategory([Uint8Array.from([0xff, 0xfe, 0xfd, 0x61, 0x62])], ct)).rejects.toThrow(/is not UTF-8 text: 3 of its 5 characters/);
    const few = await replayCategory([latin1('ab ab ab ab é ab')], ct);
    expect(few.invalidUtf8).toBe(1);
  });
});

describe('tokenizerFileText', () => {
  it('refuses a binary or non-UTF-8 file as not a tokenizer file', () => {
    expect(() => tokenizerFileText(Uint8Array.from([0x50, 0x4b, 3, 4, 0]), 'x.zip')).toThrow(/^x\.zip: a binary file, not a tokenizer file; accepted: /);
    expect(() => tokenizerFileText(latin1('{"é": 1}'), 'v.json')).toThrow(/^v\.json: not UTF-8 text \(1 invalid sequences\), so not a tokenizer file/);
    expect(tokenizerFileText(utf8('{"a": 1}'), 'v.json')).toBe('{"a": 1}');
  });
});

describe('a category of several files (a folder)', () => {
  it('leaves out the files that are not text and lists them; fails when none is', async () => {
    const skipped: string[] = [];
    const files = [file('a.py', 'x = 1\n'), file('logo.png', Uint8Array.from([0x89, 0x50, 0, 0])), file('b.py', 'y = 2\n')];
    expect(await documentsText(categoryDocuments(files, skipped))).toBe('x = 1\n|y = 2\n');
    expect(skipped).toEqual(['logo.png: a binary file, not text']);
    const none = [file('a.png', Uint8Array.from([0])), file('b.png', Uint8Array.from([1, 0]))];
    await expect(documentsText(categoryDocuments(none))).rejects.toThrow(/^none of its 2 files is UTF-8 text \(first: a\.png: a binary file, not text\)/);
  });

  it('counts each file on its own, as the command line does: no word runs on from one file into the next', async () => {
    const tok = loadTokenizerJson(JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] } }));
    const ct = categoryTokenizer(tok, 1);
    // Two files "ab" without final newlines: read as one stream they would make the word "abab", 3 pairs, not 2.
    const r = await replayCategory({ documents: categoryDocuments([file('1.txt', 'ab'), file('2.txt', 'ab')]) }, ct);
    expect(r.trajectory.totalPairs).toBe(2);
    const joined = await replayCategory([utf8('ab'), utf8('ab')], ct);
    expect(joined.trajectory.totalPairs).toBe(3);
  });

  it('names the files that hold invalid UTF-8', async () => {
    const tok = loadTokenizerJson(JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2, '\ufffd': 3, ' ': 4 }, merges: ['a b'] } }));
    const files = [file('good.txt', 'ab ab\n'), file('old.txt', latin1('ab \xe9 ab\n')), file('older.txt', latin1('ab \xe8\xe9 ab\n'))];
    const r = await replayCategory({ documents: categoryDocuments(files) }, categoryTokenizer(tok, 1));
    expect(r.invalidUtf8).toBe(3);
    expect(r.invalidIn).toEqual(['old.txt', 'older.txt']);
    expect(textReadNotes([], r.invalidUtf8, r.invalidIn)[0]).toMatch(/^3 byte sequences of this text \(in old\.txt, older\.txt\) are not valid UTF-8 .*: if these files are in another encoding/);
    expect(textReadNotes([], 1, ['a', 'b', 'c', 'd', 'e'])[0]).toMatch(/^1 byte sequence of this text \(in a, b, c and 2 more files\) is not valid UTF-8 and was read as/);
    expect(textReadNotes([], 1)[0]).toMatch(/^1 byte sequence of this text is not valid UTF-8 .*: if the file is in another encoding/);
  });
});
