import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminalSafe } from './terminal-text.ts';
import { runCli } from '../test-support/run-cli.ts';

describe('terminalSafe', () => {
  it('writes control, C1 and bidi characters as escapes, and keeps tabs, newlines and text', () => {
    expect(terminalSafe('c/bin\u001b[31mRED\u001b[0m.png')).toBe('c/bin\\u{1B}[31mRED\\u{1B}[0m.png');
    expect(terminalSafe('a\u009bb\u202ec\u0007')).toBe('a\\u{9B}b\\u{202E}c\\u{7}');
    expect(terminalSafe('tab\there\nnext 東京 👩🏽')).toBe('tab\there\nnext 東京 👩🏽');
  });

  it("keeps a hostile file name in a folder from reaching the terminal raw", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mergeprint-term-'));
    try {
      mkdirSync(join(dir, 'c'));
      writeFileSync(join(dir, 'c', 'bin\u001b[2JRED.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]));
      writeFileSync(join(dir, 'c', 'text.txt'), 'Le chat est sur la table. '.repeat(200));
      const { code, stderr } = await runCli(['infer', '--tokenizer', 'gpt2', '--merges', '100', '--max-bytes', '20000', '--category', 'en=bundled', '--category', `h=${join(dir, 'c')}`]);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('bin\\u{1B}[2JRED.png');
      expect(stderr).not.toContain('\u001b');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
