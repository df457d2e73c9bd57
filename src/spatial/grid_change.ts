// Two periods of the hotspot grid compared: how each cell's mean moved from a
// comparison period (the base: last month, the day before, a range the analyst
// chose) to the period shown, the cells that rose most, and the city as a whole.
// Built on periodMeans, so a cloud-covered cell-day is left out exactly as in the
// period statistics; a cell with no valid day in either period has no change, never
// a change to or from zero.

import { cellTownshipName } from '../data/hotspot_grid_format';
import type { HotspotGrid, Pollutant } from '../data/hotspot_grid_format';
import { NO_VALUE, cityMean, periodMeans } from './grid_stats';
import type { Period } from './grid_stats';

/** Per cell, mean / baseMean − 1 (0.15 = 15 % higher than in the base); NaN where either period has no value for the cell or its base mean is 0. Throws like periodMeans for a pollutant or period the grid lacks. */
export function periodChange(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): Float32Array {
  const now = periodMeans(grid, pollutant, period);
  const before = periodMeans(grid, pollutant, base);
  const ratios = new Float32Array(now.length).fill(NaN);
  for (let c = 0; c < now.length; c++) {
    // A base of 0 µg/m³ has no ratio: any rise from it would be infinite.
    if (now[c] !== NO_VALUE && before[c] !== NO_VALUE && before[c] !== 0) ratios[c] = now[c] / before[c] - 1;
  }
  return ratios;
}

export interface CellChange {
  /** Index of the cell in grid.cellIds (the map feature id). */
  index: number;
  cellId: number;
  /** County name, '' if the grid has none for the cell. */
  county: string;
  /** Township name, '' if the grid has none (a file written before townships). */
  township: string;
  /** Mean of the cell's valid days in the period shown, and in the base, as periodMeans gives them. */
  mean: number;
  baseMean: number;
  /** mean − baseMean, µg/m³: what the ranking orders by, so a big rise on a dirty cell outranks a big ratio on a clean one. */
  difference: number;
  /** mean / baseMean − 1; null when the base mean is 0. */
  ratio: number | null;
}

/**
 * The `limit` cells whose mean rose most from the base (descending by difference in
 * µg/m³; equal differences by cellId ascending), among cells with a value in both
 * periods. Differences come from periodMeans' float32 means: rises equal only in exact
 * arithmetic (thirds, say) may differ in their last bits and keep that order.
 */
/** `within`: as for rankCells (src/spatial/grid_stats.ts). */
export function rankChanges(
  grid: HotspotGrid,
  pollutant: Pollutant,
  period: Period,
  base: Period,
  limit: number,
  within?: ArrayLike<number> | null,
): CellChange[] {
  const now = periodMeans(grid, pollutant, period);
  const before = periodMeans(grid, pollutant, base);
  const n = grid.header.cellCount;
  const difference = new Float64Array(n);
  const order: number[] = [];
  for (let c = 0; c < n; c++) {
    if (now[c] === NO_VALUE || before[c] === NO_VALUE || (within && !within[c])) continue;
    difference[c] = now[c] - before[c];
    order.push(c);
  }
  order.sort((a, b) => difference[b] - difference[a] || grid.cellIds[a] - grid.cellIds[b]);
  // NaN or a negative limit gives an empty list; Infinity gives every compared cell.
  return order.slice(0, Math.max(0, Math.floor(limit))).map((c) => ({
    index: c,
    cellId: grid.cellIds[c],
    county: grid.header.counties[grid.cellCounty[c]]?.name ?? '',
    township: cellTownshipName(grid, c),
    mean: now[c],
    baseMean: before[c],
    difference: difference[c],
    ratio: before[c] === 0 ? null : now[c] / before[c] - 1,
  }));
}

export interface CityChange {
  /** The city mean of each period (cityMean of its period means); null when no cell has a value. */
  mean: number | null;
  baseMean: number | null;
  /** mean − baseMean in µg/m³, null unless both exist. */
  difference: number | null;
  /** mean / baseMean − 1, null unless both exist and the base is not 0. */
  ratio: number | null;
}

/** The city-wide change: each period's city mean, as the 热点 colouring reads it, the one against the other. */
export function cityChange(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): CityChange {
  const mean = cityMean(periodMeans(grid, pollutant, period));
  const baseMean = cityMean(periodMeans(grid, pollutant, base));
  const both = mean !== null && baseMean !== null;
  return {
    mean,
    baseMean,
    difference: both ? mean - baseMean : null,
    ratio: both && baseMean !== 0 ? mean / baseMean - 1 : null,
  };
}
