// Rivers (GSHHG WDBII for 沙河 and for the 澧河 below its confluence with the 干江河 and
// the 干江河 itself; hand-digitised for the rest, tributaries included), reservoirs (outlines
// made from hand-digitised valley skeletons, scripts/data/valley.ts), the demo
// drinking-water source protection zones, and the "water body" view the outfall and
// station generators share.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, LineString, Position } from 'geojson';
import type { ProtectionZoneFeature, ReservoirFeature, RiverClass, RiverFeature } from '../../src/data/types.ts';
import type { City } from './counties.ts';
import { distanceM, pointInRing, pointSegment, roundPosition, type LonLat } from './geo.ts';
import { valleyOutlines, type ValleySkeleton } from './valley.ts';

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
 * Segment 26 comes from 方城 past the 燕山水库 dam: that stretch is the 干江河, and only
 * below the confluence (LI_CONFLUENCE) is it the 澧河.
 */
const GSHHG_PICKS = {
  sha: [
    { index: 18, header: 'River Bin # 20272, Level 3', first: [112.281940948, 33.71] },
    { index: 25, header: 'River Bin # 20273, Level 3', first: [113, 33.721980621] },
  ],
  ganLi: [{ index: 26, header: 'River Bin # 20273, Level 3', first: [113.194171054, 33.0611123827] }],
} as const;

/** Where the 干江河 joins the 澧河 on the GSHHG line (a vertex of segment 26), above 叶县's stretch of the 澧河. */
const LI_CONFLUENCE: LonLat = [113.3167, 33.3697];

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
  kind: 'river';
  id: string;
  name: string;
  class: RiverClass;
  source: string;
  /** The river (id) or reservoir (id) it flows into. */
  into?: string;
  /** 'upper': the hand-drawn head of a river whose lower course is GSHHG's. */
  part?: 'upper';
}

function handDigitised(): FeatureCollection<LineString, HandProps> {
  return JSON.parse(readFileSync(new URL('hand-digitised.geojson', SOURCES), 'utf8')) as FeatureCollection<LineString, HandProps>;
}

/** The six rivers (六河) first, in SPEC.md's order, then the tributaries in the source file's order. */
export const RIVER_ORDER = ['shahe', 'beiruhe', 'zhanhe', 'lihe', 'huihe', 'ganjianghe'] as const;

interface ReservoirSource extends ValleySkeleton {
  id: string;
  name: string;
  river: string;
  targetAreaKm2: number;
  drinkingWater: boolean;
}

function reservoirSources(): ReservoirSource[] {
  return (JSON.parse(readFileSync(new URL('reservoir-valleys.json', SOURCES), 'utf8')) as { reservoirs: ReservoirSource[] }).reservoirs;
}

/** Land strips of the demo protection zones, m: 一级 the water and 200 m of shore, 二级 out to 2 km (data/README.md). */
export const ZONE_STRIPS_M = { 一级: 200, 二级: 2000 } as const;

export interface Waters {
  rivers: RiverFeature[];
  reservoirs: ReservoirFeature[];
  zones: ProtectionZoneFeature[];
}

export function loadWaters(city: City): Waters {
  const built = reservoirSources().map((r) => ({ source: r, outlines: valleyOutlines(r, r.targetAreaKm2, r.drinkingWater ? [ZONE_STRIPS_M.一级, ZONE_STRIPS_M.二级] : []) }));
  const reservoirs = built.map(
    ({ source: r, outlines: o }): ReservoirFeature => ({
      type: 'Feature',
      properties: { id: r.id, name: r.name, river: r.river, source: '手工数字化（按正常蓄水位面积缩放）', areaKm2: Math.round(o.areaKm2 * 10) / 10 },
      geometry: { type: 'Polygon', coordinates: [o.water] },
    }),
  );
  // Per reservoir the 二级 outline first: the 一级 zone it encloses draws over it, and a tap there finds the 一级 zone.
  const zones = built.flatMap(({ source: r, outlines: o }) =>
    o.zones
      .map(
      (ring, i): ProtectionZoneFeature => ({
        type: 'Feature',
        properties: {
          id: `spz-${r.id}-${i + 1}`,
          name: `${r.name}${i === 0 ? '一级' : '二级'}保护区（演示）`,
          level: i === 0 ? '一级' : '二级',
          reservoir: r.name,
          source: '演示轮廓，非政府划定成果',
        },
        geometry: { type: 'Polygon', coordinates: [ring] },
      }),
      )
      .reverse(),
  );
  return { rivers: loadRivers(city, reservoirs), reservoirs, zones };
}

