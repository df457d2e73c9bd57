// checkFilter against the ids of the committed data set: each kind of problem is found,
// named by its part of the filter, and said in Chinese; a sensible filter has none.
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { readDataContent } from '../helpers/data_files';
import { MAX_DISTANCE_M, checkFilter, isIsoDate } from '../../src/spatial/filter/validate';
import type { KnownPlaces } from '../../src/spatial/filter/validate';
import type { AreaCondition, OutfallFilter, Ring } from '../../src/spatial/filter/description';
import { CITY_EXTENT } from '../../src/data/city';

const ids = (file: string, key: string) =>
  new Set((JSON.parse(readDataContent(file).toString('utf8')) as FeatureCollection).features.map((f) => String(f.properties?.[key])));

const known: KnownPlaces = {
  counties: ids('counties.geojson.gz', 'code'),
  parks: ids('parks.geojson.gz', 'id'),
  reservoirs: ids('reservoirs.geojson.gz', 'id'),
  rivers: ids('rivers.geojson.gz', 'id'),
};

/** A square around (113.2, 33.7), in the city. */
const square: Ring = [
  [113.1, 33.6],
  [113.3, 33.6],
  [113.3, 33.8],
  [113.1, 33.8],
  [113.1, 33.6],
];

const valid: OutfallFilter = {
  counties: ['410422', '410423'],
  townships: ['尧山镇'],
  waters: ['沙河', '白龟山水库'],
  categories: ['工业排污口', '农业排口'],
  subtypes: ['工矿企业排污口'],
  measures: ['取缔', '规范整治'],
  statuses: ['未启动', '整治中'],
  overdue: true,
  stages: ['查', '测', '溯', '治'],
  surveyFrom: '2024-01-01',
  surveyTo: '2024-12-31',
  areas: [
    { kind: 'within', layer: 'parks', id: 'park-nylon', distanceM: 1000 },
    { kind: 'within', layer: 'counties', id: '410422', distanceM: 0 },
    { kind: 'within', layer: 'reservoirs', id: 'baiguishan', distanceM: MAX_DISTANCE_M },
    { kind: 'near-river', river: 'shahe', distanceM: 500 },
    { kind: 'drawn', shape: 'rectangle', ring: square },
  ],
};

const areaProblems = (area: AreaCondition, places: KnownPlaces = known) => checkFilter({ areas: [area] }, places);

