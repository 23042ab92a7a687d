/** Deterministic series generators for the detector's unit tests (seeded, so tests never flake). */
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

/** Approximately normal noise (sum of uniforms). */
export function noise(random: () => number, n: number, sigma: number): number[] {
  return Array.from({ length: n }, () => (random() + random() + random() + random() - 2) * sigma);
}
