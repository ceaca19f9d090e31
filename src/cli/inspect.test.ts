// mergeprint inspect, and the repair in replay and infer, as a user runs them: a child process of bin/mergeprint.js.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mergeprint inspect', () => {
  it("Llama 3: the summary, the repair (280,147 -> 127,744) and the 100,000 merges shared with cl100k, offered as a range", async () => {
    const { code, stdout, stderr } = await run(['inspect', '--tokenizer', 'llama3', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.summary).toMatchObject({ merges: 280_147, vocabulary: 128_000 });
    expect([r.repair.originalMerges, r.repair.merges]).toEqual([280_147, 127_744]);
    expect(r.shared).toMatchObject({ against: 'cl100k', merges: 100_000, finding: { status: 'offered', offer: { start: 100_000 } } });
  });

  it('a small tokenizer.json with a repeated and an out-of-order merge, as text, compared with GPT-2', async () => {
    const file = join(dir, 'tok.json');
    const vocab = { a: 0, b: 1, c: 2, ab: 3, abc: 4 };
    writeFileSync(file, JSON.stringify({ model: { type: 'BPE', vocab, merges: ['ab c', 'a b', 'a b'] } }));
    const { code, stdout } = await run(['inspect', '--tokenizer', file, '--against', 'gpt2']);
    expect(code).toBe(0);
    expect(stdout).toContain('  merges         3\n');
    expect(stdout).toContain('merge list: 3 merges as loaded, 2 after repair.');
    expect(stdout).toContain('- 1 merges repeat a pair listed earlier.');
    expect(stdout).toContain('- 1 merges use a token that only a later merge makes.\n    e.g. merge 0: "ab" + "c" -> "abc"');
    expect(stdout).toContain('shared with gpt2: the first 0 merges (too few to mean a copied list).');
  });

  it('bad input: exit code 2 and one line', async () => {
    const { code, stderr } = await run(['inspect', '--tokenizer', join(dir, 'missing.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^mergeprint inspect: cannot read ".*missing.json": no such file\n$/);
  });
});

describe('the repair in replay and infer', () => {
  const tok = join(dir, 'odd.json');
  writeFileSync(tok, JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1, c: 2, ab: 3, abc: 4 }, merges: ['ab c', 'a b', 'a b'] } }));
  const text = join(dir, 'text.txt');
  writeFileSync(text, 'abc ab abc cab\n'.repeat(20));

  it('replay repairs the list and prints the report on stderr; --quiet hides it, --no-repair replays the file as it is', async () => {
    const repaired = await run(['replay', '--tokenizer', tok, text]);
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toContain('merge list: 3 merges as loaded, 2 after repair.\n- 1 merges repeat a pair listed earlier.');
    expect(JSON.parse(repaired.stdout)).toMatchObject({ merges: 2, merge_list: { loaded: 3, repaired: true } });
    const quiet = await run(['replay', '--tokenizer', tok, '--quiet', text]);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).changes).toBe(JSON.parse(repaired.stdout).changes);
    const raw = await run(['replay', '--tokenizer', tok, '--no-repair', '--quiet', text]);
    expect(JSON.parse(raw.stdout)).toMatchObject({ merges: 3, merge_list: { loaded: 3, repaired: false } });
  });

  it("infer --after-shared gpt2 starts p50k's analysis at merge 50,000, after GPT-2's list (Llama 3 after cl100k alike)", async () => {
    const { code, stdout, stderr } = await run([
      'infer', '--tokenizer', 'p50k', '--after-shared', 'gpt2', '--max-bytes', '100000',
      '--category', 'python=bundled', '--category', 'en=bundled', '--json',
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('- The first 50,000 merges are the same as all 50,000 merges of gpt2.');
    expect(stderr).toContain('- The list ends with 24 merges of whitespace only.');
    // The offer --after-shared took is said as done; the one not taken stays offered.
    expect(stderr).toContain('  Done (--after-shared gpt2): the analysis starts at merge 50,000.');
    expect(stderr).toContain('  Offered: end the analysis at merge 50,000, before them.');
    const r = JSON.parse(stdout);
    expect(r.settings.range).toEqual([50_000, 50_024]);
    // The JSON says which list the range numbers and which options set its start.
    expect(r.settings).toMatchObject({ skip_hand_added: false, after_shared: 'gpt2' });
    expect(r.merge_list).toEqual({ as_loaded: 50_024, repaired: 50_024 });
    expect(stderr).not.toContain('changes nothing');
  });

  it('a range past the end of the repaired list says merges are numbered there; options that change nothing are said', async () => {
    const past = await run(['infer', '--tokenizer', 'llama2', '--range', '40000..40100', '--category', 'en=bundled', '--category', 'fr=bundled']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/goes past the 29612 merges of the tokenizer: end it at 29612 at most \(merges are numbered in the repaired list, 29,612 of the 61,249 merges as loaded: .*--no-repair numbers them as loaded\)/);
    const noop = await run(['infer', '--tokenizer', 'gpt2', '--skip-hand-added', '--after-shared', 'llama3', '--merges', '120', '--max-bytes', '20000', '--category', 'en=bundled', '--category', 'fr=bundled', '--json']);
    expect(noop.code, noop.stderr).toBe(0);
    expect(noop.stderr).toContain('note: --skip-hand-added changes nothing here: this merge list has no run of hand-added whitespace merges at either end');
    expect(noop.stderr).toContain("note: --after-shared llama3 changes nothing here: this merge list does not begin with llama3's merges");
    expect(JSON.parse(noop.stdout).settings).toMatchObject({ range: [0, 120], skip_hand_added: true, after_shared: 'llama3' });
  });

  it('--range and --skip-hand-added together are refused', async () => {
    const { code, stderr } = await run(['infer', '--tokenizer', 'gpt2', '--skip-hand-added', '--range', '0..10', '--category', 'en=bundled', '--category', 'fr=bundled']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/give --range A..B or --skip-hand-added \/ --after-shared, not both/);
  });
});
