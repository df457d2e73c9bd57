// 园区污水处理 from the data: the parks' statuses and coverage as the report states them,
// and the outfalls inside each park and within 1 km of it against a plain turf loop.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import { polygonToLine } from '@turf/polygon-to-line';
import type { Feature, FeatureCollection, LineString, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { OutfallProperties, ParkFeature } from '../../src/data/types';
import { describeCategoryCounts, formatCoverage, outfallsAroundPark, parkCoverage, summariseParks } from '../../src/spatial/park_coverage';
import { readDataContent } from '../helpers/data_files';

const features = <F>(file: string): F[] => (JSON.parse(readDataContent(file).toString('utf8')) as FeatureCollection).features as F[];
const parks = features<ParkFeature>('parks.geojson.gz');
const outfalls = features<{ properties: OutfallProperties }>('outfalls.geojson.gz').map((f) => f.properties);

describe('园区污水处理, the city summary', () => {
  const summary = summariseParks(parks.map((p) => p.properties));

  it('counts the parks by status as the report gives them: 3 dedicated plants, 1 backbone enterprise, 2 pending', () => {
    expect(summary.parks).toBe(6);
    expect(summary.dedicated).toBe(3);
    expect(summary.enterprise).toBe(1);
    expect(summary.pending).toBe(2);
    expect(summary.byStatus.find((s) => s.status === '在建')?.names).toEqual(['石龙区先进制造业开发区(化工园区)']);
    expect(summary.byStatus.find((s) => s.status === '已建成待调试运行')?.names).toEqual(['宝丰煤炭产业园']);
  });

  it('computes the coverage from the parks’ enterprises, not a written figure', () => {
    const enterprises = parks.reduce((s, p) => s + p.properties.enterprises, 0);
    const connected = parks.reduce((s, p) => s + p.properties.enterprisesConnected, 0);
    expect(summary.enterprises).toBe(enterprises);
    expect(summary.enterprisesConnected).toBe(connected);
    expect(summary.coverage).toBeCloseTo(connected / enterprises, 10);
    // A park whose plant is not running has none of its enterprises connected; one that runs, most.
    for (const p of parks.map((f) => f.properties)) {
      const coverage = parkCoverage(p)!;
      if (p.wastewaterStatus === '在建' || p.wastewaterStatus === '已建成待调试运行') expect(coverage, p.name).toBe(0);
      else expect(coverage, p.name).toBeGreaterThan(0.9);
    }
  });

  it('formats coverage with one decimal, and none as a dash', () => {
    expect(formatCoverage(55 / 57)).toBe('96.5%');
    expect(formatCoverage(1)).toBe('100.0%');
    expect(formatCoverage(null)).toBe('—');
    expect(summariseParks([]).coverage).toBeNull();
  });
});

describe('outfalls inside a park and within 1 km of it', () => {
  /** The plain way: every outfall through turf, no box. */
  function reference(park: ParkFeature, distanceM: number) {
    const line = polygonToLine(park as Feature<Polygon>) as Feature<LineString>;
    const inside = outfalls.filter((o) => booleanPointInPolygon([o.lon, o.lat], park));
    const near = outfalls.filter(
      (o) => !booleanPointInPolygon([o.lon, o.lat], park) && pointToLineDistance([o.lon, o.lat], line, { units: 'meters' }) <= distanceM,
    );
    return { inside, near };
  }

  it.each(parks.map((p) => [p.properties.name, p] as const))('%s: the same outfalls as turf over every one, by category', (_, park) => {
    const ours = outfallsAroundPark(park, outfalls, 1000);
    const ref = reference(park, 1000);
    expect(ours.insideTotal).toBe(ref.inside.length);
    expect(ours.nearTotal).toBe(ref.near.length);
    for (const { category, count } of ours.inside) expect(count, category).toBe(ref.inside.filter((o) => o.category === category).length);
    for (const { category, count } of ours.near) expect(count, category).toBe(ref.near.filter((o) => o.category === category).length);
    // The outfalls' own parkId agrees with the geometry.
    expect(ours.insideTotal).toBe(outfalls.filter((o) => o.parkId === park.properties.id).length);
  });

  it('finds some outfalls around the parks, and a wider distance finds at least as many', () => {
    const totals = parks.map((p) => outfallsAroundPark(p, outfalls, 1000));
    expect(totals.reduce((s, t) => s + t.insideTotal + t.nearTotal, 0)).toBeGreaterThan(0);
    for (const park of parks)
      expect(outfallsAroundPark(park, outfalls, 3000).nearTotal).toBeGreaterThanOrEqual(outfallsAroundPark(park, outfalls, 1000).nearTotal);
  });

  it('writes the counts for a card, leaving out categories with none', () => {
    expect(
      describeCategoryCounts([
        { category: '工业排污口', count: 3 },
        { category: '农业排口', count: 0 },
        { category: '其他排口', count: 1 },
      ]),
    ).toBe('工业排污口 3、其他排口 1');
    expect(describeCategoryCounts([{ category: '工业排污口', count: 0 }])).toBe('无');
  });
});
