import { describe, expect, it } from 'vitest';
import { cliCommand, shellWord } from './cli-command.ts';
import { runCli } from '../../test-support/run-cli.ts';

describe('cliCommand', () => {
  it("spells out the page's settings, which differ from the CLI's defaults", () => {
    expect(cliCommand({ preset: 'gpt2', categories: [{ bundled: true, name: 'en' }, { bundled: true, name: 'fr' }], start: 0, end: 1000, maxBytes: 300_000, gapTolerance: 0 }))
      .toBe('npm run --silent mergeprint -- infer --tokenizer gpt2 --merges 1000 --max-bytes 300000 --category en=bundled --category fr=bundled');
    expect(cliCommand({ preset: 'llama3', categories: [{ bundled: true, name: 'en' }], start: 100_000, end: 101_000, maxBytes: 50_000, gapTolerance: 0.2 }))
      .toBe('npm run --silent mergeprint -- infer --tokenizer llama3 --range 100000..101000 --max-bytes 50000 --gap 20% --category en=bundled');
  });

  it("leaves the user's files as placeholders and quotes names a shell would split", () => {
    const c = cliCommand({ preset: null, categories: [{ bundled: false, name: "my notes (John's)" }, { bundled: true, name: 'python' }], start: 0, end: 10, maxBytes: 1000, gapTolerance: 0 });
    expect(c).toBe("npm run --silent mergeprint -- infer --tokenizer PATH/TO/TOKENIZER --merges 10 --max-bytes 1000 --category 'my notes (John'\\''s)=PATH' --category python=bundled");
    expect(cliCommand({ preset: 'gpt2', categories: [{ bundled: false, name: 'lang=fr.txt' }], start: 0, end: 10, maxBytes: 1000, gapTolerance: 0 })).toMatch(/ --category lang_fr\.txt=PATH$/);
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord('$(rm)')).toBe("'$(rm)'");
  });

  it('is a command line infer runs, with the settings it names', async () => {
    const line = cliCommand({ preset: 'gpt2', categories: [{ bundled: true, name: 'en' }, { bundled: true, name: 'de' }], start: 5, end: 125, maxBytes: 20_000, gapTolerance: 0.05 });
    const { code, stdout, stderr } = await runCli([...line.split(' ').slice(5), '--json']);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.tokenizer).toBe('gpt2');
    expect(r.settings).toMatchObject({ range: [5, 125], max_bytes: 20_000, gap_tolerance: 0.05 });
    expect(r.categories.map((c: { name: string }) => c.name)).toEqual(['en', 'de']);
  }, 60_000);
});
