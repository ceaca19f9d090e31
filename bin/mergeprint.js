#!/usr/bin/env node
// The `mergeprint` command: runs the TypeScript CLI (src/cli/main.ts) through tsx's loader, so the command line
// and the browser share the very same core sources with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
