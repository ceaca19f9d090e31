// Argument parsing for the CLI over node:util's parseArgs, turning its exceptions into InputErrors that say
// which flag was wrong and what to do, and giving every command the same --help handling.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../lib/core/errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parse `argv` for `command`; unknown flags and missing values become InputErrors. */
export function parseCommandArgs(command: string, argv: string[], options: Options): Parsed {
  const args = withDashedValues(command, argv, options);
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const message = (e as Error).message.replace(/\s+/g, ' ').trim();
    throw new InputError(`${message} (see: mergeprint ${command} --help)`);
  }
}

/**
 * parseArgs takes a value that starts with "-" for a flag and refuses it as "ambiguous": a negative number is joined
 * to its flag, so the flag's own check says what is wrong with it, and a flag followed by another gets a plain
 * message. Example: ['--merges', '-5'] -> ['--merges=-5'] (then "--merges must be a positive whole number, got "-5"");
 * ['--out', '--merges', '5'] -> InputError('--out needs a value, but "--merges" follows it ...').
 */
export function withDashedValues(command: string, argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i], next = argv[i + 1];
    if (arg === '--') { out.push(...argv.slice(i)); break; }
    const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
    if (!takesValue || next === undefined || !next.startsWith('-')) { out.push(arg); continue; }
    if (!/^-[\d.]/.test(next)) throw new InputError(`${arg} needs a value, but "${next}" follows it (see: mergeprint ${command} --help)`);
    out.push(`${arg}=${next}`);
    i++;
  }
  return out;
}

export function requireString(parsed: Parsed, flag: string, command: string): string {
  const v = parsed.values[flag];
  if (typeof v !== 'string' || v === '') throw new InputError(`--${flag} is required (see: mergeprint ${command} --help)`);
  return v;
}

/** A positive integer flag, or `fallback` when absent. Example: "--merges 5000" -> 5000; "--merges 5k" -> error. */
export function positiveInt(parsed: Parsed, flag: string, fallback?: number): number | undefined {
  const v = parsed.values[flag];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) <= 0 || !Number.isSafeInteger(Number(v))) {
    throw new InputError(`--${flag} must be a positive whole number, got "${String(v)}"`);
  }
  return Number(v);
}
