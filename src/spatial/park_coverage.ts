// 园区污水处理: how far the chemical parks' wastewater treatment has come, computed from
// the parks' records (never written by hand), and which outfalls lie inside a park or
// near it — what the park card, the 园区污水处理 panel and the presentation deck show.

import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import type { Feature, LineString, MultiPolygon, Polygon } from 'geojson';
import { OUTFALL_CATEGORIES, PARK_WASTEWATER_STATUSES } from '../data/types';
import type { OutfallProperties, ParkProperties, ParkWastewaterStatus } from '../data/types';

/** Statuses in which a park's wastewater is treated today. */
const TREATED: readonly ParkWastewaterStatus[] = ['已建成专业化工废水处理设施', '依托骨干企业处理'];

export interface ParkWastewaterSummary {
  parks: number;
  /** Every status in its defined order, zeros kept, with the parks' names. */
  byStatus: { status: ParkWastewaterStatus; count: number; names: string[] }[];
  /** Parks with a dedicated chemical wastewater plant built and running. */
  dedicated: number;
  /** Parks whose wastewater a backbone enterprise's plant treats. */
  enterprise: number;
  /** Parks whose treatment is not running yet (built, awaiting commissioning; or being built). */
  pending: number;
  enterprises: number;
  enterprisesConnected: number;
  /** enterprisesConnected ÷ enterprises, 0–1; null with no enterprises. */
  coverage: number | null;
}

/** A park's own coverage: the share of its enterprises connected to a working facility, or null with none. */
export function parkCoverage(park: Pick<ParkProperties, 'enterprises' | 'enterprisesConnected'>): number | null {
  return park.enterprises > 0 ? park.enterprisesConnected / park.enterprises : null;
}

export function summariseParks(parks: readonly ParkProperties[]): ParkWastewaterSummary {
  const byStatus = PARK_WASTEWATER_STATUSES.map((status) => {
    const names = parks.filter((p) => p.wastewaterStatus === status).map((p) => p.name);
    return { status, count: names.length, names };
  });
  const count = (status: ParkWastewaterStatus) => byStatus.find((s) => s.status === status)!.count;
  const enterprises = parks.reduce((sum, p) => sum + p.enterprises, 0);
  const enterprisesConnected = parks.reduce((sum, p) => sum + p.enterprisesConnected, 0);
  return {
    parks: parks.length,
    byStatus,
    dedicated: count('已建成专业化工废水处理设施'),
    enterprise: count('依托骨干企业处理'),
    pending: parks.filter((p) => !TREATED.includes(p.wastewaterStatus)).length,
    enterprises,
    enterprisesConnected,
    coverage: enterprises > 0 ? enterprisesConnected / enterprises : null,
  };
}

/** Coverage as the panel and the card write it: "93.8%" (one decimal), or — with no enterprises. */
export function formatCoverage(coverage: number | null): string {
  return coverage === null ? '—' : `${(Math.round(coverage * 1000) / 10).toFixed(1)}%`;
}

export interface CategoryCount {
  category: string;
  count: number;
}

export interface ParkOutfalls {
  /** Inside the park's outline (its boundary included), by category in the defined order. */
  inside: CategoryCount[];
  insideTotal: number;
  /** Outside it, within `distanceM` of its boundary. */
  near: CategoryCount[];
  nearTotal: number;
  distanceM: number;
}

type ParkShape = Feature<Polygon | MultiPolygon>;
type Outfall = Pick<OutfallProperties, 'lon' | 'lat' | 'category'>;

const byCategory = (outfalls: readonly Outfall[]): CategoryCount[] => {
  const counts = new Map<string, number>(OUTFALL_CATEGORIES.map((c) => [c, 0]));
  for (const o of outfalls) counts.set(o.category, (counts.get(o.category) ?? 0) + 1);
  return [...counts].map(([category, count]) => ({ category, count }));
};

/**
 * The outfalls inside the park and those within `distanceM` (metres, geodesic, turf's)
 * of its boundary outside it. Only outfalls in the park's box grown by the distance are
 * tested: a park is a few km², the city's outfalls thousands.
 */
export function outfallsAroundPark(park: ParkShape, outfalls: readonly Outfall[], distanceM = 1000): ParkOutfalls {
  const rings = park.geometry.type === 'Polygon' ? park.geometry.coordinates : park.geometry.coordinates.flat();
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  // 1.01: a margin over metres per degree at the park's latitude, so no outfall within the distance is left out.
  const dLat = (distanceM / 111_195) * 1.01;
  const dLon = dLat / Math.cos((Math.max(...ys.map(Math.abs)) * Math.PI) / 180);
  const [west, east, south, north] = [Math.min(...xs) - dLon, Math.max(...xs) + dLon, Math.min(...ys) - dLat, Math.max(...ys) + dLat];
  // Each ring (holes too) as a line: the distance to the boundary is the distance to the nearest ring.
  const lines: LineString[] = rings.map((ring) => ({ type: 'LineString', coordinates: ring }));
  const inside: Outfall[] = [];
  const near: Outfall[] = [];
  for (const o of outfalls) {
    if (o.lon < west || o.lon > east || o.lat < south || o.lat > north) continue;
    if (booleanPointInPolygon([o.lon, o.lat], park)) inside.push(o);
    else if (lines.some((line) => pointToLineDistance([o.lon, o.lat], line, { units: 'meters' }) <= distanceM)) near.push(o);
  }
  return { inside: byCategory(inside), insideTotal: inside.length, near: byCategory(near), nearTotal: near.length, distanceM };
}

/** "工业排污口 12、城镇污水处理厂排污口 1" (categories with none left out), or 无. */
export function describeCategoryCounts(counts: readonly CategoryCount[]): string {
  const some = counts.filter((c) => c.count > 0);
  return some.length === 0 ? '无' : some.map((c) => `${c.category} ${c.count}`).join('、');
}

/**
 * The outfall a park discharges through: its wastewater plant's (subtype 园区污水处理厂排污口),
 * else the first outfall inside it; undefined for a park with none.
 */
export function parkDischarge<T extends Pick<OutfallProperties, 'parkId' | 'subtype'>>(parkId: string, outfalls: readonly T[]): T | undefined {
  const inPark = outfalls.filter((o) => o.parkId === parkId);
  return inPark.find((o) => o.subtype === '园区污水处理厂排污口') ?? inPark[0];
}
