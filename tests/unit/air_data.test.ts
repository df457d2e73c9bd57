// The air side of the demo data set against the report and the public descriptions of
// the places (issue 11, "Air"): the five national stations, the key polluting enterprises,
// a hotspot grid whose hotspots sit at the sources, with realistic cloud gaps, and fire
// points on cropland in the harvest seasons. Read from the committed files in data/.
import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointToLineDistance from '@turf/point-to-line-distance';
import { lineString, point } from '@turf/helpers';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDemoGrid } from '../helpers/data_files';
import { GRID_NO_DATA, cellBounds, type HotspotGrid } from '../../src/data/hotspot_grid_format';
import type {
  AirStationProperties,
  CountyFeature,
  EnterpriseProperties,
  FirePointProperties,
  ParkFeature,
  ReservoirFeature,
  StationFeature,
} from '../../src/data/types';
import { enterprisesLayer } from '../../src/layers/enterprises';
import { aqiLevel, iaqi } from '../../src/spatial/aqi';
import { MAIN_ROADS } from '../../scripts/data/main_roads';

const DATA = new URL('../../data/', import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as T;
const mean = (xs: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
};
type LonLat = [number, number];
/** Haversine distance in metres, independent of the generator's planar one. */
function metres([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

// The report's figures (data/README.md).
const REPORT = { pm25: 36, pm10: 65 };
/** The city centre (the old town between 新华区 and 卫东区) and the urban core around it. */
const CITY_CENTRE: LonLat = [113.29, 33.745];
const URBAN_CORE_M = 4000;

let counties: CountyFeature[];
let reservoirs: ReservoirFeature[];
let parks: ParkFeature[];
let air: { name: string; at: LonLat; p: AirStationProperties }[];
let enterprises: { at: LonLat; p: EnterpriseProperties }[];
let grid: HotspotGrid;
let centres: LonLat[];
/** County seats and urban streets (weight 2 in scripts/sources/townships.json). */
let towns: LonLat[];

const countyAt = (c: LonLat): CountyFeature | undefined => counties.find((f) => booleanPointInPolygon(point(c), f));
const inReservoir = (c: LonLat): boolean => reservoirs.some((r) => booleanPointInPolygon(point(c), r));
const parkCentre = (p: ParkFeature): LonLat => {
  const ring = p.geometry.coordinates[0].slice(1);
  return [mean(ring.map((q) => q[0])), mean(ring.map((q) => q[1]))];
};

/** Each cell's mean over its valid days, for one pollutant. */
function cellMeans(pollutant: string): Float64Array {
  const { header } = grid;
  const n = header.cellCount;
  const pi = header.pollutants.indexOf(pollutant as never);
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  for (let d = 0; d < header.days; d++) {
    const base = (pi * header.days + d) * n;
    for (let i = 0; i < n; i++) {
      const v = grid.values[base + i];
      if (v === GRID_NO_DATA) continue;
      sum[i] += v;
      count[i]++;
    }
  }
  return sum.map((s, i) => s / count[i]);
}
const meanOver = (values: Float64Array, cells: number[]): number => mean(cells.map((i) => values[i]));
const cellsWithin = (at: LonLat, m: number): number[] => [...centres.keys()].filter((i) => metres(centres[i], at) <= m);

beforeAll(() => {
  counties = readJson<FeatureCollection>('counties.geojson').features as CountyFeature[];
  reservoirs = readJson<FeatureCollection>('reservoirs.geojson').features as ReservoirFeature[];
  parks = readJson<FeatureCollection>('parks.geojson').features as ParkFeature[];
  air = (readJson<FeatureCollection>('stations.geojson').features as StationFeature[])
    .filter((f) => f.properties.kind === 'air')
    .map((f) => ({ name: f.properties.name, at: f.geometry.coordinates as LonLat, p: f.properties as AirStationProperties }));
  enterprises = readJson<FeatureCollection>('enterprises.geojson').features.map((f) => ({
    at: (f.geometry as GeoJSON.Point).coordinates as LonLat,
    p: f.properties as EnterpriseProperties,
  }));
  grid = readDemoGrid();
  centres = [...grid.cellIds].map((id) => {
    const [w, s, e, n] = cellBounds(grid.header, id);
    return [(w + e) / 2, (s + n) / 2];
  });
  const source = JSON.parse(readFileSync(new URL('../../scripts/sources/townships.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  towns = Object.entries(source)
    .filter(([code]) => !code.startsWith('_'))
    .flatMap(([, list]) => (list as [string, number, number, number][]).filter((t) => t[3] === 2).map((t): LonLat => [t[1], t[2]]));
});

describe('national air stations', () => {
  it('are the five of the public listing, 石龙区 one fifth of the city figure', () => {
    expect(air.map((s) => s.name).sort()).toEqual(['平顶山工学院', '新华旅馆', '石龙区', '规划局', '规划设计院'].sort());
    const where = Object.fromEntries(air.map((s) => [s.name, countyAt(s.at)?.properties.name]));
    expect(where).toEqual({ 平顶山工学院: '新华区', 新华旅馆: '新华区', 规划设计院: '新华区', 规划局: '卫东区', 石龙区: '石龙区' });
    for (const s of air) expect(s.p.countyName, s.name).toBe(where[s.name]);
    // Where the 2017 public listing puts two of them: within 1.5 km (平顶山工学院 is moved off the reservoir's shore).
    expect(metres(air.find((s) => s.name === '平顶山工学院')!.at, [113.182, 33.737])).toBeLessThan(1500);
    expect(metres(air.find((s) => s.name === '规划设计院')!.at, [113.292, 33.739])).toBeLessThan(500);
    for (const s of air) expect(inReservoir(s.at), s.name).toBe(false);
  });

  it('石龙区 reads ≥ 20 % above the other four and lifts the city mean by ≥ 1.5 µg/m³', () => {
    const shilong = mean(air.find((s) => s.name === '石龙区')!.p.pm25 as number[]);
    const others = mean(air.filter((s) => s.name !== '石龙区').map((s) => mean(s.p.pm25 as number[])));
    expect(shilong / others).toBeGreaterThan(1.2);
    const city = (4 * others + shilong) / 5;
    expect(Math.abs(city - REPORT.pm25)).toBeLessThanOrEqual(0.5);
    expect(city - others).toBeGreaterThanOrEqual(1.5);
  });
});

describe('key polluting enterprises (重点排污单位)', () => {
  it('are the report’s 3 steel, 6 coking and 5 cement plants, with 3/3, 5/6 and 3/5 retrofits done and published', () => {
    const count = (industry: string, status?: string): number =>
      enterprises.filter((e) => e.p.industry === industry && (status === undefined || e.p.retrofitStatus === status)).length;
    expect(enterprises).toHaveLength(14);
    expect([count('钢铁'), count('焦化'), count('水泥')]).toEqual([3, 6, 5]);
    expect([count('钢铁', '已完成并公示'), count('焦化', '已完成并公示'), count('水泥', '已完成并公示')]).toEqual([3, 5, 3]);
    expect(enterprises.filter((e) => e.p.retrofitStatus === '未完成')).toHaveLength(3);
    expect(new Set(enterprises.map((e) => e.p.id)).size).toBe(14);
  });

  it('are named as demo, lie in the county they name and never in a reservoir', () => {
    for (const { at, p } of enterprises) {
      expect(p.name, p.id).toMatch(/^「演示」/);
      expect(countyAt(at)?.properties.code, p.id).toBe(p.countyCode);
      expect(inReservoir(at), p.id).toBe(false);
    }
    // Steel in 舞钢 (its steel base) and the east district, cement in the hill counties, coking by the coal.
    const counties = (industry: string): string[] => [...new Set(enterprises.filter((e) => e.p.industry === industry).map((e) => e.p.countyName))].sort();
    expect(counties('钢铁')).toEqual(['卫东区', '舞钢市']);
    expect(counties('水泥')).toEqual(['叶县', '宝丰县', '汝州市', '鲁山县'].sort());
    expect(enterprises.filter((e) => e.p.industry === '焦化' && ['宝丰县', '石龙区'].includes(e.p.countyName))).toHaveLength(3);
  });

  it('have a card with industry, retrofit status and county, and legend entries for both', () => {
    const collection = readJson<FeatureCollection>('enterprises.geojson');
    const index = enterprises.findIndex((e) => e.p.retrofitStatus === '未完成');
    const card = enterprisesLayer.describe({ kind: 'geojson', collection }, index, { parkName: () => undefined, countOutfalls: () => undefined })!;
    const p = enterprises[index].p;
    expect(card.kind).toBe('重点排污单位');
    expect(card.title).toBe(p.name);
    expect(card.rows).toContainEqual(['行业', p.industry]);
    expect(card.rows).toContainEqual(['超低排放改造', '未完成']);
    expect(card.rows).toContainEqual(['所在县区', `${p.countyName}（${p.countyCode}）`]);
    expect(enterprisesLayer.legend.map((e) => e.label)).toEqual(['钢铁', '焦化', '水泥', '超低排放改造已完成并公示', '超低排放改造未完成']);
  });
});

describe('hotspot grid: sources, gaps and agreement with the stations', () => {
  it('loses 25–45 % of cell-days to cloud, more in summer than in winter, in contiguous areas', () => {
    const { header } = grid;
    const n = header.cellCount;
    const lost = new Float64Array(9);
    const days = new Float64Array(9);
    for (let d = 0; d < header.days; d++) {
      const m = new Date(Date.parse(`${header.startDate}T00:00:00Z`) + d * 86_400_000).getUTCMonth();
      days[m] += n;
      for (let i = 0; i < n; i++) if (grid.values[d * n + i] === GRID_NO_DATA) lost[m]++;
    }
    const share = mean(lost) / mean(days);
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.45);
    const summer = (lost[5] + lost[6] + lost[7]) / (days[5] + days[6] + days[7]);
    const winter = (lost[0] + lost[1]) / (days[0] + days[1]);
    expect(summer / winter).toBeGreaterThan(1.25);
    // Clouds come as areas: almost every cloudy cell has cloudy neighbours (checked on every 5th day).
    const at = new Map([...grid.cellIds].map((id, i) => [id, i]));
    let cloudy = 0;
    let withNeighbours = 0;
    for (let d = 0; d < header.days; d += 5) {
      for (let i = 0; i < n; i++) {
        if (grid.values[d * n + i] !== GRID_NO_DATA) continue;
        cloudy++;
        const near = [1, -1, header.cols, -header.cols].map((o) => at.get(grid.cellIds[i] + o)).filter((j): j is number => j !== undefined);
        if (near.filter((j) => grid.values[d * n + j] === GRID_NO_DATA).length >= Math.min(2, near.length)) withNeighbours++;
      }
    }
    expect(withNeighbours / cloudy).toBeGreaterThan(0.95);
  });

  it('shows PM2.5 in one HJ 633 colour over the whole city on fewer than 30 % of the days (137 of 259 before)', () => {
    const { header } = grid;
    const n = header.cellCount;
    let oneColour = 0;
    for (let d = 0; d < header.days; d++) {
      const levels = new Set<string>();
      for (let i = 0; i < n; i++) {
        const v = grid.values[d * n + i];
        if (v !== GRID_NO_DATA) levels.add(aqiLevel(iaqi('pm25', v)).name);
      }
      if (levels.size <= 1) oneColour++;
    }
    expect(oneColour / header.days).toBeLessThan(0.3);
  });

  it('agrees with the stations: within 3 % at their cells, 0–15 % lower over the whole city, and day by day', () => {
    const { header } = grid;
    const n = header.cellCount;
    const stationCells = air.map((s) => {
      const id = Math.floor((s.at[1] - header.origin[1]) / header.cellSize[1]) * header.cols + Math.floor((s.at[0] - header.origin[0]) / header.cellSize[0]);
      return grid.cellIds.indexOf(id);
    });
    for (const p of ['pm25', 'pm10'] as const) {
      const pi = header.pollutants.indexOf(p);
      // Like for like: the grid where the stations stand, each cell weighing one fifth, on the days all five are clear.
      let gridSum = 0;
      let stationSum = 0;
      let all = 0;
      let allCount = 0;
      const gridDaily: number[] = [];
      const stationDaily: number[] = [];
      for (let d = 0; d < header.days; d++) {
        const base = (pi * header.days + d) * n;
        const cells = stationCells.map((i) => grid.values[base + i]);
        const stations = mean(air.map((s) => s.p[p][d] as number));
        if (cells.every((v) => v !== GRID_NO_DATA)) {
          gridSum += mean(cells);
          stationSum += stations;
        }
        let daySum = 0;
        let dayCount = 0;
        for (let i = 0; i < n; i++) {
          const v = grid.values[base + i];
          if (v === GRID_NO_DATA) continue;
          daySum += v;
          dayCount++;
        }
        all += daySum;
        allCount += dayCount;
        if (dayCount >= 0.25 * n) {
          gridDaily.push(daySum / dayCount);
          stationDaily.push(stations);
        }
      }
      expect(Math.abs(gridSum / stationSum - 1), p).toBeLessThan(0.03);
      // The whole city is cleaner than where the stations stand (the town and 石龙区): the mountains and the countryside.
      const ratio = all / allCount / REPORT[p];
      expect(ratio, p).toBeGreaterThan(0.85);
      expect(ratio, p).toBeLessThan(1);
      // Bad days are bad on the grid too.
      const gm = mean(gridDaily);
      const sm = mean(stationDaily);
      const cov = gridDaily.reduce((a, g, k) => a + (g - gm) * (stationDaily[k] - sm), 0);
      const sd = (xs: number[], m: number): number => Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0));
      expect(cov / (sd(gridDaily, gm) * sd(stationDaily, sm)), p).toBeGreaterThan(0.95);
    }
  });

  it('is ≥ 25 % above the city mean within 3 km of the key enterprises, and each plant’s surroundings read above it', () => {
    for (const [p, all, each] of [
      ['pm25', 1.25, 1.05],
      ['pm10', 1.3, 1.2],
    ] as const) {
      const values = cellMeans(p);
      const city = mean(values);
      const near = new Set(enterprises.flatMap((e) => cellsWithin(e.at, 3000)));
      expect(meanOver(values, [...near]) / city, p).toBeGreaterThan(all);
      for (const e of enterprises) expect(meanOver(values, cellsWithin(e.at, 3000)) / city, `${p} ${e.p.name}`).toBeGreaterThan(each);
    }
    // Cement dust: every plant without its retrofit reads above every plant with it.
    const pm10 = cellMeans('pm10');
    const around = (status: string): number[] =>
      enterprises.filter((e) => e.p.industry === '水泥' && e.p.retrofitStatus === status).map((e) => meanOver(pm10, cellsWithin(e.at, 3000)));
    expect(Math.min(...around('未完成'))).toBeGreaterThan(Math.max(...around('已完成并公示')));
  });

  it('puts its worst 1 % of cells (the hotspots) at the plants, the parks, 石龙区 and the urban core', () => {
    const shilong = air.find((s) => s.name === '石龙区')!.at;
    for (const p of ['pm25', 'pm10'] as const) {
      const values = cellMeans(p);
      const worst = [...values.keys()].sort((a, b) => values[b] - values[a]).slice(0, Math.round(values.length / 100));
      const atSource = (c: LonLat): boolean =>
        enterprises.some((e) => metres(c, e.at) <= 5000) ||
        parks.some((q) => metres(c, parkCentre(q)) <= 5000) ||
        metres(c, shilong) <= 5000 ||
        metres(c, CITY_CENTRE) <= 6000;
      expect(worst.filter((i) => atSource(centres[i])).length / worst.length, p).toBeGreaterThan(0.9);
    }
  });

  it('reads higher in the urban core than over the city and in the open plains', () => {
    const core = cellsWithin(CITY_CENTRE, URBAN_CORE_M);
    const plainCounties = ['叶县', '郏县', '宝丰县'].map((name) => grid.header.counties.findIndex((c) => c.name === name));
    // Open plains: cells of the plain counties far from every plant, park, town and the core.
    const open = [...centres.keys()].filter(
      (i) =>
        plainCounties.includes(grid.cellCounty[i]) &&
        enterprises.every((e) => metres(centres[i], e.at) > 6000) &&
        parks.every((q) => metres(centres[i], parkCentre(q)) > 6000) &&
        towns.every((t) => metres(centres[i], t) > 5000) &&
        metres(centres[i], CITY_CENTRE) > 10_000,
    );
    expect(open.length).toBeGreaterThan(500);
    for (const [p, margin] of [
      ['pm25', 1.08],
      ['pm10', 1.08],
      ['no2', 1.5],
    ] as const) {
      const values = cellMeans(p);
      expect(meanOver(values, core) / mean(values), p).toBeGreaterThan(margin);
      expect(meanOver(values, core) / meanOver(values, open), p).toBeGreaterThan(margin);
    }
  });

  it('carries the traffic of the main roads: NO2 ≥ 15 % higher within 1 km of an expressway than 4 km from any in the open plains', () => {
    const no2 = cellMeans('no2');
    const highways = MAIN_ROADS.filter((r) => r.kind === 'highway').map((r) => lineString(r.line));
    const plainCounties = ['叶县', '郏县', '宝丰县'].map((name) => grid.header.counties.findIndex((c) => c.name === name));
    const open = [...centres.keys()].filter(
      (i) =>
        plainCounties.includes(grid.cellCounty[i]) &&
        enterprises.every((e) => metres(centres[i], e.at) > 6000) &&
        towns.every((t) => metres(centres[i], t) > 5000) &&
        metres(centres[i], CITY_CENTRE) > 10_000,
    );
    const road = (i: number): number => Math.min(...highways.map((l) => pointToLineDistance(point(centres[i]), l, { units: 'meters' })));
    const distance = new Map(open.map((i) => [i, road(i)]));
    const along = open.filter((i) => distance.get(i)! <= 1000);
    const away = open.filter((i) => distance.get(i)! >= 4000);
    expect(along.length).toBeGreaterThan(50);
    expect(meanOver(no2, along) / meanOver(no2, away)).toBeGreaterThan(1.15);
  });
});

describe('fire points', () => {
  let fires: { at: LonLat; p: FirePointProperties }[];
  beforeAll(() => {
    fires = readJson<FeatureCollection>('fire-points.geojson').features.map((f) => ({
      at: (f.geometry as GeoJSON.Point).coordinates as LonLat,
      p: f.properties as FirePointProperties,
    }));
  });

  it('number some tens, as Henan’s straw-burning monitoring reports for a city, most in the wheat harvest', () => {
    expect(fires.length).toBeGreaterThanOrEqual(40);
    expect(fires.length).toBeLessThanOrEqual(100);
    const inMonth = (m: string): number => fires.filter((f) => f.p.date.startsWith(`2025-${m}`)).length;
    const harvest = fires.filter((f) => f.p.date >= '2025-05-20' && f.p.date <= '2025-06-20').length;
    expect(harvest / fires.length).toBeGreaterThan(0.45);
    // The autumn harvest has begun by 2025-09-16; winter and the summer rains have few.
    expect(inMonth('09')).toBeGreaterThan(inMonth('07'));
    expect(inMonth('09')).toBeGreaterThan(inMonth('01'));
    expect(inMonth('06')).toBe(Math.max(...['01', '02', '03', '04', '05', '06', '07', '08', '09'].map(inMonth)));
    expect((inMonth('01') + inMonth('02')) / fires.length).toBeLessThan(0.15);
  });

  it('lie on cropland: in the plain counties, not in a reservoir, a park, a town or the urban core', () => {
    for (const { at, p } of fires) {
      expect(countyAt(at)?.properties.code, p.id).toBe(p.countyCode);
      expect(['410421', '410422', '410423', '410425', '410481', '410482']).toContain(p.countyCode);
      expect(inReservoir(at), `${p.id} in a reservoir`).toBe(false);
      expect(
        parks.some((q) => booleanPointInPolygon(point(at), q)),
        `${p.id} in a park`,
      ).toBe(false);
      expect(metres(at, CITY_CENTRE), `${p.id} in the urban core`).toBeGreaterThan(8000);
      expect(Math.min(...towns.map((t) => metres(at, t))), `${p.id} in a town`).toBeGreaterThan(2400);
      expect(p.time.slice(0, 10)).toBe(p.date);
    }
  });
});
