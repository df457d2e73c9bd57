// The waters and places of the demo data set as a person who knows Pingdingshan would
// check them (issue 11, "Waters"), asserted from the committed files in data/ with turf
// and plain geometry written here, independent of the generator's own helpers:
// where the reservoirs are and how large, which river is which, outfalls in every county
// and at every chemical park's plant, none kept in a drinking-water source protection
// zone, valid county polygons and the report's 85 townships.
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import kinks from '@turf/kinks';
import { point } from '@turf/helpers';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import type {
  CountyFeature,
  OutfallProperties,
  ParkFeature,
  ProtectionZoneFeature,
  ReservoirFeature,
  RiverFeature,
  StationFeature,
  WaterSectionProperties,
} from '../../src/data/types';
import { protectionZoneAt } from '../../src/spatial/protection_zone';
import { cleanPolygon } from '../../scripts/data/polygon_clean';

const DATA = new URL('../../data/', import.meta.url);
const read = <T>(name: string): T[] => (JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as FeatureCollection).features as T[];
const counties = read<CountyFeature>('counties.geojson');
const rivers = read<RiverFeature>('rivers.geojson');
const reservoirs = read<ReservoirFeature>('reservoirs.geojson');
const zones = read<ProtectionZoneFeature>('source-protection.geojson');
const parks = read<ParkFeature>('parks.geojson');
const outfalls = read<{ properties: OutfallProperties }>('outfalls.geojson').map((f) => f.properties);
const sections = read<StationFeature>('stations.geojson')
  .filter((s) => s.properties.kind === 'water')
  .map((s) => ({ ...(s.properties as WaterSectionProperties), at: s.geometry.coordinates }));

// ---- plain geometry on a local plane (metres), accurate to < 1 % over the city ----------------
const KX = 111_195 * Math.cos((33.7 * Math.PI) / 180);
const KY = 111_195;
function toSegmentM(p: Position, a: Position, b: Position): number {
  const [px, py] = [(p[0] - a[0]) * KX, (p[1] - a[1]) * KY];
  const [ex, ey] = [(b[0] - a[0]) * KX, (b[1] - a[1]) * KY];
  const len2 = ex * ex + ey * ey;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * ex + py * ey) / len2));
  return Math.hypot(px - t * ex, py - t * ey);
}
const toLinesM = (p: Position, lines: Position[][]): number => Math.min(...lines.map((l) => Math.min(...l.slice(1).map((b, i) => toSegmentM(p, l[i], b)))));
const distanceM = (a: Position, b: Position): number => Math.hypot((a[0] - b[0]) * KX, (a[1] - b[1]) * KY);
const partsOf = (r: RiverFeature): Position[][] => (r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates);
const ringOf = (name: string): Position[] => reservoirs.find((r) => r.properties.name === name)!.geometry.coordinates[0];
const river = (name: string): RiverFeature => rivers.find((r) => r.properties.name === name)!;
/** Signed area (km², counter-clockwise positive) and area centroid of a ring. */
function ringArea(ring: Position[]): { km2: number; centroid: Position } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = [ring[i][0] * KX, ring[i][1] * KY];
    const [x1, y1] = [ring[i + 1][0] * KX, ring[i + 1][1] * KY];
    const c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  return { km2: a / 2 / 1e6, centroid: [cx / (3 * a) / KX, cy / (3 * a) / KY] };
}
function convexHullAreaKm2(ring: Position[]): number {
  const pts = ring.map((p): [number, number] => [p[0] * KX, p[1] * KY]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]) => {
    const h: [number, number][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    return h.slice(0, -1);
  };
  const hull = [...half(pts), ...half([...pts].reverse())];
  let a = 0;
  for (let i = 0; i < hull.length; i++) a += hull[i][0] * hull[(i + 1) % hull.length][1] - hull[(i + 1) % hull.length][0] * hull[i][1];
  return a / 2 / 1e6;
}

/** Dams of the hand-digitised valley skeletons: where each reservoir's river leaves it. */
const valleys = (
  JSON.parse(readFileSync(new URL('../../scripts/sources/reservoir-valleys.json', import.meta.url), 'utf8')) as {
    reservoirs: { name: string; dams: { line: Position[] }[] }[];
  }
).reservoirs;

