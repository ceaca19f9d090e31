// Text laid out in terminal columns, for the CLI's tables, help and progress line. A terminal gives an East Asian
// Wide or Fullwidth character two columns and a combining mark none, so String.length (UTF-16 units) misaligns
// tables with such names: "日本語" is 3 units but 6 columns; "é" written e + U+0301 is 2 units but 1 column.
// Widths come from string-width (Unicode's East Asian Width table, grapheme clusters, emoji; ANSI escapes count 0).

import stringWidth from 'string-width';

/** Columns `text` takes in a terminal. Example: "日本語" -> 6, "e\u0301" -> 1, "abc" -> 3. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` followed by spaces up to `width` columns (unchanged when wider). Example: ("日本", 6) -> "日本  ". */
export function padEndColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces then `text`, `width` columns in all (unchanged when wider). Example: ("日本", 6) -> "  日本". */
export function padStartColumns(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** The widest of `texts` in columns, at least `min`. Example: (["ab", "日本語"], 4) -> 6. */
export function maxWidth(texts: readonly string[], min = 0): number {
  return texts.reduce((w, t) => Math.max(w, displayWidth(t)), min);
}

/** Where help text is wrapped: a terminal of 100 columns shows every help line whole. */
export const HELP_COLUMNS = 100;

/**
 * Help text reflowed to `columns`: a paragraph (lines at indent 0) and an option's text (the lines that go on at
 * the column after its flag or command name) are joined and wrapped again at word boundaries, so help can be written with lines of
 * any length, and text put in from elsewhere (a list of presets) fits too. "Usage:" lines and other indented lines
 * are kept as written, and wrapped only when too long (a usage line under its first option, others at their
 * indent); a word longer than a line stays whole.
 * Example, columns 32:
 *   "  --merges T   analyse the first T\n               merges of the whole list" ->
 *   "  --merges T   analyse the first\n               T merges of the\n               whole list".
 */
export function wrapHelp(text: string, columns = HELP_COLUMNS): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const column = textColumn(line);
    if (column !== null) {
      while (i + 1 < lines.length && continuesAt(lines[i + 1], column)) line += ' ' + lines[++i].trim();
    }
    // A usage line goes on under its first option: "Usage: mergeprint infer --tokenizer ..." at column 24.
    const usage = /^Usage: \S+ \S+ /.exec(line);
    out.push(wrapLine(line, columns, column ?? (usage ? usage[0].length : leadingSpaces(line))));
  }
  return out.join('\n');
}

/**
 * Where a line's text starts when following lines may join it: after the term of an indented entry ("  --merges T",
 * "  infer") and two or more spaces, or 0 for prose; else null.
 */
function textColumn(line: string): number | null {
  if (line.trim() === '' || line.startsWith('Usage:')) return null;
  const entry = /^( +\S.*? {2,})\S/.exec(line);
  if (entry) return entry[1].length;
  return leadingSpaces(line) === 0 ? 0 : null;
}

/** Whether `next` goes on with the text at `column`: indented exactly that far, and no new option or usage line. */
function continuesAt(next: string, column: number): boolean {
  return next.trim() !== '' && leadingSpaces(next) === column && next[column] !== '-' && !next.startsWith('Usage:');
}

function leadingSpaces(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** One line wrapped to `columns`, each further line indented by `indent` (where the line's text starts). */
function wrapLine(line: string, columns: number, indent: number): string {
  if (displayWidth(line) <= columns) return line;
  const out: string[] = [];
  let current = line.slice(0, indent);
  for (const word of line.slice(indent).split(/ +/)) {
    const empty = current.length === indent;
    if (!empty && displayWidth(current) + 1 + displayWidth(word) > columns) {
      out.push(current);
      current = ' '.repeat(indent) + word;
    } else {
      current += (empty ? '' : ' ') + word;
    }
  }
  out.push(current);
  return out.join('\n');
}

/**
 * `text` cut to at most `columns` columns, with "…" where it was cut; for a line redrawn in place with \r, which
 * breaks into several lines on the screen once it is wider than the terminal. Example: ("round 12: 2446", 10) ->
 * "round 12:…".
 */
export function fitColumns(text: string, columns: number): string {
  if (displayWidth(text) <= columns) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > columns - 1) break;
    out += ch;
  }
  return out + '…';
}
