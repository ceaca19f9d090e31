// Help and progress as a user meets them (child processes of bin/mergeprint.js): every help fits 100 columns,
// "help CMD" is "CMD --help", usage lines show optional flags in brackets; the solver's progress line fits the
// terminal and is not drawn with --quiet or --json (on a real terminal: util-linux's script gives the child one).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';
import { displayWidth } from './columns.ts';
import { methodNote, solverArgs, solverProgressLine } from './solver-arg.ts';

const COMMANDS = ['inspect', 'encode', 'train', 'replay', 'infer', 'experiment', 'gallery'];

describe('help', () => {
  it('every command\'s help, and the usage, fit in 100 columns', async () => {
    for (const args of [['--help'], ...COMMANDS.map((c) => [c, '--help'])]) {
      const { code, stdout } = await run(args);
      expect(code).toBe(0);
      for (const line of stdout.split('\n')) expect(displayWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(100);
    }
  });

  it('"help CMD" prints CMD --help; "help" alone the usage; "help nope" is an unknown command', async () => {
    const viaFlag = await run(['infer', '--help']);
    const viaHelp = await run(['help', 'infer']);
    expect(viaHelp).toEqual(viaFlag);
    expect(viaHelp.stdout).toMatch(/^Usage: mergeprint infer /);
    expect((await run(['help'])).stdout).toMatch(/^mergeprint: what was this BPE tokenizer trained on\?/);
    const unknown = await run(['help', 'nope']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/unknown command "nope"/)]);
  });

  it('experiment shows --seed as optional (its default is 0); gallery says where --merges T starts', async () => {
    const experiment = (await run(['experiment', '--help'])).stdout;
    const usage = experiment.slice(0, experiment.indexOf('\n\n'));
    expect(usage).toContain('[--seed S]');
    expect(usage.replace(/\[[^\]]*\]/g, '')).not.toContain('--seed');
    const gallery = (await run(['gallery', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(gallery).toMatch(/--merges T merges analysed per preset .*T from the preset's start: its first merge, or the first after those it shares with the preset it is compared with \(llama3: merges 100000\.\. after cl100k's 100,000\)/);
    expect(gallery).not.toMatch(/the first T \(default/);
  });
});

describe('methodNote', () => {
  it('speaks only when --method matching was asked for and the lazy method solved', () => {
    const lazy = { settings: { method: 'lazy' } } as const, matching = { settings: { method: 'matching' } } as const;
    expect(methodNote({}, lazy as never)).toBeNull();
    expect(methodNote({ method: 'matching' }, matching as never)).toBeNull();
    expect(methodNote({ method: 'matching' }, lazy as never)).toMatch(/^--method matching: .* so the lazy method solved the LP from the start$/);
  });
});

describe('the solver progress line', () => {
  const progress = { round: 207, constraints: 83_921, objective: 123_456.789, violations: 1_565, swept: 30_000, maxViolation: 2, lowerBound: 113_000, upperBound: 130_000, gap: 0.128 };

  it('fits the terminal: the longest wording that fits, cut only when none does', () => {
    expect(solverProgressLine(progress, 172, 200)).toBe('round 207: 83921 constraints, 1565 violations in 30000 merges, objective 1.235e+5, gap 12.80%, 172 s');
    expect(solverProgressLine(progress, 172, 80)).toBe('round 207: 83921 constraints, 1565 violations in 30000 merges, gap 12.80%, 172 s');
    expect(solverProgressLine(progress, 172, 79)).toBe('round 207: 83921 constraints, 1565 violations, gap 12.80%, 172 s');
    expect(solverProgressLine(progress, 172, 40)).toBe('round 207: 83921 constraints, 1565 viol…');
    for (const columns of [30, 40, 59, 60, 79, 119]) expect(displayWidth(solverProgressLine(progress, 172, columns))).toBeLessThanOrEqual(columns);
    expect(solverProgressLine({ ...progress, upperBound: Infinity }, 3, 79)).not.toMatch(/gap|within/); // no bound proven yet
  });

  it('is drawn on a terminal within its width (columns - 1), and not when the command asks for no progress', async () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 60, write: (s: string) => { written.push(s); return true; } } as unknown as NodeJS.WriteStream;
    const { solve } = await solverArgs({ values: {}, positionals: [] }, true, tty);
    solve.onProgress!(progress);
    const line = written.join('').replace(/^\r/, '').replace(/\x1b\[K$/, '');
    expect(line).toMatch(/^round 207: /);
    expect(displayWidth(line)).toBeLessThanOrEqual(59);
    const quiet = await solverArgs({ values: {}, positionals: [] }, false, tty);
    expect(quiet.solve.onProgress).toBeUndefined();
  });

  const script = '/usr/bin/script';
  /** Runs the CLI with standard error on a terminal 80 columns wide; returns what the terminal showed. */
  const onTerminal = (args: string[]) => new Promise<string>((resolve, reject) => {
    const bin = join(import.meta.dirname, '../../bin/mergeprint.js');
    const command = `stty cols 80 rows 24; node ${bin} ${args.map((a) => `'${a}'`).join(' ')}`;
    execFile(script, ['-qec', command, '/dev/null'], { maxBuffer: 16 << 20 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
  const infer = ['infer', '--tokenizer', 'gpt2', '--merges', '100', '--category', 'en=bundled', '--category', 'fr=bundled', '--max-bytes', '30000'];

  it.skipIf(!existsSync(script))('infer on a terminal: drawn within 80 columns; none with --quiet or --json (their help says so)', async () => {
    const shown = await onTerminal(infer);
    const rounds = shown.split('\r').filter((s) => s.startsWith('round '));
    expect(rounds.length).toBeGreaterThan(0);
    for (const r of rounds) expect(displayWidth(r.replace(/\x1b\[K.*$/s, ''))).toBeLessThan(80);
    expect(await onTerminal([...infer, '--quiet'])).not.toMatch(/round \d+:/);
    expect(await onTerminal([...infer, '--json'])).not.toMatch(/round \d+:/);
    expect((await run(['infer', '--help'])).stdout.replace(/\s+/g, ' ')).toMatch(/--quiet no progress and no merge-list report on standard error/);
  }, 60_000);
});
