// The filter through the page's query and back, as a link does: written to parameters,
// serialised by URLSearchParams into a query string, parsed again and read.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { FILTER_PARAMS, filterFromParams, filterToParams } from '../../src/spatial/filter/url';
import { AREA_LAYERS, FILTER_VERSION, OUTFALL_STAGES } from '../../src/spatial/filter/description';
import type { AreaCondition, OutfallFilter, Ring } from '../../src/spatial/filter/description';
import { OUTFALL_CATEGORIES, REMEDIATION_MEASURES, REMEDIATION_STATUSES } from '../../src/data/types';

/** Through a real query string, as the browser's address bar has it. */
const viaQuery = (params: Record<string, string>) => new URLSearchParams(new URLSearchParams(params).toString());
const roundTrip = (filter: OutfallFilter) => filterFromParams(viaQuery(filterToParams(filter)));

/** Text that a careless codec would break: its separators, URL syntax, Chinese, spaces. */
const AWKWARD = ['尧山镇', '东,西村', 'a\\b', '\\', 'x\\,y', 'k:v', '..', '_', '+ %20 &=?#', ' 前后空格 ', '张官营镇，马楼乡', '100%', '"引号"', 'é'];

function randomFilter(rng: () => number): OutfallFilter {
  const pick = <T>(values: readonly T[]) => values[Math.floor(rng() * values.length)];
  const some = <T>(values: readonly T[]) => {
    const n = 1 + Math.floor(rng() * 3);
    return Array.from({ length: n }, () => pick(values));
  };
  const maybe = () => rng() < 0.5;
  const coordinate = (min: number, span: number) => Math.round((min + rng() * span) * 1e6) / 1e6;
  const ring = (): Ring => {
    const points: Ring = Array.from({ length: 3 + Math.floor(rng() * 5) }, () => [coordinate(112.2, 1.5), coordinate(33.1, 1.2)]);
    return [...points, points[0]];
  };
  const area = (): AreaCondition => {
    const kind = pick(['within', 'near-river', 'drawn'] as const);
    const distanceM = pick([0, 1, 500, 1000, 2500.5, 50_000]);
    if (kind === 'within') return { kind, layer: pick(AREA_LAYERS), id: pick(['410422', 'park-nylon', 'baiguishan', ...AWKWARD]), distanceM };
    if (kind === 'near-river') return { kind, river: pick(['shahe', ...AWKWARD]), distanceM };
    return { kind, shape: pick(['polygon', 'rectangle'] as const), ring: ring() };
  };
  const dates = ['2023-05-01', '2024-02-29', '2024-12-31'];
  const filter: OutfallFilter = {};
  if (maybe()) filter.counties = some(['410402', '410422', '410423']);
  if (maybe()) filter.townships = some(AWKWARD);
  if (maybe()) filter.waters = some(['沙河', '白龟山水库', ...AWKWARD]);
  if (maybe()) filter.categories = some(OUTFALL_CATEGORIES);
  if (maybe()) filter.subtypes = some(['工矿企业排污口', ...AWKWARD]);
  if (maybe()) filter.measures = some(REMEDIATION_MEASURES);
  if (maybe()) filter.statuses = some(REMEDIATION_STATUSES);
  if (maybe()) filter.overdue = true;
  if (maybe()) filter.stages = some(OUTFALL_STAGES);
  if (maybe()) filter.surveyFrom = pick(dates);
  if (maybe()) filter.surveyTo = pick(dates);
  if (maybe()) filter.areas = Array.from({ length: 1 + Math.floor(rng() * 3) }, area);
  return filter;
}

