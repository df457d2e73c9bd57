// What the analyst chose to see of the hotspot grid: a pollutant, a period (one day,
// a calendar month or a date range), a colouring and, for 变化, the period to compare
// with. Pure: the state holds one, the grid layer colours by it, the controls change
// it and the URL keeps it.

import type { GridHeader, Pollutant } from '../data/hotspot_grid_format';
import { POLLUTANTS, gridDayDate } from '../data/hotspot_grid_format';
import { daysBetween } from '../data/dates';
import type { Period } from '../spatial/grid_stats';

export type GridMode = 'day' | 'month' | 'range';
export type GridColouring = 'concentration' | 'hotspot' | 'change';

export interface GridView {
  pollutant: Pollutant;
  mode: GridMode;
  /** The period, as day indexes into the grid's series, inclusive. */
  first: number;
  last: number;
  /** 浓度: the HJ 633-2012 levels; 热点: each cell against the city mean of the same period; 变化: each cell against its own mean in the base. */
  colouring: GridColouring;
  /**
   * The 对比时段 of 变化: null for 上一时段 (the period just before the one shown, which
   * follows it as the day, month or range moves; see previousPeriod), or days the analyst
   * chose, which stay put. Kept in the other colourings too, so a round trip through
   * 浓度 does not lose a chosen base.
   */
  base: Period | null;
  /** A cell at least this much above the city mean (0.2 = 20 %) is a hotspot. */
  threshold: number;
  /** Cell size in kilometres: 1 (the data) or 3 (blocks of 3×3, as the national hotspot programme ranks). */
  scale: GridScale;
}

export type GridScale = 1 | 3;
export const GRID_SCALES: readonly GridScale[] = [1, 3];

/** How many days the first view averages: enough for the hotspots to stand out of the daily weather. */
export const FIRST_VIEW_DAYS = 30;
export const DEFAULT_THRESHOLD = 0.2;

/** The first view of a grid: the mean of its last 30 days in 热点 colouring, where structure shows. */
export function firstGridView(header: GridHeader, previous: GridView | null): GridView {
  const pollutant =
    previous && header.pollutants.includes(previous.pollutant) ? previous.pollutant : header.pollutants.includes('pm25') ? 'pm25' : header.pollutants[0];
  const last = header.days - 1;
  return {
    pollutant,
    mode: 'range',
    first: Math.max(0, last - FIRST_VIEW_DAYS + 1),
    last,
    colouring: 'hotspot',
    // Day indexes of a chosen base belong to the series they were chosen in, which a new grid may not share.
    base: null,
    threshold: previous?.threshold ?? DEFAULT_THRESHOLD,
    scale: previous?.scale ?? 1,
  };
}

/** The first and last day index of the calendar month that `day` falls in, within the series. */
export function monthPeriod(header: GridHeader, day: number): { first: number; last: number } {
  const month = gridDayDate(header, day).slice(0, 7);
  let first = day;
  while (first > 0 && gridDayDate(header, first - 1).startsWith(month)) first--;
  let last = day;
  while (last < header.days - 1 && gridDayDate(header, last + 1).startsWith(month)) last++;
  return { first, last };
}

/** "2025-08-18 至 2025-09-16（30 天）", "2025-09-16", "2025年9月（16 天）". */
export function describePeriod(header: GridHeader, view: GridView): string {
  return describeDays(header, view, view.mode);
}

/** A comparison period in the words of describePeriod: a day, a whole calendar month (as monthPeriod cuts it) or a range. */
export function describeBase(header: GridHeader, base: Period): string {
  const month = monthPeriod(header, base.first);
  const mode: GridMode = base.first === base.last ? 'day' : month.first === base.first && month.last === base.last ? 'month' : 'range';
  return describeDays(header, base, mode);
}

function describeDays(header: GridHeader, period: Period, mode: GridMode): string {
  const from = gridDayDate(header, period.first);
  const days = period.last - period.first + 1;
  if (mode === 'day') return from;
  if (mode === 'month') return `${Number(from.slice(0, 4))}年${Number(from.slice(5, 7))}月（${days} 天）`;
  return `${from} 至 ${gridDayDate(header, period.last)}（${days} 天）`;
}

