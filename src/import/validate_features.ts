// The features of a file imported as a layer of its own (points, lines or areas of
// any kind, shown as a generic layer): every coordinate brought to WGS84, and each
// feature the app could not draw or load again refused with its reason. Properties
// become flat text, numbers and yes/no, which is all MapLibre and the card show.

import type { Feature, Geometry, Position } from 'geojson';
import { geometryError } from '../data/validate_layer';
import { isOnGlobe, toWgs84 } from './coordinates';
import { propertyText } from './ledger_values';
import type { CoordinateSystem, FeatureValidation, ParsedFeatures, RejectedRow } from './types';

/** How deep each geometry type's positions lie in its coordinates. */
const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

class BadCoordinate extends Error {}

/** The coordinates with each position in WGS84, as [lon, lat] (an altitude is dropped: the map is flat). */
function transformed(coordinates: unknown, depth: number, crs: CoordinateSystem): unknown {
  if (!Array.isArray(coordinates)) throw new BadCoordinate('几何图形的坐标格式不正确');
  if (depth > 0) return coordinates.map((c) => transformed(c, depth - 1, crs));
  const [x, y] = coordinates as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new BadCoordinate(`坐标不是有效数字（${JSON.stringify(coordinates)}）`);
  }
  // Metres of a projected system (a Shapefile whose .prj could not be read) are far outside it.
  if (!isOnGlobe(x, y)) throw new BadCoordinate(`坐标（${x}, ${y}）超出经纬度范围：可能是投影坐标（米），请在 GIS 软件中转为经纬度后再导入`);
  return toWgs84(x, y, crs) satisfies Position;
}

/** Properties as flat values: text, finite numbers and booleans kept, nested values as JSON text, empty ones left out. */
function flatProperties(properties: Feature['properties']): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(properties ?? {}).flatMap(([key, value]): [string, string | number | boolean][] => {
      if (value === null || value === undefined) return [];
      if (typeof value === 'number') return Number.isFinite(value) ? [[key, value]] : [];
      if (typeof value === 'string' || typeof value === 'boolean') return [[key, value]];
      return [[key, JSON.stringify(value)]];
    }),
  );
}

/** The features in WGS84 and the ones refused, each with its reason (Chinese). */
export function validateFeatures(parsed: ParsedFeatures, crs: CoordinateSystem): FeatureValidation {
  const features: Feature[] = [];
  const rejected: RejectedRow[] = [];
  parsed.features.forEach((feature, i) => {
    const reject = (reason: string) =>
      rejected.push({ row: i + 1, values: Object.fromEntries(parsed.fields.map((name) => [name, propertyText(feature.properties?.[name])])), reason });
    const geometry = feature.geometry as Geometry | null;
    if (!geometry) return reject('没有几何图形（空几何）');
    const depth = DEPTH[geometry.type];
    if (depth === undefined)
      return reject(geometry.type === 'GeometryCollection' ? '不支持几何集合（GeometryCollection）' : `不支持的几何类型 ${String(geometry.type)}`);
    let wgs84: Geometry;
    try {
      wgs84 = { type: geometry.type, coordinates: transformed((geometry as { coordinates: unknown }).coordinates, depth, crs) } as Geometry;
    } catch (e) {
      if (e instanceof BadCoordinate) return reject(e.message);
      throw e;
    }
    // What the app's loader would refuse (an unclosed ring, a line of one point, a multi-point): refused now, not on the next load.
    const problem = geometryError(wgs84, undefined, []);
    if (problem) return reject(problem);
    features.push({ type: 'Feature', geometry: wgs84, properties: flatProperties(feature.properties) });
  });
  return { read: parsed.features.length, collection: { type: 'FeatureCollection', features }, rejected };
}
