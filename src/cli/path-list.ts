// Comma-separated path lists on the command line (--category NAME=PATH,PATH, --tokenizer merges.txt,vocab.json): a
// list that exists whole as one file or folder is that one path, so a name with a comma can be given as it is.
// Example: "a.txt,b" -> ['a.txt', 'b']; "x,y.txt" when a file "x,y.txt" exists -> ['x,y.txt'].

import { existsSync } from 'node:fs';

/** How a comma in a path list is read, for the help of the flags that take one. */
export const PATH_LIST_HELP = 'a whole value that names an existing file or folder is not split at its commas';

/** The paths of `list`; `exists` checks the file system (replaced in tests). Examples: see the file's opening comment. */
export function splitPathList(list: string, exists: (path: string) => boolean = existsSync): string[] {
  if (list.includes(',') && exists(list)) return [list];
  return list.split(',').filter((p) => p !== '');
}