describe('checkFilter', () => {
  it('finds nothing wrong with a sensible filter, an empty one, or an open-ended or one-day date range', () => {
    expect(checkFilter(valid, known)).toEqual([]);
    expect(checkFilter({}, known)).toEqual([]);
    expect(checkFilter({ surveyFrom: '2024-02-29' }, known)).toEqual([]);
    expect(checkFilter({ surveyTo: '2024-02-29' }, known)).toEqual([]);
    expect(checkFilter({ surveyFrom: '2024-03-01', surveyTo: '2024-03-01' }, known)).toEqual([]);
  });

  it('rejects a negative, non-finite or too large distance, saying the limit', () => {
    const negative = areaProblems({ kind: 'near-river', river: 'shahe', distanceM: -5 });
    expect(negative).toEqual([{ field: 'areas', index: 0, message: '第 1 个区域条件：距离不能为负数（-5 米）' }]);
    for (const distanceM of [NaN, Infinity, -Infinity]) {
      const [problem] = areaProblems({ kind: 'within', layer: 'parks', id: 'park-nylon', distanceM });
      expect(problem.message).toContain('不是有效的数值');
    }
    const far = areaProblems({ kind: 'within', layer: 'parks', id: 'park-nylon', distanceM: MAX_DISTANCE_M + 1 });
    expect(far).toHaveLength(1);
    expect(far[0].message).toContain('超过上限 50 公里');
  });

  it('rejects a date range that ends before it starts, and dates that are not dates', () => {
    expect(checkFilter({ surveyFrom: '2024-12-31', surveyTo: '2024-01-01' }, known)).toEqual([
      { field: 'surveyTo', message: '排查日期范围的截止日期 2024-01-01 早于起始日期 2024-12-31' },
    ]);
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-1-1', '20240101', '', 'yesterday']) {
      const problems = checkFilter({ surveyFrom: bad, surveyTo: bad }, known);
      expect(problems.map((p) => p.field)).toEqual(['surveyFrom', 'surveyTo']);
      expect(problems[0].message).toBe(`排查起始日期“${bad}”无效，应为 YYYY-MM-DD 格式的日期`);
    }
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2024-02-30')).toBe(false);
  });

  it('names each unknown place: a county in the list, and the county, park, reservoir or river of an area', () => {
    expect(checkFilter({ counties: ['410422', '410499'] }, known)).toEqual([
      { field: 'counties', index: 1, message: '找不到区县代码“410499”', unknownPlace: true },
    ]);
    expect(areaProblems({ kind: 'within', layer: 'counties', id: '110101', distanceM: 0 })[0].message).toBe('第 1 个区域条件：找不到区县“110101”');
    expect(areaProblems({ kind: 'within', layer: 'parks', id: 'park-nowhere', distanceM: 0 })[0].message).toBe('第 1 个区域条件：找不到化工园区“park-nowhere”');
    expect(areaProblems({ kind: 'within', layer: 'reservoirs', id: 'shahe', distanceM: 0 })[0].message).toBe('第 1 个区域条件：找不到水库“shahe”');
    expect(areaProblems({ kind: 'near-river', river: 'baiguishan', distanceM: 100 })[0].message).toBe('第 1 个区域条件：找不到河流“baiguishan”');
    // A place the data set has in another layer is still unknown in this one, and the index is the area's.
    const problems = checkFilter({ areas: [valid.areas![0], { kind: 'within', layer: 'parks', id: 'baiguishan', distanceM: 0 }] }, known);
    expect(problems).toEqual([{ field: 'areas', index: 1, message: '第 2 个区域条件：找不到化工园区“baiguishan”', unknownPlace: true }]);
    // An unknown place and a bad distance are both reported; only the place is marked as one (the filter can still be evaluated).
    expect(areaProblems({ kind: 'within', layer: 'parks', id: 'x', distanceM: -1 }).map((p) => !!p.unknownPlace)).toEqual([true, false]);
  });

  it('rejects an unknown category, measure, status or stage, listing the allowed values', () => {
    const problems = checkFilter(
      {
        categories: ['工业排污口', '工业' as never],
        measures: ['拆除' as never],
        statuses: ['已完成', '完成' as never],
        stages: ['查', '治理' as never],
      },
      known,
    );
    expect(problems.map(({ field, index }) => ({ field, index }))).toEqual([
      { field: 'categories', index: 1 },
      { field: 'measures', index: 0 },
      { field: 'statuses', index: 1 },
      { field: 'stages', index: 1 },
    ]);
    expect(problems[0].message).toBe('排污口类别“工业”无法识别，应为 工业排污口、城镇污水处理厂排污口、农业排口、其他排口 之一');
    expect(problems[1].message).toBe('整治措施“拆除”无法识别，应为 取缔、合并、规范整治、保留 之一');
    expect(problems[2].message).toBe('整治状态“完成”无法识别，应为 未启动、整治中、已完成 之一');
    expect(problems[3].message).toBe('阶段“治理”无法识别，应为 查、测、溯、治 之一');
  });

  it('rejects an unknown area layer or kind (a filter from elsewhere than this code)', () => {
    expect(areaProblems({ kind: 'within', layer: 'lakes' as never, id: 'x', distanceM: 0 })[0].message).toContain('图层“lakes”无法识别');
    expect(areaProblems({ kind: 'buffer' } as never)[0].message).toBe('第 1 个区域条件：条件类型“buffer”无法识别');
  });
});

