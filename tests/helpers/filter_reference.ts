// The plain turf reference for 筛选, shared by the unit tests of src/spatial/filter/evaluate.ts
// (which memoise it per point) and bench/filters.ts (which times it as the naive loop):
// no index, the attribute conditions written out from description.ts's prose.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import { polygonToLine } from '@turf/polygon-to-line';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { OutfallProperties, ParkFeature, ReservoirFeature } from '../../src/data/types';
import { outfallStage } from '../../src/spatial/filter/description';
import type { AreaCondition, OutfallFilter } from '../../src/spatial/filter/description';
import type { FilterPlaces } from '../../src/spatial/filter/evaluate';

export type Point = [number, number];

/** A polygon's rings as turf's polygonToLine gives them. */
export function boundaryLines(g: Polygon | MultiPolygon): Position[][] {
  const lines = polygonToLine(g);
  return (lines.type === 'FeatureCollection' ? lines.features : [lines]).flatMap((f) =>
    f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates,
  );
}

export const metresToLine = (p: Point, coordinates: Position[]): number => pointToLineDistance(p, { type: 'LineString', coordinates }, { units: 'meters' });

/** The county (by code), park or reservoir (by id) an area condition names, or undefined. */
export function placeGeometry(where: FilterPlaces, area: Extract<AreaCondition, { kind: 'within' }>): Polygon | MultiPolygon | undefined {
  if (area.layer === 'counties') return where.counties.find((f) => f.properties.code === area.id)?.geometry;
  return where[area.layer].find((f: ParkFeature | ReservoirFeature) => f.properties.id === area.id)?.geometry;
}

/** A river's lines by id, or undefined. */
export function riverLines(where: FilterPlaces, id: string): Position[][] | undefined {
  const river = where.rivers.find((r) => r.properties.id === id);
  if (!river) return undefined;
  return river.geometry.type === 'LineString' ? [river.geometry.coordinates] : river.geometry.coordinates;
}

/** turf for one area condition, asked afresh for every point (false for an unknown place). */
export function naiveArea(where: FilterPlaces, area: AreaCondition): (p: Point) => boolean {
  if (area.kind === 'drawn') {
    const polygon: Polygon = { type: 'Polygon', coordinates: [area.ring] };
    return (p) => booleanPointInPolygon(p, polygon);
  }
  if (area.kind === 'near-river') {
    const lines = riverLines(where, area.river);
    return (p) => !!lines && lines.some((l) => metresToLine(p, l) <= area.distanceM);
  }
  const geometry = placeGeometry(where, area);
  if (!geometry) return () => false;
  const rings = boundaryLines(geometry);
  return (p) => booleanPointInPolygon(p, geometry) || (area.distanceM > 0 && rings.some((ring) => metresToLine(p, ring) <= area.distanceM));
}

/** The attribute conditions of a filter, with Array.includes. */
export function referenceAttributes(o: OutfallProperties, f: OutfallFilter, today: string): boolean {
  const any = <T>(list: T[] | undefined, v: T) => !list || list.length === 0 || list.includes(v);
  return (
    any(f.counties, o.countyCode) &&
    any(f.townships, o.township) &&
    any(f.waters, o.river) &&
    any(f.categories, o.category) &&
    any(f.subtypes, o.subtype) &&
    any(f.measures, o.remediationMeasure) &&
    any(f.statuses, o.remediationStatus) &&
    any(f.stages, outfallStage(o)) &&
    (!f.overdue || (o.remediationStatus !== '已完成' && o.remediationDeadline !== '' && o.remediationDeadline < today)) &&
    (!f.surveyFrom || (o.surveyDate !== '' && o.surveyDate >= f.surveyFrom)) &&
    (!f.surveyTo || (o.surveyDate !== '' && o.surveyDate <= f.surveyTo))
  );
}

/** A concave polygon drawn around the city centre (新华区, 卫东区, 湛河区 and around), closed: the drawn shape of the tests and the bench. */
export const CITY_CENTRE_CONCAVE: [number, number][] = [
  [113.12, 33.68],
  [113.4, 33.66],
  [113.42, 33.8],
  [113.3, 33.76],
  [113.24, 33.86],
  [113.14, 33.8],
  [113.12, 33.68],
];
