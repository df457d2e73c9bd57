// Rivers (GSHHG WDBII for 沙河 and 澧河, hand-digitised for the rest) and reservoirs
// (hand-digitised), plus the "water body" view the outfall and station generators share.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, LineString, Polygon, Position } from 'geojson';
import type { ReservoirFeature, RiverFeature } from '../../src/data/types.ts';
import type { City } from './counties.ts';
import { roundPosition, type LonLat } from './geo.ts';

const SOURCES = new URL('../sources/', import.meta.url);

/** Segments of scripts/sources/gshhg-wdbii-rivers.txt, in file order. */
export function parseGmtSegments(text: string): { header: string; points: LonLat[] }[] {
  const segments: { header: string; points: LonLat[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('>')) segments.push({ header: line.slice(1).trim(), points: [] });
    else if (line.trim() && segments.length > 0) {
      const [x, y] = line.trim().split(/\s+/).map(Number);
      segments[segments.length - 1].points.push([x, y]);
    }
  }
  return segments;
}

/**
 * Which GSHHG segments are which river, identified on a plot of the extract over the
 * county boundaries (see scripts/sources/README.md). Each is checked by its header and
 * first vertex, so a different GSHHG release fails loudly instead of mislabelling.
 */
const GSHHG_PICKS = {
  sha: [
    { index: 18, header: 'River Bin # 20272, Level 3', first: [112.281940948, 33.7100] },
    { index: 25, header: 'River Bin # 20273, Level 3', first: [113, 33.721980621] },
  ],
  li: [{ index: 26, header: 'River Bin # 20273, Level 3', first: [113.194171054, 33.0611123827] }],
} as const;

function pickSegments(segments: ReturnType<typeof parseGmtSegments>, picks: readonly { index: number; header: string; first: readonly number[] }[]): LonLat[] {
  const out: LonLat[] = [];
  for (const pk of picks) {
    const s = segments[pk.index];
    if (!s || s.header !== pk.header || Math.abs(s.points[0][0] - pk.first[0]) > 1e-3 || Math.abs(s.points[0][1] - pk.first[1]) > 1e-3) {
      throw new Error(`GSHHG segment ${pk.index} is not the expected one (${pk.header})`);
    }
    // Consecutive segments meet at the 1° bin edge: skip the duplicated vertex.
    const pts = out.length > 0 && s.points[0][0] === out[out.length - 1][0] ? s.points.slice(1) : s.points;
    out.push(...pts);
  }
  return out;
}

/** Keep the stretch from one vertex before the river first enters the city to one after it last leaves. */
function trimToCity(line: LonLat[], city: City): LonLat[] {
  const inside = line.map((p) => city.countyAt(p) !== null);
  const first = inside.indexOf(true);
  const last = inside.lastIndexOf(true);
  return line.slice(Math.max(0, first - 1), Math.min(line.length, last + 2));
}

interface HandProps {
  kind: 'river' | 'reservoir';
  id: string;
  name: string;
  river?: string;
  source: string;
}

function handDigitised(): FeatureCollection<LineString | Polygon, HandProps> {
  return JSON.parse(readFileSync(new URL('hand-digitised.geojson', SOURCES), 'utf8')) as FeatureCollection<LineString | Polygon, HandProps>;
}

/** The six rivers (六河) in the order data/README.md lists them. */
export const RIVER_ORDER = ['shahe', 'beiruhe', 'zhanhe', 'lihe', 'huihe', 'ganjianghe'] as const;

export function loadRivers(city: City): RiverFeature[] {
  const segments = parseGmtSegments(readFileSync(new URL('gshhg-wdbii-rivers.txt', SOURCES), 'utf8'));
  const gshhg: Record<string, RiverFeature> = {
    shahe: riverFeature('shahe', '沙河', 'GSHHG WDBII', trimToCity(pickSegments(segments, GSHHG_PICKS.sha), city)),
    lihe: riverFeature('lihe', '澧河', 'GSHHG WDBII', trimToCity(pickSegments(segments, GSHHG_PICKS.li), city)),
  };
  const hand = Object.fromEntries(
    handDigitised()
      .features.filter((f) => f.properties.kind === 'river')
      .map((f) => [f.properties.id, riverFeature(f.properties.id, f.properties.name, f.properties.source, (f.geometry as LineString).coordinates as LonLat[])]),
  );
  const all = { ...gshhg, ...hand };
  return RIVER_ORDER.map((id) => {
    const f = all[id];
    if (!f) throw new Error(`river ${id} missing from the sources`);
    return f;
  });
}

function riverFeature(id: string, name: string, source: string, line: Position[]): RiverFeature {
  return { type: 'Feature', properties: { id, name, source }, geometry: { type: 'LineString', coordinates: line.map(roundPosition) } };
}

export function loadReservoirs(): ReservoirFeature[] {
  return handDigitised()
    .features.filter((f) => f.properties.kind === 'reservoir')
    .map((f) => ({
      type: 'Feature',
      properties: { id: f.properties.id, name: f.properties.name, river: f.properties.river ?? '', source: f.properties.source },
      geometry: { type: 'Polygon', coordinates: (f.geometry as Polygon).coordinates.map((r) => r.map(roundPosition)) },
    }));
}

/** A receiving water as the outfall generator sees it: lines to sit beside. */
export interface WaterBody {
  name: string;
  /** Short code used in outfall codes, e.g. SH. */
  code: string;
  kind: 'river' | 'reservoir';
  /** River centreline(s), or the reservoir's outer ring. */
  lines: LonLat[][];
}

const WATER_CODES: Record<string, string> = {
  shahe: 'SH', beiruhe: 'BR', zhanhe: 'ZH', lihe: 'LH', huihe: 'HH', ganjianghe: 'GJ',
  baiguishan: 'BGS', zhaopingtai: 'ZPT', gushitan: 'GST',
};

export function waterBodies(rivers: RiverFeature[], reservoirs: ReservoirFeature[]): WaterBody[] {
  const lines = (f: RiverFeature): LonLat[][] =>
    (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates) as LonLat[][];
  return [
    ...rivers.map((f): WaterBody => ({ name: f.properties.name, code: WATER_CODES[f.properties.id], kind: 'river', lines: lines(f) })),
    ...reservoirs.map((f): WaterBody => ({ name: f.properties.name, code: WATER_CODES[f.properties.id], kind: 'reservoir', lines: [f.geometry.coordinates[0] as LonLat[]] })),
  ];
}
