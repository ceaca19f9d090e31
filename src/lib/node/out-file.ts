// Files the CLI writes (--out): the path is checked before any work, so a mistyped one fails at once rather than
// after a ten-minute run, and missing parent folders are created when the file is written.
// Example: checkOutFile('runs/g.json', '--out') with no runs/ -> fine (created by writeOutFile);
//          checkOutFile('public', '--out') -> InputError('--out "public" is a folder: give a file name, e.g. public/out.json').

import { constants } from 'node:fs';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';

/**
 * Refuses an output path that cannot be written: a folder, a file or folder without write permission, or a path
 * through a file ("notes.txt/out.json"). Missing folders are fine: writeOutFile makes them.
 */
export async function checkOutFile(path: string, flag: string): Promise<void> {
  if (path === '') throw new InputError(`${flag} needs a file name`);
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) throw new InputError(`${flag} "${path}" is a folder: give a file name, e.g. ${join(path, 'out.json')}`);
  if (info) return writable(path, `${flag} "${path}" cannot be written`);
  // The nearest folder that exists is where the missing ones will be made.
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const d = await stat(dir).catch(() => null);
    if (!d) continue;
    if (!d.isDirectory()) throw new InputError(`${flag} "${path}" goes through "${dir}", which is a file, not a folder: give another path`);
    return writable(dir, `${flag} "${path}" cannot be made in "${dir}"`);
  }
}

async function writable(path: string, what: string): Promise<void> {
  try {
    await access(path, constants.W_OK);
  } catch (e) {
    throw new InputError(`${what}: ${reason(e)}: give a path you can write to`);
  }
}

/** Writes `text` to `path`, making its missing parent folders; a failure (disk full, ...) is an InputError naming it. */
export async function writeOutFile(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (e) {
    throw new InputError(`cannot write "${path}": ${reason(e)}`);
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'a read-only file system'
    : code === 'ENOSPC' ? 'no space left on the device' : (e as Error)?.message ?? String(e);
}
