// GPT-2's byte-to-unicode map: every byte gets a printable character so byte-level tokens are plain strings.
// Printable Latin-1 bytes map to themselves; the other 68 bytes map to U+0100.. in byte order.
// Example: byteToUnicode[0x20] === 'Ġ' (U+0120), byteToUnicode[0x41] === 'A', byteToUnicode[0x0A] === 'Ċ'.

function buildByteToUnicode(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const map: string[] = new Array(256);
  let next = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCodePoint(printable(b) ? b : 256 + next++);
  return map;
}

/** byte (0..255) -> its one-character stand-in. */
export const byteToUnicode: readonly string[] = buildByteToUnicode();

/** stand-in character's code point -> byte, or -1 for characters outside the map. */
export const unicodeToByte: Int16Array = (() => {
  const inv = new Int16Array(324).fill(-1);
  byteToUnicode.forEach((ch, b) => { inv[ch.codePointAt(0)!] = b; });
  return inv;
})();
