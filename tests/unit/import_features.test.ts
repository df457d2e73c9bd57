// A file imported as a layer of its own: every coordinate in WGS84, each feature the app
// could not draw or load again refused with its reason, properties flat.
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import type { Point } from 'geojson';
import type { ParsedFeatures } from '../../src/import/types';
import { validateFeatures } from '../../src/import/validate_features';
import { validateLayer } from '../../src/data/validate_layer';
import { parseFixture } from './helpers/import_fixtures';

describe('validateFeatures', () => {
  it('keeps the good features and says why each other one is refused', async () => {
    const parsed = (await parseFixture('layer.geojson')) as ParsedFeatures;
    const result = validateFeatures(parsed, 'wgs84');
    expect(result.read).toBe(6);
    expect(result.collection.features.map((f) => f.properties?.['名称'])).toEqual(['测试片区', '监测点']);
    expect(result.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, '坐标（1e+308, 33）超出经纬度范围：可能是投影坐标（米），请在 GIS 软件中转为经纬度后再导入'],
      [3, '没有几何图形（空几何）'],
      [4, '面的环未闭合（首尾坐标不同）'],
      [6, '几何类型应为点或线或多线或面或多面，实为 "MultiPoint"'],
    ]);
    expect(result.rejected[0].values).toEqual({ 名称: '坐标过大', 属性: '', 数量: '', 有效: '', 备注: '' });
  });

  it('flattens properties: nested values as JSON text, empty ones left out; drops the altitude', async () => {
    const parsed = (await parseFixture('layer.geojson')) as ParsedFeatures;
    const [area, point] = validateFeatures(parsed, 'wgs84').collection.features;
    expect(area.properties).toEqual({ 名称: '测试片区', 属性: '{"等级":1}' });
    expect(point.properties).toEqual({ 名称: '监测点', 数量: 3, 有效: true });
    expect(point.geometry).toEqual({ type: 'Point', coordinates: [113.3, 33.75] });
  });

  it('transforms every coordinate of a GCJ-02 file with gcoord', async () => {
    const parsed = (await parseFixture('layer.geojson')) as ParsedFeatures;
    const result = validateFeatures(parsed, 'gcj02');
    expect((result.collection.features[1].geometry as Point).coordinates).toEqual(gcoord.transform([113.3, 33.75], gcoord.GCJ02, gcoord.WGS84));
    const ring = (result.collection.features[0].geometry as { coordinates: number[][][] }).coordinates[0];
    expect(ring[1]).toEqual(gcoord.transform([113.21, 33.7], gcoord.GCJ02, gcoord.WGS84));
    // Still closed: the first and last positions transform alike.
    expect(ring[0]).toEqual(ring.at(-1));
  });

  it('a projected Shapefile comes in at its places; a line of one point is refused', async () => {
    const parsed = (await parseFixture('reach_gk.zip')) as ParsedFeatures;
    const result = validateFeatures(parsed, 'wgs84');
    expect(result.rejected.map((r) => [r.row, r.reason, r.values['名称']])).toEqual([[2, '线至少需要 2 个坐标点', '一个点的线']]);
    expect(result.collection.features).toHaveLength(1);
    // Loaded as the app loads any layer: nothing left out.
    const loaded = validateLayer({ id: 'reach', title: '河段', format: 'geojson' }, result.collection);
    expect(loaded.problems).toEqual([]);
    expect(loaded.warnings).toEqual([]);
  });

  it('refuses coordinates that are not numbers, and a GeometryCollection', () => {
    const parsed: ParsedFeatures = {
      kind: 'features',
      format: 'geojson',
      fields: [],
      crs: null,
      features: [
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: ['113', 33] as unknown as number[] } },
        { type: 'Feature', properties: {}, geometry: { type: 'GeometryCollection', geometries: [] } },
        { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: 'x' as unknown as number[][] } },
      ],
    };
    expect(validateFeatures(parsed, 'wgs84').rejected.map((r) => r.reason)).toEqual([
      '坐标不是有效数字（["113",33]）',
      '不支持几何集合（GeometryCollection）',
      '几何图形的坐标格式不正确',
    ]);
  });
});
