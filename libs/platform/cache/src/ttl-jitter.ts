/**
 * `ms` moved by a uniform random amount of up to `fraction` either way (0.2: 80% to 120%), so entries
 * written together do not all expire together (cache avalanche). Never below 1 ms.
 */
export function jitteredTtl(ms: number, fraction: number, random: () => number = Math.random): number {
  const spread = Math.min(Math.max(fraction, 0), 1);
  return Math.max(1, Math.round(ms * (1 + spread * (2 * random() - 1))));
}
