// mergeprint inspect: what a tokenizer is (in plain words), what in its merge list training could not have
// produced and what the analysis does about it, and the beginning it shares with another tokenizer's list.
//
//   mergeprint inspect --tokenizer llama3                 (compared with cl100k, the preset's own comparison)
//   mergeprint inspect --tokenizer my/tokenizer.json --against o200k --json

import { formatRepairReport, repairReport, type RepairFinding } from '../lib/core/merge-repair.ts';
import { summarizeTokenizer } from '../lib/core/tokenizer-summary.ts';
import { InputError } from '../lib/core/errors.ts';
import { parseCommandArgs, requireString } from './args.ts';
import type { Command } from './main.ts';
import { loadAnalysisTokenizer, presetSource, sharedWith, TOKENIZER_ARG_HELP } from './tokenizer-arg.ts';
import { terminalSafe } from './terminal-text.ts';

export const inspectCommand: Command = {
  summary: "describe a tokenizer and report what is odd in its merge list (repairs, hand-added merges, shared prefix)",
  help: `
Usage: mergeprint inspect --tokenizer TOKENIZER [--against OTHER] [--json]

Prints the tokenizer in plain words (merges, vocabulary, byte- or character-level, normalizer, pre-tokenizer), the
report on its merge list (merges training cannot produce and what the analysis does about them: one merge per token,
training order, hand-added runs of whitespace), and how many leading merges it shares with another tokenizer.

  --tokenizer TOKENIZER  ${TOKENIZER_ARG_HELP}
  --against OTHER        compare with this tokenizer's list (default: the preset's usual comparison, e.g. cl100k
                         for llama3, o200k for gptoss); "none" for no comparison
  --json                 one JSON object instead of text
`,
  async run(argv) {
    const args = parseCommandArgs('inspect', argv, { tokenizer: { type: 'string' }, against: { type: 'string' }, json: { type: 'boolean' } });
    if (args.positionals.length > 0) throw new InputError(`unexpected argument "${args.positionals[0]}": give the tokenizer with --tokenizer`);
    const tokenizerArg = requireString(args, 'tokenizer', 'inspect');
    const { tokenizer, repair } = await loadAnalysisTokenizer({ values: { quiet: true }, positionals: [] }, tokenizerArg);
    const summary = { ...summarizeTokenizer(tokenizer), merges: repair!.originalMerges };
    const againstArg = (args.values.against as string | undefined) ?? presetSource(tokenizerArg)?.compareWith;
    let shared: { against: string; merges: number; finding: RepairFinding | null } | null = null;
    if (againstArg !== undefined && againstArg !== 'none') {
      const s = await sharedWith(tokenizer, repair!, againstArg);
      shared = { against: againstArg, merges: s.shared, finding: s.finding };
    }
    const report = repairReport(repair!);
    if (args.values.json) {
      process.stdout.write(JSON.stringify({ summary, repair: report, shared }) + '\n');
      return;
    }
    const fmt = (x: number) => x.toLocaleString('en');
    const lines = [
      `${summary.name} (${summary.format})`,
      `  merges         ${fmt(summary.merges)}`,
      `  vocabulary     ${fmt(summary.vocabulary)}`,
      `  level          ${summary.level}`,
      `  normalizer     ${summary.normalizer}`,
      `  pre-tokenizer  ${summary.preTokenizer}`,
      ...summary.warnings.map((w) => `  warning: ${w}`),
      '',
      ...formatRepairReport(report, shared?.finding ? [shared.finding] : []),
      ...(shared && !shared.finding ? [`shared with ${shared.against}: the first ${fmt(shared.merges)} merges (too few to mean a copied list).`] : []),
    ];
    process.stdout.write(terminalSafe(lines.join('\n')) + '\n');
  },
};
