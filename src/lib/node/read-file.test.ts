import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { gathered, textFileChunks } from './read-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

async function* bytes(...sizes: number[]): AsyncGenerator<Uint8Array> {
  let n = 0;
  for (const size of sizes) yield Uint8Array.from({ length: size }, () => n++ & 0xff);
}

describe('gathered', () => {
  it('keeps the bytes and their order, in chunks of at least min (the last may be shorter)', async () => {
    const sizes = [1, 1, 1, 5, 0, 2, 9, 1, 1];
    const out = await collect(gathered(bytes(...sizes), 4));
    expect(out.map((c) => c.length)).toEqual([8, 11, 2]); // 1+1+1+5, 0+2+9, 1+1
    expect(Buffer.concat(out)).toEqual(Buffer.concat(await collect(bytes(...sizes))));
  });

  it('passes a big chunk through without copying it', async () => {
    const big = new Uint8Array(10);
    const out = await collect(gathered((async function* () { yield big; })(), 4));
    expect(out[0]).toBe(big);
  });
});

describe('textFileChunks', () => {
  const text = 'première ligne\nsecond line\n'.repeat(3000);

  it('reads plain, gzip\'d and JSON Lines files as the same text', async () => {
    writeFileSync(join(dir, 'a.txt'), text);
    writeFileSync(join(dir, 'a.txt.gz'), gzipSync(text));
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(text.split('\n').slice(0, -1).map((t) => JSON.stringify({ text: t })).join('\n')));
    for (const name of ['a.txt', 'a.txt.gz', 'a.jsonl.gz']) {
      expect(Buffer.concat(await collect(await textFileChunks(join(dir, name)))).toString('utf8'), name).toBe(text);
    }
  });

  it('refuses a binary file when it is opened, naming it by the path given', async () => {
    const png = join(dir, 'cat.png');
    writeFileSync(png, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]));
    await expect(textFileChunks(png)).rejects.toThrow(`${png}: a binary file, not text (a NUL byte at offset 4`);
  });
});
