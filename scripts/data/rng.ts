// Seeded random streams. Every layer draws from its own named stream, so that
// changing how one layer is generated never reshuffles another.
import seedrandom from 'seedrandom';

export type Rng = () => number;

/** Root seed of the demo data set; change it and every file changes. */
export const DATA_SEED = 'pingdingshan-demo-2025-09-16';

export function makeRng(stream: string): Rng {
  const prng = seedrandom(`${DATA_SEED}:${stream}`);
  return () => prng.quick();
}

export const uniform = (r: Rng, a: number, b: number): number => a + (b - a) * r();
/** Integer in [a, b], both inclusive. */
export const int = (r: Rng, a: number, b: number): number => a + Math.floor(r() * (b - a + 1));
export const chance = (r: Rng, p: number): boolean => r() < p;
export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** Standard normal by Box–Muller (one value per call keeps the stream simple to reason about). */
export function normal(r: Rng): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

export function weighted<T>(r: Rng, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

/** Index into a cumulative-weight array by binary search (for drawing thousands of samples). */
export function drawCumulative(r: Rng, cumulative: Float64Array): number {
  const x = r() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
