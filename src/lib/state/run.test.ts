import { describe, expect, it } from 'vitest';
import type { CorpusCategory } from '../core/corpora-manifest.ts';
import { RunController } from './run.svelte.ts';

// The inference run's inputs, without workers: the checks that stop a run before any worker starts, and renaming
// the user's own categories. (Runs themselves are covered by e2e/infer.spec.ts and e2e/run-panel.spec.ts.)

const part = (bytes: number) => ({ file: 'x.txt.gz', bytes, documents: 1, sha256: '' });
const bundled: CorpusCategory[] = [
  { id: 'en', name: 'English', kind: 'language', script: 'Latin', source: [], license: '', parts: { train: part(1e6), sample: part(1e6) } },
  { id: 'fr', name: 'French', kind: 'language', script: 'Latin', source: [], license: '', parts: { train: part(1e6), sample: part(1e6) } },
];

/** A controller with a tokenizer of `merges` merges loaded and two categories chosen. */
function controller(merges = 1000): RunController {
  const run = new RunController();
  run.bundled = bundled;
  run.selected = ['en', 'fr'];
  const column = new Int32Array(merges);
  run.tokenizer = { summary: { name: 'test' }, ct: { merges: { left: column, right: column } } } as unknown as RunController['tokenizer'];
  return run;
}

describe('RunController', () => {
  it('refuses bad settings before any worker starts, and keeps the message up to date with the inputs', async () => {
    const run = controller(1000);
    run.budget = 50;
    expect(run.settingsError).toBeNull(); // nothing is said before Run is pressed
    await run.run();
    expect(run.running).toBe(false);
    expect(run.settingsError).toBe('The byte budget must be a whole number of bytes, at least 1,000.');
    expect(run.solverError).toBeNull(); // the solver's line is for what goes wrong in a run
    run.budget = 300_000;
    expect(run.settingsError).toBeNull();
    run.rangeStart = 1500;
    run.merges = 2000;
    expect(run.settingsError).toMatch(/^Merge A \(1,500\) goes past the 1,000 merges/);
    run.rangeStart = 0;
    expect(run.settingsError).toBeNull(); // 0 .. 2000 is cut at the list's end, with a notice when it runs
  });

  it('names a category after its file, its folder, or its first file, never twice the same; empty files are left out', () => {
    const run = controller();
    /** A file as a folder pick gives it: webkitRelativePath "folder/name". */
    const inFolder = (path: string, text: string) => Object.defineProperty(new File([text], path.split('/').pop()!), 'webkitRelativePath', { value: path });
    run.addUserCategory([new File(['x'], 'de.txt')]);
    run.addUserCategory([new File(['x'], 'de.txt')]);
    run.addUserCategory([new File(['x'], 'English')]);
    run.addUserCategory([inFolder('poems/b.bin', ''), inFolder('poems/a.txt', 'x'), inFolder('poems/sub/c.txt', 'y')]);
    run.addUserCategory([new File([''], 'empty.txt'), new File(['x'], 'a.txt'), new File(['y'], 'b.txt')]);
    expect(run.userCategories.map((u) => [u.name, u.files.length])).toEqual([
      ['de.txt', 1], ['de.txt (2)', 1], ['English (2)', 1], ['poems', 2], ['a.txt + 1 more', 2],
    ]);
    expect(run.addError).toBeNull();
    run.addUserCategory([new File([''], 'empty.txt')]);
    expect(run.addError).toBe('No category was added: "empty.txt" is empty. Choose files that hold text.');
    run.addUserCategory([new File([''], 'a'), new File([''], 'b')]);
    expect(run.addError).toBe('No category was added: all 2 files are empty. Choose files that hold text.');
    expect(run.userCategories).toHaveLength(5);
    expect(run.selected).toHaveLength(2 + 5);
  });

  it('says why a new name for the user\'s category is refused', () => {
    const run = controller();
    run.addUserCategory([new File(['a'], 'a.txt'), new File(['b'], 'b.txt')]);
    run.addUserCategory([new File(['c'], 'c.txt')]);
    const [first, second] = run.userCategories;
    expect(run.renameUserCategory(first.id, '  ')).toBe('A category needs a name: type one.');
    expect(run.renameUserCategory(first.id, 'English')).toBe('The name "English" is taken by a bundled category: choose another.');
    // Invisible characters are dropped: no second "English" that only looks the same, no invisible name.
    expect(run.renameUserCategory(first.id, 'English\u200b')).toBe('The name "English" is taken by a bundled category: choose another.');
    expect(run.renameUserCategory(first.id, '\u200b\u202e')).toBe('A category needs a name: type one.');
    expect(run.renameUserCategory(first.id, 'c.txt ')).toBe('The name "c.txt" is taken by another of your categories: choose another.');
    expect(run.userCategories[0].name).toBe(first.name);
    expect(run.renameUserCategory(first.id, ' <b>mine</b> ')).toBeNull();
    expect(run.userCategories.map((u) => u.name)).toEqual(['<b>mine</b>', second.name]);
  });
});
