// The outfalls nearest to the inspector, re-asked on every position update: a
// kd-tree (kdbush) built once over all outfalls and walked in great-circle
// order (geokdbush), so an update costs a few dozen distance computations
// instead of one per outfall.

import KDBush from 'kdbush';
import { around, distance as greatCircleKm } from 'geokdbush';
import type { OutfallProperties } from '../data/types';

/** The eight compass sectors, clockwise from north, in the words a Chinese user reads. */
export const DIRECTIONS = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface OutfallIndex {
  readonly outfalls: readonly OutfallProperties[];
  readonly tree: KDBush;
}

export interface NearbyOutfall {
  outfall: OutfallProperties;
  /** Great-circle distance from the user, metres (sphere of radius 6371 km, as geokdbush). */
  distanceM: number;
  /** Initial bearing from the user to the outfall, degrees clockwise from north, [0, 360). */
  bearingDeg: number;
  /** `bearingDeg` as one of eight 45° sectors centred on the compass points. */
  direction: Direction;
}

export interface NearestOptions {
  /** How many to return (fewer if fewer outfalls pass the filter). */
  count?: number;
  /** Only outfalls for which this is true count, e.g. by remediationStatus. */
  filter?: (outfall: OutfallProperties) => boolean;
}

const RAD = Math.PI / 180;

/** Build the index once per loaded outfall layer; querying it never copies the outfalls. */
export function createOutfallIndex(outfalls: readonly OutfallProperties[]): OutfallIndex {
  const tree = new KDBush(outfalls.length);
  for (const outfall of outfalls) tree.add(outfall.lon, outfall.lat);
  tree.finish();
  return { outfalls, tree };
}

/**
 * The `count` nearest outfalls to (lon, lat), nearest first. The filter is applied
 * during the tree walk, so a filtered query still returns the nearest `count` that pass
 * rather than the passing subset of the nearest `count`.
 */
export function nearestOutfalls(index: OutfallIndex, lon: number, lat: number, options: NearestOptions = {}): NearbyOutfall[] {
  const { count = 20, filter } = options;
  const { outfalls } = index;
  if (outfalls.length === 0 || count <= 0) return [];
  const ids = around(index.tree, lon, lat, count, Infinity, filter ? (id) => filter(outfalls[id]) : undefined);
  return ids.map((id) => {
    const outfall = outfalls[id];
    const bearingDeg = initialBearingDeg(lon, lat, outfall.lon, outfall.lat);
    return {
      outfall,
      distanceM: greatCircleKm(lon, lat, outfall.lon, outfall.lat) * 1000,
      bearingDeg,
      direction: directionOf(bearingDeg),
    };
  });
}

/** Initial great-circle bearing from the first point to the second, degrees in [0, 360). */
export function initialBearingDeg(fromLon: number, fromLat: number, toLon: number, toLat: number): number {
  const φ1 = fromLat * RAD;
  const φ2 = toLat * RAD;
  const Δλ = (toLon - fromLon) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  const deg = Math.atan2(y, x) / RAD;
  // atan2 gives (-180, 180]; -0 and 360 both fold to 0 so the sector lookup stays in range.
  const normalised = (deg + 360) % 360;
  return normalised === 360 ? 0 : normalised;
}

/** The sector a bearing falls in: 北 covers [337.5, 22.5), 东北 [22.5, 67.5) and so on. */
export function directionOf(bearingDeg: number): Direction {
  const sector = Math.floor((((bearingDeg % 360) + 360 + 22.5) % 360) / 45);
  return DIRECTIONS[sector];
}
