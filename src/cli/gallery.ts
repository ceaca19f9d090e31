// mergeprint gallery: every preset of public/presets/index.json attacked with the bundled categories at one explicit
// setting, summarised as English / code / other languages and the top categories beside the paper's published
// figures (src/lib/core/gallery.ts). `npm run gallery` regenerates public/gallery/results.json, which the page shows.
//
//   mergeprint gallery --merges 2000 --out public/gallery/results.json
//   mergeprint gallery --presets gpt2,cl100k --categories en,fr,python --merges 200 --json

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusCategory } from '../lib/core/corpora-manifest.ts';
import { InputError, isInputError } from '../lib/core/errors.ts';
import {
  galleryBreakdown, galleryCaveats, galleryMergeRange, GALLERY_FORMAT, PUBLISHED_FIGURES, PUBLISHED_SOURCE, publishedFor,
  type GalleryCategory, type GalleryPresetResult, type GalleryResults, type GallerySettings,
} from '../lib/core/gallery.ts';
import { inferMixture } from '../lib/core/infer-mixture.ts';
import { mergeFingerprints, repairMerges, sharedPrefixFinding, sharedPrefixLength, type MergeRepair } from '../lib/core/merge-repair.ts';
import type { LpEngine } from '../lib/core/mixture-lp.ts';
import { charLevelUnits } from '../lib/core/char-level.ts';
import { loadPresetTokenizer, parsePresetIndex, type PresetEntry } from '../lib/core/preset-index.ts';
import type { SolveOptions } from '../lib/core/solve-mixture.ts';
import type { Tokenizer } from '../lib/core/types.ts';
import { describeMissing } from '../lib/core/word-table.ts';
import { countCorpusPart, readCorporaManifest } from '../lib/node/corpora.ts';
import { wordPipeline } from '../lib/node/count-threads.ts';
import { checkOutFile, writeOutFile } from '../lib/node/out-file.ts';
import { parseCommandArgs, positiveInt } from './args.ts';
import type { Command } from './main.ts';
import { EXACT_SOLVER_OPTIONS, solverArgHelp, solverArgs } from './solver-arg.ts';
import { maxWidth, padEndColumns, padStartColumns } from './columns.ts';
import { stderrLine } from './terminal-text.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** public/presets of this checkout (written by npm run presets). */
export const PRESETS_DIR = join(ROOT, 'public/presets');
/** Merges per preset when --merges is not given: what the whole gallery solves in minutes on two cores today. */
export const GALLERY_DEFAULT_MERGES = 1000;
/**
 * A preset is left out when more than this share of its analysed merges occurs in no bundled sample: the samples then
 * do not cover what the merges were learned from (Llama 3's own merges), the slacks explain nearly everything, and
 * the LP is large and slow for an estimate that means little.
 */
export const GALLERY_MAX_ABSENT = 0.5;

export const galleryCommand: Command = {
  summary: 'attack every preset with the bundled categories; English / code / other languages beside the published figures',
  help: `
Usage: mergeprint gallery [--presets ID,ID,...] [--merges T] [--categories ID,ID,...] [--max-bytes N] [--out FILE] [--json] [solver options]

Runs the attack of "mergeprint infer" for each preset tokenizer (public/presets/index.json, built by npm run presets)
against the bundled sample categories, and prints per preset the estimated byte shares of English, code and the
other languages, the top categories, and the figures Hayase et al. (2024) published for the same tokenizer, with
why ours differ. The results file holds every setting; seconds per preset go to standard error.

  --presets IDS         presets to run, comma-separated (default: every preset in the index, in its order)
  --merges T            merges analysed per preset (default: ${GALLERY_DEFAULT_MERGES}), T from the preset's start: its first
                        merge, or the first after those it shares with the preset it is compared with
                        (llama3: merges 100000.. after cl100k's 100,000) or after a leading run of
                        hand-added whitespace merges (gemma3: 90..), and ending before a trailing run
                        (p50k's 24); the table's "merges" column says which merges each preset had
  --categories IDS      bundled categories, comma-separated (default: all of them)
  --max-bytes N         read at most N bytes of each category's sample (default: the whole sample, about 1 MB)
  --out FILE            write the results JSON to FILE (npm run gallery writes public/gallery/results.json);
                        missing folders are created
  --json                print the results JSON instead of the table
${solverArgHelp(24, false)}
`,
  async run(argv) {
    const args = parseCommandArgs('gallery', argv, {
      presets: { type: 'string' }, merges: { type: 'string' }, categories: { type: 'string' }, 'max-bytes': { type: 'string' },
      out: { type: 'string' }, json: { type: 'boolean' }, ...EXACT_SOLVER_OPTIONS,
    });
    if (args.positionals.length > 0) throw new InputError(`unexpected argument "${args.positionals[0]}" (see: mergeprint gallery --help)`);
    const merges = positiveInt(args, 'merges', GALLERY_DEFAULT_MERGES)!;
    const maxBytes = positiveInt(args, 'max-bytes', Infinity)!;
    const out = args.values.out as string | undefined;
    if (out !== undefined) await checkOutFile(out, '--out'); // first: the run takes minutes
    const index = await readPresetIndex();
    const presets = pickPresets(index, listArg(args.values.presets));
    const categories = pickCategories((await readCorporaManifest()).categories, listArg(args.values.categories));
    const solver = await solverArgs(args, !args.values.json);

    const results = await runGallery(presets, index, categories, {
      merges, maxBytes, engine: solver.engine, solve: solver.solve, command: commandLine(args.values),
      log: (line) => stderrLine(line),
    });
    if (out !== undefined) await writeOutFile(out, JSON.stringify(results, null, 1) + '\n');
    process.stdout.write(args.values.json ? JSON.stringify(results) + '\n' : galleryTable(results));
  },
};

