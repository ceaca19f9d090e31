import { describe, expect, it, vi } from 'vitest';
import { BIG_INPUT_BYTES, readProgress } from './progress.ts';

/** A terminal of `columns` columns that keeps what is written to it. */
function terminal(columns: number) {
  const written: string[] = [];
  return { written, stream: { isTTY: true, columns, write: (s: string) => { written.push(s); return true; } } as unknown as NodeJS.WriteStream };
}

describe('readProgress', () => {
  it('keeps the line it redraws in place within the terminal, however long the label', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const { written, stream } = terminal(40);
      const p = readProgress('a category with a very long name indeed', 100e6, true, stream);
      vi.advanceTimersByTime(600);
      p.update(48e6);
      p.done();
      expect(written.length).toBe(2);
      for (const w of written) {
        const text = w.replace(/^\r/, '').replace(/\x1b\[K\n?$/, '');
        expect(text.length).toBeLessThanOrEqual(39);
        expect(text.endsWith('…')).toBe(true);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('says nothing for small inputs', () => {
    const { written, stream } = terminal(80);
    const p = readProgress('en', BIG_INPUT_BYTES / 2, true, stream);
    p.update(1e6);
    p.done();
    expect(written).toEqual([]);
  });
});
