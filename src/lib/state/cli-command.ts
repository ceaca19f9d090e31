// The command line that repeats a page run with `mergeprint infer`: researchers take a result from the playground to
// bigger samples or scripts, and the page's defaults (300 kB per category, 1,000 merges) differ from the CLI's (whole
// samples, up to 30,000 merges), so the same run must spell them out. The user's own files have no path the page
// knows: they stand as PATH placeholders to fill in.
// Example: gpt2, bundled en and fr, merges 0..1000, 300,000 bytes -> "npm run --silent mergeprint -- infer
//   --tokenizer gpt2 --merges 1000 --max-bytes 300000 --category en=bundled --category fr=bundled".

export interface CliRun {
  /** The preset's id, or null for the user's own tokenizer files. */
  preset: string | null;
  /** Each category: a bundled id, or the user's category name (its files are not known by path). */
  categories: { bundled: boolean; name: string }[];
  start: number;
  end: number;
  maxBytes: number;
  /** The stop gap as a fraction (0: exact). */
  gapTolerance: number;
}

/** A shell word: as it is when plain, else in single quotes. Example: "en" -> en; "my text" -> 'my text'. */
export function shellWord(word: string): string {
  return /^[\w.,:=/+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export function cliCommand(r: CliRun): string {
  const words = ['npm', 'run', '--silent', 'mergeprint', '--', 'infer', '--tokenizer', r.preset ?? 'PATH/TO/TOKENIZER'];
  words.push(...(r.start === 0 ? ['--merges', String(r.end)] : ['--range', `${r.start}..${r.end}`]));
  words.push('--max-bytes', String(r.maxBytes));
  if (r.gapTolerance > 0) words.push('--gap', `${+(r.gapTolerance * 100).toPrecision(6)}%`);
  // A name holding "=" cannot be given (the CLI splits NAME=PATH at the first one): it is written with "_" there.
  for (const c of r.categories) words.push('--category', c.bundled ? `${c.name}=bundled` : `${c.name.replaceAll('=', '_')}=PATH`);
  return words.map((w, i) => (i < 5 || w === 'PATH/TO/TOKENIZER' ? w : shellWord(w))).join(' ');
}