describe('filter in the URL', () => {
  it('round-trips 500 random filters (seeded), awkward text included, without problems', () => {
    const rng = seedrandom('filter-url');
    let areas = 0;
    for (let i = 0; i < 500; i++) {
      const filter = randomFilter(rng);
      areas += filter.areas?.length ?? 0;
      expect(roundTrip(filter), JSON.stringify(filter)).toEqual({ filter, problems: [] });
    }
    expect(areas).toBeGreaterThan(300);
  });

  it('writes nothing for the empty filter, and only what is set otherwise, with the version', () => {
    expect(filterToParams({})).toEqual({});
    expect(filterToParams({ counties: [], overdue: false, areas: [] })).toEqual({});
    expect(filterToParams({ counties: ['410422', '410423'] })).toEqual({ fv: String(FILTER_VERSION), fc: '410422,410423' });
    expect(filterFromParams(new URLSearchParams())).toEqual({ filter: {}, problems: [] });
    // Other parameters of the page (the grid's, MapLibre's) are none of its business.
    expect(filterFromParams(new URLSearchParams('p=pm25&from=2025-09-01&to=2025-09-16&c=hotspot'))).toEqual({ filter: {}, problems: [] });
  });

  it('writes readable values: the format documented in url.ts', () => {
    const filter: OutfallFilter = {
      counties: ['410422', '410423'],
      categories: ['工业排污口'],
      statuses: ['未启动', '整治中'],
      overdue: true,
      stages: ['查', '测'],
      surveyFrom: '2024-01-01',
      surveyTo: '2024-12-31',
      areas: [
        { kind: 'within', layer: 'parks', id: 'park-nylon', distanceM: 1000 },
        { kind: 'near-river', river: 'shahe', distanceM: 500 },
        {
          kind: 'drawn',
          shape: 'rectangle',
          ring: [
            [113.1, 33.7],
            [113.2, 33.7],
            [113.2, 33.8],
            [113.1, 33.8],
            [113.1, 33.7],
          ],
        },
      ],
    };
    expect(filterToParams(filter)).toEqual({
      fv: '1',
      fc: '410422,410423',
      fk: '工业排污口',
      fst: '未启动,整治中',
      fo: '1',
      fg: '查,测',
      fd: '2024-01-01..2024-12-31',
      fa: 'within:parks:park-nylon:1000,near-river:shahe:500,drawn:rectangle:113.1_33.7_113.2_33.7_113.2_33.8_113.1_33.8_113.1_33.7',
    });
    // Dates and rings need no percent-encoding.
    const query = new URLSearchParams(filterToParams(filter)).toString();
    expect(query).toContain('fd=2024-01-01..2024-12-31');
    expect(query).toContain('113.1_33.7_113.2_33.7');
    expect(Object.keys(filterToParams(filter)).every((key) => (FILTER_PARAMS as readonly string[]).includes(key))).toBe(true);
  });

  it('escapes commas, colons and backslashes inside values', () => {
    const filter: OutfallFilter = {
      townships: ['东,西村', 'a\\b', '马楼乡'],
      areas: [{ kind: 'within', layer: 'parks', id: 'p:1,2\\', distanceM: 0 }],
    };
    const params = filterToParams(filter);
    expect(params.ft).toBe('东\\,西村,a\\\\b,马楼乡');
    expect(params.fa).toBe('within:parks:p\\:1\\,2\\\\:0');
    expect(roundTrip(filter)).toEqual({ filter, problems: [] });
  });

  it('keeps a drawn ring with 6-decimal coordinates exactly, and rounds finer ones to 6 decimals', () => {
    const ring: Ring = [
      [113.123456, 33.654321],
      [113.234567, 33.600001],
      [113.2, 33.799999],
      [-0.000001, -89.999999],
      [113.123456, 33.654321],
    ];
    const area: AreaCondition = { kind: 'drawn', shape: 'polygon', ring };
    expect(roundTrip({ areas: [area] })).toEqual({ filter: { areas: [area] }, problems: [] });
    expect(filterToParams({ areas: [area] }).fa).toBe(
      'drawn:polygon:113.123456_33.654321_113.234567_33.600001_113.2_33.799999_-0.000001_-89.999999_113.123456_33.654321',
    );
    const fine: AreaCondition = { kind: 'drawn', shape: 'polygon', ring: ring.map(([x, y]) => [x + 1e-8, y - 4e-7]) };
    expect(roundTrip({ areas: [fine] }).filter).toEqual({ areas: [area] });
  });

  it('keeps overdue alone, and an open-ended date range at either end', () => {
    for (const filter of [
      { overdue: true },
      { surveyFrom: '2024-03-01' },
      { surveyTo: '2024-03-31' },
      { surveyFrom: '2024-03-01', overdue: true },
    ] as OutfallFilter[]) {
      expect(roundTrip(filter)).toEqual({ filter, problems: [] });
    }
    expect(filterToParams({ surveyFrom: '2024-03-01' }).fd).toBe('2024-03-01..');
    expect(filterToParams({ surveyTo: '2024-03-31' }).fd).toBe('..2024-03-31');
    expect(filterFromParams(new URLSearchParams('fo=0')).filter).toEqual({});
  });

  it('drops a broken area with a problem and keeps the other areas and parts', () => {
    const query = viaQuery({
      fv: '1',
      fc: '410422',
      fa: 'within:parks:park-nylon:1000,within:lakes:x:10,near-river:shahe:-5,drawn:polygon:113.1_33.7_113.2,near-river:shahe:500,nonsense',
    });
    expect(filterFromParams(query)).toEqual({
      filter: {
        counties: ['410422'],
        areas: [
          { kind: 'within', layer: 'parks', id: 'park-nylon', distanceM: 1000 },
          { kind: 'near-river', river: 'shahe', distanceM: 500 },
        ],
      },
      problems: [
        '链接中的筛选条件“fa=within:lakes:x:10”无法识别，已忽略',
        '链接中的筛选条件“fa=near-river:shahe:-5”无法识别，已忽略',
        '链接中的筛选条件“fa=drawn:polygon:113.1_33.7_113.2”无法识别，已忽略',
        '链接中的筛选条件“fa=nonsense”无法识别，已忽略',
      ],
    });
    for (const broken of [
      'within:parks:park-nylon',
      'within:parks::10',
      'near-river:shahe:1e3',
      'drawn:circle:1_2',
      'drawn:polygon:1_x',
      'drawn:polygon:1_2:3',
    ]) {
      const { filter, problems } = filterFromParams(viaQuery({ fa: broken, fo: '1' }));
      expect(filter, broken).toEqual({ overdue: true });
      expect(problems).toEqual([`链接中的筛选条件“fa=${broken}”无法识别，已忽略`]);
    }
  });

  it('drops an unknown value of a key and keeps the others', () => {
    const { filter, problems } = filterFromParams(
      viaQuery({ fk: '工业排污口,工业,农业排口', fm: '拆除', fst: '已完成', fg: '查,治理', fo: 'yes', ft: '尧山镇' }),
    );
    expect(filter).toEqual({ categories: ['工业排污口', '农业排口'], statuses: ['已完成'], stages: ['查'], townships: ['尧山镇'] });
    expect(problems).toEqual([
      '链接中的筛选条件“fk=工业”无法识别，已忽略',
      '链接中的筛选条件“fm=拆除”无法识别，已忽略',
      '链接中的筛选条件“fg=治理”无法识别，已忽略',
      '链接中的筛选条件“fo=yes”无法识别，已忽略',
    ]);
  });

  it('drops a date it cannot read and keeps the other end', () => {
    expect(filterFromParams(viaQuery({ fd: '2024-02-30..2024-12-31' }))).toEqual({
      filter: { surveyTo: '2024-12-31' },
      problems: ['链接中的筛选条件“fd=2024-02-30..2024-12-31”中的日期“2024-02-30”无法识别，已忽略'],
    });
    expect(filterFromParams(viaQuery({ fd: '2024-01-01', fo: '1' }))).toEqual({
      filter: { overdue: true },
      problems: ['链接中的筛选条件“fd=2024-01-01”无法识别，已忽略'],
    });
    // The order of the ends is checkFilter's to judge; the link keeps what it says.
    expect(filterFromParams(viaQuery({ fd: '2024-12-31..2024-01-01' })).filter).toEqual({ surveyFrom: '2024-12-31', surveyTo: '2024-01-01' });
  });

  it('reads a link of another version as this one, saying so', () => {
    expect(filterFromParams(viaQuery({ fv: '2', fc: '410422', fo: '1' }))).toEqual({
      filter: { counties: ['410422'], overdue: true },
      problems: ['链接中的筛选条件版本“fv=2”无法识别，已按第 1 版读取'],
    });
    // A hand-made link without a version is read as this one.
    expect(filterFromParams(viaQuery({ fc: '410422' }))).toEqual({ filter: { counties: ['410422'] }, problems: [] });
  });

  it('never throws, whatever the query holds', () => {
    const rng = seedrandom('filter-url-garbage');
    const alphabet = ['\\', ',', ':', '.', '_', '-', '1', '9', 'a', '沙', 'within', 'drawn', 'polygon', 'near-river', 'parks', '%', ' '];
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: Math.floor(rng() * 30) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
      const params = viaQuery(Object.fromEntries(FILTER_PARAMS.map((key) => [key, text])));
      expect(() => filterFromParams(params)).not.toThrow();
    }
  });

  it('lists every key it writes in FILTER_PARAMS, none of them the grid view’s', () => {
    const everything = roundTripKeys();
    expect([...everything].sort()).toEqual([...FILTER_PARAMS].sort());
    for (const key of ['p', 'mode', 'from', 'to', 'c', 't', 's', 'bf', 'bt']) expect(FILTER_PARAMS).not.toContain(key);
  });
});

/** The keys of a filter with every part set. */
function roundTripKeys(): Set<string> {
  return new Set(
    Object.keys(
      filterToParams({
        counties: ['410422'],
        townships: ['尧山镇'],
        waters: ['沙河'],
        categories: ['农业排口'],
        subtypes: ['大中型灌区排口'],
        measures: ['保留'],
        statuses: ['整治中'],
        overdue: true,
        stages: ['溯'],
        surveyFrom: '2024-01-01',
        areas: [{ kind: 'near-river', river: 'shahe', distanceM: 100 }],
      }),
    ),
  );
}
