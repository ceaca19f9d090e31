import { describe, expect, it } from 'vitest';
import { shouldFollow } from './follow-result.ts';

describe('shouldFollow', () => {
  it('brings a result below the fold into view when the reader stayed where they pressed Run', () => {
    expect(shouldFollow(1400, 1400, 900, 768)).toBe(true);
    expect(shouldFollow(1400, 1430, 500, 768)).toBe(true); // a few pixels of drift (a wrapping progress line) count as still
    expect(shouldFollow(0, 0, -300, 768)).toBe(true); // above the viewport: the page grew above it
  });

  it('stays when the reader scrolled away during the run, or the result is already in sight', () => {
    expect(shouldFollow(1400, 0, 900, 768)).toBe(false);
    expect(shouldFollow(1400, 1500, 900, 768)).toBe(false);
    expect(shouldFollow(1400, 1400, 200, 768)).toBe(false);
    expect(shouldFollow(1400, 1400, 460, 768)).toBe(false);
  });
});
