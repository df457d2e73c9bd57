// The hotspot grid from a table of the satellite hotspot platform: one row per cell and
// day, the cell by its id in the app's grid or by a point (its centre, or any point in
// it), the day, and each pollutant's daily value. Every row is accepted or rejected with
// its reason; the accepted ones make a HotspotGrid from the first date of the table to
// the last, the days without rows no data.

import { POLLUTANTS, GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { Pollutant } from '../data/hotspot_grid_format';
import { addDays } from '../data/dates';
import { CITY_CHECK_BBOX } from '../data/city';
import type { ParsedTable, RejectedRow } from './types';
import type { GridColumnMapping, GridField, GridImport, GridTableOptions } from './grid_types';
import {
  DATE_ALIASES,
  DATE_FORMATS_HINT,
  POLLUTANT_LABELS,
  cellText,
  epochDay,
  guessColumns,
  parseConcentration,
  parseTableDate,
  pollutantAliases,
  rowValues,
} from './daily_values';
import {
  GridImportError,
  assembleGrid,
  buildCells,
  cellCentreOf,
  cellIdAt,
  cellsOfBase,
  checkGridSize,
  checkLayout,
  countyLocator,
  describeCellSize,
  indexOfCell,
  summarise,
} from './grid_build';
import type { GridCells, GridLayout } from './grid_build';

const GRID_ALIASES: [GridField, string[]][] = [
  ['cellId', ['网格编号', '网格id', '网格号', '网格代码', '网格编码', '格网编号', '格网id', '网格', 'cellid', 'cell', 'gridid', 'gridcode', 'grid']],
  ['lon', ['经度', '中心经度', '中心点经度', '网格中心经度', 'lon', 'lng', 'long', 'longitude', 'x']],
  ['lat', ['纬度', '中心纬度', '中心点纬度', '网格中心纬度', 'lat', 'latitude', 'y']],
  ['date', DATE_ALIASES],
  ...pollutantAliases(),
];

/** The columns the platforms' headers name (网格编号, 经度, 纬度, 日期, PM2.5 …): the dialog's first mapping, which the user may change. */
export function guessGridMapping(headers: string[]): GridColumnMapping {
  return guessColumns(headers, GRID_ALIASES);
}

/** One row as read, before the cells of a layout built from the file are known. */
interface RowRead {
  /** Why the row is refused, first failing check first: its cell, its date, its values. */
  cellReason: string | null;
  dateReason: string | null;
  valueReason: string | null;
  /** The cell's id (with a base, or once the layout is built), and the point the row gives. */
  cellId: number;
  lon: number;
  lat: number;
  date: string;
  values: (number | null)[];
}

const COORDINATE = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** A longitude or latitude cell as a number, or null; a trailing ° is allowed. */
function parseCoordinate(text: string): number | null {
  const t = text.normalize('NFKC').trim().replace(/°$/, '');
  return COORDINATE.test(t) ? Number(t) : null;
}

/** A point as the messages show it: five decimals (about a metre) is what a user compares with the file. */
const showPoint = (lon: number, lat: number): string => `(${+lon.toFixed(5)}, ${+lat.toFixed(5)})`;

/** The column of each mapped field; a mapping naming a header the table does not have is the caller's mistake and refused. */
function columnsOf(table: ParsedTable, mapping: GridColumnMapping): Partial<Record<GridField, number>> {
  const out: Partial<Record<GridField, number>> = {};
  for (const [field, header] of Object.entries(mapping) as [GridField, string | undefined][]) {
    if (header === undefined || header === '') continue;
    const i = table.headers.indexOf(header);
    if (i < 0) throw new GridImportError(`表中没有列“${header}”`);
    out[field] = i;
  }
  return out;
}

/**
 * The grid of a table (see the file comment). With `base`, rows go to its cells (by id, or
 * by the cell their point falls in) and the grid has every base cell, those without rows
 * no data. Without, the rows' points must be cell centres on a regular grid: its cell size
 * comes from their spacing (notes say so), and a cell is in the grid when the table has an
 * accepted row for it and its centre lies in a county. Throws GridImportError (Chinese) for
 * a mapping that cannot place rows or a grid over MAX_GRID_VALUES.
 */
export function gridFromTable(table: ParsedTable, options: GridTableOptions): GridImport {
  const { base, counties, townships } = options;
  const columns = columnsOf(table, options.mapping);
  const notes: string[] = [];
  if (columns.date === undefined) throw new GridImportError('请指定日期列');
  const pollutants = POLLUTANTS.filter((p) => columns[p] !== undefined);
  if (pollutants.length === 0) throw new GridImportError('请至少指定一种污染物（PM2.5、PM10、O₃、NO₂）的数值列');
  const hasPoint = columns.lon !== undefined && columns.lat !== undefined;
  const byId = base !== null && columns.cellId !== undefined;
  if (!byId && !hasPoint) {
    throw new GridImportError(
      columns.cellId !== undefined ? '没有现有网格时无法按网格编号定位，请指定经度、纬度列（网格中心点坐标）' : '请指定网格编号列，或经度、纬度列',
    );
  }
  if (byId && hasPoint) notes.push('按网格编号匹配现有网格，经纬度列未使用');

  const baseCells = base ? cellsOfBase(base) : null;
  const reads = table.rows.map((row) => readRow(row, columns, pollutants, baseCells, byId));

  // Without a base the cells are those of a layout inferred from the points, then kept to the city.
  let cells: GridCells;
  if (baseCells) {
    cells = baseCells;
    notes.push(`按现有网格的 ${cells.cellIds.length} 个单元导入，表中没有的网格各天均为无数据`);
  } else {
    const layout = inferLayout(reads, notes);
    const locate = countyLocator(counties);
    const countyOfCell = new Map<number, number>();
    for (const r of reads) {
      if (r.cellReason || countyOfCell.has(r.cellId)) continue;
      const [lon, lat] = cellCentreOf(layout, r.cellId);
      countyOfCell.set(r.cellId, locate(lon, lat));
    }
    for (const r of reads) {
      if (r.cellReason) continue;
      if (countyOfCell.get(r.cellId)! < 0) r.cellReason = `网格中心 ${showPoint(...cellCentreOf(layout, r.cellId))} 不在平顶山市范围内`;
    }
    // A duplicate row's cell is that of an accepted row: the cells of the rows without a reason are the grid's.
    const used = new Set<number>();
    for (const r of reads) if (!reasonOf(r)) used.add(r.cellId);
    const ids = [...used].sort((a, b) => a - b);
    cells = buildCells(layout, ids, (id) => countyOfCell.get(id)!, counties, townships);
  }

  const rowNumber = (i: number): number => table.rowNumbers[i] ?? i + 2;
  const rejectedRow = (i: number, reason: string): RejectedRow => ({ row: rowNumber(i), values: rowValues(table.headers, table.rows[i]), reason });
  const candidates: number[] = [];
  reads.forEach((r, i) => {
    if (!reasonOf(r)) candidates.push(i);
  });
  if (candidates.length === 0) {
    const rejected = reads.map((r, i) => rejectedRow(i, reasonOf(r)!));
    return { read: reads.length, accepted: 0, rejected, notes, grid: null, summary: null };
  }

  // The series runs over the dates of these rows: a duplicate has the date of the row it repeats.
  let first = reads[candidates[0]].date;
  let last = first;
  for (const i of candidates) {
    if (reads[i].date < first) first = reads[i].date;
    if (reads[i].date > last) last = reads[i].date;
  }
  const days = epochDay(last) - epochDay(first) + 1;
  const n = cells.cellIds.length;
  checkGridSize(n, days, pollutants.length, first, last);
  const firstDay = epochDay(first);

  // Each row's cell-day; the first row of a cell-day is imported, a later one is a duplicate (a
  // byte per cell-day, not a map of keys: a year of the city's grid is three million rows).
  const slots = Int32Array.from(candidates, (i) => indexOfCell(cells.cellIds, reads[i].cellId) * days + epochDay(reads[i].date) - firstDay);
  const seen = new Uint8Array(n * days);
  const duplicate = new Uint8Array(candidates.length);
  slots.forEach((slot, k) => {
    if (seen[slot]) duplicate[k] = 1;
    else seen[slot] = 1;
  });
  // The row a duplicate repeats, for its message: looked up only for the cell-days repeated.
  const repeated = new Set(slots.filter((_, k) => duplicate[k] === 1));
  const firstRowOf = new Map<number, number>();
  slots.forEach((slot, k) => {
    if (!duplicate[k] && repeated.has(slot)) firstRowOf.set(slot, candidates[k]);
  });

  const values = new Uint16Array(pollutants.length * days * n).fill(GRID_NO_DATA);
  const rejected: RejectedRow[] = [];
  let k = 0;
  reads.forEach((r, i) => {
    if (candidates[k] !== i) return void rejected.push(rejectedRow(i, reasonOf(r)!));
    const slot = slots[k];
    if (duplicate[k++]) {
      return void rejected.push(rejectedRow(i, `与第 ${rowNumber(firstRowOf.get(slot)!)} 行重复（同一网格、同一日期 ${r.date}），只导入先出现的一行`));
    }
    const c = Math.floor(slot / days);
    const d = slot - c * days;
    r.values.forEach((v, p) => {
      if (v !== null) values[(p * days + d) * n + c] = v;
    });
  });
  const grid = assembleGrid(cells, first, days, pollutants, values);
  const accepted = reads.length - rejected.length;
  return { read: reads.length, accepted, rejected, notes, grid, summary: summarise(grid, base ? 'base' : 'file', addDays(first, days - 1)) };
}

/** Why a row is refused before duplicates are looked for: its cell first, then its date, then its values. A row refused for a bad value makes no later row a duplicate: it was not imported. */
const reasonOf = (r: RowRead): string | null => r.cellReason ?? r.dateReason ?? r.valueReason;

/** One row's cell (with a base; else its point), date and values, each with why it is refused if it is. */
function readRow(row: string[], columns: Partial<Record<GridField, number>>, pollutants: Pollutant[], base: GridCells | null, byId: boolean): RowRead {
  const r: RowRead = { cellReason: null, dateReason: null, valueReason: null, cellId: -1, lon: NaN, lat: NaN, date: '', values: [] };
  if (row.every((cell) => cell.trim() === '')) {
    r.cellReason = '空行';
    return r;
  }
  if (byId) r.cellReason = readCellId(r, cellText(row, columns.cellId!), base!);
  else r.cellReason = readPoint(r, cellText(row, columns.lon!), cellText(row, columns.lat!), base);

  const dateText = cellText(row, columns.date!);
  const date = parseTableDate(dateText);
  if (date) r.date = date;
  else r.dateReason = dateText === '' ? '缺少日期' : `日期无法识别：${dateText}（${DATE_FORMATS_HINT}）`;

  for (const p of pollutants) {
    const parsed = parseConcentration(cellText(row, columns[p]!), POLLUTANT_LABELS[p]);
    if (!parsed.ok) {
      r.valueReason ??= parsed.reason;
      r.values.push(null);
    } else r.values.push(parsed.value);
  }
  return r;
}

function readCellId(r: RowRead, text: string, base: GridCells): string | null {
  if (text === '') return '缺少网格编号';
  // Excel may show an id cell as 1234.0; anything else that is not a whole number is no id.
  if (!/^\d+(?:\.0+)?$/.test(text)) return `网格编号无效：${text}`;
  const id = Number(text);
  if (indexOfCell(base.cellIds, id) < 0) return `网格编号 ${text} 不在现有网格中`;
  r.cellId = id;
  return null;
}

/** Reads the row's point; with a base, also its cell. Without, a point outside the city's box is refused here, before it could distort the layout's inference. */
function readPoint(r: RowRead, lonText: string, latText: string, base: GridCells | null): string | null {
  if (lonText === '' || latText === '') return '缺少经纬度';
  const lon = parseCoordinate(lonText);
  const lat = parseCoordinate(latText);
  if (lon === null || lat === null) return `经纬度不是有效数字：${lonText}, ${latText}`;
  r.lon = lon;
  r.lat = lat;
  const inside = base ? (x: number, y: number) => cellIdAt(base.layout, x, y) !== null : inCityBox;
  if (!inside(lon, lat)) {
    if (inside(lat, lon)) return `经纬度可能填反：经度 ${lonText}、纬度 ${latText}`;
    return `坐标 ${showPoint(lon, lat)} 不在${base ? '网格' : '平顶山市'}范围内`;
  }
  if (!base) return null;
  const id = cellIdAt(base.layout, lon, lat)!;
  if (indexOfCell(base.cellIds, id) < 0) return `坐标 ${showPoint(lon, lat)} 所在的网格（${id}）不在城市范围内`;
  r.cellId = id;
  return null;
}

const inCityBox = (lon: number, lat: number): boolean =>
  lon >= CITY_CHECK_BBOX[0] && lon <= CITY_CHECK_BBOX[2] && lat >= CITY_CHECK_BBOX[1] && lat <= CITY_CHECK_BBOX[3];

// ---- a layout from the points ---------------------------------------------------------

/** Coordinates closer than this (about 0.1 m) are one grid line: rounding in an export must not make two. */
const SAME_LINE = 1e-6;
/**
 * A point further than this share of a cell from the nearest centre is not on the grid. Centres
 * exported to 3 decimals are within 6 % of a 1 km cell; a looser limit would let a fine
 * lattice fit a few scattered points.
 */
const OFF_GRID = 0.1;

interface Axis {
  /** The centre of the first line (west or south) and the spacing. */
  start: number;
  step: number;
}

/** How many of the smallest gaps between lines are tried as the spacing. */
const STEP_CANDIDATES = 64;

/**
 * The lines of one axis from the coordinates of the centres. Each gap between neighbouring
 * lines is tried as the spacing: the one that puts the most points on a line of the lattice
 * through the most populated line wins, the widest of equals (half the spacing fits the same
 * points). So a few stray points cannot set the spacing, as the smallest gap alone would let
 * them. A least-squares fit of the fitting lines on their numbers then takes out the export's
 * rounding. Null for a single line.
 */
function inferAxis(values: number[]): Axis | null {
  const sorted = Float64Array.from(values).sort();
  const lines: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (lines.length > 0 && v - lines[lines.length - 1] <= SAME_LINE) counts[counts.length - 1]++;
    else {
      lines.push(v);
      counts.push(1);
    }
  }
  if (lines.length < 2) return null;
  let most = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[most]) most = i;
  const anchor = lines[most];
  const gaps = [...new Set(lines.slice(1).map((v, i) => v - lines[i]))].sort((a, b) => a - b).slice(0, STEP_CANDIDATES);
  const fits = (v: number, step: number) => {
    const r = (v - anchor) / step;
    return Math.abs(r - Math.round(r)) <= OFF_GRID;
  };
  let step = gaps[0];
  let best = -1;
  for (const gap of gaps) {
    let score = 0;
    lines.forEach((v, i) => (score += fits(v, gap) ? counts[i] : 0));
    if (score > best || (score === best && gap > step)) [step, best] = [gap, score];
  }
  const on = lines.flatMap((v, i) => (fits(v, step) ? [[Math.round((v - anchor) / step), v, counts[i]]] : []));
  if (on.length < 2) return { start: anchor, step };
  let w = 0;
  let mk = 0;
  let mv = 0;
  for (const [k, v, c] of on) [w, mk, mv] = [w + c, mk + c * k, mv + c * v];
  [mk, mv] = [mk / w, mv / w];
  let sxy = 0;
  let sxx = 0;
  for (const [k, v, c] of on) [sxy, sxx] = [sxy + c * (k - mk) * (v - mv), sxx + c * (k - mk) ** 2];
  // All fitting lines on one lattice line (a stray point beside a real one): nothing to fit.
  if (sxx === 0) return { start: anchor, step };
  const fitted = sxy / sxx;
  return { start: mv - fitted * mk, step: fitted };
}

