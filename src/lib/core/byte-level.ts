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

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * A byte-level token or piece back to the text it stands for (invalid UTF-8, such as half a character, becomes
 * U+FFFD). Characters outside the map are kept as they are. Example: "ĠcafÃ©" -> " café".
 */
export function byteLevelToText(piece: string): string {
  const bytes: number[] = [];
  let other = '';
  for (const ch of piece) {
    const cp = ch.codePointAt(0)!;
    const b = cp < unicodeToByte.length ? unicodeToByte[cp] : -1;
    if (b >= 0) bytes.push(b);
    else { other += utf8Decoder.decode(Uint8Array.from(bytes.splice(0))) + ch; }
  }
  return other + utf8Decoder.decode(Uint8Array.from(bytes));
}
