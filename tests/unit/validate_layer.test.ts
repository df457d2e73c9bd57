import { describe, expect, it } from 'vitest';
import { parseJsonText, validateLayer, validateManifest } from '../../src/data/validate_layer';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';

/** Each layer is checked by the spec its module (src/layers/) gives. */
const spec = (id: string) => BUILT_IN_LAYERS.find((l) => l.id === id)!;

const outfall = (over: Record<string, unknown> = {}, coordinates: unknown = [113.2, 33.7]): unknown => ({
  type: 'Feature',
  properties: {
    code: 'PDS-SH-0001',
    name: '测试排口1号',
    category: '其他排口',
    subtype: '城镇雨洪排口',
    river: '沙河',
    countyCode: '410411',
    countyName: '湛河区',
    township: '曹镇乡',
    lon: 113.2,
    lat: 33.7,
    dischargeMode: '雨季',
    responsibleUnit: '曹镇乡人民政府',
    surveyDate: '2024-03-01',
    monitored: true,
    monitoringDate: '2024-04-01',
    monitoringResult: '达标',
    traced: true,
    sourceDescription: '雨水',
    remediationMeasure: '保留',
    remediationStatus: '已完成',
    remediationDeadline: '2025-01-31',
    parkId: null,
    ...over,
  },
  geometry: { type: 'Point', coordinates },
});
const fc = (...features: unknown[]): unknown => ({ type: 'FeatureCollection', features });

