// Statistics of the hotspot grid over a period of days: each cell's mean, the city
// mean, each cell against the city mean, the worst cells and per-county figures.
// Cloud-covered cell-days (GRID_NO_DATA) are left out of every mean and count, never
// read as zero, since a cloudy day says nothing about the air. The grid's values are
// read one pollutant-day slice at a time (the file's contiguous order), into a few
// typed arrays allocated once per call.

import { GRID_NO_DATA, cellTownshipName, gridDaySlice } from '../data/hotspot_grid_format';
import type { HotspotGrid, Pollutant } from '../data/hotspot_grid_format';

// A module-level copy: transpiled module loaders (tsx, Vitest) make an imported binding a
// property read, which in the inner loops below made periodMeans 6× slower under tsx.
const NO_DATA = GRID_NO_DATA;

/** Days are indexes into the grid's series, inclusive: the period [first, last]. */
export interface Period {
  first: number;
  last: number;
}

/** −1 marks a cell with no valid day in the period (never 0: that would read as clean air). */
export const NO_VALUE = -1;

/** GB 3095-2012 grade-II 24-hour limits, µg/m³ (O₃: daily max 8-hour mean); a day over it counts as an exceedance. */
export const DAILY_LIMITS: Record<Pollutant, number> = { pm25: 75, pm10: 150, no2: 80, o3: 160 };

/** Refuses a pollutant the grid lacks or a period outside its days, so a caller's mistake is not shown as an empty map. */
function checkRequest(grid: HotspotGrid, pollutant: Pollutant, period: Period): void {
  const { header } = grid;
  if (!header.pollutants.includes(pollutant)) {
    throw new RangeError(`热点网格没有污染物 ${pollutant} 的数据（现有：${header.pollutants.join('、')}）`);
  }
  const { first, last } = period;
  if (!Number.isInteger(first) || !Number.isInteger(last)) {
    throw new RangeError(`统计时段的起止应为整数天序号，实为 ${first} 至 ${last}`);
  }
  if (first > last) throw new RangeError(`统计时段起止颠倒：开始（第 ${first} 天）晚于结束（第 ${last} 天）`);
  if (first < 0 || last >= header.days) {
    throw new RangeError(`统计时段（第 ${first} 至 ${last} 天）超出热点网格的日期范围（第 0 至 ${header.days - 1} 天）`);
  }
}

/** Per cell, the mean of its valid days of `pollutant` in the period; NO_VALUE where it has none. Throws RangeError (Chinese message) if the pollutant is not in the grid or the period is outside its days or reversed. */
export function periodMeans(grid: HotspotGrid, pollutant: Pollutant, period: Period): Float32Array {
  checkRequest(grid, pollutant, period);
  const n = grid.header.cellCount;
  const sums = new Float64Array(n);
  // A count never exceeds the period's length; Uint16 holds any period up to 179 years.
  const counts = period.last - period.first < 65535 ? new Uint16Array(n) : new Uint32Array(n);
  for (let day = period.first; day <= period.last; day++) {
    const slice = gridDaySlice(grid, pollutant, day);
    for (let c = 0; c < n; c++) {
      const v = slice[c];
      if (v !== NO_DATA) {
        sums[c] += v;
        counts[c]++;
      }
    }
  }
  const means = new Float32Array(n);
  for (let c = 0; c < n; c++) means[c] = counts[c] > 0 ? sums[c] / counts[c] : NO_VALUE;
  return means;
}

/** The city mean of the same period: the mean over cells of their period means, skipping NO_VALUE; null if no cell has a value. */
export function cityMean(values: ArrayLike<number>): number | null {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (v !== NO_VALUE) {
      sum += v;
      count++;
    }
  }
  return count > 0 ? sum / count : null;
}

/** Each cell against the city mean: value / mean − 1 (0.2 = 20 % above the mean); NO_VALUE cells (and everything when mean is null or 0) give NaN. */
export function hotspotRatios(values: ArrayLike<number>, mean: number | null): Float32Array {
  const ratios = new Float32Array(values.length).fill(NaN);
  if (mean === null || mean === 0) return ratios;
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (v !== NO_VALUE) ratios[c] = v / mean - 1;
  }
  return ratios;
}

export interface CellRank {
  /** Index of the cell in grid.cellIds (the map feature id). */
  index: number;
  cellId: number;
  /** County name, '' if the grid has none for the cell. */
  county: string;
  /** Township name, '' if the grid has none (a file written before townships). */
  township: string;
  /** Mean of the cell's valid days in the period, as periodMeans gives it. */
  mean: number;
  /** Highest valid daily value in the period. */
  max: number;
  /** Valid days above DAILY_LIMITS[pollutant]. */
  daysOverLimit: number;
  validDays: number;
}

