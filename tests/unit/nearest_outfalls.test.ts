import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { OutfallProperties, RemediationStatus } from '../../src/data/types';
import { REMEDIATION_STATUSES } from '../../src/data/types';
import { createOutfallIndex, directionOf, initialBearingDeg, nearestOutfalls } from '../../src/spatial/nearest_outfalls';
import { makeOutfall } from './helpers/make_outfall';

// The reference: haversine to every outfall, then sort. Written here from the formula,
// not imported, so a bug in the index or in geokdbush's distance cannot hide.
const EARTH_RADIUS_M = 6_371_000;
function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
function bruteForce(outfalls: OutfallProperties[], lon: number, lat: number, count: number, filter?: (o: OutfallProperties) => boolean) {
  return outfalls
    .filter((o) => !filter || filter(o))
    .map((outfall) => ({ outfall, distanceM: haversineM(lon, lat, outfall.lon, outfall.lat) }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, count);
}

/** Random outfalls in the city's bbox, with clusters a few metres apart, exact duplicates and a cluster at `near`. */
function randomOutfalls(seed: string, n: number, near: [number, number]): OutfallProperties[] {
  const rng = seedrandom(seed);
  const out: OutfallProperties[] = [];
  const push = (lon: number, lat: number) =>
    out.push(makeOutfall({ code: `T-${out.length}`, lon, lat, remediationStatus: REMEDIATION_STATUSES[Math.floor(rng() * 3)] }));
  while (out.length < n) {
    const kind = rng();
    if (kind < 0.6) push(112.2 + rng() * 1.55, 33.1 + rng() * 1.25);
    else if (kind < 0.8 && out.length > 0) {
      // A neighbour within ~10 m of an existing outfall (same pipe, two codes).
      const base = out[Math.floor(rng() * out.length)];
      push(base.lon + (rng() - 0.5) * 2e-4, base.lat + (rng() - 0.5) * 2e-4);
    } else if (kind < 0.85 && out.length > 0) {
      const base = out[Math.floor(rng() * out.length)];
      push(base.lon, base.lat);
    } else push(near[0] + (rng() - 0.5) * 0.01, near[1] + (rng() - 0.5) * 0.01);
  }
  return out;
}

/**
 * Same distances rank by rank; same outfalls wherever the distance is not tied with a
 * neighbour. `want` holds one more than asked for, so a tie across the cut is seen too.
 */
function expectSameAsReference(got: ReturnType<typeof nearestOutfalls>, want: ReturnType<typeof bruteForce>, count: number) {
  expect(got.length).toBe(Math.min(count, want.length));
  for (let i = 0; i < got.length; i++) {
    expect(got[i].distanceM).toBeCloseTo(want[i].distanceM, 3);
    const tiedBefore = i > 0 && Math.abs(want[i - 1].distanceM - want[i].distanceM) < 1e-3;
    const tiedAfter = i < want.length - 1 && Math.abs(want[i + 1].distanceM - want[i].distanceM) < 1e-3;
    if (!tiedBefore && !tiedAfter) expect(got[i].outfall.code).toBe(want[i].outfall.code);
  }
}

describe('nearestOutfalls', () => {
  const near: [number, number] = [113.19, 33.74];
  const outfalls = randomOutfalls('nearest', 4000, near);
  const index = createOutfallIndex(outfalls);

  it('matches haversine-and-sort over every outfall for many random positions', () => {
    const rng = seedrandom('queries');
    for (let q = 0; q < 300; q++) {
      // Half the queries inside the cluster near the city centre, some outside the city.
      const lon = q % 2 === 0 ? near[0] + (rng() - 0.5) * 0.02 : 112.0 + rng() * 2.0;
      const lat = q % 2 === 0 ? near[1] + (rng() - 0.5) * 0.02 : 32.9 + rng() * 1.7;
      const count = [1, 5, 20, 57][q % 4];
      expectSameAsReference(nearestOutfalls(index, lon, lat, { count }), bruteForce(outfalls, lon, lat, count + 1), count);
    }
  });

  it('finds the outfall the user is standing on first, at 0 m', () => {
    const target = outfalls[1234];
    const [first] = nearestOutfalls(index, target.lon, target.lat, { count: 1 });
    expect(first.distanceM).toBe(0);
    expect(first.outfall.lon).toBe(target.lon);
    expect(first.outfall.lat).toBe(target.lat);
  });

  it('defaults to 20 results, sorted nearest first', () => {
    const result = nearestOutfalls(index, near[0], near[1]);
    expect(result).toHaveLength(20);
    for (let i = 1; i < result.length; i++) expect(result[i].distanceM).toBeGreaterThanOrEqual(result[i - 1].distanceM);
  });

  it('with a status filter returns the nearest N that pass, not the passing few of the nearest N', () => {
    const rng = seedrandom('filter');
    for (let q = 0; q < 100; q++) {
      const status: RemediationStatus = REMEDIATION_STATUSES[q % 3];
      const filter = (o: OutfallProperties) => o.remediationStatus === status;
      const lon = 112.2 + rng() * 1.55;
      const lat = 33.1 + rng() * 1.25;
      const got = nearestOutfalls(index, lon, lat, { count: 20, filter });
      expect(got).toHaveLength(20);
      expect(got.every((r) => r.outfall.remediationStatus === status)).toBe(true);
      expectSameAsReference(got, bruteForce(outfalls, lon, lat, 21, filter), 20);
    }
  });

  it('reaches past many closer outfalls that fail the filter', () => {
    const done = Array.from({ length: 50 }, (_, i) => makeOutfall({ code: `D-${i}`, lon: 113 + i * 1e-4, lat: 33.7, remediationStatus: '已完成' }));
    const farNotStarted = [3, 1, 2].map((km) => makeOutfall({ code: `N-${km}`, lon: 113, lat: 33.7 + km / 111.2, remediationStatus: '未启动' }));
    const small = createOutfallIndex([...done, ...farNotStarted]);
    const got = nearestOutfalls(small, 113, 33.7, { count: 20, filter: (o) => o.remediationStatus === '未启动' });
    expect(got.map((r) => r.outfall.code)).toEqual(['N-1', 'N-2', 'N-3']);
    expect(got[0].distanceM).toBeGreaterThan(990);
    expect(got[0].distanceM).toBeLessThan(1010);
  });

  it('returns nothing for an empty layer', () => {
    expect(nearestOutfalls(createOutfallIndex([]), 113, 33.7)).toEqual([]);
  });
});

describe('direction from the user to the outfall', () => {
  // Bearings worked out by hand with the great-circle formula
  // θ = atan2(sin Δλ · cos φ2, cos φ1 · sin φ2 − sin φ1 · cos φ2 · cos Δλ) from (113.0 E, 33.7 N).
  const user = { lon: 113.0, lat: 33.7 };
  const cases: { to: [number, number]; bearing: number; direction: string }[] = [
    { to: [113.0, 33.8], bearing: 0, direction: '北' },
    // Due east along the parallel: the great circle starts just north of east, 90° − 0.028°.
    { to: [113.1, 33.7], bearing: 89.972, direction: '东' },
    { to: [113.0, 33.6], bearing: 180, direction: '南' },
    { to: [112.9, 33.7], bearing: 270.028, direction: '西' },
    // 0.1° each way: atan2(0.1·cos 33.75°, 0.1) ≈ 39.74° on the plane, 39.71° on the sphere.
    { to: [113.1, 33.8], bearing: 39.71, direction: '东北' },
    { to: [112.9, 33.6], bearing: 219.8, direction: '西南' },
    { to: [113.1, 33.6], bearing: 140.2, direction: '东南' },
    { to: [112.9, 33.8], bearing: 320.3, direction: '西北' },
  ];

  it.each(cases)('to $to is $direction ($bearing°)', ({ to, bearing, direction }) => {
    const [result] = nearestOutfalls(createOutfallIndex([makeOutfall({ code: 'X', lon: to[0], lat: to[1] })]), user.lon, user.lat);
    expect(result.bearingDeg).toBeCloseTo(bearing, 1);
    expect(result.direction).toBe(direction);
  });

  it('points from the user to the outfall, not back', () => {
    expect(initialBearingDeg(113.1, 33.8, 113.0, 33.7)).toBeGreaterThan(180);
    expect(directionOf(initialBearingDeg(113.1, 33.8, 113.0, 33.7))).toBe('西南');
  });

  it('splits the compass into 45° sectors centred on the eight points', () => {
    expect(directionOf(0)).toBe('北');
    expect(directionOf(22.49)).toBe('北');
    expect(directionOf(22.5)).toBe('东北');
    expect(directionOf(67.49)).toBe('东北');
    expect(directionOf(67.5)).toBe('东');
    expect(directionOf(202.5)).toBe('西南');
    expect(directionOf(337.49)).toBe('西北');
    expect(directionOf(337.5)).toBe('北');
    expect(directionOf(359.99)).toBe('北');
  });
});
