// Counts and merge ranges as the page and the CLI write them for people.

/** A count with its noun: thousands separated, singular for one. Example: 1, 'round' -> "1 round"; 9834 -> "9,834 constraints". */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

/**
 * The merges start .. end-1 (the settings' A and B), both ends named as they are numbered: the same range reads the
 * same in the run panel, its notes, the result and the merge report.
 * Example: mergesNamed(0, 1000) -> "the first 1,000 merges"; (235339, 236339) -> "merges 235,339 to 236,338"; (0, 1) -> "the first merge".
 */
export function mergesNamed(start: number, end: number): string {
  if (start > 0) return end - start === 1 ? `merge ${start.toLocaleString('en-US')}` : `merges ${start.toLocaleString('en-US')} to ${(end - 1).toLocaleString('en-US')}`;
  return end === 1 ? 'the first merge' : `the first ${end.toLocaleString('en-US')} merges`;
}
