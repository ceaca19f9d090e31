#!/usr/bin/env node
// The `mergeprint` command: runs the TypeScript CLI (src/cli/main.ts) through tsx's loader, so the command line
// and the browser share the very same core sources with no separate build step.
import { register } from 'tsx/esm/api';

// A reader that stops early (`mergeprint encode ... | head -c 20`) closes the pipe: the rest of the output is not
// wanted, so every command ends there quietly, with success, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
