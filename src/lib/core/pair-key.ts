// PairKey packing: an ordered pair of token ids as one safe integer, left * stride + right, with the stride a power
// of two >= the vocabulary size, so keys sort like (left, right) tuples and can be split again exactly.
// Example: vocabulary of 50,257 tokens -> stride 65,536; pair (256, 3) -> key 256 * 65536 + 3 = 16,777,219.

import type { PairKey, TokenId } from './types.ts';

/** The smallest power of two >= vocabSize (at least 2). Keys stay below stride^2, a safe integer up to 2^26 ids. */
export function pairStride(vocabSize: number): number {
  let stride = 2;
  while (stride < vocabSize) stride *= 2;
  if (stride > 2 ** 26) throw new RangeError(`vocabulary of ${vocabSize} tokens is too large for PairKeys`);
  return stride;
}

export function packPair(left: TokenId, right: TokenId, stride: number): PairKey {
  return left * stride + right;
}

export function pairLeft(key: PairKey, stride: number): TokenId {
  return Math.floor(key / stride);
}

export function pairRight(key: PairKey, stride: number): TokenId {
  return key % stride;
}
