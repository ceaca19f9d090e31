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

/**
 * Untrusted text with its invisible characters written as escapes: controls (C0 but tab and newline when
 * `keepLineBreaks`, DEL, C1), format characters (bidi overrides such as U+202E, zero-width ones) and line separators.
 * A path or a link's value then cannot drive a terminal ("\u001b[2J" clears the screen) or reorder what is shown.
 * Example: "bin\u001b[31m\u202eRED" -> "bin\u{1B}[31m\u{202E}RED".
 */
export function escapeInvisible(text: string, keepLineBreaks = false): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => (keepLineBreaks && (c === '\n' || c === '\t') ? c : `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`));
}
