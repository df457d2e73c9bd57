import { describe, expect, it } from 'vitest';
import type { CardContext } from '../../src/layers/card';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import type { OutfallProperties } from '../../src/data/types';
import type { LoadedLayer } from '../../src/data/loaded_layer';
import { GRID_NO_DATA } from '../../src/data/hotspot_grid_format';

const outfall: OutfallProperties = {
  code: 'PDS-TEST-0007',
  name: '测试排口',
  category: '工业排污口',
  subtype: '工矿企业排污口',
  river: '沙河',
  countyCode: '410423',
  countyName: '鲁山县',
  township: '琴台街道',
  lon: 112.9012345,
  lat: 33.7398765,
  dischargeMode: '间歇',
  responsibleUnit: '某某公司',
  surveyDate: '2024-05-11',
  monitored: true,
  monitoringDate: '2024-06-02',
  monitoringResult: '超标',
  traced: false,
  sourceDescription: null,
  remediationMeasure: '规范整治',
  remediationStatus: '整治中',
  remediationDeadline: '2025-12-31',
  parkId: 'park-1',
};

const collection = (props: object[]): LoadedLayer => ({
  kind: 'geojson',
  collection: { type: 'FeatureCollection', features: props.map((p) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [0, 0] } })) },
});

const ctx: CardContext = {
  parkName: (id) => (id === 'park-1' ? '叶县先进制造业开发区化工园区' : undefined),
  countOutfalls: (filter) => [outfall, { ...outfall, countyCode: '410482' }].filter(filter).length,
};

/** A card as the app makes it: through the layer's description in the registry. */
const describeFeature = (id: string, layer: LoadedLayer, index: number, context: CardContext) =>
  BUILT_IN_LAYERS.find((l) => l.id === id)!.describe(layer, index, context);

const field = (rows: [string, string][], label: string) => rows.find(([l]) => l === label)?.[1];

describe('park card', () => {
  const park = {
    id: 'park-1',
    name: '叶县先进制造业开发区化工园区',
    countyCode: '410422',
    countyName: '叶县',
    wastewaterStatus: '已建成专业化工废水处理设施',
    facility: '叶县化工废水集中处理厂',
    expectedCompletion: null,
    enterprises: 16,
    enterprisesConnected: 15,
  };
  const around = {
    inside: [
      { category: '工业排污口', count: 4 },
      { category: '城镇污水处理厂排污口', count: 1 },
      { category: '农业排口', count: 0 },
      { category: '其他排口', count: 0 },
    ],
    insideTotal: 5,
    near: [
      { category: '工业排污口', count: 0 },
      { category: '城镇污水处理厂排污口', count: 0 },
      { category: '农业排口', count: 2 },
      { category: '其他排口', count: 0 },
    ],
    nearTotal: 2,
    distanceM: 1000,
  };
  const context: CardContext = {
    ...ctx,
    parkOutfalls: (id) => (id === 'park-1' ? around : undefined),
    parkDownstream: () => ({ name: '叶县大陈闸', latestClass: 'III', month: '2025年8月' }),
  };
  const card = describeFeature('parks', collection([park]), 0, context)!;

  it('shows the enterprises, how many are connected, and the coverage it makes', () => {
    expect(field(card.rows, '园区企业')).toBe('16 家，已接入处理设施 15 家');
    expect(field(card.rows, '污水处理覆盖率')).toBe('93.8%');
  });

  it('counts the outfalls inside the park and within 1 km of it by category, and names the section downstream', () => {
    expect(field(card.rows, '园区内排污口')).toBe('5 个（工业排污口 4、城镇污水处理厂排污口 1）');
    expect(field(card.rows, '园区外 1 公里内排污口')).toBe('2 个（农业排口 2）');
    expect(field(card.rows, '下游水质断面')).toBe('叶县大陈闸：III类（2025年8月）');
  });

  it('says when a park still building expects to be done', () => {
    const building = describeFeature(
      'parks',
      collection([{ ...park, wastewaterStatus: '在建', expectedCompletion: '2025-12', enterprisesConnected: 0 }]),
      0,
      context,
    )!;
    expect(field(building.rows, '预计竣工')).toBe('2025-12');
    expect(field(building.rows, '污水处理覆盖率')).toBe('0.0%');
  });
});

