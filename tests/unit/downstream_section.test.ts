import { readFileSync } from 'node:fs';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { OutfallFeature, RiverFeature, StationFeature, WaterSectionProperties } from '../../src/data/types';
import { distanceAlongLineM, findDownstreamSection, type NamedLineFeature, type WaterSectionFeature } from '../../src/spatial/downstream_section';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8')) as T;
const rivers = readJson<{ features: RiverFeature[] }>('rivers.geojson').features;
const stations = readJson<{ features: StationFeature[] }>('stations.geojson').features;
const outfalls = readJson<{ features: OutfallFeature[] }>('outfalls.geojson').features.map((f) => f.properties);
const sections = stations.filter((s): s is WaterSectionFeature => s.properties.kind === 'water');
const riverNamed = (name: string) => rivers.find((r) => r.properties.name === name) as RiverFeature;
const sectionById = (id: string) => sections.find((s) => s.properties.id === id) as WaterSectionFeature;

// ---- an independent "distance along the line": project onto every segment in a local
// plane (metres east and north of the segment's start, scaled by the cosine of its mid
// latitude), keep the closest segment, add the lengths of the segments before it.
const R = 6_371_008.8;
function referenceAlongM(coords: Position[], lon: number, lat: number): { alongM: number; offM: number } {
  const rad = Math.PI / 180;
  let before = 0;
  let best = { alongM: 0, offM: Infinity };
  for (let i = 0; i < coords.length - 1; i++) {
    const [x0, y0] = coords[i];
    const [x1, y1] = coords[i + 1];
    const k = Math.cos(((y0 + y1) / 2) * rad) * rad * R;
    const ex = (x1 - x0) * k;
    const ey = (y1 - y0) * rad * R;
    const px = (lon - x0) * k;
    const py = (lat - y0) * rad * R;
    const len = Math.hypot(ex, ey);
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, (px * ex + py * ey) / (len * len)));
    const off = Math.hypot(px - t * ex, py - t * ey);
    if (off < best.offM) best = { alongM: before + t * len, offM: off };
    before += len;
  }
  return best;
}
const lineCoords = (river: RiverFeature): Position[] => (river.geometry.type === 'LineString' ? river.geometry.coordinates : river.geometry.coordinates.flat());

describe('data/rivers.geojson runs from source to mouth', () => {
  it('each tributary ends at the river it flows into, not where it starts', () => {
    for (const [tributary, into] of [
      ['湛河', '沙河'],
      ['灰河', '沙河'],
      ['干江河', '澧河'],
    ] as const) {
      const coords = lineCoords(riverNamed(tributary));
      const main = lineCoords(riverNamed(into));
      const start = referenceAlongM(main, ...(coords[0] as [number, number])).offM;
      const end = referenceAlongM(main, ...(coords[coords.length - 1] as [number, number])).offM;
      expect(end, tributary).toBeLessThan(3000);
      expect(end, tributary).toBeLessThan(start);
    }
  });

  it('the mouth sections (…入沙河口) lie in the last tenth of their rivers', () => {
    for (const id of ['wq-zh-hk', 'wq-hh-hk']) {
      const section = sectionById(id);
      const river = riverNamed(section.properties.river);
      const length = distanceAlongLineM(river, ...(lineCoords(river).at(-1) as [number, number]));
      expect(distanceAlongLineM(river, ...(section.geometry.coordinates as [number, number])) / length, id).toBeGreaterThan(0.9);
    }
  });

  it('the 沙河 passes 昭平台水库, then 白龟山水库, then 马湾, in that order along its line', () => {
    const shahe = riverNamed('沙河');
    const along = (id: string) => distanceAlongLineM(shahe, ...(sectionById(id).geometry.coordinates as [number, number]));
    expect(along('wq-zpt')).toBeLessThan(along('wq-sh-ls') + 30_000);
    expect(along('wq-sh-ls')).toBeLessThan(along('wq-bgs'));
    expect(along('wq-bgs')).toBeLessThan(along('wq-sh-mw'));
  });
});

