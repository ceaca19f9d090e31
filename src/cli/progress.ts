// Reading progress on standard error for big inputs: "en: 48 of 100 MB read, 11.9 MB/s". On a terminal the line is
// rewritten in place twice a second; into a file or a pipe a line is written every 10 seconds. Small inputs (under
// BIG_INPUT_BYTES, or of unknown size) print nothing, so quick runs and scripts see a clean standard error.

import { fitColumns } from './columns.ts';

export const BIG_INPUT_BYTES = 16e6;

export interface ReadProgress {
  update(bytesCounted: number): void;
  /** Ends the progress line (prints the final figures once, when any progress was shown). */
  done(): void;
}

const silent: ReadProgress = { update() {}, done() {} };

/** A progress line for reading `totalBytes` (known size) labelled `label`; silent when not `enabled` or small. */
export function readProgress(label: string, totalBytes: number, enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ReadProgress {
  if (!enabled || !(totalBytes >= BIG_INPUT_BYTES)) return silent;
  const tty = stream.isTTY === true;
  const every = tty ? 500 : 10_000;
  const started = performance.now();
  let last = started, bytes = 0, shown = false;
  const line = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? bytes / 1e6 / seconds : 0;
    return `${label}: ${(bytes / 1e6).toFixed(0)} of ${(totalBytes / 1e6).toFixed(0)} MB read, ${rate.toFixed(1)} MB/s`;
  };
  // Redrawn in place, the line must fit the terminal: wider, it wraps and each redraw leaves a line behind.
  const fitted = () => fitColumns(line(), (stream.columns || 80) - 1);
  return {
    update(n) {
      bytes = n;
      const now = performance.now();
      if (now - last < every) return;
      last = now;
      shown = true;
      stream.write(tty ? `\r${fitted()}\x1b[K` : `${line()}\n`);
    },
    done() {
      if (shown) stream.write(tty ? `\r${fitted()}\x1b[K\n` : `${line()}\n`);
    },
  };
}
