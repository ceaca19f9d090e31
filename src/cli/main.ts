// The mergeprint command line: the same core as the browser playground, for tests, benchmarks and researchers
// with big corpora. Each command is a small function over core calls; main() maps InputErrors to exit code 2 and
// one line on standard error, so scripts can tell bad input (2) from a crash (1).
//
//   mergeprint inspect --tokenizer llama3 --against cl100k
//   mergeprint encode --tokenizer cl100k --input notes.txt
//   mergeprint train --pretokenizer gpt2 --merges 5000 --out tok.json corpus/*.txt
//   mergeprint replay --tokenizer tok.json --merges 30000 corpus/*.txt
//   mergeprint infer --tokenizer tok.json --category en=bundled --category fr=bundled --merges 3000

import { isInputError } from '../lib/core/errors.ts';
import { encodeCommand } from './encode.ts';
import { trainCommand } from './train.ts';
import { replayCommand } from './replay.ts';
import { inferCommand } from './infer.ts';
import { experimentCommand } from './experiment.ts';
import { galleryCommand } from './gallery.ts';
import { inspectCommand } from './inspect.ts';
import { wrapHelp } from './columns.ts';
import { stderrLine } from './terminal-text.ts';

export interface Command {
  summary: string;
  help: string;
  run(argv: string[]): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  inspect: inspectCommand,
  encode: encodeCommand,
  train: trainCommand,
  replay: replayCommand,
  infer: inferCommand,
  experiment: experimentCommand,
  gallery: galleryCommand,
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return [
    'mergeprint: what was this BPE tokenizer trained on?',
    '',
    'Usage: mergeprint <command> [options]',
    '       (from the repo: npm run --silent mergeprint -- <command> ...)',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "mergeprint <command> --help" (or "mergeprint help <command>") for the options of one command.',
  ].join('\n');
}

/**
 * Runs the CLI and returns the exit code: 0 success, 2 bad input (one line on stderr), 1 unexpected failure.
 * "help CMD" is "CMD --help"; "help" alone, like "--help", prints the usage.
 */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'help' && argv.length > 1) argv = [argv[1], '--help'];
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(wrapHelp(usage()) + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    stderrLine(`mergeprint: unknown command "${name}"; expected one of: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(wrapHelp(command.help.trim()) + '\n');
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (e) {
    if (isInputError(e)) {
      stderrLine(`mergeprint ${name}: ${oneLine(e.message)}`);
      return 2;
    }
    process.stderr.write(`mergeprint ${name}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
