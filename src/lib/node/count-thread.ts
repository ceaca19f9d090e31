// One word-counting thread of WordCountPool (count-threads.ts): counts the parts the main thread streams to it, one
// WordCounter per part, adds the parts of a batch up, and sends the batch's words back on flush. Each chunk is
// acknowledged once counted, so the main thread knows how many bytes are still waiting here.

import { parentPort, workerData } from 'node:worker_threads';
import { WordCountsSum } from '../core/word-counts-sum.ts';
import { WordCounter } from '../core/word-counts.ts';
import { wordPipeline, type FromThread, type PipelineSpec, type ToThread } from './count-threads.ts';

const port = parentPort!;
const pipeline = wordPipeline(workerData as PipelineSpec);
let counter: WordCounter | null = null;
let batch = new WordCountsSum();
let cutLines = 0;
let truncated = false;

function reply(message: FromThread, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (m: ToThread) => {
  try {
    if (m.kind === 'begin') counter = new WordCounter(pipeline, m.maxBytes);
    else if (m.kind === 'chunk') {
      counter!.push(m.bytes); // once the part's budget is reached, push ignores the rest
      reply({ kind: 'ack', bytes: m.bytes.length });
    } else if (m.kind === 'end') {
      const part = counter!.finish();
      counter = null;
      batch.add(part);
      cutLines += part.cutLines;
      truncated ||= part.truncated;
    } else {
      const counts = { ...batch.result(), cutLines, truncated };
      batch = new WordCountsSum();
      cutLines = 0;
      truncated = false;
      reply({ kind: 'done', batch: m.batch, counts }, [counts.counts.buffer as ArrayBuffer]);
    }
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    reply({ kind: 'error', name: error.name, message: error.message });
  }
});
