// 热点排名 off the main thread: what a worker needs of the grid for one ranking, and the
// grid it rebuilds from that. The ranking reads one pollutant over the period (and, in
// 变化, over the comparison period): one or two contiguous ranges of the values, a few
// MB where the whole series is tens. Those ranges travel as copies whose buffers are
// transferred, not cloned: a structured clone of a subarray copies the whole buffer
// under it, and the grid's arrays may be views on the whole file.

import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { GridHeader, HotspotGrid } from '../data/hotspot_grid_format';
import type { FirePointProperties } from '../data/types';
import type { Period } from '../spatial/grid_stats';
import { comparisonPeriod } from './grid_view';
import type { GridView } from './grid_view';

export interface RankingRequest {
  header: GridHeader;
  cellIds: Uint32Array;
  cellCounty: Uint8Array;
  /** Absent in a data set from before townships were kept. */
  cellTownship: Uint16Array | null;
  loaded: Uint8Array | null;
  /** Values the ranking reads: each a copy of grid.values from `start`. */
  ranges: { start: number; values: Uint16Array }[];
  view: GridView;
  fires: readonly FirePointProperties[];
  /** 筛选's area, 1 per cell, or null for the whole city. */
  within: Uint8Array | null;
}

/** The days of the view's pollutant that buildHotspotRanking reads, as [start, end) offsets into values, merged where they overlap or touch. */
function neededRanges(header: GridHeader, view: GridView): [number, number][] {
  const p = header.pollutants.indexOf(view.pollutant);
  // A pollutant the grid lacks is refused by the ranking itself, with its own message: nothing to send.
  if (p < 0) return [];
  const base = view.colouring === 'change' ? comparisonPeriod(header, view) : null;
  const periods: Period[] = base ? [{ first: view.first, last: view.last }, base] : [{ first: view.first, last: view.last }];
  const n = header.cellCount;
  const days = periods
    // Clamped so that a bad period still packs; the worker's ranking then throws the same RangeError as on the main thread.
    .map(({ first, last }): [number, number] => [Math.max(0, first), Math.min(header.days - 1, last)])
    .filter(([first, last]) => first <= last)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of days) {
    const previous = merged[merged.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged.map(([first, last]) => [(p * header.days + first) * n, (p * header.days + last + 1) * n]);
}

/** The message for one ranking and the buffers to transfer with it (all of them fresh copies, so the grid keeps its own). */
export function packRankingRequest(
  grid: HotspotGrid,
  view: GridView,
  fires: readonly FirePointProperties[],
  within: Uint8Array | null = null,
): { request: RankingRequest; transfer: ArrayBuffer[] } {
  const ranges = neededRanges(grid.header, view).map(([start, end]) => ({ start, values: grid.values.slice(start, end) }));
  const request: RankingRequest = {
    header: grid.header,
    cellIds: grid.cellIds.slice(),
    cellCounty: grid.cellCounty.slice(),
    cellTownship: grid.cellTownship ? grid.cellTownship.slice() : null,
    loaded: grid.loaded ? grid.loaded.slice() : null,
    ranges,
    view,
    fires,
    within: within ? within.slice() : null,
  };
  const perCell = [
    request.cellIds,
    request.cellCounty,
    ...(request.cellTownship ? [request.cellTownship] : []),
    ...(request.loaded ? [request.loaded] : []),
    ...(request.within ? [request.within] : []),
  ];
  const transfer = [...perCell, ...ranges.map((r) => r.values)].map((a) => a.buffer as ArrayBuffer);
  return { request, transfer };
}

/**
 * The grid a request describes, for buildHotspotRanking: the same header, cells and
 * `loaded`, and a full-size values array holding the shipped ranges at their offsets.
 * Every other value is GRID_NO_DATA; this ranking never reads them, and if anything did
 * it would see no data rather than a made-up 0 µg/m³.
 */
export function unpackRankingRequest(request: RankingRequest): {
  grid: HotspotGrid;
  view: GridView;
  fires: readonly FirePointProperties[];
  within: Uint8Array | null;
} {
  const { header } = request;
  const values = new Uint16Array(header.pollutants.length * header.days * header.cellCount).fill(GRID_NO_DATA);
  for (const range of request.ranges) values.set(range.values, range.start);
  const grid: HotspotGrid = { header, cellIds: request.cellIds, cellCounty: request.cellCounty, values };
  if (request.cellTownship) grid.cellTownship = request.cellTownship;
  if (request.loaded) grid.loaded = request.loaded;
  return { grid, view: request.view, fires: request.fires, within: request.within };
}
