// Comparing two token id sequences from different implementations, and saying where they first part ways in terms
// a human can act on: the token index, the text around that point, and both sides' next tokens.
// Example: firstDivergence([1, 2, 3], [1, 2, 4], decode) -> "token 2: ours [3] vs reference [4] after text «...»".

/**
 * null when equal, else a message. `decode(ids)` turns a reference id prefix back into text (to locate the spot);
 * `show(id)` spells one token.
 */
export function firstDivergence(
  ours: ArrayLike<number>,
  reference: ArrayLike<number>,
  decode: (ids: number[]) => string,
  show: (id: number) => string = String,
): string | null {
  const n = Math.min(ours.length, reference.length);
  let i = 0;
  while (i < n && ours[i] === reference[i]) i++;
  if (i === n && ours.length === reference.length) return null;
  const prefix = decode(Array.from(reference).slice(0, i));
  const context = 8;
  const side = (ids: ArrayLike<number>) =>
    Array.from(ids)
      .slice(i, i + context)
      .map((id) => `${id}:${JSON.stringify(show(id))}`)
      .join(' ');
  return (
    `first divergence at token ${i} of ${ours.length} (ours) / ${reference.length} (reference), ` +
    `text offset ${prefix.length}\n  before: ${JSON.stringify(prefix.slice(-80))}\n` +
    `  ours:      ${side(ours)}\n  reference: ${side(reference)}`
  );
}