function loadRivers(city: City, reservoirs: ReservoirFeature[]): RiverFeature[] {
  const segments = parseGmtSegments(readFileSync(new URL('gshhg-wdbii-rivers.txt', SOURCES), 'utf8'));
  const sha = trimToCity(pickSegments(segments, GSHHG_PICKS.sha), city);
  const ganLi = trimToCity(pickSegments(segments, GSHHG_PICKS.ganLi), city);
  const k = nearestVertex(ganLi, LI_CONFLUENCE);
  if (distanceM(ganLi[k], LI_CONFLUENCE) > 50) throw new Error('the 干江河–澧河 confluence is not on the GSHHG line');
  const hand = handDigitised().features;
  const upperLi = hand.find((f) => f.properties.id === 'lihe' && f.properties.part === 'upper');
  if (!upperLi) throw new Error('the upper 澧河 is missing from hand-digitised.geojson');
  const liLine = [...(upperLi.geometry.coordinates.slice(0, -1) as LonLat[]), ...ganLi.slice(k)];

  const lines = new Map<string, { name: string; class: RiverClass; source: string; parts: LonLat[][]; into?: string }>([
    ['shahe', { name: '沙河', class: '主要河流', source: 'GSHHG WDBII', parts: [sha] }],
    ['lihe', { name: '澧河', class: '主要河流', source: 'GSHHG WDBII（干江河口以下）、手工数字化（上游）', parts: [liLine] }],
    ['ganjianghe', { name: '干江河', class: '主要河流', source: 'GSHHG WDBII', parts: [ganLi.slice(0, k + 1)], into: 'lihe' }],
  ]);
  for (const f of hand) {
    if (f.properties.part === 'upper') continue;
    const p = f.properties;
    lines.set(p.id, { name: p.name, class: p.class, source: p.source, parts: [f.geometry.coordinates as LonLat[]], into: p.into });
  }
  // A river ends where it enters a reservoir and starts again at the dam: no line across the water.
  for (const line of lines.values()) for (const r of reservoirs) line.parts = line.parts.flatMap((part) => cutByReservoir(part, r.geometry.coordinates[0] as LonLat[]));
  // A tributary's mouth is a point of the river it joins (reservoir mouths were cut at the shore above).
  for (const line of lines.values()) {
    const into = line.into ? lines.get(line.into) : undefined;
    if (!into) continue;
    const last = line.parts[line.parts.length - 1];
    last[last.length - 1] = nearestPointOn(into.parts, last[last.length - 1]);
  }
  const order = [...RIVER_ORDER, ...[...lines.keys()].filter((id) => !(RIVER_ORDER as readonly string[]).includes(id))];
  return order.map((id): RiverFeature => {
    const l = lines.get(id);
    if (!l) throw new Error(`river ${id} missing from the sources`);
    const parts = l.parts.map((p) => dedupe(p.map(roundPosition)));
    return {
      type: 'Feature',
      properties: { id, name: l.name, class: l.class, source: l.source },
      geometry: parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts },
    };
  });
}

const dedupe = (line: LonLat[]): LonLat[] => line.filter((p, i) => i === 0 || p[0] !== line[i - 1][0] || p[1] !== line[i - 1][1]);

function nearestVertex(line: LonLat[], p: LonLat): number {
  let best = 0;
  for (let i = 1; i < line.length; i++) if (distanceM(line[i], p) < distanceM(line[best], p)) best = i;
  return best;
}

function nearestPointOn(parts: LonLat[][], p: LonLat): LonLat {
  let best: LonLat = parts[0][0];
  let bestD = Infinity;
  for (const line of parts) {
    for (let i = 0; i < line.length - 1; i++) {
      const { d, t } = pointSegment(p, line[i], line[i + 1]);
      if (d < bestD) {
        bestD = d;
        best = [line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])];
      }
    }
  }
  return best;
}

