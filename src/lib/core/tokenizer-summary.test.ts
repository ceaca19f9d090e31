import { describe, expect, it } from 'vitest';
import { describePreTokenizer } from './tokenizer-summary.ts';

describe('describePreTokenizer', () => {
  it("says where a split's matches go, in words rather than HF's behaviour names", () => {
    expect(describePreTokenizer({ type: 'Split', pattern: { String: ' ' }, behavior: 'MergedWithPrevious', invert: false }))
      .toBe('split at " " (each match ends the piece before it)');
    expect(describePreTokenizer({ type: 'Sequence', pretokenizers: [
      { type: 'Split', pattern: { Regex: '\\p{L}+' }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ] })).toBe('split at a regex (each match a piece of its own), then bytes mapped to symbols');
    expect(describePreTokenizer({ type: 'Split', pattern: { Regex: '\\d' }, behavior: 'Removed', invert: true })).toBe('pieces that match a regex (each match dropped)');
  });
});
