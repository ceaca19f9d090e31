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
  try {
    const { values, positionals } = parseArgs({
      args: argv,
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
