import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { CountyFeature, OutfallProperties, ParkFeature, ReservoirFeature, RiverFeature } from '../../src/data/types';
import { OUTFALL_STAGES } from '../../src/spatial/filter/description';
import type { AreaCondition, OutfallFilter, Ring } from '../../src/spatial/filter/description';
import { areaMatcher, createFilterIndex, evaluateFilter, metresToSegment } from '../../src/spatial/filter/evaluate';
import type { FilterPlaces } from '../../src/spatial/filter/evaluate';
import { readDataContent } from '../helpers/data_files';
import { CITY_CENTRE_CONCAVE, boundaryLines, metresToLine, placeGeometry, referenceAttributes, riverLines } from '../helpers/filter_reference';
import type { Point } from '../helpers/filter_reference';
import { makeOutfall } from './helpers/make_outfall';

// Every predicate against a reference that asks turf directly about every outfall (or
// point) and every feature it names: no index, no box test, no shortcut. Results are
// compared as exact index sets, and each case also asserts a count that an empty (or
// an everything) result cannot meet.

const features = <F>(file: string): F[] => (JSON.parse(readDataContent(file).toString('utf8')) as FeatureCollection).features as F[];
const outfalls = features<{ properties: OutfallProperties }>('outfalls.geojson.gz').map((f) => f.properties);
const places: FilterPlaces = {
  counties: features<CountyFeature>('counties.geojson.gz'),
  parks: features<ParkFeature>('parks.geojson.gz'),
  reservoirs: features<ReservoirFeature>('reservoirs.geojson.gz'),
  rivers: features<RiverFeature>('rivers.geojson.gz'),
};
const index = createFilterIndex(outfalls, places);
const TODAY = '2025-09-16';
const N = outfalls.length;

// ---- the reference ---------------------------------------------------------------------

const ringsOf = (g: Polygon | MultiPolygon): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());

