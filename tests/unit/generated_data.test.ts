// Invariants of the generated demo data set, read from the committed files in data/
// and checked with turf (independent of the generator's own planar geometry).
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import pointToLineDistance from '@turf/point-to-line-distance';
import { lineString, point } from '@turf/helpers';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDataContent, readDemoGrid } from '../helpers/data_files';
import { decodeHotspotGrid, GRID_NO_DATA, cellBounds, type HotspotGrid } from '../../src/data/hotspot_grid_format';
import {
  OUTFALL_CATEGORIES,
  PARK_WASTEWATER_STATUSES,
  type AirStationProperties,
  type CountyFeature,
  type OutfallProperties,
  type ParkFeature,
  type ReservoirFeature,
  type RiverFeature,
  type StationFeature,
  type WaterSectionProperties,
} from '../../src/data/types';
import { validateLayer, validateManifest } from '../../src/data/validate_layer';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import { HOTSPOT_GRID } from '../../src/layers/hotspot_grid';

const LAYER_IDS = BUILT_IN_LAYERS.map((l) => l.id);
const specOf = (id: string) => BUILT_IN_LAYERS.find((l) => l.id === id)!;
import { dailyAqi } from '../../src/spatial/aqi';

const DATA = new URL('../../data/', import.meta.url);
const readBytes = (name: string): Buffer => readFileSync(new URL(name, DATA));
const readJson = <T>(name: string): T => JSON.parse(readBytes(name).toString('utf8')) as T;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** scripts/sources/townships.json: per county code, [name, lon, lat, weight] of each township. */
type TownshipSource = Record<string, [string, number, number, number][]>;
/** Haversine distance in metres, independent of the generator's planar one. */
function greatCircleM([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

// The report's figures (data/README.md), the targets of the data set.
const REPORT = { pm25: 36, pm10: 65, goodDays: 185, o3LostDays: 40 };

let counties: CountyFeature[];
let rivers: RiverFeature[];
let reservoirs: ReservoirFeature[];
let outfalls: OutfallProperties[];
let outfallCoords: number[][];
let parks: ParkFeature[];
let stations: StationFeature[];
let grid: HotspotGrid;

const countyAt = (c: number[]): CountyFeature | undefined => counties.find((f) => booleanPointInPolygon(point(c), f));

beforeAll(() => {
  counties = readJson<FeatureCollection>('counties.geojson').features as CountyFeature[];
  rivers = readJson<FeatureCollection>('rivers.geojson').features as RiverFeature[];
  reservoirs = readJson<FeatureCollection>('reservoirs.geojson').features as ReservoirFeature[];
  const of = readJson<FeatureCollection>('outfalls.geojson').features;
  outfalls = of.map((f) => f.properties as OutfallProperties);
  outfallCoords = of.map((f) => (f.geometry as { coordinates: number[] }).coordinates);
  parks = readJson<FeatureCollection>('parks.geojson').features as ParkFeature[];
  stations = readJson<FeatureCollection>('stations.geojson').features as StationFeature[];
  // The grid as the app assembles it from its index and chunks.
  grid = readDemoGrid();
});

describe('manifest', () => {
  it('lists every layer with the bytes, hash and feature count of its file', () => {
    const manifest = validateManifest(readJson('manifest.json'));
    expect(manifest.demo).toBe(true);
    expect(manifest.dataDate).toBe('2025-09-16');
    expect(manifest.layers.map((l) => l.id)).toEqual(LAYER_IDS);
    for (const layer of manifest.layers) {
      // The hash and size are of the content: what the app checks after decoding the .gz file.
      const bytes = readDataContent(layer.file);
      expect(layer.file, 'every file the app fetches is compressed').toMatch(/\.gz$/);
      expect(layer.bytes, layer.file).toBe(bytes.length);
      expect(layer.hash, layer.file).toBe(createHash('sha256').update(bytes).digest('hex'));
      const count = layer.format === 'pdsgrid' ? grid.header.cellCount : (JSON.parse(bytes.toString('utf8')) as FeatureCollection).features.length;
      expect(layer.featureCount, layer.file).toBe(count);
      if (layer.format !== 'pdsgrid') expect(Buffer.compare(bytes, readBytes(layer.file.replace(/\.gz$/, ''))), 'the plain copy is the same').toBe(0);
      for (const chunk of layer.chunks ?? []) {
        const content = readDataContent(chunk.file);
        expect(chunk.bytes, chunk.file).toBe(content.length);
        expect(chunk.hash, chunk.file).toBe(createHash('sha256').update(content).digest('hex'));
      }
    }
  });

  it('the chunks of the grid cover every pollutant-day once, and assembled they equal the whole grid of hotspot-grid.bin', () => {
    const entry = validateManifest(readJson('manifest.json')).layers.find((l) => l.id === HOTSPOT_GRID)!;
    const { header } = grid;
    const covered = new Uint8Array(header.pollutants.length * header.days);
    for (const c of entry.chunks!) for (let d = c.first; d < c.first + c.days; d++) covered[header.pollutants.indexOf(c.pollutant) * header.days + d]++;
    expect(covered.every((n) => n === 1)).toBe(true);
    expect(grid.loaded!.every((n) => n === 1)).toBe(true);
    const bin = readBytes('hotspot-grid.bin');
    const whole = decodeHotspotGrid(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer);
    expect(whole.header).toEqual({ ...header, chunked: undefined });
    expect(Buffer.compare(Buffer.from(whole.values.buffer, whole.values.byteOffset, whole.values.byteLength), Buffer.from(grid.values.buffer))).toBe(0);
    expect([...whole.cellIds]).toEqual([...grid.cellIds]);
  });

  it('every GeoJSON layer passes the app validation with no problems', () => {
    for (const id of LAYER_IDS.filter((l) => l !== HOTSPOT_GRID)) {
      const file = validateManifest(readJson('manifest.json')).layers.find((l) => l.id === id)!.file;
      const json = JSON.parse(readDataContent(file).toString('utf8')) as FeatureCollection;
      const { collection, problems, warnings } = validateLayer(specOf(id), json);
      expect(problems, id).toEqual([]);
      expect(collection.features.length, id).toBe(json.features.length);
      // Rivers may run a little past the city (they continue downstream), nothing else may.
      if (id !== 'rivers') expect(warnings, id).toEqual([]);
    }
  });

  it('GeoJSON coordinates have at most 6 decimals and features have integer ids', () => {
    for (const file of ['counties.geojson', 'outfalls.geojson', 'rivers.geojson', 'fire-points.geojson']) {
      const text = readBytes(file).toString('utf8');
      expect(text.match(/\d+\.\d{7,}/), file).toBeNull();
      readJson<FeatureCollection>(file).features.forEach((f, i) => expect(f.id).toBe(i));
    }
  });
});

describe('geography', () => {
  it('has the ten county-level units with GB/T 2260 codes', () => {
    expect(counties.map((c) => c.properties.name).sort()).toEqual(
      ['卫东区', '叶县', '宝丰县', '新华区', '湛河区', '汝州市', '石龙区', '舞钢市', '郏县', '鲁山县'].sort(),
    );
    for (const c of counties) expect(c.properties.code).toMatch(/^4104\d\d$/);
  });

  it('has the six rivers, then their tributaries, and three reservoirs; the Sha River stops at both of its reservoirs and starts again below them', () => {
    const main = rivers.filter((r) => (r.properties.class ?? '主要河流') === '主要河流');
    expect(main.map((r) => r.properties.name)).toEqual(['沙河', '北汝河', '湛河', '澧河', '灰河', '干江河']);
    expect(rivers.slice(0, 6)).toEqual(main);
    expect(rivers.slice(6).every((r) => r.properties.class === '支流')).toBe(true);
    expect(reservoirs.map((r) => r.properties.name).sort()).toEqual(['孤石滩水库', '昭平台水库', '白龟山水库'].sort());
    const sha = rivers.find((r) => r.properties.name === '沙河')!;
    expect(sha.properties.source).toBe('GSHHG WDBII');
    // Above 昭平台, between the two reservoirs, below 白龟山: no line drawn across the water.
    expect(sha.geometry.type).toBe('MultiLineString');
    expect((sha.geometry.coordinates as number[][][]).length).toBe(3);
    for (const name of ['白龟山水库', '昭平台水库']) {
      const reservoir = reservoirs.find((r) => r.properties.name === name)!;
      const inside = (sha.geometry.coordinates as number[][][]).flat().filter((c) => booleanPointInPolygon(point(c), reservoir, { ignoreBoundary: true }));
      expect(inside, name).toEqual([]);
    }
  });

  it('puts each reservoir in the county it belongs to', () => {
    const where = (name: string): string | undefined => {
      const r = reservoirs.find((f) => f.properties.name === name)!;
      const ring = r.geometry.coordinates[0];
      const c = [mean(ring.map((p) => p[0])), mean(ring.map((p) => p[1]))];
      return countyAt(c)?.properties.name;
    };
    expect(where('昭平台水库')).toBe('鲁山县');
    expect(where('孤石滩水库')).toBe('叶县');
    expect(['新华区', '湛河区', '鲁山县']).toContain(where('白龟山水库'));
  });
});

describe('outfalls', () => {
  it('number 2,900–3,200 with unique codes', () => {
    expect(outfalls.length).toBeGreaterThanOrEqual(2900);
    expect(outfalls.length).toBeLessThanOrEqual(3200);
    expect(new Set(outfalls.map((o) => o.code)).size).toBe(outfalls.length);
  });

  it('all lie inside the city, in the county their record names', () => {
    const wrong = outfalls.filter((o, i) => countyAt(outfallCoords[i])?.properties.code !== o.countyCode);
    expect(wrong.map((o) => o.code)).toEqual([]);
    outfalls.forEach((o, i) => expect([o.lon, o.lat]).toEqual(outfallCoords[i]));
  });

  it('all lie within 300 m of their receiving water and never in a reservoir', () => {
    const lines = new Map<string, ReturnType<typeof lineString>[]>();
    for (const r of rivers) {
      const parts = r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates;
      lines.set(
        r.properties.name,
        parts.map((p) => lineString(p)),
      );
    }
    for (const r of reservoirs) lines.set(r.properties.name, [lineString(r.geometry.coordinates[0])]);
    const far: string[] = [];
    outfalls.forEach((o, i) => {
      const water = lines.get(o.river);
      if (!water) return void far.push(`${o.code}: unknown water ${o.river}`);
      const d = Math.min(...water.map((l) => pointToLineDistance(point(outfallCoords[i]), l, { units: 'meters' })));
      if (d > 300) far.push(`${o.code} ${d.toFixed(0)} m`);
      if (reservoirs.some((r) => booleanPointInPolygon(point(outfallCoords[i]), r))) far.push(`${o.code} in a reservoir`);
    });
    expect(far).toEqual([]);
  });

  it('have categories in plausible proportions', () => {
    const share = (c: string): number => outfalls.filter((o) => o.category === c).length / outfalls.length;
    for (const c of OUTFALL_CATEGORIES) expect(share(c), c).toBeGreaterThan(0);
    expect(share('工业排污口')).toBeGreaterThan(0.08);
    expect(share('工业排污口')).toBeLessThan(0.16);
    expect(share('城镇污水处理厂排污口')).toBeGreaterThan(0.015);
    expect(share('城镇污水处理厂排污口')).toBeLessThan(0.05);
    expect(share('其他排口') + share('农业排口')).toBeGreaterThan(0.75);
    // Every water body receives outfalls.
    for (const w of [...rivers, ...reservoirs])
      expect(
        outfalls.some((o) => o.river === w.properties.name),
        w.properties.name,
      ).toBe(true);
  });

  it('follow 查-测-溯-治 in order', () => {
    const dataDate = '2025-09-16';
    for (const o of outfalls) {
      expect(o.monitored === (o.monitoringDate !== null) && o.monitored === (o.monitoringResult !== null), o.code).toBe(true);
      if (o.traced) expect(o.monitored, o.code).toBe(true);
      expect(o.traced === (o.sourceDescription !== null), o.code).toBe(true);
      if (o.monitoringDate) expect(o.monitoringDate >= o.surveyDate && o.monitoringDate <= dataDate, o.code).toBe(true);
      if (o.remediationStatus === '已完成') {
        expect(o.remediationDeadline <= dataDate, o.code).toBe(true);
        expect(o.traced, o.code).toBe(true);
      }
      expect(o.surveyDate <= dataDate).toBe(true);
    }
    const kept = outfalls.filter((o) => o.remediationMeasure === '保留');
    expect(kept.filter((o) => o.monitoringResult === '超标').length).toBe(0);
    expect(kept.filter((o) => o.monitoringResult === '达标').length / kept.length).toBeGreaterThan(0.5);
  });

  it('are denser near towns and parks, and those inside a park carry its id', () => {
    const byPark = new Map(parks.map((p) => [p.properties.id, p]));
    outfalls.forEach((o, i) => {
      const inside = parks.find((p) => booleanPointInPolygon(point(outfallCoords[i]), p));
      expect(o.parkId, o.code).toBe(inside ? inside.properties.id : null);
      if (o.parkId) expect(byPark.has(o.parkId)).toBe(true);
    });
    expect(outfalls.filter((o) => o.parkId).length).toBeGreaterThan(20);
    // The urban districts hold ~2 % of the city's area but far more of its outfalls.
    const urban = outfalls.filter((o) => ['410402', '410403', '410411'].includes(o.countyCode)).length / outfalls.length;
    expect(urban).toBeGreaterThan(0.1);
  });
});

describe('chemical parks', () => {
  it('are the six of the report with their wastewater statuses', () => {
    const status = Object.fromEntries(parks.map((p) => [p.properties.name, p.properties.wastewaterStatus]));
    expect(Object.keys(status)).toHaveLength(6);
    expect(status['汝州经济技术开发区化工园区']).toBe('已建成专业化工废水处理设施');
    expect(status['叶县先进制造业开发区化工园区']).toBe('已建成专业化工废水处理设施');
    expect(status['尼龙新材料开发区(化工园区)']).toBe('已建成专业化工废水处理设施');
    expect(status['高新技术产业开发区(化工园区)']).toBe('依托骨干企业处理');
    expect(status['宝丰煤炭产业园']).toBe('已建成待调试运行');
    expect(status['石龙区先进制造业开发区(化工园区)']).toBe('在建');
    const shilong = parks.find((p) => p.properties.wastewaterStatus === '在建')!;
    expect(shilong.properties.expectedCompletion).toBe('2025-12');
    expect(new Set(parks.map((p) => p.properties.wastewaterStatus))).toEqual(new Set(PARK_WASTEWATER_STATUSES));
  });

  it('lie in the counties they name', () => {
    for (const p of parks) {
      const ring = p.geometry.coordinates[0];
      const c = [mean(ring.slice(1).map((q) => q[0])), mean(ring.slice(1).map((q) => q[1]))];
      expect(countyAt(c)?.properties.code, p.properties.name).toBe(p.properties.countyCode);
    }
  });
});

// The five stations, the key enterprises, the grid's sources, gaps and agreement with the
// stations, and the fire points: tests/unit/air_data.test.ts.
describe('air quality', () => {
  const air = (): AirStationProperties[] => stations.map((s) => s.properties).filter((p): p is AirStationProperties => p.kind === 'air');

  it('the city series (mean of the air stations) matches the report', () => {
    const list = air();
    const days = grid.header.days;
    const cityDay = (p: 'pm25' | 'pm10' | 'o3' | 'no2', d: number): number => mean(list.map((s) => s[p][d] as number));
    const allDays = [...Array(days).keys()];
    expect(Math.abs(mean(allDays.map((d) => cityDay('pm25', d))) - REPORT.pm25)).toBeLessThanOrEqual(2);
    expect(Math.abs(mean(allDays.map((d) => cityDay('pm10', d))) - REPORT.pm10)).toBeLessThanOrEqual(2);
    const aqi = allDays.map((d) =>
      dailyAqi({
        pm25: Math.round(cityDay('pm25', d)),
        pm10: Math.round(cityDay('pm10', d)),
        o3: Math.round(cityDay('o3', d)),
        no2: Math.round(cityDay('no2', d)),
      }),
    );
    expect(aqi.filter((a) => a.aqi <= 100).length).toBe(REPORT.goodDays);
    expect(aqi.filter((a) => a.aqi > 100 && a.primary.includes('o3')).length).toBe(REPORT.o3LostDays);
  });

  it('station series are consistent with the grid cells they stand in', () => {
    const { header } = grid;
    const n = header.cellCount;
    for (const s of stations.filter((f) => f.properties.kind === 'air')) {
      const [lon, lat] = s.geometry.coordinates;
      const id = Math.floor((lat - header.origin[1]) / header.cellSize[1]) * header.cols + Math.floor((lon - header.origin[0]) / header.cellSize[0]);
      const i = grid.cellIds.indexOf(id);
      expect(i, s.properties.name).toBeGreaterThanOrEqual(0);
      const [w, so, e, no] = cellBounds(header, id);
      expect(lon >= w && lon < e && lat >= so && lat < no).toBe(true);
      const diffs: number[] = [];
      const series = (s.properties as AirStationProperties).pm25;
      for (let d = 0; d < header.days; d++) {
        const v = grid.values[d * n + i]; // pm25 is the first pollutant
        if (v !== GRID_NO_DATA && series[d] !== null) diffs.push(Math.abs(v - (series[d] as number)) / (series[d] as number));
      }
      expect(mean(diffs), s.properties.name).toBeLessThan(0.12);
    }
  });

  it('has water sections on every main river and reservoir with a class per month', () => {
    const water = stations.map((s) => s.properties).filter((p): p is WaterSectionProperties => p.kind === 'water');
    for (const w of [...rivers.filter((r) => r.properties.class !== '支流'), ...reservoirs])
      expect(
        water.some((s) => s.river === w.properties.name),
        w.properties.name,
      ).toBe(true);
    for (const s of water) expect(s.monthlyClass).toHaveLength(9);
    expect(water.some((s) => s.level === '国控') && water.some((s) => s.level === '省控')).toBe(true);
  });
});

describe('hotspot grid', () => {
  it('covers the city with ~1 km cells from 2025-01-01 to 2025-09-16', () => {
    const { header } = grid;
    expect(header.startDate).toBe('2025-01-01');
    expect(header.days).toBe(259);
    expect(header.cellSize[1]).toBeCloseTo(0.009, 3);
    // 7,882 km² of city at ≈1 km² per cell
    expect(header.cellCount).toBeGreaterThan(7000);
    expect(header.cellCount).toBeLessThan(9000);
    for (let i = 0; i < header.cellCount; i += 97) {
      const [w, s, e, n] = cellBounds(header, grid.cellIds[i]);
      const county = countyAt([(w + e) / 2, (s + n) / 2]);
      expect(county?.properties.code).toBe(header.counties[grid.cellCounty[i]].code);
    }
  });

  it('names each cell after the nearest township centre of its county (scripts/sources/townships.json)', () => {
    const source = JSON.parse(readFileSync(new URL('../../scripts/sources/townships.json', import.meta.url), 'utf8')) as TownshipSource;
    const { header } = grid;
    expect(grid.cellTownship?.length).toBe(header.cellCount);
    let exact = 0;
    for (let i = 0; i < header.cellCount; i++) {
      const [w, s, e, n] = cellBounds(header, grid.cellIds[i]);
      const centre: [number, number] = [(w + e) / 2, (s + n) / 2];
      const code = header.counties[grid.cellCounty[i]].code;
      const name = header.townships![grid.cellTownship![i]];
      const own = source[code].filter(([t]) => t === name);
      expect(own, `cell ${grid.cellIds[i]}: ${name} is a township of ${code}`).toHaveLength(1);
      let nearest = Infinity;
      for (const [, lon, lat] of source[code]) nearest = Math.min(nearest, greatCircleM(centre, [lon, lat]));
      // The generator measures on a local plane; two centres within 1 % of each other may go either way.
      const d = greatCircleM(centre, [own[0][1], own[0][2]]);
      expect(d, `cell ${grid.cellIds[i]}: ${name} is ${Math.round(d)} m away, the nearest centre ${Math.round(nearest)} m`).toBeLessThanOrEqual(nearest * 1.01);
      if (d === nearest) exact++;
    }
    expect(exact / header.cellCount, 'all but near ties are the nearest exactly').toBeGreaterThan(0.99);
    // Every township of the list is some cell's, so the list holds no name the ranking never shows.
    expect(new Set(grid.cellTownship).size).toBe(header.townships!.length);
  });

  it('reads clearly higher in 石龙区 than over the city', () => {
    const n = grid.header.cellCount;
    const sl = grid.header.counties.findIndex((c) => c.name === '石龙区');
    let all = 0,
      allN = 0,
      s = 0,
      sN = 0;
    for (let d = 0; d < grid.header.days; d++) {
      for (let i = 0; i < n; i++) {
        const v = grid.values[d * n + i];
        if (v === GRID_NO_DATA) continue;
        all += v;
        allN++;
        if (grid.cellCounty[i] === sl) {
          s += v;
          sN++;
        }
      }
    }
    expect(s / sN / (all / allN)).toBeGreaterThan(1.15);
  });

  it('has winter particles and summer ozone', () => {
    const n = grid.header.cellCount;
    const monthMean = (pi: number, from: number, to: number): number => {
      const vals: number[] = [];
      for (let d = from; d < to; d++)
        for (let i = 0; i < n; i += 11) {
          const v = grid.values[(pi * grid.header.days + d) * n + i];
          if (v !== GRID_NO_DATA) vals.push(v);
        }
      return mean(vals);
    };
    const pm = grid.header.pollutants.indexOf('pm25');
    const o3 = grid.header.pollutants.indexOf('o3');
    expect(monthMean(pm, 0, 31)).toBeGreaterThan(1.8 * monthMean(pm, 181, 212));
    expect(monthMean(o3, 151, 181)).toBeGreaterThan(1.8 * monthMean(o3, 0, 31));
  });
});