describe('validateLayer', () => {
  it('keeps good rows and reports each bad one in Chinese with its row number', () => {
    const { collection, problems } = validateLayer(
      spec('outfalls'),
      fc(
        outfall(),
        outfall({ code: 'PDS-SH-0002' }, [200, 95]),
        outfall({ code: 'PDS-SH-0003', category: '工厂' }),
        outfall({ code: 'PDS-SH-0004', lon: 113.21 }, [113.21, 33.71]),
        outfall({ code: 'PDS-SH-0005', surveyDate: '去年' }),
      ),
    );
    expect(collection.features.map((f) => f.properties?.code)).toEqual(['PDS-SH-0001', 'PDS-SH-0004']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('排污口 第 2 条（PDS-SH-0002）：坐标超出范围 (200, 95)');
    expect(problems[1]).toContain('排污口 第 3 条（PDS-SH-0003）：类别（category）应为 工业排污口、城镇污水处理厂排污口、农业排口、其他排口 之一');
    expect(problems[2]).toContain('排查日期（surveyDate）应为日期');
  });

  it('reports a duplicate code and keeps the first', () => {
    const { collection, problems } = validateLayer(spec('outfalls'), fc(outfall(), outfall()));
    expect(collection.features).toHaveLength(1);
    expect(problems[0]).toContain('编码重复（PDS-SH-0001）');
  });

  it('checks the geometry type per layer', () => {
    const line = { type: 'Feature', properties: { id: 'x', name: '河', source: '手工数字化' }, geometry: { type: 'Point', coordinates: [113, 33.7] } };
    const { collection, problems } = validateLayer(spec('rivers'), fc(line));
    expect(collection.features).toHaveLength(0);
    expect(problems[0]).toBe('河流 第 1 条（x）：几何类型应为线或多线，实为 "Point"');
  });

  it('rejects an unclosed polygon ring and non-numeric coordinates', () => {
    const park = (coords: unknown): unknown => ({
      type: 'Feature',
      properties: { id: 'p', name: '园区', countyCode: '410422', countyName: '叶县', wastewaterStatus: '在建', facility: '厂', expectedCompletion: '2025-12' },
      geometry: { type: 'Polygon', coordinates: coords },
    });
    const { problems, collection } = validateLayer(
      spec('parks'),
      fc(
        park([
          [
            [113, 33.6],
            [113.1, 33.6],
            [113.1, 33.7],
            [113, 33.7],
          ],
        ]),
        park([
          [
            [113, 'a'],
            [113.1, 33.6],
            [113.1, 33.7],
            [113, 'a'],
          ],
        ]),
      ),
    );
    expect(collection.features).toHaveLength(0);
    expect(problems[0]).toContain('面的环未闭合');
    expect(problems[1]).toContain('坐标不是数字');
  });

  it('warns about points outside the city but keeps them', () => {
    const { collection, problems, warnings } = validateLayer(spec('outfalls'), fc(outfall({ lon: 116.4, lat: 39.9 }, [116.4, 39.9])));
    expect(collection.features).toHaveLength(1);
    expect(problems).toEqual([]);
    expect(warnings[0]).toContain('不在平顶山市范围内');
  });

  it('checks air and water stations by their kind', () => {
    const air = {
      type: 'Feature',
      properties: {
        kind: 'air',
        id: 'a',
        name: '站',
        countyCode: '410402',
        countyName: '新华区',
        startDate: '2025-01-01',
        pm25: [30, null],
        pm10: [60, 61],
        o3: [100, 90],
        no2: ['x'],
      },
      geometry: { type: 'Point', coordinates: [113.3, 33.74] },
    };
    const odd = { type: 'Feature', properties: { kind: 'noise', id: 'b' }, geometry: { type: 'Point', coordinates: [113.3, 33.74] } };
    const { problems, collection } = validateLayer(spec('stations'), fc(air, odd));
    expect(collection.features).toHaveLength(0);
    expect(problems[0]).toContain('NO2 序列');
    expect(problems[1]).toContain('站点类型（kind）');
  });

  it('rejects what is not a FeatureCollection, with a Chinese message', () => {
    expect(() => validateLayer(spec('outfalls'), { type: 'Feature' })).toThrow('排污口数据不是有效的 GeoJSON 要素集合');
    expect(() => validateLayer(spec('outfalls'), null)).toThrow(/排污口/);
    expect(() => validateLayer(spec('hotspot-grid'), fc())).toThrow('热点网格不是 GeoJSON 图层');
  });
});

describe('validateManifest', () => {
  const good = {
    demo: true,
    dataDate: '2025-09-16',
    name: '演示',
    layers: [{ id: 'outfalls', title: '排污口', file: 'outfalls.geojson', format: 'geojson', featureCount: 3, bytes: 10, hash: 'a'.repeat(64) }],
  };

  it('accepts a well-formed manifest', () => {
    expect(validateManifest(good).layers[0].title).toBe('排污口');
  });

  it('accepts a layer the app has no module for (it is shown as a generic layer)', () => {
    const wells = { ...good.layers[0], id: 'monitoring-wells', title: '地下水监测井', file: 'wells.geojson' };
    expect(validateManifest({ ...good, layers: [good.layers[0], wells] }).layers.map((l) => l.id)).toEqual(['outfalls', 'monitoring-wells']);
  });

  it('rejects broken manifests with a clear Chinese message', () => {
    expect(() => validateManifest('nope')).toThrow('数据清单 manifest.json 格式不正确');
    expect(() => validateManifest({ ...good, layers: [] })).toThrow('没有图层列表');
    expect(() => validateManifest({ ...good, layers: [{ ...good.layers[0], id: 'Roads!' }] })).toThrow('图层编号无效："Roads!"');
    expect(() => validateManifest({ ...good, layers: [{ ...good.layers[0], hash: 'xyz' }] })).toThrow('校验值不是 SHA-256');
    expect(() => validateManifest({ ...good, layers: [{ ...good.layers[0], file: '../etc/passwd' }] })).toThrow('文件名无效');
    expect(() => validateManifest({ ...good, layers: [good.layers[0], good.layers[0]] })).toThrow('图层编号重复');
  });

  it('turns broken JSON into a Chinese error', () => {
    expect(() => parseJsonText('{"demo": tru', 'manifest.json')).toThrow(/^manifest.json不是有效的 JSON/);
  });
});
