// Text from files (paths, category names, tokens, a tokenizer's strings) on its way to a terminal. Folder contents and
// downloaded tokenizers are untrusted: a file named "\e[2J..." would clear the screen, "\e]0;...\a" retitle the
// window, U+009B act as a CSI on some terminals, U+202E print the rest of the line backwards. Such characters are
// written as escapes; tab and newline stay.
// Example: 'c/bin\u001b[31mRED.png' -> 'c/bin\u{1B}[31mRED.png' (the letters "\u{1B}", harmless).

import { escapeInvisible } from '../lib/core/words.ts';

/** Control characters (C0 but tab and LF, DEL, C1) and bidi / invisible format characters as \u{XXXX}. */
export function terminalSafe(text: string): string {
  return escapeInvisible(text, true);
}

/** One line of standard error (a warning, a note, a report line), made terminal-safe. */
export function stderrLine(line: string): void {
  process.stderr.write(`${terminalSafe(line)}\n`);
}