describe('reservoirs', () => {
  // SPEC.md's facts, with its tolerance of 2–3 km: the centre of the water.
  const PLACES: [string, Position][] = [
    ['孤石滩水库', [113.07, 33.48]],
    ['白龟山水库', [113.16, 33.73]],
    ['昭平台水库', [112.75, 33.75]],
  ];
  it.each(PLACES)('%s lies within 3 km of its published position', (name, at) => {
    expect(distanceM(ringArea(ringOf(name)).centroid, at)).toBeLessThan(3000);
  });

  it('孤石滩水库 is on the upper 澧河 at the 叶县/方城县 border: the 澧河 flows in from 方城 and out at its dam', () => {
    expect(reservoirs.find((r) => r.properties.name === '孤石滩水库')!.properties.river).toBe('澧河');
    const parts = partsOf(river('澧河'));
    const ring = ringOf('孤石滩水库');
    // The part from 方城 ends at the shore, the next starts at the dam.
    expect(toLinesM(parts[0].at(-1)!, [ring])).toBeLessThan(5);
    expect(toLinesM(parts[1][0], [ring])).toBeLessThan(5);
    const ye = counties.find((c) => c.properties.name === '叶县')!;
    expect(booleanPointInPolygon(point(parts[0][0]), ye), 'the inflow comes from outside the city (方城)').toBe(false);
    expect(booleanPointInPolygon(point(ringArea(ring).centroid), ye)).toBe(true);
    // The border runs through or beside the water.
    expect(ring.some((p) => !booleanPointInPolygon(point(p), ye)) || toLinesM(ringArea(ring).centroid, [ye.geometry.coordinates[0] as Position[]]) < 3000).toBe(
      true,
    );
  });

  // data/README.md states each figure and its source; the outline is scaled to it.
  it.each([
    ['白龟山水库', 66],
    ['昭平台水库', 36],
    ['孤石滩水库', 9],
  ] as const)('%s has the water area of its normal pool level (%s km²), in a dammed valley’s shape, not a convex blob', (name, km2) => {
    const ring = ringOf(name);
    const { km2: area } = ringArea(ring);
    expect(Math.abs(area - km2) / km2).toBeLessThan(0.02);
    expect(reservoirs.find((r) => r.properties.name === name)!.properties.areaKm2).toBeCloseTo(area, 0);
    expect(kinks(reservoirs.find((r) => r.properties.name === name)!).features).toEqual([]);
    // Arms up the side valleys leave bays of land inside the convex hull.
    expect(area / convexHullAreaKm2(ring)).toBeLessThan(0.8);
  });

  it('no river is drawn across the water: lines end at the inlet and start again at the dam', () => {
    for (const r of rivers) {
      for (const res of reservoirs) {
        const inside = partsOf(r)
          .flat()
          .filter((p) => booleanPointInPolygon(point(p), res, { ignoreBoundary: true }));
        expect(inside, `${r.properties.name} in ${res.properties.name}`).toEqual([]);
      }
    }
    for (const [riverName, reservoirName] of [
      ['沙河', '昭平台水库'],
      ['沙河', '白龟山水库'],
      ['澧河', '孤石滩水库'],
    ]) {
      const ring = ringOf(reservoirName);
      const parts = partsOf(river(riverName));
      const i = parts.findIndex((p) => toLinesM(p.at(-1)!, [ring]) < 5);
      expect(i, `${riverName} reaches ${reservoirName}`).toBeGreaterThanOrEqual(0);
      const below = parts[i + 1];
      expect(toLinesM(below[0], [ring]), `${riverName} leaves ${reservoirName}`).toBeLessThan(5);
      // …at the dam of the hand-digitised skeleton (data/README.md).
      const dam = valleys.find((v) => v.name === reservoirName)!.dams[0].line;
      expect(toLinesM(below[0], [dam]), `${riverName} leaves ${reservoirName} at its dam`).toBeLessThan(400);
    }
  });
});

