// 热点排名: the worst cells of the period shown (with their county and township) and
// each county's figures, and in 变化 colouring the cells that rose most against the
// comparison period, as the analyst reads them on screen and exports them (the same
// rows for both).

import { cellBounds, gridDayDate } from '../data/hotspot_grid_format';
import type { FirePointProperties } from '../data/types';
import type { GridHeader, HotspotGrid } from '../data/hotspot_grid_format';
import type { Table } from '../data/table_export';
import { DAILY_LIMITS, countyStats, rankCells } from '../spatial/grid_stats';
import type { CellRank, CountyStat } from '../spatial/grid_stats';
import { cityChange, rankChanges } from '../spatial/grid_change';
import type { CellChange, CityChange } from '../spatial/grid_change';
import { POLLUTANT_NAMES } from '../symbology/air_quality';
import { comparisonPeriod, describeBase, describePeriod } from './grid_view';
import type { GridView } from './grid_view';

/** How many cells the ranking lists. */
export const RANKED_CELLS = 20;

/** 变化排名: what the period shown is compared with, and what rose. */
export interface ChangeRanking {
  /** e.g. "2025年8月（31 天）". */
  base: string;
  cells: CellChange[];
  city: CityChange;
  /** Per county (the order of `counties`): its mean in the base (null where none of its cells has a value) and mean / base − 1 (null without both, or a base of 0). */
  counties: { baseMean: number | null; ratio: number | null }[];
  table: Table;
}

export interface HotspotRanking {
  cells: CellRank[];
  counties: (CountyStat & { fires: number })[];
  /** In 变化 colouring with a period to compare with; otherwise null. */
  change: ChangeRanking | null;
  /** The tables shown, by name. */
  cellsTable: Table;
  countiesTable: Table;
  /** Every table, as exported (Chinese headers): 变化排名 first when there is one. */
  tables: Table[];
  /** e.g. "PM2.5 · 2025-08-18 至 2025-09-16（30 天）", for titles and file names. */
  caption: string;
}

const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);
/** A ratio as a percentage with one decimal (0.153 → 15.3). */
const percent1 = (x: number | null): number | null => (x === null ? null : round1(x * 100));

/** A cell's township for the exports: an empty cell when the grid has none, as for any missing figure. */
const township = (cell: { township: string }): string | null => cell.township || null;

/** Fire points of the period per county code: they follow the same time control as the grid. */
function firesPerCounty(grid: HotspotGrid, view: GridView, fires: readonly FirePointProperties[]): Map<string, number> {
  const from = gridDayDate(grid.header, view.first);
  const to = gridDayDate(grid.header, view.last);
  const counts = new Map<string, number>();
  for (const f of fires) if (f.date >= from && f.date <= to) counts.set(f.countyCode, (counts.get(f.countyCode) ?? 0) + 1);
  return counts;
}

/** 变化排名 of the view, or null outside 变化 colouring or without a period to compare with. */
function buildChangeRanking(grid: HotspotGrid, view: GridView, within: Uint8Array | null): ChangeRanking | null {
  const base = view.colouring === 'change' ? comparisonPeriod(grid.header, view) : null;
  if (!base) return null;
  const period = { first: view.first, last: view.last };
  const cells = rankChanges(grid, view.pollutant, period, base, RANKED_CELLS, within);
  const now = countyStats(grid, view.pollutant, period, view.threshold, within);
  const before = countyStats(grid, view.pollutant, base, view.threshold, within);
  const name = POLLUTANT_NAMES[view.pollutant];
  return {
    base: describeBase(grid.header, base),
    cells,
    city: cityChange(grid, view.pollutant, period, base),
    counties: before.map(({ mean: baseMean }, k) => {
      const mean = now[k].mean;
      return { baseMean, ratio: mean === null || baseMean === null || baseMean === 0 ? null : mean / baseMean - 1 };
    }),
    table: {
      name: '变化排名',
      headers: ['排名', '网格编号', '所在县区', '所在乡镇', `${name} 均值（µg/m³）`, '对比时段均值（µg/m³）', '变化（µg/m³）', '变化率（%）'],
      rows: cells.map((c, i) => [i + 1, c.cellId, c.county, township(c), round1(c.mean), round1(c.baseMean), round1(c.difference), percent1(c.ratio)]),
    },
  };
}

/**
 * The tables of a view. `within` (1 per cell of 筛选's area, or null for the whole city)
 * limits the cells and the counties' figures to the area; the caller gives only the fire
 * points inside it.
 */
export function buildHotspotRanking(
  grid: HotspotGrid,
  view: GridView,
  fires: readonly FirePointProperties[],
  within: Uint8Array | null = null,
): HotspotRanking {
  const period = { first: view.first, last: view.last };
  const cells = rankCells(grid, view.pollutant, period, RANKED_CELLS, within);
  const fireCounts = firesPerCounty(grid, view, fires);
  const counties = countyStats(grid, view.pollutant, period, view.threshold, within).map((c) => ({ ...c, fires: fireCounts.get(c.code) ?? 0 }));
  const change = buildChangeRanking(grid, view, within);
  const name = POLLUTANT_NAMES[view.pollutant];
  const limit = `超标天数（日均 > ${DAILY_LIMITS[view.pollutant]} µg/m³）`;
  const against = change ? ` 对比 ${change.base}` : '';
  const caption = `${name} · ${describePeriod(grid.header, view)}${against} · ${view.scale} km 网格${within ? ' · 限于筛选范围' : ''}`;
  const cellsTable: Table = {
    name: '热点排名',
    headers: ['排名', '网格编号', '所在县区', '所在乡镇', `${name} 均值（µg/m³）`, '最大值（µg/m³）', limit, '有数据天数'],
    rows: cells.map((c, i) => [i + 1, c.cellId, c.county, township(c), round1(c.mean), c.max, c.daysOverLimit, c.validDays]),
  };
  const countiesTable: Table = {
    name: '县区统计',
    headers: [
      '县区',
      '行政区划代码',
      '网格数',
      `${name} 均值（µg/m³）`,
      `县区${limit}`,
      `热点网格数（≥ 城市均值 +${Math.round(view.threshold * 100)}%）`,
      '火点数',
      // In 变化 the county's own change too: the figure its officer is asked about.
      ...(change ? ['对比时段均值（µg/m³）', '变化率（%）'] : []),
    ],
    rows: counties.map((c, k) => [
      c.county,
      c.code,
      c.cells,
      round1(c.mean),
      c.daysOverLimit,
      c.hotspotCells,
      c.fires,
      ...(change ? [round1(change.counties[k].baseMean), percent1(change.counties[k].ratio)] : []),
    ]),
  };
  return {
    cells,
    counties,
    change,
    caption,
    cellsTable,
    countiesTable,
    tables: change ? [change.table, cellsTable, countiesTable] : [cellsTable, countiesTable],
  };
}

/** The centre of a cell, to fly to it. */
export function cellCentre(header: GridHeader, cellId: number): [number, number] {
  const [west, south, east, north] = cellBounds(header, cellId);
  return [(west + east) / 2, (south + north) / 2];
}