/**
 * 上一时段: the day before in day mode, the calendar month before in month mode, the
 * range of equal length just before in range mode (cut at the first day of the data,
 * so it may be shorter); null when the period starts on the first day of the data.
 */
export function previousPeriod(header: GridHeader, view: GridView): Period | null {
  if (view.first <= 0 || view.first >= header.days) return null;
  if (view.mode === 'day') return { first: view.first - 1, last: view.first - 1 };
  if (view.mode === 'month') return monthPeriod(header, view.first - 1);
  return { first: Math.max(0, view.first - (view.last - view.first + 1)), last: view.first - 1 };
}

/** The period 变化 compares with: the chosen base if it lies within the data, else 上一时段; null when there is none. */
export function comparisonPeriod(header: GridHeader, view: GridView): Period | null {
  if (!view.base) return previousPeriod(header, view);
  const { first, last } = view.base;
  return first >= 0 && first <= last && last < header.days ? view.base : null;
}

/** The day index of an ISO date in the grid's series (it may fall outside it), or NaN for anything else. */
export function dayIndexOf(header: GridHeader, iso: string | null): number {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
  return daysBetween(header.startDate, iso);
}

/** The view as URL query parameters, so a link shows the same grid. */
export function gridViewToParams(header: GridHeader, view: GridView): Record<string, string> {
  return {
    p: view.pollutant,
    mode: view.mode,
    from: gridDayDate(header, view.first),
    to: gridDayDate(header, view.last),
    c: view.colouring,
    t: String(Math.round(view.threshold * 100)),
    s: String(view.scale),
    // Only a chosen base: 上一时段 follows the period, so the link needs no dates for it.
    ...(view.base ? { bf: gridDayDate(header, view.base.first), bt: gridDayDate(header, view.base.last) } : {}),
  };
}

/** A view from URL parameters, or null with the reason (in Chinese) when they do not fit this grid. */
export function gridViewFromParams(header: GridHeader, params: URLSearchParams): { view: GridView | null; problem: string | null } {
  if (!params.has('p') && !params.has('from')) return { view: null, problem: null };
  const pollutant = params.get('p') as Pollutant;
  const mode = params.get('mode') as GridMode;
  const first = dayIndexOf(header, params.get('from'));
  const last = dayIndexOf(header, params.get('to'));
  const colouring = params.get('c') as GridColouring;
  const threshold = Number(params.get('t')) / 100;
  if (!(POLLUTANTS as readonly string[]).includes(pollutant) || !header.pollutants.includes(pollutant))
    return { view: null, problem: `链接中的污染物无效：${params.get('p')}` };
  if (!['day', 'month', 'range'].includes(mode)) return { view: null, problem: `链接中的时间方式无效：${params.get('mode')}` };
  if (!(first >= 0) || !(last < header.days) || !(first <= last))
    return { view: null, problem: `链接中的日期不在数据范围内：${params.get('from')} 至 ${params.get('to')}` };
  if (colouring !== 'concentration' && colouring !== 'hotspot' && colouring !== 'change')
    return { view: null, problem: `链接中的着色方式无效：${params.get('c')}` };
  if (!(threshold >= 0 && threshold <= 5)) return { view: null, problem: `链接中的热点阈值无效：${params.get('t')}` };
  // Links made before the 3 km grid have no scale: the data's own cells.
  const scale = Number(params.get('s') ?? 1) as GridScale;
  if (!GRID_SCALES.includes(scale)) return { view: null, problem: `链接中的网格尺度无效：${params.get('s')}` };
  // Links made before 变化, and links comparing with 上一时段, have no base dates.
  let base: Period | null = null;
  if (params.has('bf') || params.has('bt')) {
    base = { first: dayIndexOf(header, params.get('bf')), last: dayIndexOf(header, params.get('bt')) };
    if (!(base.first >= 0) || !(base.last < header.days) || !(base.first <= base.last))
      return { view: null, problem: `链接中的对比时段不在数据范围内：${params.get('bf') ?? '（无）'} 至 ${params.get('bt') ?? '（无）'}` };
  }
  // A day is one day and a month a whole month, whatever the link says.
  const period = mode === 'day' ? { first, last: first } : mode === 'month' ? monthPeriod(header, first) : { first, last };
  return { view: { pollutant, mode, ...period, colouring, base, threshold, scale }, problem: null };
}