describe('outfall card', () => {
  const card = describeFeature('outfalls', collection([outfall]), 0, ctx)!;

  it('shows the code, name, category and subtype, receiving water and county as Chinese fields', () => {
    expect(card.title).toBe('测试排口');
    expect(field(card.rows, '编码')).toBe('PDS-TEST-0007');
    expect(field(card.rows, '类别')).toBe('工业排污口');
    expect(field(card.rows, '子类')).toBe('工矿企业排污口');
    expect(field(card.rows, '受纳水体')).toBe('沙河');
    expect(field(card.rows, '所在县区')).toBe('鲁山县（410423）');
    expect(field(card.rows, '所在园区')).toBe('叶县先进制造业开发区化工园区');
  });

  it('shows 查-测-溯-治 progress from the record: found, sampled (exceeding), not traced, remediation under way', () => {
    expect(card.progress!.map((s) => [s.step, s.state])).toEqual([
      ['查', 'done'],
      ['测', 'done'],
      ['溯', 'todo'],
      ['治', 'doing'],
    ]);
    expect(card.progress![1].text).toContain('超标');
    expect(card.progress![3].text).toContain('2025-12-31');
  });

  it('returns nothing for an index past the end (a stale selection)', () => {
    expect(describeFeature('outfalls', collection([outfall]), 5, ctx)).toBeNull();
  });

  it('says when the outfall lies in a drinking-water source protection zone, and nothing when not (or when the zones are not loaded)', () => {
    expect(field(card.rows, '水源保护区')).toBeUndefined();
    const inZone = describeFeature('outfalls', collection([outfall]), 0, { ...ctx, protectionZoneAt: () => '白龟山水库一级保护区（演示）' })!;
    expect(field(inZone.rows, '水源保护区')).toBe('白龟山水库一级保护区（演示）');
    expect(field(describeFeature('outfalls', collection([outfall]), 0, { ...ctx, protectionZoneAt: () => undefined })!.rows, '水源保护区')).toBeUndefined();
  });
});

describe('protection zone card', () => {
  it('names the level, the water it protects, and counts the outfalls whose zone it is', () => {
    const ring = [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
      [-1, -1],
    ];
    const layer: LoadedLayer = {
      kind: 'geojson',
      collection: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'spz-x-1', name: '某水库一级保护区（演示）', level: '一级', reservoir: '某水库', source: '演示' },
            geometry: { type: 'Polygon', coordinates: [ring] },
          },
        ],
      },
    };
    const card = describeFeature('source-protection', layer, 0, {
      ...ctx,
      countOutfalls: (f) =>
        [
          { ...outfall, lon: 0, lat: 0 },
          { ...outfall, lon: 5, lat: 5 },
        ].filter(f).length,
    })!;
    expect(card.kind).toBe('饮用水水源保护区');
    expect(field(card.rows, '级别')).toBe('一级');
    expect(field(card.rows, '保护水源')).toBe('某水库');
    expect(field(card.rows, '区内排污口')).toBe('1 个');
  });
});

