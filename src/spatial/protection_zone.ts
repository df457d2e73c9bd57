// Which drinking-water source protection zone (饮用水水源保护区) a point lies in: an
// outfall's card says so, since outfalls are forbidden there. A 二级 outline encloses
// its 一级 zone (data/README.md), so the 一级 zone is asked first.

import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature } from 'geojson';
import type { ProtectionZoneProperties } from '../data/types';

const isArea = (f: Feature): boolean => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';

/** The most specific zone containing the point, or undefined. */
export function protectionZoneAt(zones: readonly Feature[], lon: number, lat: number): ProtectionZoneProperties | undefined {
  const containing = zones.filter((f) => isArea(f) && booleanPointInPolygon([lon, lat], f as Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>));
  const props = containing.map((f) => f.properties as ProtectionZoneProperties);
  return props.find((p) => p.level === '一级') ?? props[0];
}
