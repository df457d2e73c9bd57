// What the analyst chose to see of the hotspot grid: a pollutant, a period (one day,
// a calendar month or a date range) and a colouring. Pure: the state holds one, the
// grid layer colours by it, the controls change it and the URL keeps it.

import type { GridHeader, Pollutant } from '../data/hotspot_grid_format';
import { POLLUTANTS, gridDayDate } from '../data/hotspot_grid_format';
import { daysBetween } from '../data/dates';

export type GridMode = 'day' | 'month' | 'range';
export type GridColouring = 'concentration' | 'hotspot';

export interface GridView {
  pollutant: Pollutant;
  mode: GridMode;
  /** The period, as day indexes into the grid's series, inclusive. */
  first: number;
  last: number;
  /** 浓度: the HJ 633-2012 levels; 热点: each cell against the city mean of the same period. */
  colouring: GridColouring;
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

/** "2025-08-18 至 2025-09-16（30 天）", "2025-09-16", "2025年9月". */
export function describePeriod(header: GridHeader, view: GridView): string {
  const from = gridDayDate(header, view.first);
  if (view.mode === 'day') return from;
  if (view.mode === 'month') return `${Number(from.slice(0, 4))}年${Number(from.slice(5, 7))}月（${view.last - view.first + 1} 天）`;
  return `${from} 至 ${gridDayDate(header, view.last)}（${view.last - view.first + 1} 天）`;
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
  if (colouring !== 'concentration' && colouring !== 'hotspot') return { view: null, problem: `链接中的着色方式无效：${params.get('c')}` };
  if (!(threshold >= 0 && threshold <= 5)) return { view: null, problem: `链接中的热点阈值无效：${params.get('t')}` };
  // Links made before the 3 km grid have no scale: the data's own cells.
  const scale = Number(params.get('s') ?? 1) as GridScale;
  if (!GRID_SCALES.includes(scale)) return { view: null, problem: `链接中的网格尺度无效：${params.get('s')}` };
  // A day is one day and a month a whole month, whatever the link says.
  const period = mode === 'day' ? { first, last: first } : mode === 'month' ? monthPeriod(header, first) : { first, last };
  return { view: { pollutant, mode, ...period, colouring, threshold, scale }, problem: null };
}
