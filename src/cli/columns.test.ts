// Terminal columns: the width helper on wide and combining characters, and the CLI's tables (infer, experiment,
// gallery) lined up by it when a category or preset name is in a wide script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGalleryResults } from '../lib/core/gallery.ts';
import { displayWidth, fitColumns, maxWidth, padEndColumns, padStartColumns, wrapHelp } from './columns.ts';
import { experimentTable, type ExperimentReport } from './experiment.ts';
import { galleryTable } from './gallery.ts';
import { inferTable, type InferReport } from './infer.ts';

/** The terminal column where `needle` starts in `line`. */
const columnOf = (line: string, needle: string) => displayWidth(line.slice(0, line.indexOf(needle)));

describe('displayWidth and padding', () => {
  it('counts East Asian Wide and Fullwidth characters as 2 columns, combining marks as 0', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語カテゴリ')).toBe(14);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1); // e + COMBINING ACUTE ACCENT
    expect(displayWidth('Ελληνικά')).toBe(8);
    expect(padEndColumns('日本', 6)).toBe('日本  ');
    expect(padStartColumns('日本', 6)).toBe('  日本');
    expect(padEndColumns('日本語', 4)).toBe('日本語'); // wider: unchanged
    expect(maxWidth(['ab', '日本語'], 4)).toBe(6);
  });

  it('fitColumns cuts to the width with an ellipsis, by columns', () => {
    expect(fitColumns('round 12: 2446', 10)).toBe('round 12:…');
    expect(fitColumns('short', 10)).toBe('short');
    expect(displayWidth(fitColumns('日本語カテゴリ', 7))).toBeLessThanOrEqual(7);
  });
});

describe('wrapHelp', () => {
  it('reflows an option text at the column after its flag, and prose at indent 0', () => {
    expect(wrapHelp('  --merges T   analyse the first T\n               merges of the whole list', 32))
      .toBe('  --merges T   analyse the first\n               T merges of the\n               whole list');
    expect(wrapHelp('one two three\nfour five six seven', 14)).toBe('one two three\nfour five six\nseven');
  });

  it('keeps short lines, blank lines and usage continuations as written, and a word longer than a line whole', () => {
    const usage = 'Usage: mergeprint x --a A\n                   [--b B]\n\n  --a A   x';
    expect(wrapHelp(usage, 40)).toBe(usage);
    expect(wrapHelp('Usage: mergeprint gallery [--presets IDS] [--merges T]', 41)).toBe('Usage: mergeprint gallery [--presets IDS]\n                          [--merges T]');
    expect(wrapHelp('  --x X  https://example.org/a/very/long/address', 20)).toBe('  --x X  https://example.org/a/very/long/address');
  });
});

describe('tables with a category name in a wide script', () => {
  const wide = '日本語カテゴリ'; // 7 characters, 14 columns

  it('infer: the share column lines up in every row', () => {
    const report = {
      tokenizer: 't', units: 'words', merges: 10, absent_merges: 0,
      categories: [
        { name: wide, alpha: 0.6, share: 0.6, bytes: 100, pairs: 90 },
        { name: 'en', alpha: 0.4, share: 0.4, bytes: 100, pairs: 90 },
      ],
      support: { supported_from: 0, supported_merges: 10, suggested_merges: 10, min_count: 20, last_median: 30 },
      solver: { engine: 'e', rounds: 1, constraints: 1, objective: 1, lower_bound: 1, gap: 0, engine_failure: null, seconds: 0, lp_seconds: 0, sweep_seconds: 0, max_violation: 0 },
      settings: { range: [0, 10], max_bytes: null, method: 'lazy', max_per_merge: 3, batch: 0, tolerance: 0, gap_tolerance: 0, skip_hand_added: false, after_shared: null },
      merge_list: { as_loaded: 10, repaired: 10 },
      seconds: { count_words: 0, replay: 0, total: 0 },
    } satisfies InferReport;
    const [head, first, second] = inferTable(report).split('\n');
    const end = columnOf(head, 'share') + 'share'.length;
    expect(columnOf(first, '60.00%') + '60.00%'.length).toBe(end);
    expect(columnOf(second, '40.00%') + '40.00%'.length).toBe(end);
  });

  it('experiment: the truth column lines up in every row, the log10 MSE row too', () => {
    const report: ExperimentReport = {
      categories: [
        { name: wide, truth: 0.25, estimate: 0.25, alpha: 0.3, train_bytes: 10, sample_bytes: 10, random: 0.5, uniform: 0.5, tee: 0.5, tc: 0.5 },
        { name: 'en', truth: 0.75, estimate: 0.75, alpha: 0.7, train_bytes: 30, sample_bytes: 10, random: 0.5, uniform: 0.5, tee: 0.5, tc: 0.5 },
      ],
      mse: { ours: 0.0001, random: 0.0625, uniform: 0.0625, tee: 0.0625, tc: 0.0625 },
      log10_mse: { ours: -4, random: -1.2, uniform: -1.2, tee: -1.2, tc: -1.2 },
      merges: 10,
      solver: { engine: 'e', method: 'lazy', rounds: 1, constraints: 1, objective: 1, lower_bound: 1, gap: 0, gap_tolerance: 0, engine_failure: null, lp_seconds: 0, sweep_seconds: 0, max_violation: 0 },
      seconds: { count_words: 0, train: 0, attack: 0, baselines: 0 },
      settings: { seed: 0, weights: '1,3', train_bytes: 40, sample_bytes: null, merges: 10, pretokenizer: 'gpt2' },
    };
    const [head, first, second, mse] = experimentTable(report).split('\n');
    const end = columnOf(head, 'truth') + 'truth'.length;
    expect(columnOf(first, '25.00%') + '25.00%'.length).toBe(end);
    expect(columnOf(second, '75.00%') + '75.00%'.length).toBe(end);
    const estimateEnd = columnOf(head, 'estimate') + 'estimate'.length;
    expect(columnOf(mse, '-4.00') + '-4.00'.length).toBe(estimateEnd);
  });

  it('gallery: the merges column starts at the same column for a preset named in a wide script', () => {
    const r = parseGalleryResults(JSON.parse(readFileSync(join(import.meta.dirname, '../../public/gallery/results.json'), 'utf8')));
    r.presets = r.presets.slice(0, 2);
    r.presets[0] = { ...r.presets[0], id: wide };
    const lines = galleryTable(r).split('\n');
    const start = columnOf(lines[0], 'merges');
    for (const [i, p] of r.presets.entries()) expect(columnOf(lines[i + 1], `${p.range[0]}..${p.range[1]}`), lines[i + 1]).toBe(start);
  });
});