/** "a,b" -> ['a', 'b']; absent -> null. */
function listArg(v: unknown): string[] | null {
  if (typeof v !== 'string') return null;
  const list = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return list.length > 0 ? list : null;
}

/** The command that reproduces a run, from its options (the output path and the output format left out). */
function commandLine(values: Record<string, unknown>): string {
  const parts = ['mergeprint gallery'];
  for (const flag of ['presets', 'merges', 'categories', 'max-bytes', 'engine', 'batch']) {
    if (typeof values[flag] === 'string') parts.push(`--${flag} ${values[flag]}`);
  }
  return parts.join(' ');
}

/** public/presets/index.json, or an error that says how to build it. */
export async function readPresetIndex(dir = PRESETS_DIR): Promise<PresetEntry[]> {
  const path = join(dir, 'index.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(`cannot read ${path}: build the presets first with "npm run presets"`);
  }
  try {
    return parsePresetIndex(JSON.parse(text), path);
  } catch (e) {
    if (isInputError(e)) throw e;
    throw new InputError(`not valid JSON (${(e as Error).message}): rebuild it with "npm run presets"`, path);
  }
}

function pickPresets(index: PresetEntry[], wanted: string[] | null): PresetEntry[] {
  if (!wanted) return index;
  return wanted.map((id) => {
    const p = index.find((e) => e.id === id);
    if (!p) throw new InputError(`--presets: no preset "${id}"; the index has: ${index.map((e) => e.id).join(', ')}`);
    return p;
  });
}

function pickCategories(all: CorpusCategory[], wanted: string[] | null): CorpusCategory[] {
  if (!wanted) return all;
  if (new Set(wanted).size !== wanted.length) throw new InputError('--categories names a category twice');
  if (wanted.length < 2) throw new InputError('--categories needs at least two categories: the mixture is over the candidates');
  for (const id of wanted) {
    if (!all.some((c) => c.id === id)) throw new InputError(`--categories: no bundled category "${id}"; bundled: ${all.map((c) => c.id).join(', ')}`);
  }
  // Manifest order, whatever the order given: the results do not depend on how the flag was typed.
  return all.filter((c) => wanted.includes(c.id));
}

export interface GalleryRunOptions {
  merges: number;
  maxBytes: number;
  engine: LpEngine;
  solve?: SolveOptions;
  /** Recorded in the results as the command that regenerates them. */
  command: string;
  /** One line per preset with its seconds (standard error in the CLI); never in the results (they stay date- and time-free). */
  log?: (line: string) => void;
}

/** An index entry; `compareWith` names the preset whose list this one may begin with (Llama 3 -> cl100k). */
type GalleryEntry = PresetEntry & { compareWith?: string; note?: string };