describe('澧河 and 干江河', () => {
  it('the 干江河 comes from 方城 past the 燕山水库 dam (from the south) and ends in the 澧河', () => {
    const gan = partsOf(river('干江河'));
    const li = partsOf(river('澧河'));
    expect(gan[0][0][1]).toBeLessThan(33.36);
    expect(toLinesM(gan.at(-1)!.at(-1)!, li)).toBeLessThan(1);
    // The upper 澧河 comes from the west (孤石滩), not from the south.
    expect(li[0][0][0]).toBeLessThan(113.05);
  });

  it('every water section lies on its own water, is named after it, and the 干江河’s section is on the 干江河', () => {
    for (const s of sections) {
      expect(s.name.startsWith(s.river), s.name).toBe(true);
      const r = rivers.find((f) => f.properties.name === s.river);
      if (r) expect(toLinesM(s.at, partsOf(r)), s.name).toBeLessThan(10);
      else
        expect(
          booleanPointInPolygon(
            point(s.at),
            reservoirs.find((f) => f.properties.name === s.river)!,
          ),
          s.name,
        ).toBe(true);
    }
    const gan = sections.filter((s) => s.river === '干江河');
    expect(gan.length).toBeGreaterThan(0);
    for (const s of gan) expect(toLinesM(s.at, partsOf(river('干江河')))).toBeLessThan(10);
    // 常村 is on the upper 澧河, below 孤石滩水库.
    const changcun = sections.find((s) => s.name.includes('常村'))!;
    expect(changcun.river).toBe('澧河');
    expect(toLinesM(changcun.at, partsOf(river('澧河')))).toBeLessThan(10);
  });

  it('every outfall names the water it sits beside: no other water is nearer', () => {
    const waters = [
      ...rivers.map((r) => ({ name: r.properties.name, lines: partsOf(r) })),
      ...reservoirs.map((r) => ({ name: r.properties.name, lines: [r.geometry.coordinates[0]] })),
    ];
    const wrong: string[] = [];
    for (const o of outfalls) {
      const own = toLinesM([o.lon, o.lat], waters.find((w) => w.name === o.river)!.lines);
      const nearer = waters.find((w) => w.name !== o.river && toLinesM([o.lon, o.lat], w.lines) < own);
      if (nearer) wrong.push(`${o.code} (${o.river}) is nearer ${nearer.name}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the whole-basin survey', () => {
  it('draws the tributaries as a lower class of river that ends in a river or reservoir of the basin', () => {
    const tributaries = rivers.filter((r) => r.properties.class === '支流');
    expect(tributaries.length).toBeGreaterThanOrEqual(5);
    for (const t of tributaries) {
      const mouth = partsOf(t).at(-1)!.at(-1)!;
      const into = Math.min(
        ...rivers.filter((r) => r !== t).map((r) => toLinesM(mouth, partsOf(r))),
        ...reservoirs.map((r) => toLinesM(mouth, [r.geometry.coordinates[0]])),
      );
      expect(into, t.properties.name).toBeLessThan(1);
    }
  });

  it('finds outfalls in every county, 宝丰县 and 石龙区 included', () => {
    for (const c of counties) expect(outfalls.filter((o) => o.countyCode === c.properties.code).length, c.properties.name).toBeGreaterThanOrEqual(20);
  });

  it('every chemical park’s wastewater plant has its outfall, in the state the report gives the plant', () => {
    for (const park of parks) {
      const p = park.properties;
      const own = outfalls.filter((o) => o.subtype === '园区污水处理厂排污口' && o.responsibleUnit === p.facility);
      expect(own, p.name).toHaveLength(1);
      const [o] = own;
      expect(o.countyCode, p.name).toBe(p.countyCode);
      const ring = park.geometry.coordinates[0];
      const centre = [ring.slice(1).reduce((s, q) => s + q[0], 0) / (ring.length - 1), ring.slice(1).reduce((s, q) => s + q[1], 0) / (ring.length - 1)];
      expect(distanceM([o.lon, o.lat], centre), p.name).toBeLessThan(4000);
      // A plant that runs has been sampled; one awaiting commissioning or still being built has not discharged yet.
      const runs = p.wastewaterStatus === '已建成专业化工废水处理设施' || p.wastewaterStatus === '依托骨干企业处理';
      expect(o.monitored, p.name).toBe(runs);
    }
    expect(outfalls.filter((o) => o.subtype === '园区污水处理厂排污口')).toHaveLength(parks.length);
  });

  it('has the tail-water wetlands the report names, 宝丰县污水处理厂尾水人工湿地 first', () => {
    const baofeng = outfalls.filter((o) => o.name.includes('宝丰县污水处理厂尾水人工湿地'));
    expect(baofeng).toHaveLength(1);
    expect(baofeng[0]).toMatchObject({ countyName: '宝丰县', category: '城镇污水处理厂排污口', responsibleUnit: '宝丰县污水处理厂' });
    expect(outfalls.some((o) => o.name.includes('郏县污水处理厂尾水湿地'))).toBe(true);
    expect(outfalls.some((o) => o.name.includes('尼龙新材料产业集聚区污水处理厂尾水人工净化'))).toBe(true);
  });
});

describe('drinking-water source protection zones', () => {
  it('are demo 一级 and 二级 outlines of 白龟山水库 and 昭平台水库, each 二级 around its 一级 around the water', () => {
    expect(zones.map((z) => `${z.properties.reservoir}${z.properties.level}`).sort()).toEqual(
      ['昭平台水库一级', '昭平台水库二级', '白龟山水库一级', '白龟山水库二级'].sort(),
    );
    for (const z of zones) {
      expect(z.properties.name, z.properties.id).toContain('（演示）');
      expect(kinks(z).features, z.properties.id).toEqual([]);
    }
    // Where the zones end at a dam, all three outlines follow the same dam line: there a vertex may
    // fall a few tens of metres outside the next outline (each was simplified to within 40 m).
    const within = (p: Position, z: ProtectionZoneFeature): boolean =>
      booleanPointInPolygon(point(p), z) || toLinesM(p, [(z.geometry as Polygon).coordinates[0]]) < 60;
    for (const name of ['白龟山水库', '昭平台水库']) {
      const [first, second] = ['一级', '二级'].map((l) => zones.find((z) => z.properties.reservoir === name && z.properties.level === l)!);
      for (const p of ringOf(name)) expect(within(p, first), name).toBe(true);
      for (const p of (first.geometry as Polygon).coordinates[0]) expect(within(p, second), name).toBe(true);
    }
  });

  const inZone = outfalls.map((o) => ({ o, zone: protectionZoneAt(zones, o.lon, o.lat) })).filter((x) => x.zone);

  it('hold only a few outfalls, none kept (保留), none a plant or a factory: each is to be closed (取缔) or already closed', () => {
    expect(inZone.length).toBeGreaterThan(0);
    expect(inZone.length).toBeLessThanOrEqual(50);
    for (const { o, zone } of inZone) {
      expect(o.remediationMeasure, `${o.code} in ${zone!.name}`).toBe('取缔');
      expect(['工业排污口', '城镇污水处理厂排污口'], o.code).not.toContain(o.category);
    }
    // 白龟山 used to carry 254 outfalls, sewage plants and factories marked 保留 among them.
    expect(outfalls.filter((o) => o.river === '白龟山水库').length).toBeLessThanOrEqual(30);
    expect(outfalls.filter((o) => o.river === '昭平台水库').length).toBeLessThanOrEqual(30);
  });

  it('the card’s zone lookup names the 一级 zone where the two overlap', () => {
    const bgs = ringArea(ringOf('白龟山水库')).centroid;
    expect(protectionZoneAt(zones, bgs[0], bgs[1])?.name).toBe('白龟山水库一级保护区（演示）');
    expect(protectionZoneAt(zones, 113.5, 33.3)).toBeUndefined();
  });
});

describe('county polygons and townships', () => {
  const polygonsOf = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

  it.each(counties.map((c) => [c.properties.name, c] as const))(
    '%s is a valid polygon: no self-intersection, closed rings, no spikes, slivers or tiny holes',
    (_, c) => {
      expect(kinks(c).features).toEqual([]);
      for (const [outer, ...holes] of polygonsOf(c.geometry)) {
        for (const ring of [outer, ...holes]) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring.at(-1));
          // Self-touching: no vertex visited twice.
          expect(new Set(ring.slice(0, -1).map((p) => p.join())).size).toBe(ring.length - 1);
          // No spike: the boundary never turns back on itself at a vertex.
          for (let i = 0; i < ring.length - 1; i++) {
            const a = ring[(i + ring.length - 2) % (ring.length - 1)];
            const b = ring[i];
            const d = ring[i + 1];
            const u = [(b[0] - a[0]) * KX, (b[1] - a[1]) * KY];
            const v = [(d[0] - b[0]) * KX, (d[1] - b[1]) * KY];
            const angle = Math.abs(Math.atan2(u[0] * v[1] - u[1] * v[0], -(u[0] * v[0] + u[1] * v[1])));
            expect(angle, `vertex ${i} of ${c.properties.name}`).toBeGreaterThan((1 * Math.PI) / 180);
          }
        }
        // RFC 7946 winding; no sliver part or tiny hole.
        expect(ringArea(outer).km2).toBeGreaterThan(0.5);
        for (const h of holes) expect(-ringArea(h).km2).toBeGreaterThan(0.5);
      }
    },
  );

  it('the ten counties cover the city’s ~7,900 km² without overlapping', () => {
    const total = counties.reduce(
      (s, c) => s + polygonsOf(c.geometry).reduce((t, [outer, ...holes]) => t + ringArea(outer).km2 + holes.reduce((h, r) => h + ringArea(r).km2, 0), 0),
      0,
    );
    expect(total).toBeGreaterThan(7700);
    expect(total).toBeLessThan(8100);
  });

  it('has the report’s 85 townships (乡镇, not counting the urban 街道)', () => {
    const source = JSON.parse(readFileSync(new URL('../../scripts/sources/townships.json', import.meta.url), 'utf8')) as Record<
      string,
      [string, number, number, number][]
    >;
    const names = Object.entries(source)
      .filter(([code]) => !code.startsWith('_'))
      .flatMap(([code, list]) => list.map(([name]) => `${code} ${name}`));
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => /[乡镇]$/.test(n))).toHaveLength(85);
    expect(names).toContain('410425 白庙乡');
    expect(names).toContain('410425 渣园乡');
  });
});

describe('cleanPolygon', () => {
  const area = (g: Polygon | MultiPolygon): number =>
    (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).reduce((s, [outer]) => s + ringArea(outer).km2, 0);

  it('removes a spike, a pinched-off sliver loop and a bow-tie, and turns the ring counter-clockwise', () => {
    // A 5.5 km square, clockwise, with a spike on its south side, a tiny loop pinched off at a
    // vertex of its east side and a small bow-tie on its north side.
    const ring: Position[] = [
      [113, 33.5],
      [113, 33.55],
      [113.03, 33.55],
      [113.034, 33.553],
      [113.03, 33.553],
      [113.034, 33.55],
      [113.06, 33.55],
      [113.06, 33.52],
      [113.0605, 33.5195],
      [113.0605, 33.5205],
      [113.06, 33.52],
      [113.06, 33.5],
      [113.03, 33.5],
      [113.03, 33.49],
      [113.03, 33.5],
      [113, 33.5],
    ];
    const input: Polygon = { type: 'Polygon', coordinates: [ring] };
    expect(kinks({ type: 'Feature', properties: {}, geometry: input }).features.length).toBeGreaterThan(0);
    const out = cleanPolygon(input);
    expect(out.type).toBe('Polygon');
    expect(kinks({ type: 'Feature', properties: {}, geometry: out }).features).toEqual([]);
    const outer = (out as Polygon).coordinates[0];
    expect(ringArea(outer).km2).toBeGreaterThan(0);
    expect(outer.some((p) => p[1] === 33.49)).toBe(false);
    expect(Math.abs(area(out) - Math.abs(ringArea(ring).km2))).toBeLessThan(0.05);
  });
});