describe('findDownstreamSection on the real data', () => {
  it('names the section a user would expect on the 湛河', () => {
    const at = (lon: number, lat: number) => findDownstreamSection({ river: '湛河', lon, lat }, stations, rivers)?.section.properties.id ?? null;
    expect(at(113.228005, 33.717967)).toBe('wq-zh-bd'); // PDS-ZH-0001, at the river's head above 北渡
    expect(at(113.3, 33.705)).toBe('wq-zh-hk'); // between 北渡 and the mouth
    expect(at(113.381516, 33.675326)).toBeNull(); // PDS-ZH-0335, below the mouth section
  });

  it("gives a reservoir's outfalls the reservoir's own section", () => {
    const result = findDownstreamSection({ river: '白龟山水库', lon: 113.098372, lat: 33.723026 }, stations, rivers);
    expect(result).toMatchObject({ section: { properties: { id: 'wq-bgs', level: '国控' } }, alongRiverM: null });
    for (const o of outfalls.filter((o) => o.river.endsWith('水库'))) {
      const found = findDownstreamSection(o, stations, rivers);
      expect(found?.section.properties.river).toBe(o.river);
    }
  });

  it('agrees with a brute-force reference for every fourth river outfall', () => {
    let compared = 0;
    let ambiguous = 0;
    // Every fourth: each call snaps to a 247-vertex line a few times; all 2,500 take ~5 s.
    for (const o of outfalls.filter((o, i) => !o.river.endsWith('水库') && i % 4 === 0)) {
      const coords = lineCoords(riverNamed(o.river));
      const mine = referenceAlongM(coords, o.lon, o.lat).alongM;
      const below = sections
        .filter((s) => s.properties.river === o.river)
        .map((s) => ({ id: s.properties.id, gap: referenceAlongM(coords, ...(s.geometry.coordinates as [number, number])).alongM - mine }));
      // Within 100 m of a section along the river the two ways of measuring may disagree
      // on which side the outfall is: those are not counted.
      if (below.some((b) => Math.abs(b.gap) < 100)) {
        ambiguous++;
        continue;
      }
      const want = below.filter((b) => b.gap > 0).sort((a, b) => a.gap - b.gap)[0];
      const got = findDownstreamSection(o, stations, rivers);
      expect(got?.section.properties.id ?? null, o.code).toBe(want?.id ?? null);
      if (got && want) expect(got.alongRiverM as number).toBeCloseTo(want.gap, -2); // ±50 m over tens of km
      compared++;
    }
    expect(compared).toBeGreaterThan(600);
    expect(ambiguous).toBeLessThan(15);
  });
});

describe('findDownstreamSection on small fixtures', () => {
  // An L-shaped river: east along 33.0 N, then north along 113.1 E; ~9.3 km per leg.
  const river: NamedLineFeature = {
    type: 'Feature',
    properties: { name: '试验河' },
    geometry: {
      type: 'LineString',
      coordinates: [
        [113.0, 33.0],
        [113.1, 33.0],
        [113.1, 33.1],
      ],
    },
  };
  const section = (id: string, lon: number, lat: number, riverName = '试验河'): StationFeature => ({
    type: 'Feature',
    properties: {
      kind: 'water',
      id,
      name: id,
      river: riverName,
      countyCode: '410400',
      countyName: '平顶山市',
      level: '国控',
      targetClass: 'III',
      startMonth: '2025-01',
      monthlyClass: ['III'],
    } satisfies WaterSectionProperties,
    geometry: { type: 'Point', coordinates: [lon, lat] },
  });
  const fixtures = [section('A', 113.03, 33.0), section('B', 113.1, 33.05), section('C', 113.101, 33.09), section('X', 113.05, 33.0, '别的河')];

  it('picks the nearest section below the outfall, not the nearest in a straight line', () => {
    // 200 m south of the river just past A: A is closest as the crow flies but upstream.
    expect(findDownstreamSection({ river: '试验河', lon: 113.031, lat: 32.998 }, fixtures, [river])?.section.properties.id).toBe('B');
    expect(findDownstreamSection({ river: '试验河', lon: 113.01, lat: 33.001 }, fixtures, [river])?.section.properties.id).toBe('A');
    // On the northern leg between B and C.
    expect(findDownstreamSection({ river: '试验河', lon: 113.099, lat: 33.06 }, fixtures, [river])?.section.properties.id).toBe('C');
  });

  it('reports how far downstream the section is', () => {
    const result = findDownstreamSection({ river: '试验河', lon: 113.01, lat: 33.0 }, fixtures, [river]);
    // 0.02° of longitude at 33° N ≈ 0.02 · 111.195 km · cos 33° ≈ 1,865 m.
    expect(result?.alongRiverM).toBeCloseTo(0.02 * 111_195 * Math.cos((33 * Math.PI) / 180), -1);
  });

  it('returns null below the last section, for a river with no line, and with no sections', () => {
    expect(findDownstreamSection({ river: '试验河', lon: 113.1, lat: 33.095 }, fixtures, [river])).toBeNull();
    expect(findDownstreamSection({ river: '别的河', lon: 113.04, lat: 33.0 }, fixtures, [river])).toBeNull();
    expect(findDownstreamSection({ river: '试验河', lon: 113.01, lat: 33.0 }, [], [river])).toBeNull();
  });

  it('measures along a MultiLineString from the start of its first part', () => {
    const multi: NamedLineFeature = {
      type: 'Feature',
      properties: { name: '试验河' },
      geometry: {
        type: 'MultiLineString',
        coordinates: [
          [
            [113.0, 33.0],
            [113.1, 33.0],
          ],
          [
            [113.1, 33.0],
            [113.1, 33.1],
          ],
        ],
      },
    };
    expect(findDownstreamSection({ river: '试验河', lon: 113.099, lat: 33.06 }, fixtures, [multi])?.section.properties.id).toBe('C');
    expect(findDownstreamSection({ river: '试验河', lon: 113.031, lat: 32.998 }, fixtures, [multi])?.section.properties.id).toBe('B');
  });
});
