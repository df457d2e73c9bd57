// Small planar geometry helpers for a city of 1.5° × 1.2°: a local equirectangular
// projection is accurate to well under 1 % here, and these run millions of times
// while generating, where turf's great-circle versions would be slow. The unit
// tests check the results with turf independently.
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type LonLat = [number, number];

const LAT0 = 33.7;
export const M_PER_DEG_LAT = 110_950;
export const M_PER_DEG_LON = 111_320 * Math.cos((LAT0 * Math.PI) / 180);

export const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
export const roundPosition = (p: Position): LonLat => [round6(p[0]), round6(p[1])];

export function distanceM(a: Position, b: Position): number {
  return Math.hypot((a[0] - b[0]) * M_PER_DEG_LON, (a[1] - b[1]) * M_PER_DEG_LAT);
}

/** Distance from p to segment ab, metres, and the parameter t of the nearest point. */
export function pointSegment(p: Position, a: Position, b: Position): { d: number; t: number } {
  const ax = (a[0] - p[0]) * M_PER_DEG_LON;
  const ay = (a[1] - p[1]) * M_PER_DEG_LAT;
  const dx = (b[0] - a[0]) * M_PER_DEG_LON;
  const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return { d: Math.hypot(ax + t * dx, ay + t * dy), t };
}

export function pointLineDistanceM(p: Position, line: readonly Position[]): number {
  let best = Infinity;
  for (let i = 0; i < line.length - 1; i++) best = Math.min(best, pointSegment(p, line[i], line[i + 1]).d);
  return best;
}

/** Offset a point by metres east and north. */
export function offsetM(p: Position, east: number, north: number): LonLat {
  return [p[0] + east / M_PER_DEG_LON, p[1] + north / M_PER_DEG_LAT];
}

/** Even-odd ray casting; a point exactly on an edge may fall either way, which the callers tolerate. */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(p: Position, geometry: Polygon | MultiPolygon): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => pointInRing(p, rings[0]) && !rings.slice(1).some((hole) => pointInRing(p, hole)));
}

export type BBox = [number, number, number, number];

export function bboxOf(positions: Iterable<Position>): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
}

export const inBBox = (p: Position, b: BBox): boolean => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

export function polygonPositions(geometry: Polygon | MultiPolygon): Position[] {
  return geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
}

export function ringCentroid(ring: readonly Position[]): LonLat {
  let x = 0;
  let y = 0;
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    x += ring[i][0];
    y += ring[i][1];
  }
  return [x / n, y / n];
}
