// What the analyst chose of the grid survives a link: the view to URL parameters and
// back, a month as a whole calendar month, the period 变化 compares with, and a link
// that does not fit the data refused with a reason rather than shown wrong.
import { describe, expect, it } from 'vitest';
import type { GridHeader } from '../../src/data/hotspot_grid_format';
import {
  comparisonPeriod,
  describeBase,
  describePeriod,
  firstGridView,
  gridViewFromParams,
  gridViewToParams,
  monthPeriod,
  previousPeriod,
  type GridView,
} from '../../src/layers/grid_view';

/** 2025-01-01 to 2025-09-16: 259 days, like the demo grid. */
const header: GridHeader = {
  version: 1,
  origin: [112, 33],
  cellSize: [0.01, 0.01],
  cols: 2,
  rows: 1,
  cellCount: 2,
  startDate: '2025-01-01',
  days: 259,
  pollutants: ['pm25', 'pm10', 'o3', 'no2'],
  counties: [{ code: '410402', name: '新华区' }],
  units: 'µg/m³',
};

describe('the grid view', () => {
  it('starts on the last 30 days in 热点 colouring, keeping a pollutant chosen before', () => {
    expect(firstGridView(header, null)).toEqual({
      pollutant: 'pm25',
      mode: 'range',
      first: 229,
      last: 258,
      colouring: 'hotspot',
      base: null,
      threshold: 0.2,
      scale: 1,
    });
    const before = { ...firstGridView(header, null), pollutant: 'no2' as const, threshold: 0.3 };
    expect(firstGridView(header, before)).toMatchObject({ pollutant: 'no2', threshold: 0.3, first: 229, last: 258 });
    expect(describePeriod(header, firstGridView(header, null))).toBe('2025-08-18 至 2025-09-16（30 天）');
  });

  it('takes a month as its calendar days, the last one cut at the end of the data', () => {
    expect(monthPeriod(header, 40)).toEqual({ first: 31, last: 58 }); // February 2025
    expect(monthPeriod(header, 258)).toEqual({ first: 243, last: 258 }); // September, to the 16th
    expect(describePeriod(header, { ...firstGridView(header, null), mode: 'month', ...monthPeriod(header, 40) })).toBe('2025年2月（28 天）');
  });

  it('round-trips through the URL', () => {
    const view = {
      pollutant: 'o3' as const,
      mode: 'range' as const,
      first: 10,
      last: 40,
      colouring: 'concentration' as const,
      base: null,
      threshold: 0.35,
      scale: 3 as const,
    };
    const params = new URLSearchParams(gridViewToParams(header, view));
    expect(params.toString()).toBe('p=o3&mode=range&from=2025-01-11&to=2025-02-10&c=concentration&t=35&s=3');
    expect(gridViewFromParams(header, params)).toEqual({ view, problem: null });
  });

  it('round-trips 变化 with a chosen base, and writes no base dates for 上一时段', () => {
    const view: GridView = { ...firstGridView(header, null), mode: 'month', ...monthPeriod(header, 250), colouring: 'change', base: { first: 100, last: 130 } };
    const params = new URLSearchParams(gridViewToParams(header, view));
    expect(params.toString()).toBe('p=pm25&mode=month&from=2025-09-01&to=2025-09-16&c=change&t=20&s=1&bf=2025-04-11&bt=2025-05-11');
    expect(gridViewFromParams(header, params)).toEqual({ view, problem: null });
    const previous = { ...view, base: null };
    const link = new URLSearchParams(gridViewToParams(header, previous));
    expect(link.has('bf') || link.has('bt')).toBe(false);
    expect(gridViewFromParams(header, link)).toEqual({ view: previous, problem: null });
    // Links from before 变化 still open, comparing with nothing chosen.
    expect(gridViewFromParams(header, new URLSearchParams('p=pm25&mode=range&from=2025-01-01&to=2025-01-31&c=hotspot&t=20')).view?.base).toBeNull();
  });

  it('refuses a link whose base is half given, reversed or outside the data, saying why', () => {
    const problem = (query: string) =>
      gridViewFromParams(header, new URLSearchParams(`p=pm25&mode=range&from=2025-03-01&to=2025-03-31&c=change&t=20&${query}`)).problem;
    expect(problem('bf=2025-02-01')).toBe('链接中的对比时段不在数据范围内：2025-02-01 至 （无）');
    expect(problem('bt=2025-02-01')).toBe('链接中的对比时段不在数据范围内：（无） 至 2025-02-01');
    expect(problem('bf=2025-02-10&bt=2025-02-01')).toBe('链接中的对比时段不在数据范围内：2025-02-10 至 2025-02-01');
    expect(problem('bf=2024-12-01&bt=2025-01-31')).toBe('链接中的对比时段不在数据范围内：2024-12-01 至 2025-01-31');
    expect(problem('bf=2025-09-01&bt=2025-09-17')).toBe('链接中的对比时段不在数据范围内：2025-09-01 至 2025-09-17');
    expect(problem('bf=yesterday&bt=2025-02-01')).toBe('链接中的对比时段不在数据范围内：yesterday 至 2025-02-01');
    expect(problem('bf=2025-02-01&bt=2025-02-28')).toBeNull();
  });

  it('上一时段 is the day before, the month before, or the range of equal length before, cut at the start of the data', () => {
    const view = firstGridView(header, null);
    expect(previousPeriod(header, { ...view, mode: 'day', first: 63, last: 63 })).toEqual({ first: 62, last: 62 });
    // September 2025 (to the 16th) against the whole of August; March against the 28 days of February.
    expect(previousPeriod(header, { ...view, mode: 'month', ...monthPeriod(header, 258) })).toEqual(monthPeriod(header, 242));
    expect(describeBase(header, previousPeriod(header, { ...view, mode: 'month', ...monthPeriod(header, 258) })!)).toBe('2025年8月（31 天）');
    expect(previousPeriod(header, { ...view, mode: 'month', ...monthPeriod(header, 70) })).toEqual({ first: 31, last: 58 });
    expect(previousPeriod(header, { ...view, mode: 'range', first: 229, last: 258 })).toEqual({ first: 199, last: 228 });
    expect(describeBase(header, { first: 199, last: 228 })).toBe('2025-07-19 至 2025-08-17（30 天）');
    expect(previousPeriod(header, { ...view, mode: 'range', first: 10, last: 40 })).toEqual({ first: 0, last: 9 });
    // Nothing before the first day of the data.
    expect(previousPeriod(header, { ...view, mode: 'day', first: 0, last: 0 })).toBeNull();
    expect(previousPeriod(header, { ...view, mode: 'month', ...monthPeriod(header, 0) })).toBeNull();
    expect(previousPeriod(header, { ...view, mode: 'range', first: 0, last: 30 })).toBeNull();
  });

  it('compares with the chosen base while it fits the data, else with 上一时段 only when none was chosen', () => {
    const view: GridView = { ...firstGridView(header, null), mode: 'day', first: 100, last: 100, colouring: 'change' };
    expect(comparisonPeriod(header, view)).toEqual({ first: 99, last: 99 });
    expect(comparisonPeriod(header, { ...view, base: { first: 10, last: 20 } })).toEqual({ first: 10, last: 20 });
    // A base a data update left outside the series: none, not a silent 上一时段.
    expect(comparisonPeriod(header, { ...view, base: { first: 250, last: 300 } })).toBeNull();
    expect(describeBase(header, { first: 20, last: 20 })).toBe('2025-01-21');
  });

  it('makes a day one day and a month a whole month, whatever the link says', () => {
    const day = gridViewFromParams(header, new URLSearchParams('p=pm25&mode=day&from=2025-03-05&to=2025-03-20&c=hotspot&t=20'));
    expect(day.view).toMatchObject({ first: 63, last: 63 });
    const month = gridViewFromParams(header, new URLSearchParams('p=pm25&mode=month&from=2025-03-05&to=2025-03-05&c=hotspot&t=20'));
    expect(month.view).toMatchObject({ first: 59, last: 89 });
  });

  it('refuses a link that does not fit this grid, saying why; no link means no view and no complaint', () => {
    const problem = (query: string) => gridViewFromParams(header, new URLSearchParams(query)).problem;
    expect(problem('p=so2&mode=range&from=2025-01-01&to=2025-01-31&c=hotspot&t=20')).toBe('链接中的污染物无效：so2');
    expect(problem('p=pm25&mode=week&from=2025-01-01&to=2025-01-31&c=hotspot&t=20')).toBe('链接中的时间方式无效：week');
    expect(problem('p=pm25&mode=range&from=2024-12-01&to=2025-01-31&c=hotspot&t=20')).toBe('链接中的日期不在数据范围内：2024-12-01 至 2025-01-31');
    expect(problem('p=pm25&mode=range&from=2025-02-01&to=2025-01-31&c=hotspot&t=20')).toContain('日期不在数据范围内');
    expect(problem('p=pm25&mode=range&from=2025-01-01&to=2025-01-31&c=rainbow&t=20')).toBe('链接中的着色方式无效：rainbow');
    expect(problem('p=pm25&mode=range&from=2025-01-01&to=2025-01-31&c=hotspot&t=-5')).toBe('链接中的热点阈值无效：-5');
    expect(problem('p=pm25&mode=range&from=2025-01-01&to=2025-01-31&c=hotspot&t=20&s=2')).toBe('链接中的网格尺度无效：2');
    // A link from before the 3 km grid: the data's own cells.
    expect(gridViewFromParams(header, new URLSearchParams('p=pm25&mode=range&from=2025-01-01&to=2025-01-31&c=hotspot&t=20')).view?.scale).toBe(1);
    expect(gridViewFromParams(header, new URLSearchParams('zoom=3'))).toEqual({ view: null, problem: null });
  });
});
