// Runs the command line as a user does, a child process of bin/mergeprint.js, for the CLI tests.
// Example: await runCli(['inspect', '--tokenizer', 'llama3', '--json']) -> { code: 0, stdout: '{"summary":...}\n', stderr: '' }.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '../../bin/mergeprint.js');

export function runCli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('node', [bin, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin ?? '');
  });
}