describe('other cards', () => {
  it('counts the outfalls of a county', () => {
    const card = describeFeature('counties', collection([{ code: '410482', name: '汝州市' }]), 0, ctx)!;
    expect(card.title).toBe('汝州市');
    expect(field(card.rows, '入河排污口')).toBe('1 个');
  });

  it('marks a water section that misses its target class', () => {
    const section = {
      kind: 'water',
      id: 'W1',
      name: '湛河高阳店',
      river: '湛河',
      countyCode: '410411',
      countyName: '湛河区',
      level: '省控',
      targetClass: 'IV',
      startMonth: '2025-01',
      monthlyClass: ['IV', 'V'],
    };
    const card = describeFeature('stations', collection([section]), 0, ctx)!;
    expect(field(card.rows, '最新水质')).toBe('V类（未达标）');
    expect(card.sections![0].rows).toEqual([
      ['2025年1月', 'IV类'],
      ['2025年2月', 'V类'],
    ]);
  });

  it('gives an air station its latest readings with their AQI level', () => {
    const station = {
      kind: 'air',
      id: 'A1',
      name: '石龙区站',
      countyCode: '410404',
      countyName: '石龙区',
      startDate: '2025-01-01',
      pm25: [80, 76],
      pm10: [120, 151],
      o3: [50, null],
      no2: [30, 40],
    };
    const card = describeFeature('stations', collection([station]), 0, ctx)!;
    expect(card.sections![0].heading).toBe('最新日 2025-01-02');
    expect(field(card.sections![0].rows, 'PM2.5')).toBe('76 µg/m³（轻度污染）');
    expect(field(card.sections![0].rows, 'O₃（8 小时）')).toBe('无数据');
    expect(field(card.sections![1].rows, 'PM2.5')).toBe('78 µg/m³');
  });

  it('says a grid cell under cloud has no data, and reads the others for the chosen day', () => {
    const grid: LoadedLayer = {
      kind: 'grid',
      grid: {
        header: {
          version: 1,
          origin: [112, 33],
          cellSize: [0.01, 0.009],
          cols: 4,
          rows: 4,
          cellCount: 2,
          startDate: '2025-09-15',
          days: 2,
          pollutants: ['pm25', 'pm10'],
          counties: [{ code: '410404', name: '石龙区' }],
          units: 'µg/m³',
        },
        cellIds: new Uint32Array([1, 6]),
        cellCounty: new Uint8Array([0, 0]),
        // pm25 day0 [10, 11], day1 [GRID_NO_DATA, 40]; pm10 day0 [20, 21], day1 [30, 160]
        values: new Uint16Array([10, 11, GRID_NO_DATA, 40, 20, 21, 30, 160]),
      },
    };
    const day1 = {
      pollutant: 'pm25' as const,
      mode: 'day' as const,
      first: 1,
      last: 1,
      colouring: 'concentration' as const,
      base: null,
      threshold: 0.2,
      scale: 1 as const,
    };
    const cloudy = describeFeature('hotspot-grid', grid, 0, { ...ctx, gridView: day1 })!;
    expect(field(cloudy.rows, '时段')).toBe('2025-09-16');
    expect(field(cloudy.rows, 'PM2.5 与城市均值相比')).toBe('无数据');
    expect(field(cloudy.sections![0].rows, 'PM2.5')).toBe('无数据（云遮挡）');
    expect(field(cloudy.sections![0].rows, 'PM10')).toBe('30 µg/m³（优）');
    const clear = describeFeature('hotspot-grid', grid, 1, { ...ctx, gridView: day1 })!;
    expect(field(clear.sections![0].rows, 'PM2.5')).toBe('40 µg/m³（良）');
    expect(field(clear.sections![0].rows, 'PM10')).toBe('160 µg/m³（轻度污染）');
    // Over both days: the cloudy day is left out of the mean, not counted as zero.
    const both = describeFeature('hotspot-grid', grid, 1, { ...ctx, gridView: { ...day1, mode: 'range', first: 0 } })!;
    expect(field(both.rows, '时段')).toBe('2025-09-15 至 2025-09-16（2 天）');
    expect(field(both.sections![0].rows, 'PM2.5')).toBe('26 µg/m³（优），2 天有数据');
    const cloudyMean = describeFeature('hotspot-grid', grid, 0, { ...ctx, gridView: { ...day1, mode: 'range', first: 0 } })!;
    expect(field(cloudyMean.sections![0].rows, 'PM2.5')).toBe('10 µg/m³（优），1 天有数据');
    // City mean of the two days' cell means: (10 + 25.5) / 2 = 17.75; cell 1 is 25.5 / 17.75 − 1 = 44 % above.
    expect(field(both.rows, 'PM2.5 与城市均值相比')).toBe('高 44%（城市均值 18 µg/m³），热点');
    // The period's figures and the chart: the cell, the city's daily mean of valid cells, the nearest station by date.
    expect(both.sections![1].rows).toEqual([
      ['均值', '26 µg/m³'],
      ['最大值', '40 µg/m³'],
      ['超标天数（> 75）', '0 天'],
      ['有数据天数', '2 / 2'],
    ]);
    expect(both.series!.dates).toEqual(['2025-09-15', '2025-09-16']);
    expect(both.series!.lines.map((l) => [l.label, l.values])).toEqual([
      ['本网格', [11, 40]],
      ['全市均值', [11, 40]],
    ]);
    const station = {
      kind: 'air' as const,
      id: 's',
      name: '新华区站',
      countyCode: '410402',
      countyName: '新华区',
      startDate: '2025-09-14',
      pm25: [1, 2, 3],
      pm10: [],
      o3: [],
      no2: [],
    };
    const withStation = describeFeature('hotspot-grid', grid, 1, { ...ctx, gridView: { ...day1, mode: 'range', first: 0 }, nearestAirStation: () => station })!;
    expect(withStation.series!.lines.at(-1)).toEqual({ label: '新华区站', colour: expect.any(String), values: [2, 3] });
  });
});