/** Runs every preset in turn; a preset that cannot be loaded or analysed is listed in `skipped` with the reason. */
export async function runGallery(presets: GalleryEntry[], index: GalleryEntry[], categories: CorpusCategory[], options: GalleryRunOptions): Promise<GalleryResults> {
  const cats: GalleryCategory[] = categories.map((c) => ({ id: c.id, name: c.name, kind: c.kind }));
  const results: GalleryPresetResult[] = [];
  const skipped: GalleryResults['skipped'] = [];
  let solverSettings: GallerySettings['solver'] | null = null;
  let engine = options.engine.name;
  // Repaired lists by preset id: a list another preset is compared with is loaded once.
  const repaired = new Map<string, RepairedTokenizer>();
  const load = async (entry: GalleryEntry) => {
    let r = repaired.get(entry.id);
    if (!r) repaired.set(entry.id, (r = repairForGallery(loadPresetTokenizer(entry, await readFile(join(PRESETS_DIR, entry.file), 'utf8')))));
    return r;
  };
  for (const entry of presets) {
    const started = performance.now();
    try {
      const tok = await load(entry);
      const otherEntry = entry.compareWith ? index.find((e) => e.id === entry.compareWith) : undefined;
      const other = otherEntry ? await load(otherEntry) : null;
      const run = await runGalleryPreset(tok, cats, options, other);
      results.push({ id: entry.id, name: entry.name, provenance: entry.provenance, license: entry.license, ...(entry.note ? { note: entry.note } : {}), ...run.result });
      solverSettings ??= run.solver;
      engine = run.engine;
      options.log?.(`gallery: ${entry.id}: ${seconds(started)} s (words ${run.seconds.count} s, replay ${run.seconds.replay} s, ` +
        `LP ${run.seconds.lp} s, sweeps ${run.seconds.sweep} s)`);
    } catch (e) {
      const reason = isInputError(e) ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`;
      skipped.push({ id: entry.id, name: entry.name, reason });
      options.log?.(`gallery: ${entry.id}: skipped after ${seconds(started)} s: ${reason}`);
    }
    // Only lists a later preset is compared with stay loaded (Llama 3's is 280k merges).
    for (const id of [...repaired.keys()]) if (!presets.some((p) => p.compareWith === id)) repaired.delete(id);
  }
  return {
    format: GALLERY_FORMAT,
    tool: { name: 'mergeprint', version: toolVersion() },
    command: options.command,
    settings: {
      merges: options.merges, max_absent: GALLERY_MAX_ABSENT, categories: cats, part: 'sample', max_bytes: Number.isFinite(options.maxBytes) ? options.maxBytes : null,
      engine, solver: solverSettings ?? { max_per_merge: 0, batch: 0, tolerance: 0 },
    },
    published: { source: PUBLISHED_SOURCE, figures: [...PUBLISHED_FIGURES] },
    presets: results,
    skipped,
  };
}

/** A tokenizer with its merge list repaired for the analysis (merge-repair.ts), and what the repair said. */
export interface RepairedTokenizer {
  tokenizer: Tokenizer;
  repair: MergeRepair;
  fingerprints: Int32Array;
}

/** The merge list as training would have written it: one merge per token, in an order training could have used. */
export function repairForGallery(tok: Tokenizer): RepairedTokenizer {
  const repair = repairMerges({ left: tok.mergeLeft, right: tok.mergeRight, result: tok.mergeResult }, tok.vocab, { level: tok.level });
  const tokenizer: Tokenizer = { ...tok, mergeLeft: repair.list.left, mergeRight: repair.list.right, mergeResult: repair.list.result };
  return { tokenizer, repair, fingerprints: mergeFingerprints(repair.list, tok.vocab) };
}

type PresetRun = Omit<GalleryPresetResult, 'id' | 'name' | 'provenance' | 'license' | 'note'>;

/**
 * One tokenizer against the bundled categories: count each category's sample with the tokenizer's own pipeline,
 * replay the repaired list, solve (the infer pipeline: inferMixture), and summarise. `other`: the preset whose list
 * this one may begin with. The qualitative tests call this directly.
 */
export async function runGalleryPreset(
  tok: RepairedTokenizer,
  categories: GalleryCategory[],
  options: Pick<GalleryRunOptions, 'merges' | 'maxBytes' | 'engine' | 'solve'>,
  other: RepairedTokenizer | null = null,
  maxAbsent = GALLERY_MAX_ABSENT,
): Promise<{ result: PresetRun; engine: string; solver: GallerySettings['solver']; seconds: { count: number; replay: number; lp: number; sweep: number } }> {
  const { tokenizer, repair } = tok;
  const shared = other ? sharedPrefixFinding(sharedPrefixLength(tok.fingerprints, other.fingerprints), repair.merges, other.tokenizer.name, other.repair.merges) : null;
  const range = galleryMergeRange({
    merges: repair.merges, suggestedStart: repair.suggestedStart, suggestedEnd: repair.suggestedEnd,
    sharedPrefix: shared?.offer?.start ? { merges: shared.offer.start, with: other!.tokenizer.name } : null,
  }, options.merges);

  const started = performance.now();
  // The words exactly as `infer` and the page count them: with a SentencePiece-style tokenizer's units (Llama 2,
  // Mistral, Gemma 3), without which whole lines were words and pairs across them competed with the merges.
  const pipeline = wordPipeline({ normalizer: tokenizer.normalizer, preTokenizer: tokenizer.preTokenizer, units: charLevelUnits(tokenizer) });
  const words = [];
  for (const c of categories) words.push({ name: c.id, words: await countCorpusPart(c.id, 'sample', pipeline, { maxBytes: options.maxBytes }) });
  const counted = performance.now();
  const onReplayed = ({ absentMerges }: { absentMerges: number }) => {
    const size = range.end - range.start;
    if (absentMerges > maxAbsent * size) {
      throw new InputError(`${absentMerges.toLocaleString('en-US')} of the ${size.toLocaleString('en-US')} merges analysed (${range.reason}) occur in no ` +
        `bundled sample, more than ${Math.round(maxAbsent * 100)}%: they were learnt from text unlike any bundled category (other languages or scripts), ` +
        'so the gallery does not weigh them');
    }
  };
  let inference;
  try {
    inference = inferMixture(tokenizer, words, options.engine, { range, solve: options.solve, onReplayed });
  } catch (e) {
    // Say which merges, and why those (a list that begins with another's is analysed after it).
    throw isInputError(e) && !e.message.includes(range.reason) ? new InputError(`analysing ${range.reason}: ${e.message}`) : e;
  }
  const s = inference.solution;
  // The gallery's committed results are exact: the best solution before an engine failure is not one.
  if (s.engineFailure) throw new Error(`the LP engine failed, so this entry has no exact result: ${s.engineFailure}`);
  const b = galleryBreakdown(categories, s.share);
  const warnings = [...tokenizer.warnings];
  for (const c of inference.categories) {
    if (c.missing.occurrences > 0) warnings.push(`category "${c.name}": ${describeMissing(c.missing)}`);
  }
  return {
    result: {
      range: [range.start, range.end],
      range_reason: range.reason,
      merge_list: { as_loaded: repair.originalMerges, repaired: repair.merges, repairs: repair.findings.filter((f) => f.status === 'taken').map((f) => f.headline) },
      shares: Object.fromEntries(categories.map((c, i) => [c.id, round(s.share[i], 6)])),
      breakdown: { english: round(b.english, 6), code: round(b.code, 6), other_languages: round(b.otherLanguages, 6) },
      top: b.top.map((t) => ({ id: t.id, share: round(t.share, 6) })),
      absent_merges: inference.absentMerges,
      solver: { rounds: s.rounds, constraints: s.constraints, objective: round(s.objective, 6), max_violation: s.maxViolation },
      bytes: Object.fromEntries(inference.categories.map((c) => [c.name, c.bytes])),
      warnings,
    },
    engine: s.engine,
    solver: { max_per_merge: s.settings.maxPerMerge, batch: s.settings.batch, tolerance: s.settings.tolerance },
    seconds: { count: round((counted - started) / 1000, 1), replay: round(inference.replaySeconds, 1), lp: round(s.lpSeconds, 1), sweep: round(s.sweepSeconds, 1) },
  };
}

let version: string | null = null;
function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** The results as a readable table: one row per preset, ours then the published figure, then settings and caveats. */
export function galleryTable(r: GalleryResults): string {
  const rows = r.presets.map((p) => {
    const pub = publishedFor(p.id);
    const top = p.top.slice(0, 4).map((t) => `${t.id} ${(t.share * 100).toFixed(0)}%`).join(', ');
    const published = pub
      ? [pub.english !== null ? `English ${pub.english}%` : '', pub.code !== null ? `code ${pub.code}%` : '', pub.otherLanguages !== null ? `other ${pub.otherLanguages}%` : '']
        .filter((s) => s !== '').join(', ') + (pub.part === 'tail' ? ' (tail)' : '')
      : '–';
    return [p.id, `${p.range[0]}..${p.range[1]}`, pct(p.breakdown.english), pct(p.breakdown.code), pct(p.breakdown.other_languages), top, published];
  });
  const head = ['preset', 'merges', 'English', 'code', 'other', 'top categories', 'published (Hayase et al. 2024)'];
  // In terminal columns (string-width), not UTF-16 units, so every cell lines up whatever its script.
  const widths = head.map((h, i) => maxWidth([h, ...rows.map((row) => row[i])]));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? padStartColumns(c, widths[i]) : padEndColumns(c, widths[i]))).join('  ').trimEnd();
  const s = r.settings;
  const out = [
    line(head),
    ...rows.map(line),
    ...r.skipped.map((k) => `${k.id}: skipped: ${k.reason}`),
    '',
    `settings: ${s.categories.length} bundled categories (${s.categories.map((c) => c.id).join(', ')}), ` +
      `${s.max_bytes === null ? 'whole' : `at most ${s.max_bytes} bytes of each`} sample, ${s.engine}; ${r.command}`,
    '',
    'Why ours differ from the published figures:',
    ...galleryCaveats(s).map((c) => `- ${c}`),
  ];
  return out.join('\n') + '\n';
}
