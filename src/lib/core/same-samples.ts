// Categories whose samples the attack cannot tell apart. Two samples with the same words in the same proportions
// (the same file given twice, a bundled category and a copy of its text, a text and itself repeated) have
// proportional pair counts at every merge, so every constraint sees them as one category: the LP's optimum holds for
// any split of their joint share, and which one gets it is an accident of the solver. The user should hear that.
// Example: trajectories of "the cat" and "the cat the cat" under the same tokenizer -> [[0, 1]].

import type { Trajectory } from './types.ts';

/**
 * Pairs (i, j), i < j, of trajectories with the same pairs met in the same order and proportional initial counts
 * (exactly: counts_i * d_j = counts_j * d_i, in integers). Same words in the same order of first appearance give
 * this; a text that merely shares most of its words with another does not. Cost: a comparison of the pair arrays
 * of each two categories of equal length, stopping at the first difference.
 */
export function sameSamples(trajectories: Trajectory[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < trajectories.length; i++) {
    for (let j = i + 1; j < trajectories.length; j++) if (proportional(trajectories[i], trajectories[j])) out.push([i, j]);
  }
  return out;
}

function proportional(a: Trajectory, b: Trajectory): boolean {
  if (a.stride !== b.stride || a.pairKeys.length !== b.pairKeys.length || a.totalPairs <= 0 || b.totalPairs <= 0) return false;
  for (let q = 0; q < a.pairKeys.length; q++) {
    if (a.pairKeys[q] !== b.pairKeys[q] || a.initialCounts[q] * b.totalPairs !== b.initialCounts[q] * a.totalPairs) return false;
  }
  return true;
}

/**
 * What to tell the user about such pairs, by category name, or null when there are none.
 * Example: ["English", "en.txt"], [[0, 1]] -> 'The samples of "English" and "en.txt" have the same pair counts ...'.
 */
export function sameSamplesNote(names: string[], pairs: Array<[number, number]>): string | null {
  if (pairs.length === 0) return null;
  const list = pairs.map(([i, j]) => `"${names[i]}" and "${names[j]}"`).join(', ');
  return `The samples of ${list} have the same pair counts (up to scale): the estimate cannot tell them apart, so how it splits ` +
    `their share between them is arbitrary. Leave one of each out, or give each its own text.`;
}