/** Memoised per place set, place and point, so that several limits ask turf once. */
const memo = new WeakMap<FilterPlaces, Map<string, number | boolean>>();
function remember<T extends number | boolean>(where: FilterPlaces, key: string, compute: () => T): T {
  let cache = memo.get(where);
  if (!cache) memo.set(where, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
}

/** turf's answer for one point and one area condition; false for an unknown place. */
function referenceArea(where: FilterPlaces, area: AreaCondition, p: Point): boolean {
  if (area.kind === 'drawn') return booleanPointInPolygon(p, { type: 'Polygon', coordinates: [area.ring] });
  if (area.kind === 'near-river') {
    const lines = riverLines(where, area.river);
    if (!lines) return false;
    return remember(where, `river ${area.river} ${p}`, () => Math.min(...lines.map((l) => metresToLine(p, l)))) <= area.distanceM;
  }
  const geometry = placeGeometry(where, area);
  if (!geometry) return false;
  if (remember(where, `in ${area.layer} ${area.id} ${p}`, () => booleanPointInPolygon(p, geometry))) return true;
  return (
    area.distanceM > 0 &&
    remember(where, `to ${area.layer} ${area.id} ${p}`, () => Math.min(...boundaryLines(geometry).map((ring) => metresToLine(p, ring)))) <= area.distanceM
  );
}

function reference(list: readonly OutfallProperties[], where: FilterPlaces, f: OutfallFilter, today = TODAY): number[] {
  const out: number[] = [];
  list.forEach((o, i) => {
    if (referenceAttributes(o, f, today) && (f.areas ?? []).every((a) => referenceArea(where, a, [o.lon, o.lat]))) out.push(i);
  });
  return out;
}

/** Ours equals the reference on the real outfalls, and selects between `min` and `max` of them. */
function expectSame(f: OutfallFilter, min: number, max = N - 1, today = TODAY): number[] {
  const got = evaluateFilter(index, f, { today });
  const want = reference(outfalls, places, f, today);
  expect(got.unknown).toEqual([]);
  expect([...got.matches]).toEqual(want);
  expect(want.length).toBeGreaterThanOrEqual(min);
  expect(want.length).toBeLessThanOrEqual(max);
  return want;
}

/** areaMatcher against the reference on arbitrary points; returns how many matched. */
function expectSamePoints(where: FilterPlaces, idx: ReturnType<typeof createFilterIndex>, areas: AreaCondition[], points: Point[]): number {
  const matcher = areaMatcher(idx, areas);
  expect(matcher.unknown).toEqual([]);
  const got = points.map(([x, y]) => matcher.test(x, y));
  const want = points.map((p) => areas.every((a) => referenceArea(where, a, p)));
  const mismatches = points.filter((_, i) => got[i] !== want[i]);
  expect(mismatches).toEqual([]);
  return want.filter(Boolean).length;
}

const within = (layer: 'counties' | 'parks' | 'reservoirs', id: string, distanceM = 0): AreaCondition => ({ kind: 'within', layer, id, distanceM });
const nearRiver = (river: string, distanceM: number): AreaCondition => ({ kind: 'near-river', river, distanceM });

const CITY = { west: 112.2, east: 113.75, south: 33.1, north: 34.35 };
function randomPoints(seed: string, n: number, box = CITY): Point[] {
  const rng = seedrandom(seed);
  return Array.from({ length: n }, () => [box.west + rng() * (box.east - box.west), box.south + rng() * (box.north - box.south)]);
}

// ---- real outfalls -----------------------------------------------------------------------

describe('evaluateFilter on the real outfalls, against turf over every outfall', () => {
  it('selects every outfall for the empty filter, and counts over the ten counties add up', () => {
    expect([...evaluateFilter(index, {}, { today: TODAY }).matches]).toEqual(outfalls.map((_, i) => i));
    let total = 0;
    for (const county of places.counties) total += expectSame({ areas: [within('counties', county.properties.code)] }, 0).length;
    // Each outfall in (at least) one county: the counties tile the city.
    expect(total).toBeGreaterThanOrEqual(N);
    expect(total).toBeLessThan(N + 20);
  });

  it('inside the counties 湛河区 and 鲁山县, and inside a MultiPolygon county', () => {
    expectSame({ areas: [within('counties', '410411')] }, 200, 600);
    expectSame({ areas: [within('counties', '410423')] }, 450, 1000);
    // The counties are single valid polygons since their slivers were cleaned away: make 湛河区 a
    // MultiPolygon with a detached second part (石龙区's outline) to test that path.
    const part = (code: string) => places.counties.find((c) => c.properties.code === code)!.geometry as Polygon;
    const multi: FilterPlaces = {
      ...places,
      counties: places.counties.map((c) =>
        c.properties.code === '410411'
          ? { ...c, geometry: { type: 'MultiPolygon', coordinates: [part('410411').coordinates, part('410404').coordinates] } }
          : c,
      ),
    };
    const f: OutfallFilter = { areas: [within('counties', '410411')] };
    const want = reference(outfalls, multi, f);
    expect([...evaluateFilter(createFilterIndex(outfalls, multi), f, { today: TODAY }).matches]).toEqual(want);
    expect(want.length).toBe(outfalls.filter((o) => o.countyCode === '410411' || o.countyCode === '410404').length);
  });

  it('inside and within 1 km / 3 km of each park', () => {
    let inside = 0;
    for (const park of places.parks) {
      inside += expectSame({ areas: [within('parks', park.properties.id)] }, 0, 200).length;
      expectSame({ areas: [within('parks', park.properties.id, 1000)] }, 0, 400);
      expectSame({ areas: [within('parks', park.properties.id, 3000)] }, 0, 600);
    }
    expect(inside).toBeGreaterThan(50);
    expectSame({ areas: [within('parks', 'park-nylon', 1000)] }, 80, 150);
  });

  it('inside and within 300 m of each reservoir', { timeout: 30_000 }, () => {
    let near = 0;
    for (const reservoir of places.reservoirs) {
      expectSame({ areas: [within('reservoirs', reservoir.properties.id)] }, 0, 50);
      // The two drinking-water reservoirs have only the few outfalls their protection zones still hold.
      near += expectSame({ areas: [within('reservoirs', reservoir.properties.id, 300)] }, 5, 400).length;
    }
    expect(near).toBeGreaterThan(60);
  });

  it('within 100 m, 500 m and 2 km of each river', { timeout: 60_000 }, () => {
    for (const river of places.rivers) {
      const id = river.properties.id;
      // A tributary, or the 干江河's few kilometres inside the city, has fewer outfalls than a main river.
      const short = river.properties.class === '支流' || id === 'ganjianghe';
      const a = expectSame({ areas: [nearRiver(id, 100)] }, short ? 1 : 20, 600).length;
      const b = expectSame({ areas: [nearRiver(id, 500)] }, short ? 5 : 60, 1500).length;
      const c = expectSame({ areas: [nearRiver(id, 2000)] }, short ? 10 : 100, 1500).length;
      expect(a).toBeLessThanOrEqual(b);
      expect(b).toBeLessThanOrEqual(c);
    }
  });

  it('a buffer across a county line, with a county condition: each side selects a part', { timeout: 30_000 }, () => {
    // 高新区's park lies in 湛河区; 3 km around it reaches into 新华区 and 卫东区.
    const buffer = within('parks', 'park-gaoxin', 3000);
    const all = expectSame({ areas: [buffer] }, 100);
    const zhanhe = expectSame({ areas: [buffer, within('counties', '410411')] }, 20);
    const others = ['410402', '410403', '410422'].map((code) => expectSame({ areas: [buffer, within('counties', code)] }, 0).length);
    expect(others.some((n) => n > 0)).toBe(true);
    expect(zhanhe.length).toBeLessThan(all.length);
    expect(zhanhe.length + others.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(all.length);
    // 沙河 within 1 km, only in 叶县, and the county's own 2 km buffer.
    expectSame({ areas: [nearRiver('shahe', 1000), within('counties', '410422')] }, 50, 700);
    expectSame({ areas: [within('counties', '410411', 2000)] }, 300, 1500);
  });

  it('a drawn rectangle and a drawn concave polygon; an unclosed ring is closed', () => {
    const rectangle: Ring = [
      [113.15, 33.7],
      [113.35, 33.7],
      [113.35, 33.8],
      [113.15, 33.8],
      [113.15, 33.7],
    ];
    expectSame({ areas: [{ kind: 'drawn', shape: 'rectangle', ring: rectangle }] }, 150, 1500);
    const concave: Ring = CITY_CENTRE_CONCAVE;
    const selected = expectSame({ areas: [{ kind: 'drawn', shape: 'polygon', ring: concave }] }, 200, 1500);
    const unclosed = evaluateFilter(index, { areas: [{ kind: 'drawn', shape: 'polygon', ring: concave.slice(0, -1) }] }, { today: TODAY });
    expect([...unclosed.matches]).toEqual(selected);
  });

  it('overdue as of a given day, stages, a survey date range (inclusive)', () => {
    const overdueNow = expectSame({ overdue: true }, 50, N - 500);
    const overdueEarlier = expectSame({ overdue: true }, 0, N - 500, '2024-06-01');
    expect(overdueEarlier.length).toBeLessThan(overdueNow.length);
    expectSame({ overdue: true }, 1, N, '2099-01-01');
    for (const stage of OUTFALL_STAGES) expectSame({ stages: [stage] }, 100, N - 100);
    expectSame({ stages: ['查', '治'] }, 500, N - 100);
    // Both ends inclusive: an outfall surveyed on the first day is in, one on the last day too.
    const from = outfalls[100].surveyDate;
    const to = outfalls[200].surveyDate < from ? from : outfalls[200].surveyDate;
    const range = expectSame({ surveyFrom: from, surveyTo: to }, 1);
    expect(range.some((i) => outfalls[i].surveyDate === from)).toBe(true);
    expect(range.some((i) => outfalls[i].surveyDate === to)).toBe(true);
    expectSame({ surveyFrom: '2024-03-01' }, 100, N - 100);
    expectSame({ surveyTo: '2024-03-01' }, 100, N - 100);
  });

  it('attribute lists: AND across fields, OR within one', () => {
    expectSame({ categories: ['工业排污口', '城镇污水处理厂排污口'] }, 300, 650);
    expectSame({ counties: ['410422', '410402'], statuses: ['未启动', '整治中'], measures: ['取缔', '合并', '规范整治'] }, 100, 900);
    expectSame({ waters: ['沙河', '白龟山水库'], subtypes: ['城镇雨洪排口', '工矿企业排污口'] }, 50, 900);
    const township = outfalls[0].township;
    expectSame({ townships: [township], counties: [outfalls[0].countyCode] }, 1, 500);
    expectSame({ categories: ['工业排污口'], stages: ['溯'], overdue: true, surveyFrom: '2024-01-01' }, 1, 300);
  });

  it('attributes and areas together: industrial, not done, within 500 m of 沙河 in 叶县', () => {
    const f: OutfallFilter = {
      categories: ['工业排污口'],
      statuses: ['未启动', '整治中'],
      areas: [nearRiver('shahe', 500), within('counties', '410422')],
    };
    const selected = expectSame(f, 5, 100);
    expect(selected.every((i) => outfalls[i].category === '工业排污口' && outfalls[i].countyCode === '410422')).toBe(true);
    expectSame({ ...f, overdue: true, stages: ['测', '溯'] }, 1, 100);
    expectSame(
      {
        measures: ['保留', '规范整治'],
        areas: [
          within('parks', 'park-nylon', 1000),
          {
            kind: 'drawn',
            shape: 'rectangle',
            ring: [
              [113.4, 33.5],
              [113.6, 33.5],
              [113.6, 33.7],
              [113.4, 33.7],
              [113.4, 33.5],
            ],
          },
        ],
      },
      1,
      100,
    );
  });

  it('an empty result: two places far apart, and a filter no outfall meets', () => {
    expect(expectSame({ areas: [within('parks', 'park-ruzhou', 1000)] }, 10).length).toBeGreaterThan(0);
    expectSame({ areas: [within('parks', 'park-ruzhou', 1000), within('counties', '410422')] }, 0, 0);
    expectSame({ categories: ['工业排污口'], overdue: true }, 0, 0, '1900-01-01');
  });
});

describe('unknown places and bad distances', () => {
  it('reports an unknown place id in Chinese and selects nothing for its condition', () => {
    const cases: [AreaCondition, string][] = [
      [within('counties', '410499'), '未知的县区代码：410499'],
      [within('parks', 'park-nowhere', 1000), '未知的化工园区：park-nowhere'],
      [within('reservoirs', 'nowhere'), '未知的水库：nowhere'],
      [nearRiver('nowhere', 500), '未知的河流：nowhere'],
    ];
    for (const [area, message] of cases) {
      const result = evaluateFilter(index, { areas: [area] }, { today: TODAY });
      expect(result.unknown).toEqual([message]);
      expect(result.matches.length).toBe(0);
      const matcher = areaMatcher(index, [area]);
      expect(matcher.unknown).toEqual([message]);
      expect(matcher.test(113.2, 33.75)).toBe(false);
    }
  });

  it('an unknown code in the county list matches no outfall, the known ones still do; each message once', () => {
    const result = evaluateFilter(index, { counties: ['410499', '410422', '410499'], areas: [within('counties', '410499')] }, { today: TODAY });
    expect(result.unknown).toEqual(['未知的县区代码：410499']);
    expect(result.matches.length).toBe(0);
    const listOnly = evaluateFilter(index, { counties: ['410499', '410422'] }, { today: TODAY });
    expect(listOnly.unknown).toEqual(['未知的县区代码：410499']);
    expect([...listOnly.matches]).toEqual(reference(outfalls, places, { counties: ['410422'] }));
    expect(listOnly.matches.length).toBeGreaterThan(500);
  });

  it('throws a RangeError for a negative or NaN distance', () => {
    expect(() => evaluateFilter(index, { areas: [nearRiver('shahe', -1)] }, { today: TODAY })).toThrow(RangeError);
    expect(() => areaMatcher(index, [within('parks', 'park-nylon', Number.NaN)])).toThrow(RangeError);
  });
});

// ---- arbitrary points ------------------------------------------------------------------------

describe('areaMatcher on seeded random points, vertices and edges, against turf', () => {
  it('counties, parks and reservoirs, inside and within a distance', { timeout: 60_000 }, () => {
    const points = randomPoints('area-matcher', 3000);
    let inside = 0;
    for (const county of places.counties) inside += expectSamePoints(places, index, [within('counties', county.properties.code)], points);
    // About 40 % of the city's bbox is the city; no point in two counties but on a shared edge.
    expect(inside).toBeGreaterThan(900);
    expect(inside).toBeLessThanOrEqual(3000);
    const parkBox = { west: 113.33, east: 113.42, south: 33.66, north: 33.73 };
    const nearParks = randomPoints('parks', 1500, parkBox);
    expect(expectSamePoints(places, index, [within('parks', 'park-nylon')], nearParks)).toBeGreaterThan(10);
    expect(expectSamePoints(places, index, [within('parks', 'park-nylon', 1500)], nearParks)).toBeGreaterThan(50);
    const reservoirBox = { west: 113.05, east: 113.3, south: 33.6, north: 33.8 };
    const nearBaiguishan = randomPoints('reservoirs', 1500, reservoirBox);
    expect(expectSamePoints(places, index, [within('reservoirs', 'baiguishan')], nearBaiguishan)).toBeGreaterThan(50);
    expect(expectSamePoints(places, index, [within('reservoirs', 'baiguishan', 800)], nearBaiguishan)).toBeGreaterThan(100);
    const countyBox = { west: 113.15, east: 113.45, south: 33.6, north: 33.85 };
    expect(expectSamePoints(places, index, [within('counties', '410411', 1500)], randomPoints('county-buffer', 800, countyBox))).toBeGreaterThan(100);
  });

  it('every vertex of a county, park and reservoir is inside it; edge midpoints as turf decides', () => {
    for (const area of [within('counties', '410411'), within('counties', '410423'), within('parks', 'park-gaoxin'), within('reservoirs', 'zhaopingtai')]) {
      const geometry = placeGeometry(places, area as Extract<AreaCondition, { kind: 'within' }>)!;
      const rings = ringsOf(geometry);
      const vertices = rings.flat() as Point[];
      expect(expectSamePoints(places, index, [area], vertices)).toBe(vertices.length);
      const midpoints = rings.flatMap((ring) => ring.slice(1).map((b, i): Point => [(ring[i][0] + b[0]) / 2, (ring[i][1] + b[1]) / 2]));
      expect(expectSamePoints(places, index, [area], midpoints)).toBeGreaterThan(midpoints.length / 10);
    }
  });

  it('a vertex shared by two counties is inside both', () => {
    const owners = new Map<string, Set<string>>();
    for (const county of places.counties)
      for (const p of ringsOf(county.geometry).flat()) owners.set(p.join(), (owners.get(p.join()) ?? new Set()).add(county.properties.code));
    const shared = [...owners].filter(([, codes]) => codes.size >= 2);
    expect(shared.length).toBeGreaterThan(1000);
    for (const [key, codes] of shared.slice(0, 400)) {
      const [x, y] = key.split(',').map(Number);
      for (const code of codes) expect(areaMatcher(index, [within('counties', code)]).test(x, y)).toBe(true);
    }
  });

  it('rivers: random points and points placed at the limit ± a few millimetres to metres', { timeout: 60_000 }, () => {
    const rng = seedrandom('rivers');
    for (const [id, limit] of [
      ['shahe', 500],
      ['zhanhe', 250],
      ['beiruhe', 1000],
    ] as const) {
      const river = places.rivers.find((r) => r.properties.id === id)!;
      // A river interrupted by a reservoir has several parts, joined here end to start: a point beside that
      // join (across the water) is one more point to compare, nearer one part's end than the limit or not.
      const line = (river.geometry.type === 'LineString' ? [river.geometry.coordinates] : river.geometry.coordinates).flat();
      // Beside the line at about the limit: a point on a random segment, pushed off it at right angles.
      const beside: Point[] = [];
      for (let k = 0; k < 300; k++) {
        const s = Math.floor(rng() * (line.length - 1));
        const [ax, ay] = line[s];
        const [bx, by] = line[s + 1];
        const t = rng();
        const kx = 111_195 * Math.cos((ay * Math.PI) / 180);
        const dx = (bx - ax) * kx;
        const dy = (by - ay) * 111_195;
        const len = Math.hypot(dx, dy);
        const off = limit * (1 + [-1e-3, -1e-5, 1e-5, 1e-3, -0.02, 0.02][k % 6]) * (rng() < 0.5 ? -1 : 1);
        beside.push([ax + t * (bx - ax) + ((-dy / len) * off) / kx, ay + t * (by - ay) + ((dx / len) * off) / 111_195]);
      }
      const matched = expectSamePoints(places, index, [nearRiver(id, limit)], beside);
      expect(matched).toBeGreaterThan(30);
      expect(matched).toBeLessThan(270);
      const [xs, ys] = [line.map((p) => p[0]), line.map((p) => p[1])];
      const box = { west: Math.min(...xs), east: Math.max(...xs), south: Math.min(...ys), north: Math.max(...ys) };
      expect(expectSamePoints(places, index, [nearRiver(id, limit)], randomPoints(`river-${id}`, 400, box))).toBeGreaterThan(5);
    }
  });

  it('a point a rounding error off an edge: the exact orientation decides, as in turf, not the floating-point one', () => {
    // Segments and points (found by search) where u2·v1 − u1·v2 rounds to 0 while its exact
    // value does not: the point is not on the edge. Each edge closes two triangles, one on
    // either side; the point lies in exactly one of them.
    const cases: [number, number, number, number, number, number][] = [
      [113.09894928033054, 33.86380984768072, 113.27052072276112, 33.64787797714974, 113.15269645866054, 33.79616613851709],
      [113.0465620611302, 33.631148355677205, 113.2185466061582, 33.79937612058496, 113.15622524257189, 33.73841608664458],
      [113.01533577237964, 33.853680177629975, 113.21795311311185, 33.61580620051841, 113.17440820260363, 33.666928187452626],
      [113.18993353277222, 33.781816315449326, 113.29559547788168, 33.84562433188517, 113.23359531105973, 33.80818315417922],
      [113.1069036767906, 33.63967002022344, 113.16460493997397, 33.81291061597919, 113.12727532960696, 33.700833278629425],
    ];
    let inside = 0;
    for (const [ax, ay, bx, by, px, py] of cases) {
      for (const side of [1, -1]) {
        const c: [number, number] = [(ax + bx) / 2 - side * (by - ay), (ay + by) / 2 + side * (bx - ax)];
        const ring: Ring = [[ax, ay], [bx, by], c, [ax, ay]];
        inside += expectSamePoints(places, index, [{ kind: 'drawn', shape: 'polygon', ring }], [[px, py]]);
      }
    }
    expect(inside).toBe(cases.length);
  });

  it('drawn shapes and an intersection of conditions', () => {
    const star: Ring = [];
    for (let k = 0; k < 10; k++) {
      const r = k % 2 === 0 ? 0.2 : 0.08;
      const a = (k * Math.PI) / 5;
      star.push([113.2 + r * Math.cos(a), 33.75 + r * Math.sin(a)]);
    }
    star.push(star[0]);
    const points = randomPoints('drawn', 3000, { west: 112.95, east: 113.45, south: 33.5, north: 34 });
    expect(expectSamePoints(places, index, [{ kind: 'drawn', shape: 'polygon', ring: star }], points)).toBeGreaterThan(200);
    // Vertices of the star are inside it.
    expect(expectSamePoints(places, index, [{ kind: 'drawn', shape: 'polygon', ring: star }], star.slice(0, -1) as Point[])).toBe(10);
    const both: AreaCondition[] = [{ kind: 'drawn', shape: 'polygon', ring: star }, within('counties', '410402'), nearRiver('zhanhe', 3000)];
    const n = expectSamePoints(places, index, both, points);
    expect(n).toBeGreaterThan(5);
    expect(areaMatcher(index, []).test(0, 0)).toBe(true);
  });
});

describe('metresToSegment', () => {
  it("is turf's pointToLineDistance in metres to the last bit, for segments of 1 m to 200 km", () => {
    const rng = seedrandom('segments');
    const cases: [number, number, number, number, number, number][] = [
      [113.2, 33.7, 113.2, 33.7, 113.21, 33.71], // a segment of one point
      [113.2, 33.7, 113.25, 33.72, 113.2, 33.7], // the point is an end
      [113.2, 33.7, 113.25, 33.72, 113.25, 33.72],
    ];
    for (let k = 0; k < 3000; k++) {
      const [ax, ay] = [112.2 + rng() * 1.5, 33.1 + rng() * 1.2];
      const length = 10 ** (rng() * 5.3) / 111_195;
      const angle = rng() * 2 * Math.PI;
      const [bx, by] = [ax + length * Math.cos(angle), ay + length * Math.sin(angle)];
      const t = rng() * 1.6 - 0.3;
      const off = 10 ** (rng() * 4.5) / 111_195;
      cases.push([ax + t * (bx - ax) - off * Math.sin(angle), ay + t * (by - ay) + off * Math.cos(angle), ax, ay, bx, by]);
    }
    for (const [px, py, ax, ay, bx, by] of cases)
      expect(metresToSegment(px, py, ax, ay, bx, by)).toBe(
        metresToLine(
          [px, py],
          [
            [ax, ay],
            [bx, by],
          ],
        ),
      );
  });
});

// ---- a MultiPolygon with a hole -----------------------------------------------------------------

describe('a MultiPolygon county with a hole (fixture)', () => {
  // Part 1: a square 113.00–113.25 × 33.50–33.75 (each side in 16 steps) with a diamond hole
  // round 113.125, 33.625; part 2: a triangle beside it. The square's and the diamond's
  // coordinates are binary fractions, so points exactly on their edges can be written down.
  const side = (from: Point, to: Point, steps: number): Point[] =>
    Array.from({ length: steps }, (_, k): Point => [from[0] + ((to[0] - from[0]) * k) / steps, from[1] + ((to[1] - from[1]) * k) / steps]);
  const loop = (corners: Point[], steps: number): Point[] => {
    const ring = corners.flatMap((c, i) => side(c, corners[(i + 1) % corners.length], steps));
    return [...ring, ring[0]];
  };
  const outer = loop(
    [
      [113, 33.5],
      [113.25, 33.5],
      [113.25, 33.75],
      [113, 33.75],
    ],
    16,
  );
  const hole = loop(
    [
      [113.0625, 33.625],
      [113.125, 33.6875],
      [113.1875, 33.625],
      [113.125, 33.5625],
    ],
    8,
  );
  const triangle: Point[] = [
    [113.3, 33.5],
    [113.41, 33.523],
    [113.352, 33.617],
    [113.3, 33.5],
  ];
  const fixture: CountyFeature = {
    type: 'Feature',
    properties: { code: '419901', name: '测试区' },
    geometry: { type: 'MultiPolygon', coordinates: [[outer, hole], [triangle]] },
  };
  const where: FilterPlaces = { counties: [fixture], parks: [], reservoirs: [], rivers: [] };

  // Random points over and around both parts, every vertex, points exactly on edges (between
  // vertices), and points deep in the hole.
  const rng = seedrandom('fixture');
  const onEdges: Point[] = [
    [113.0078125, 33.5],
    [113.25, 33.6171875],
    [113.1, 33.75],
    [113, 33.7],
    // On the diamond's sides, between its vertices.
    [113.0625 + 0.00390625, 33.625 + 0.00390625],
    [113.1875 - 0.001953125, 33.625 - 0.001953125],
  ];
  const inHole: Point[] = [
    [113.125, 33.625],
    [113.11, 33.63],
    [113.14, 33.61],
  ];
  const points: Point[] = [
    ...Array.from({ length: 4000 }, (): Point => [112.95 + rng() * 0.5, 33.45 + rng() * 0.22]),
    ...outer,
    ...hole,
    ...triangle,
    ...onEdges,
    ...inHole,
  ];
  const fixtureOutfalls = points.map(([lon, lat], i) => makeOutfall({ code: `F-${i}`, lon, lat, countyCode: '419901' }));
  const fixtureIndex = createFilterIndex(fixtureOutfalls, where);

  it('inside: the hole is out, its boundary and the outer boundary are in; same as turf', () => {
    const f: OutfallFilter = { areas: [within('counties', '419901')] };
    const got = [...evaluateFilter(fixtureIndex, f, { today: TODAY }).matches];
    expect(got).toEqual(reference(fixtureOutfalls, where, f));
    expect(got.length).toBeGreaterThan(1000);
    const codes = new Set(got.map((i) => fixtureOutfalls[i].code));
    const codeOf = (p: Point) => `F-${points.indexOf(p)}`;
    for (const p of [...onEdges, ...outer, ...hole, ...triangle]) expect(codes.has(codeOf(p))).toBe(true);
    for (const p of inHole) expect(codes.has(codeOf(p))).toBe(false);
  });

  it('within 300 m and 20 km: the hole fills up; same as turf', () => {
    const near = evaluateFilter(fixtureIndex, { areas: [within('counties', '419901', 300)] }, { today: TODAY });
    expect([...near.matches]).toEqual(reference(fixtureOutfalls, where, { areas: [within('counties', '419901', 300)] }));
    const far = evaluateFilter(fixtureIndex, { areas: [within('counties', '419901', 20_000)] }, { today: TODAY });
    expect([...far.matches]).toEqual(reference(fixtureOutfalls, where, { areas: [within('counties', '419901', 20_000)] }));
    expect(far.matches.length).toBe(points.length);
    expect(near.matches.length).toBeGreaterThan(evaluateFilter(fixtureIndex, { areas: [within('counties', '419901')] }, { today: TODAY }).matches.length);
    // The hole's centre is ~4.4 km from its edges.
    const centre: Point[] = [[113.125, 33.625]];
    expect(expectSamePoints(where, fixtureIndex, [within('counties', '419901', 4000)], centre)).toBe(0);
    expect(expectSamePoints(where, fixtureIndex, [within('counties', '419901', 5000)], centre)).toBe(1);
  });

  it('parts that overlap: inside any part, as turf (not the parity of all crossings)', () => {
    const square = (x: number, y: number, size: number): Point[] => [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ];
    const overlapping: CountyFeature = {
      type: 'Feature',
      properties: { code: '419902', name: '重叠区' },
      geometry: { type: 'MultiPolygon', coordinates: [[square(113, 33.5, 0.1)], [square(113.05, 33.55, 0.1)]] },
    };
    const twoParts: FilterPlaces = { counties: [overlapping], parks: [], reservoirs: [], rivers: [] };
    const some = randomPoints('overlap', 1000, { west: 112.98, east: 113.17, south: 33.48, north: 33.67 });
    const inBoth = some.filter(([x, y]) => x > 113.05 && x < 113.1 && y > 33.55 && y < 33.6).length;
    expect(inBoth).toBeGreaterThan(20);
    expect(expectSamePoints(twoParts, createFilterIndex([], twoParts), [within('counties', '419902')], some)).toBeGreaterThan(400);
  });

  it('an empty index and places without features', () => {
    const empty = createFilterIndex([], where);
    expect(evaluateFilter(empty, { areas: [within('counties', '419901')] }, { today: TODAY }).matches.length).toBe(0);
    expect(evaluateFilter(empty, {}, { today: TODAY }).matches.length).toBe(0);
  });
});
