// 热点排名: the worst cells of the period shown and each county's figures, as the
// analyst reads them on screen and exports them (the same rows for both).

import { cellBounds, gridDayDate } from '../data/hotspot_grid_format';
import type { FirePointProperties } from '../data/types';
import type { GridHeader, HotspotGrid } from '../data/hotspot_grid_format';
import type { Table } from '../data/table_export';
import { DAILY_LIMITS, countyStats, rankCells } from '../spatial/grid_stats';
import type { CellRank, CountyStat } from '../spatial/grid_stats';
import { POLLUTANT_NAMES } from '../symbology/air_quality';
import { describePeriod } from './grid_view';
import type { GridView } from './grid_view';

/** How many cells the ranking lists. */
export const RANKED_CELLS = 20;

export interface HotspotRanking {
  cells: CellRank[];
  counties: (CountyStat & { fires: number })[];
  /** The same figures as export tables (Chinese headers). */
  tables: Table[];
  /** e.g. "PM2.5 · 2025-08-18 至 2025-09-16（30 天）", for titles and file names. */
  caption: string;
}

const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** Fire points of the period per county code: they follow the same time control as the grid. */
function firesPerCounty(grid: HotspotGrid, view: GridView, fires: readonly FirePointProperties[]): Map<string, number> {
  const from = gridDayDate(grid.header, view.first);
  const to = gridDayDate(grid.header, view.last);
  const counts = new Map<string, number>();
  for (const f of fires) if (f.date >= from && f.date <= to) counts.set(f.countyCode, (counts.get(f.countyCode) ?? 0) + 1);
  return counts;
}

export function buildHotspotRanking(grid: HotspotGrid, view: GridView, fires: readonly FirePointProperties[]): HotspotRanking {
  const period = { first: view.first, last: view.last };
  const cells = rankCells(grid, view.pollutant, period, RANKED_CELLS);
  const fireCounts = firesPerCounty(grid, view, fires);
  const counties = countyStats(grid, view.pollutant, period, view.threshold).map((c) => ({ ...c, fires: fireCounts.get(c.code) ?? 0 }));
  const name = POLLUTANT_NAMES[view.pollutant];
  const limit = `超标天数（日均 > ${DAILY_LIMITS[view.pollutant]} µg/m³）`;
  const caption = `${name} · ${describePeriod(grid.header, view)} · ${view.scale} km 网格`;
  return {
    cells,
    counties,
    caption,
    tables: [
      {
        name: '热点排名',
        headers: ['排名', '网格编号', '所在县区', `${name} 均值（µg/m³）`, '最大值（µg/m³）', limit, '有数据天数'],
        rows: cells.map((c, i) => [i + 1, c.cellId, c.county, round1(c.mean), c.max, c.daysOverLimit, c.validDays]),
      },
      {
        name: '县区统计',
        headers: [
          '县区',
          '行政区划代码',
          '网格数',
          `${name} 均值（µg/m³）`,
          `县区${limit}`,
          `热点网格数（≥ 城市均值 +${Math.round(view.threshold * 100)}%）`,
          '火点数',
        ],
        rows: counties.map((c) => [c.county, c.code, c.cells, round1(c.mean), c.daysOverLimit, c.hotspotCells, c.fires]),
      },
    ],
  };
}

/** The centre of a cell, to fly to it. */
export function cellCentre(header: GridHeader, cellId: number): [number, number] {
  const [west, south, east, north] = cellBounds(header, cellId);
  return [(west + east) / 2, (south + north) / 2];
}
