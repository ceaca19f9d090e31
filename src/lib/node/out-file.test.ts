import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutFile, writeOutFile } from './out-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-out-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkOutFile', () => {
  it('accepts a new file, an existing file and a file in folders still to be made', async () => {
    writeFileSync(join(dir, 'old.json'), '{}');
    for (const name of ['new.json', 'old.json', 'a/b/c.json']) await expect(checkOutFile(join(dir, name), '--out')).resolves.toBeUndefined();
  });

  it('refuses a folder, a path through a file and an empty name', async () => {
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'file.txt'), 'x');
    await expect(checkOutFile(join(dir, 'folder'), '--out')).rejects.toThrow(/^--out ".*folder" is a folder: give a file name, e\.g\. .*folder\/out\.json$/);
    await expect(checkOutFile(join(dir, 'file.txt', 'x', 'y.json'), '--out')).rejects.toThrow(/goes through ".*file\.txt", which is a file, not a folder/);
    await expect(checkOutFile('', '--out')).rejects.toThrow('--out needs a file name');
  });
});

describe('writeOutFile', () => {
  it('makes the missing folders', async () => {
    const path = join(dir, 'x', 'y', 'z.json');
    await writeOutFile(path, '{"a":1}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
  });

  it('says why it cannot write', async () => {
    writeFileSync(join(dir, 'file2.txt'), 'x');
    await expect(writeOutFile(join(dir, 'file2.txt', 'z.json'), '')).rejects.toThrow(/^cannot write ".*z\.json": /);
  });
});