describe('checkFilter on a drawn shape', () => {
  const drawn = (ring: Ring, shape: 'polygon' | 'rectangle' = 'polygon'): AreaCondition => ({ kind: 'drawn', shape, ring });
  const message = (ring: Ring, places?: KnownPlaces) => {
    const problems = areaProblems(drawn(ring), places);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'areas', index: 0 });
    return problems[0].message;
  };

  it('accepts a simple closed ring, a triangle and a concave one', () => {
    expect(areaProblems(drawn(square))).toEqual([]);
    expect(
      areaProblems(
        drawn([
          [113.1, 33.6],
          [113.3, 33.6],
          [113.2, 33.8],
          [113.1, 33.6],
        ]),
      ),
    ).toEqual([]);
    expect(
      areaProblems(
        drawn([
          [113.1, 33.6],
          [113.3, 33.6],
          [113.3, 33.8],
          [113.2, 33.7],
          [113.1, 33.8],
          [113.1, 33.6],
        ]),
      ),
    ).toEqual([]);
  });

  it('rejects a ring of fewer than 4 positions', () => {
    expect(message(square.slice(0, 3))).toBe('第 1 个区域条件：绘制的多边形的边界至少需要 4 个坐标点（首尾相同），现有 3 个');
    expect(message([])).toContain('现有 0 个');
  });

  it('rejects a ring that is not closed', () => {
    expect(message(square.slice(0, 4).concat([[113.1, 33.7]]))).toBe('第 1 个区域条件：绘制的多边形的边界未闭合（首尾坐标不同）');
  });

  it('rejects coordinates that are not a longitude and latitude', () => {
    expect(message([...square.slice(0, 2), [200, 33.7], ...square.slice(2)])).toContain('的第 3 个坐标点 [200,33.7] 不是有效的经纬度');
    // Latitude and longitude swapped.
    expect(message(square.map(([x, y]) => [y, x]))).toContain('的第 1 个坐标点 [33.6,113.1] 不是有效的经纬度');
    expect(
      message([
        [113.1, 33.6],
        [113.3, 91],
        [113.3, 33.8],
        [113.1, 33.6],
      ]),
    ).toContain('第 2 个坐标点');
    expect(
      message([
        [113.1, 33.6],
        [NaN, 33.6],
        [113.3, 33.8],
        [113.1, 33.6],
      ]),
    ).toContain('第 2 个坐标点');
    expect(message([[113.1, 33.6], [113.3] as never, [113.3, 33.8], [113.1, 33.6]])).toContain('第 2 个坐标点');
  });

  it('rejects a ring wholly outside the city, or outside the data when its extent is given', () => {
    // 30° west: a valid position in Tibet.
    expect(message(square.map(([x, y]) => [x - 30, y]))).toBe('第 1 个区域条件：绘制的多边形完全在平顶山市范围之外');
    // Just east of the city.
    const east = CITY_EXTENT[2] + 0.01;
    expect(
      message([
        [east, 33.6],
        [east + 0.2, 33.6],
        [east + 0.2, 33.8],
        [east, 33.6],
      ]),
    ).toContain('完全在平顶山市范围之外');
    // Around the whole city: no vertex inside, but it covers the city.
    expect(
      areaProblems(
        drawn([
          [112, 33],
          [114, 33],
          [114, 35],
          [112, 35],
          [112, 33],
        ]),
      ),
    ).toEqual([]);
    // A thin band across the city: no vertex inside and no city corner inside, but its edges cross the city's.
    expect(
      areaProblems(
        drawn([
          [112, 33.7],
          [114, 33.7],
          [114, 33.71],
          [112, 33.71],
          [112, 33.7],
        ]),
      ),
    ).toEqual([]);
    // An L around the city's north-east corner whose box overlaps the city but which does not.
    const [, , e, n] = CITY_EXTENT;
    const aroundCorner: Ring = [
      [e - 0.1, n + 0.01],
      [e + 0.2, n + 0.01],
      [e + 0.2, n - 0.5],
      [e + 0.01, n - 0.5],
      [e + 0.01, n + 0.005],
      [e - 0.1, n + 0.005],
      [e - 0.1, n + 0.01],
    ];
    expect(message(aroundCorner)).toContain('完全在平顶山市范围之外');
    // With the data's own extent.
    expect(message(square, { ...known, dataExtent: [100, 20, 101, 21] })).toBe('第 1 个区域条件：绘制的多边形完全在数据范围之外');
  });

  it('rejects a ring that crosses itself, saying where', () => {
    const bowTie: Ring = [
      [113.1, 33.6],
      [113.3, 33.8],
      [113.3, 33.6],
      [113.1, 33.8],
      [113.1, 33.6],
    ];
    expect(message(bowTie)).toBe('第 1 个区域条件：绘制的多边形的边界自相交（在 113.200000, 33.700000 附近），请重新绘制');
    expect(areaProblems(drawn(bowTie, 'rectangle'))[0].message).toContain('绘制的矩形的边界自相交');
  });
});
