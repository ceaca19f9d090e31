// Seeded randomness for the core (experiments, baselines): every draw comes from a stated seed, so a mixture, a
// random-guess baseline or a benchmark row can be reproduced from its seed alone. mulberry32: 32 bits of state,
// fast, and good enough for drawing weights (not for cryptography).
// Example: const rnd = seededRandom(7); rnd() -> 0.0827..., the same on every run and in every JS engine.

/** Uniform floats in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A point drawn uniformly from the simplex {w >= 0, sum w = 1} (Dirichlet(1, ..., 1)): n independent
 * exponential draws -ln(1 - U), normalised. Example: drawSimplex(3, seededRandom(1)) -> three weights summing to 1.
 */
export function drawSimplex(n: number, rnd: () => number): Float64Array {
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += w[i] = -Math.log(1 - rnd());
  for (let i = 0; i < n; i++) w[i] /= sum;
  return w;
}
