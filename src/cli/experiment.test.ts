// mergeprint experiment as a user runs it: a seeded 5-language mixture at small scale must be recovered far better
// than every baseline, and bad input is exit 2 with one line on standard error.
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.ts';

const run = (args: string[]) => runCli(['experiment', ...args]);

describe('mergeprint experiment', () => {
  it('recovers a seeded 5-language mixture (600 KB of training text, 500 merges, 300 KB samples)', async () => {
    const { code, stdout, stderr } = await run(['--categories', 'en,fr,de,ru,el', '--weights', 'random', '--seed', '4', '--train-bytes', '600000', '--merges', '500', '--sample-bytes', '300000', '--json']);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.merges).toBe(500);
    expect(r.categories.map((c: { name: string }) => c.name)).toEqual(['en', 'fr', 'de', 'ru', 'el']);
    const truth = r.categories.map((c: { truth: number }) => c.truth);
    expect(truth.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
    for (const c of r.categories) expect(c.sample_bytes).toBeLessThanOrEqual(300_000);
    // Bound: at this scale seeds 1-4 measured -4.30, -3.89, -4.02, -3.76 (seed 4 is the worst), while the best
    // baseline (TC) measured -2.84 .. -1.70 and the random guess about -1.2. -3.3 keeps a 0.46 margin below the
    // worst measured seed and still fails an attack no better than the best baseline on any of those seeds.
    expect(r.log10_mse.ours).toBeLessThan(-3.3);
    for (const b of ['random', 'uniform', 'tee', 'tc']) expect(r.log10_mse[b]).toBeGreaterThan(r.log10_mse.ours + 0.5);
    expect(r.settings).toMatchObject({ seed: 4, weights: 'random', train_bytes: 600000, merges: 500, pretokenizer: 'gpt2' });
    expect(r.solver).toMatchObject({ gap: 0, gap_tolerance: 0 }); // exact unless --gap is given
    expect(r.solver.lower_bound).toBeLessThanOrEqual(r.solver.objective + 1e-9);
  }, 90_000);

  it('says when --method matching handed the LP to the lazy method, with the same result', async () => {
    // 1 MB-sized samples of two languages against 300 merges trained on 200 kB: most merges are beaten by many pairs.
    const args = ['--categories', 'en,ru', '--weights', '1,1', '--train-bytes', '200000', '--merges', '300', '--json'];
    const lazy = await run(args);
    const matching = await run([...args, '--method', 'matching']);
    expect(matching.code, matching.stderr).toBe(0);
    expect(matching.stderr).toContain('note: --method matching: the merges are beaten by too many pairs to match');
    expect(lazy.stderr).not.toContain('--method matching');
    const [a, b] = [JSON.parse(lazy.stdout), JSON.parse(matching.stdout)];
    expect(b.solver.method).toBe('lazy');
    expect(b.solver.objective).toBe(a.solver.objective);
    expect(b.categories.map((c: { estimate: number }) => c.estimate)).toEqual(a.categories.map((c: { estimate: number }) => c.estimate));
  }, 90_000);

  it('takes as much training text as the parts allow with --train-bytes max', async () => {
    const { code, stdout } = await run(['--categories', 'en,python', '--weights', '1,0', '--train-bytes', 'max', '--merges', '20', '--sample-bytes', '50000', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).settings.train_bytes).toBe(1_700_466); // all of en's train part
  }, 60_000);

  it('prints a table with truth, estimate, baselines and log10 MSE', async () => {
    const { code, stdout } = await run(['--categories', 'en,python', '--weights', '3,1', '--train-bytes', '200000', '--merges', '100', '--sample-bytes', '100000', '--pretokenizer', 'llama3']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^category\s+truth\s+estimate\s+random\s+uniform\s+tee\s+tc$/);
    expect(lines[1]).toMatch(/^en\s+75\.\d\d%/); // cut at a line boundary: within a line of 75%
    expect(lines[3]).toMatch(/^log10 MSE\s+-\d+\.\d\d/);
    expect(stdout).toContain('100 merges trained on');
  }, 60_000);

  it('an exact estimate: "exact (MSE 0)" in the table; mse 0 beside log10_mse null in the JSON', async () => {
    const args = ['--categories', 'en,fr', '--weights', '0,1', '--seed', '1', '--train-bytes', 'max', '--merges', '100'];
    const json = await run([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.categories.map((c: { estimate: number }) => c.estimate)).toEqual([0, 1]); // all of it French, found exactly
    expect(r.mse.ours).toBe(0);
    expect(r.log10_mse.ours).toBeNull();
    for (const b of ['random', 'uniform', 'tee', 'tc']) expect(r.log10_mse[b]).toBeCloseTo(Math.log10(r.mse[b]), 12);
    const table = await run(args);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[3]).toMatch(/^log10 MSE\s+exact \(MSE 0\)\s+-\d+\.\d\d/);
    expect(table.stdout).not.toMatch(/Infinity|NaN/);
    // The columns still line up: each row as wide as the header.
    expect(new Set(lines.slice(0, 4).map((l) => l.length)).size).toBe(1);
  }, 60_000);

  const cases: [string, string[], RegExp][] = [
    ['one category', ['--categories', 'en', '--weights', '1', '--train-bytes', '1000', '--merges', '5'], /at least two bundled categories/],
    ['an unknown category', ['--categories', 'en,xx', '--weights', 'random', '--train-bytes', '1000', '--merges', '5'], /no bundled category "xx"/],
    ['a repeated category', ['--categories', 'en,en', '--weights', 'random', '--train-bytes', '1000', '--merges', '5'], /names a category twice/],
    ['too few weights', ['--categories', 'en,fr,de', '--weights', '1,2', '--train-bytes', '1000', '--merges', '5'], /3 non-negative numbers/],
    ['more training text than a part holds', ['--categories', 'en,fr', '--weights', '1,1', '--train-bytes', '9000000', '--merges', '5'], /needs 4500000 bytes .* lower --train-bytes/],
    ['a bad --train-bytes', ['--categories', 'en,fr', '--weights', 'random', '--train-bytes', 'most', '--merges', '5'], /--train-bytes must be a positive whole number, got "most"/],
    ['a bad seed', ['--categories', 'en,fr', '--weights', 'random', '--seed', 'x', '--train-bytes', '1000', '--merges', '5'], /--seed must be a whole number/],
    ['no --merges', ['--categories', 'en,fr', '--weights', 'random', '--train-bytes', '1000'], /--merges is required/],
  ];
  it.each(cases)('refuses %s (exit 2)', async (_, args, message) => {
    const { code, stderr } = await run(args);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});
