import { describe, expect, it } from 'vitest';
import { byteLevelToText, byteToUnicode, unicodeToByte } from './byte-level.ts';

describe('GPT-2 byte map', () => {
  it('maps printable bytes to themselves and the rest above U+0100', () => {
    expect(byteToUnicode[0x41]).toBe('A');
    expect(byteToUnicode[0x20]).toBe('Ġ');
    expect(byteToUnicode[0x0a]).toBe('Ċ');
    expect(new Set(byteToUnicode).size).toBe(256);
    byteToUnicode.forEach((ch, b) => expect(unicodeToByte[ch.codePointAt(0)!]).toBe(b));
  });

  it('turns byte-level pieces back into text', () => {
    expect(byteLevelToText('ĠcafÃ©')).toBe(' café');
    const text = ' 東京\n\tnaïve 👩🏽‍💻';
    const mapped = Array.from(new TextEncoder().encode(text), (b) => byteToUnicode[b]).join('');
    expect(byteLevelToText(mapped)).toBe(text);
    expect(byteLevelToText('Ã')).toBe('\uFFFD'); // half of a two-byte character
    expect(byteLevelToText('▁the')).toBe('▁the'); // not byte-level: kept
  });
});