/**
 * The regular grid the rows' points are the centres of, and each row's cell in it. A
 * point off the grid is refused; when most are, the points are no grid and the import
 * stops: a layout guessed from scattered points would be wrong everywhere.
 */
function inferLayout(reads: RowRead[], notes: string[]): GridLayout {
  const placed = reads.filter((r) => !r.cellReason);
  // No row has a usable point: every row is refused already, and any layout serves the empty grid.
  if (placed.length === 0) return { origin: [CITY_CHECK_BBOX[0], CITY_CHECK_BBOX[1]], cellSize: [0.01, 0.01], cols: 1, rows: 1 };
  let x = inferAxis(placed.map((r) => r.lon));
  let y = inferAxis(placed.map((r) => r.lat));
  const midLat = placed.reduce((a, r) => a + r.lat, 0) / placed.length;
  const cos = Math.cos((midLat * Math.PI) / 180);
  if (!x && !y) throw new GridImportError('表中的坐标只有一个网格位置，无法推断网格大小；请先载入现有网格，按网格匹配导入');
  // One row or one column of cells: take the cells as square on the ground, as the city's 1 km grid is.
  if (!x) x = { start: placed[0].lon, step: y!.step / cos };
  if (!y) y = { start: placed[0].lat, step: x.step * cos };
  if (!(x.step > 1e-5 && y.step > 1e-5)) throw new GridImportError('坐标间距过小，无法推断网格大小');
  let minLon = Infinity;
  let minLat = Infinity;
  for (const r of placed) [minLon, minLat] = [Math.min(minLon, r.lon), Math.min(minLat, r.lat)];
  // Line numbers counted from the westernmost and southernmost centres.
  const x0 = x.start + Math.round((minLon - x.start) / x.step) * x.step;
  const y0 = y.start + Math.round((minLat - y.start) / y.step) * y.step;
  let cols = 1;
  let rows = 1;
  let off = 0;
  const at: [number, number][] = placed.map((r) => {
    const col = Math.round((r.lon - x0) / x.step);
    const row = Math.round((r.lat - y0) / y.step);
    if (Math.abs(r.lon - (x0 + col * x.step)) > OFF_GRID * x.step || Math.abs(r.lat - (y0 + row * y.step)) > OFF_GRID * y.step) {
      r.cellReason = `坐标 ${showPoint(r.lon, r.lat)} 不在推断的规则网格的中心点上`;
      off++;
      return [-1, -1];
    }
    cols = Math.max(cols, col + 1);
    rows = Math.max(rows, row + 1);
    return [col, row];
  });
  if (off * 2 > placed.length) {
    throw new GridImportError(
      `表中的坐标不构成规则网格（${off} / ${placed.length} 行偏离网格中心），无法推断网格；请提供网格中心点坐标，或先载入现有网格再导入`,
    );
  }
  const layout: GridLayout = { origin: [x0 - x.step / 2, y0 - y.step / 2], cellSize: [x.step, y.step], cols, rows };
  checkLayout(layout);
  placed.forEach((r, i) => {
    if (!r.cellReason) r.cellId = at[i][1] * cols + at[i][0];
  });
  notes.push(`没有现有网格：按坐标间距推断网格大小为${describeCellSize(layout.cellSize, midLat)}，共 ${cols} 列 × ${rows} 行，以表中坐标为网格中心`);
  return layout;
}