/** The `limit` worst cells of the period by mean (descending; ties by cellId ascending), skipping cells with no valid day; the list a user works through first. */
/**
 * `within`, when given, is 1 for each cell of an area (筛选's spatial selection): only those
 * cells are ranked or counted. The city mean the hotspots are measured against stays the
 * whole city's.
 */
export function rankCells(grid: HotspotGrid, pollutant: Pollutant, period: Period, limit: number, within?: ArrayLike<number> | null): CellRank[] {
  const means = periodMeans(grid, pollutant, period);
  const n = grid.header.cellCount;
  const order: number[] = [];
  for (let c = 0; c < n; c++) if (means[c] !== NO_VALUE && (!within || within[c])) order.push(c);
  order.sort((a, b) => means[b] - means[a] || grid.cellIds[a] - grid.cellIds[b]);
  // NaN or a negative limit gives an empty list; Infinity gives every ranked cell.
  const top = order.slice(0, Math.max(0, Math.floor(limit)));
  // Second pass only over the chosen cells: their max, days over the limit and valid days.
  const k = top.length;
  const max = new Float64Array(k);
  const over = new Uint32Array(k);
  const valid = new Uint32Array(k);
  const dailyLimit = DAILY_LIMITS[pollutant];
  for (let day = period.first; k > 0 && day <= period.last; day++) {
    const slice = gridDaySlice(grid, pollutant, day);
    for (let i = 0; i < k; i++) {
      const v = slice[top[i]];
      if (v === NO_DATA) continue;
      valid[i]++;
      if (v > max[i]) max[i] = v;
      if (v > dailyLimit) over[i]++;
    }
  }
  return top.map((c, i) => ({
    index: c,
    cellId: grid.cellIds[c],
    county: grid.header.counties[grid.cellCounty[c]]?.name ?? '',
    township: cellTownshipName(grid, c),
    mean: means[c],
    max: max[i],
    daysOverLimit: over[i],
    validDays: valid[i],
  }));
}

export interface CountyStat {
  county: string;
  code: string;
  /** Cells whose centre lies in the county, with or without data in the period. */
  cells: number;
  /** Mean of the county's cells' period means; null if none has a valid day. */
  mean: number | null;
  /** Days on which the mean of the county's valid cells was above DAILY_LIMITS[pollutant]. */
  daysOverLimit: number;
  /** Cells with hotspot ratio ≥ threshold against the city mean. */
  hotspotCells: number;
}

/** Per county (header.counties order): mean of its cells' period means, the number of days on which the county's mean of valid cells exceeded the limit, and how many of its cells are hotspots (ratio ≥ threshold against the city mean); what a county's officer is answerable for. */
export function countyStats(grid: HotspotGrid, pollutant: Pollutant, period: Period, threshold: number, within?: ArrayLike<number> | null): CountyStat[] {
  const means = periodMeans(grid, pollutant, period);
  const ratios = hotspotRatios(means, cityMean(means));
  const { counties, cellCount: n } = grid.header;
  const { cellCounty } = grid;
  const m = counties.length;
  const cells = new Uint32Array(m);
  const meanSums = new Float64Array(m);
  const meanCounts = new Uint32Array(m);
  const hotspots = new Uint32Array(m);
  for (let c = 0; c < n; c++) {
    if (within && !within[c]) continue;
    const k = cellCounty[c];
    cells[k]++;
    if (means[c] !== NO_VALUE) {
      meanSums[k] += means[c];
      meanCounts[k]++;
    }
    // NaN (no value, or no city mean) never compares true, so it is never a hotspot.
    if (ratios[c] >= threshold) hotspots[k]++;
  }
  // Second pass, day by day: each county's mean of its valid cells that day against the limit.
  const daySums = new Float64Array(m);
  const dayCounts = new Uint32Array(m);
  const over = new Uint32Array(m);
  const dailyLimit = DAILY_LIMITS[pollutant];
  for (let day = period.first; day <= period.last; day++) {
    daySums.fill(0);
    dayCounts.fill(0);
    const slice = gridDaySlice(grid, pollutant, day);
    for (let c = 0; c < n; c++) {
      const v = slice[c];
      if (v === NO_DATA || (within && !within[c])) continue;
      const k = cellCounty[c];
      daySums[k] += v;
      dayCounts[k]++;
    }
    for (let k = 0; k < m; k++) if (dayCounts[k] > 0 && daySums[k] / dayCounts[k] > dailyLimit) over[k]++;
  }
  return counties.map((county, k) => ({
    county: county.name,
    code: county.code,
    cells: cells[k],
    mean: meanCounts[k] > 0 ? meanSums[k] / meanCounts[k] : null,
    daysOverLimit: over[k],
    hotspotCells: hotspots[k],
  }));
}