/**
 * Where segment ab first crosses the ring, walking from a (outside), moved 1 m back
 * towards a: rounded to 6 decimals, the exact crossing can land a hair inside the water.
 */
function crossing(a: LonLat, b: LonLat, ring: LonLat[]): LonLat {
  let best: LonLat = b;
  let bestT = Infinity;
  for (let i = 0; i < ring.length - 1; i++) {
    const c = ring[i];
    const d = ring[i + 1];
    const den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0]);
    if (den === 0) continue;
    const t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den;
    const u = ((c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0])) / den;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1 && t < bestT) {
      bestT = t;
      const back = Math.max(0, t - 1 / Math.max(1, distanceM(a, b)));
      best = [a[0] + back * (b[0] - a[0]), a[1] + back * (b[1] - a[1])];
    }
  }
  return best;
}

/**
 * The parts of a line outside a reservoir: up to where it first enters the water (the
 * inlet) and from where it last leaves it (the dam). What lies between, including a
 * stretch that wanders out along the shore and back, is the reservoir.
 */
function cutByReservoir(line: LonLat[], ring: LonLat[]): LonLat[][] {
  const inside = line.map((p) => pointInRing(p, ring));
  const first = inside.indexOf(true);
  if (first < 0) return [line];
  const last = inside.lastIndexOf(true);
  const parts: LonLat[][] = [];
  if (first > 0) parts.push([...line.slice(0, first), crossing(line[first - 1], line[first], ring)]);
  if (last < line.length - 1) parts.push([crossing(line[last + 1], line[last], ring), ...line.slice(last + 1)]);
  return parts;
}

/** A receiving water as the outfall generator sees it: lines to sit beside. */
export interface WaterBody {
  name: string;
  /** Short code used in outfall codes, e.g. SH. */
  code: string;
  kind: 'river' | 'reservoir';
  /** A tributary (支流): its banks carry fewer outfalls than a main river's. */
  minor: boolean;
  /** River centreline(s), or the reservoir's outer ring. */
  lines: LonLat[][];
}

const WATER_CODES: Record<string, string> = {
  shahe: 'SH', beiruhe: 'BR', zhanhe: 'ZH', lihe: 'LH', huihe: 'HH', ganjianghe: 'GJ',
  dangzehe: 'DZ', penghe: 'PH', yinghe: 'YH', sanlihe: 'SL', jingchanghe: 'JC', lanhe: 'LN', xierhe: 'XE',
  baiguishan: 'BGS', zhaopingtai: 'ZPT', gushitan: 'GST',
};

export function waterBodies(rivers: RiverFeature[], reservoirs: ReservoirFeature[]): WaterBody[] {
  const lines = (f: RiverFeature): LonLat[][] => (f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates) as LonLat[][];
  const code = (id: string): string => {
    const c = WATER_CODES[id];
    if (!c) throw new Error(`no outfall code for water ${id}`);
    return c;
  };
  return [
    ...rivers.map((f): WaterBody => ({ name: f.properties.name, code: code(f.properties.id), kind: 'river', minor: f.properties.class === '支流', lines: lines(f) })),
    ...reservoirs.map(
      (f): WaterBody => ({ name: f.properties.name, code: code(f.properties.id), kind: 'reservoir', minor: false, lines: [f.geometry.coordinates[0] as LonLat[]] }),
    ),
  ];
}

/** The most specific zone a point lies in (一级 before 二级), or null. */
export function zoneAt(zones: ProtectionZoneFeature[], p: Position): ProtectionZoneFeature | null {
  const inZone = (z: ProtectionZoneFeature): boolean =>
    (z.geometry.type === 'Polygon' ? [z.geometry.coordinates] : z.geometry.coordinates).some((poly) => pointInRing(p, poly[0]) && !poly.slice(1).some((h) => pointInRing(p, h)));
  return zones.find((z) => z.properties.level === '一级' && inZone(z)) ?? zones.find((z) => z.properties.level === '二级' && inZone(z)) ?? null;
}
