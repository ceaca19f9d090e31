// The result components rendered on the server (svelte/server) from a real solved run over tokens that look like
// HTML: token strings and category names come out as text, the merge explorer shows the picked merge with its
// counts and competitors, and the table starts unsorted with shares summing to 100%.
import { cliCommand } from '../state/cli-command.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { render } from 'svelte/server';
import MergeExplorer from './MergeExplorer.svelte';
import ResultsTable from './ResultsTable.svelte';
import type { RunResult } from '../state/run.svelte.ts';
import { glpkEngine } from '../core/lp-glpk.ts';
import { solveTrajectories, roundPercents } from '../core/mixture-result.ts';
import { replayMerges } from '../core/replay.ts';
import { trainBpe } from '../core/train.ts';
import { tokenizerWordTable } from '../core/word-table.ts';
import { toWordCounts } from '../../test-support/synthetic.ts';

const evil = '<img src=x onerror=alert(1)>';
const ssr = (body: string) => body.replace(/<!--[^>]*-->/g, '');

/** Two "categories" of markup-like words, trained on together, each replayed and solved. */
async function markupResult(): Promise<RunResult> {
  const samples = [new Map([['<img', 900], ['<b>', 500], ['&amp;', 300], ['"x"', 200]]), new Map([['<img src', 400], ['x=1', 700], ['&lt;', 250]])];
  const mix = new Map<string, number>();
  for (const s of samples) s.forEach((n, w) => mix.set(w, (mix.get(w) ?? 0) + n));
  const trained = trainBpe(toWordCounts(mix), { merges: 12 });
  const merges = { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult };
  const tokenToId = new Map(trained.vocab.map((t, i) => [t, i] as const));
  const names = [evil, 'plain'];
  const trajectories = samples.map((s, i) => {
    const wc = toWordCounts(s);
    return { id: `c${i}`, name: names[i], trajectory: replayMerges(tokenizerWordTable(wc, { tokenToId, byteFallback: false }).table, merges, { bytes: wc.bytes }) };
  });
  const end = merges.left.length;
  const solution = solveTrajectories(trajectories, merges, end, await glpkEngine());
  const percents = roundPercents(solution.share, 1);
  return {
    rows: trajectories.map((c, i) => ({ id: c.id, name: c.name, alpha: solution.alpha[i], share: solution.share[i], percent: percents[i], bytes: c.trajectory.bytes })),
    solution, meta: {}, cli: cliCommand({ preset: null, categories: names.map((name) => ({ bundled: false, name })), start: 0, end, maxBytes: 1000, gapTolerance: 0 }),
    slack: solution.mergeSlack, supportedEnd: null, start: 0, merges: end, engine: solution.engine, engineNote: null,
    rounds: solution.rounds, constraints: solution.constraints, seconds: 0,
    tokenizer: {
      name: 'markup', normalizer: null, preTokenizer: null, byteFallback: false, level: 'char', merges,
      baseTokens: new Map(trained.vocab.slice(0, trained.alphabetSize).map((t, i) => [t, i] as const)),
    },
    trajectories,
  };
}

describe('result components', () => {
  let result: RunResult;
  beforeAll(async () => { result = await markupResult(); });

  test('the merge explorer shows a markup-like merge as text, with counts and competitors', () => {
    const body = ssr(render(MergeExplorer, { props: { result, merge: 0 } }).body);
    // Merge 0 of this training is ('<', 'i') -> '<i' (the most frequent pair of the mix).
    expect(body).toMatch(/merge #0:<\/span> <code class="tok[^"]*">&lt;<\/code> \+ <code class="tok[^"]*">i<\/code>\s*→ <code class="tok[^"]*">&lt;i<\/code>/);
    expect(body).not.toMatch(/<i[ >]/);
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;img src=x onerror=alert(1)>');
    // One counts row per category and at least one competitor with its constraint status.
    expect((body.match(/<tr><th scope="row"[^>]*>[^<]*<\/th><td[^>]*>0\.\d{4}<\/td>/g) ?? []).length).toBe(2);
    expect(body).toMatch(/data-testid="explorer-competitor"/);
    expect(body).toMatch(/>(holds|active)<\/td>/);
  });

  test('the table starts unsorted, names as text, shares summing to 100%', () => {
    const body = ssr(render(ResultsTable, { props: { result } }).body);
    expect((body.match(/aria-sort="none"/g) ?? []).length).toBe(4);
    expect(body).toContain('&lt;img src=x onerror=alert(1)>');
    expect(body).not.toContain('<img');
    expect(body).toMatch(/data-testid="share-total"[^>]*>100\.0%</);
  });
});
