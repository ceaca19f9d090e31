// The worker_threads entry of WordCountPool: registers tsx in this thread (loaders registered by the main thread
// do not reach worker threads in Node 20), then runs the TypeScript thread code, as bin/mergeprint.js does for the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./count-thread.ts');
