// 100,000 outfalls for the benchmarks: clones of real ones, moved up to ~500 m, with new
// unique codes, seeded so every run has the same.
import seedrandom from 'seedrandom';
import type { OutfallProperties } from '../src/data/types';

const BBOX = { west: 112.2, east: 113.75, south: 33.1, north: 34.35 };

export function generateOutfalls(real: readonly OutfallProperties[], n: number, seed: string): OutfallProperties[] {
  const rng = seedrandom(seed);
  const out: OutfallProperties[] = [];
  for (let i = 0; i < n; i++) {
    const base = real[Math.floor(rng() * real.length)];
    const prefix = base.code.split('-')[1];
    out.push({
      ...base,
      code: `PDS-${prefix}-${String(i + 1).padStart(6, '0')}`,
      lon: Math.min(BBOX.east, Math.max(BBOX.west, base.lon + (rng() - 0.5) * 0.01)),
      lat: Math.min(BBOX.north, Math.max(BBOX.south, base.lat + (rng() - 0.5) * 0.01)),
    });
  }
  return out;
}
