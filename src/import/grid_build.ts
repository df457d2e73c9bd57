// What the table and the GeoTIFF imports of the hotspot grid share: the cell layout
// (origin, cell size, columns and rows, cell id = row * cols + col with row 0 in the south,
// as hotspot_grid_format.ts has it), the cells of the app's grid or of a layout built
// from the file with their counties and townships, the size limit, and the assembly of
// a HotspotGrid the app's functions take as they take the demo grid.

import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { GridHeader, HotspotGrid, Pollutant } from '../data/hotspot_grid_format';
import type { CountyFeature } from '../data/types';
import type { GridImportSummary, TownshipFeature } from './grid_types';

/** A problem with the whole file or the choices made for it (not with one row): the import cannot go on. Chinese message. */
export class GridImportError extends Error {}

/**
 * The most values (cells × days × pollutants) an import builds: 40 million, 80 MB of
 * Uint16, about 3.4 years of the city's 7,932 one-kilometre cells with four pollutants.
 * More would not fit the phones and the offline cache the app runs in; it is most often a
 * wrong year in one row stretching the series over decades.
 */
export const MAX_GRID_VALUES = 40_000_000;

export interface GridLayout {
  /** South-west corner of cell (row 0, col 0). */
  origin: [number, number];
  cellSize: [number, number];
  cols: number;
  rows: number;
}

/** The cells of an imported grid, ids ascending, with the county and township lists they index. */
export interface GridCells {
  layout: GridLayout;
  cellIds: Uint32Array;
  cellCounty: Uint8Array;
  counties: { code: string; name: string }[];
  townships?: string[];
  cellTownship?: Uint16Array;
}

/** The cell holding a point, or null outside the layout. A point on a border belongs to the cell east or north of it. */
export function cellIdAt(layout: GridLayout, lon: number, lat: number): number | null {
  const col = Math.floor((lon - layout.origin[0]) / layout.cellSize[0]);
  const row = Math.floor((lat - layout.origin[1]) / layout.cellSize[1]);
  if (!(col >= 0 && col < layout.cols && row >= 0 && row < layout.rows)) return null;
  return row * layout.cols + col;
}

export function cellCentreOf(layout: GridLayout, id: number): [number, number] {
  const row = Math.floor(id / layout.cols);
  const col = id % layout.cols;
  return [layout.origin[0] + (col + 0.5) * layout.cellSize[0], layout.origin[1] + (row + 0.5) * layout.cellSize[1]];
}

/** Index of `id` in ascending `ids`, or −1. */
export function indexOfCell(ids: Uint32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The base grid's cells, copied: the base's arrays are views into the buffer of its whole
 * file, which postMessage would copy whole with them, and the base's header may say
 * `chunked`, which the imported grid is not.
 */
export function cellsOfBase(base: HotspotGrid): GridCells {
  const h = base.header;
  return {
    layout: { origin: [h.origin[0], h.origin[1]], cellSize: [h.cellSize[0], h.cellSize[1]], cols: h.cols, rows: h.rows },
    cellIds: base.cellIds.slice(),
    cellCounty: base.cellCounty.slice(),
    counties: h.counties.map((c) => ({ code: c.code, name: c.name })),
    ...(h.townships && base.cellTownship ? { townships: [...h.townships], cellTownship: base.cellTownship.slice() } : {}),
  };
}

type Box = [number, number, number, number];

function boxOf(rings: Position[][][]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of rings) {
    for (const [x, y] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

const polygonsOf = (f: CountyFeature | TownshipFeature): Position[][][] =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [];

const inBox = (b: Box, lon: number, lat: number): boolean => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];

/** The index in `counties` of the county holding a point, or −1: a bounding-box test first, so most counties cost four comparisons. */
export function countyLocator(counties: CountyFeature[]): (lon: number, lat: number) => number {
  if (counties.length > 255) throw new GridImportError(`区县过多（${counties.length} 个）：网格每个单元的区县序号只有一个字节`);
  const boxes = counties.map((c) => boxOf(polygonsOf(c)));
  return (lon, lat) => counties.findIndex((c, k) => inBox(boxes[k], lon, lat) && booleanPointInPolygon([lon, lat], c));
}

/**
 * The township of each cell centre (see TownshipFeature): an outline that holds it, one of
 * the cell's county first; else the nearest centre point in the cell's county (in any county
 * when the points say none). `names` lists each township used once, in the order given; a
 * cell none names takes an entry '' (the card shows —).
 */
function assignTownships(
  centres: [number, number][],
  cellCounty: Uint8Array,
  counties: { code: string }[],
  townships: TownshipFeature[],
): { names: string[]; index: Uint16Array } {
  const boxes = townships.map((t) => (t.geometry.type === 'Point' ? null : boxOf(polygonsOf(t))));
  const points = townships.flatMap((t, k) => (t.geometry.type === 'Point' ? [k] : []));
  const chosen = centres.map(([lon, lat], i) => {
    const county = counties[cellCounty[i]].code;
    let holding = -1;
    townships.forEach((t, k) => {
      const box = boxes[k];
      if (!box || !inBox(box, lon, lat) || !booleanPointInPolygon([lon, lat], t as Feature<Polygon | MultiPolygon>)) return;
      if (holding < 0 || (t.properties.countyCode === county && townships[holding].properties.countyCode !== county)) holding = k;
    });
    if (holding >= 0 || points.length === 0) return holding;
    const sameCounty = points.filter((k) => townships[k].properties.countyCode === county);
    const candidates = sameCounty.length > 0 ? sameCounty : points.filter((k) => !townships[k].properties.countyCode);
    // Degrees of longitude are shorter than of latitude by cos(latitude): without it the nearest centre would lean east–west.
    const kx = Math.cos((lat * Math.PI) / 180);
    let best = -1;
    let bestDistance = Infinity;
    for (const k of candidates) {
      const [x, y] = (townships[k].geometry as Point).coordinates;
      const d = ((x - lon) * kx) ** 2 + (y - lat) ** 2;
      if (d < bestDistance) [best, bestDistance] = [k, d];
    }
    return best;
  });
  const used = [...new Set(chosen.filter((k) => k >= 0))].sort((a, b) => a - b);
  const names = used.map((k) => townships[k].properties.name);
  const position = new Map(used.map((k, i) => [k, i]));
  if (chosen.includes(-1)) names.push('');
  if (names.length > 65535) throw new GridImportError(`乡镇过多（${names.length} 个）`);
  return { names, index: Uint16Array.from(chosen, (k) => (k >= 0 ? position.get(k)! : names.length - 1)) };
}

/** The cells of a layout built from the file: `ids` ascending, `countyOf` their county index (each in the city), townships if given. */
export function buildCells(
  layout: GridLayout,
  ids: number[],
  countyOf: (id: number) => number,
  counties: CountyFeature[],
  townships: TownshipFeature[] | undefined,
): GridCells {
  const cellIds = Uint32Array.from(ids);
  const cellCounty = Uint8Array.from(ids, countyOf);
  const list = counties.map((c) => ({ code: c.properties.code, name: c.properties.name }));
  const cells: GridCells = { layout, cellIds, cellCounty, counties: list };
  if (townships && townships.length > 0) {
    const t = assignTownships(
      ids.map((id) => cellCentreOf(layout, id)),
      cellCounty,
      list,
      townships,
    );
    cells.townships = t.names;
    cells.cellTownship = t.index;
  }
  return cells;
}

/** A layout's cell ids must fit the format's uint32. */
export function checkLayout(layout: GridLayout): void {
  if (layout.cols * layout.rows > 0xffffffff) {
    throw new GridImportError(`网格过大：${layout.cols} 列 × ${layout.rows} 行，单元编号超出范围`);
  }
}

/** Refuses a grid over MAX_GRID_VALUES before it is allocated, saying which dates make it so long. */
export function checkGridSize(cells: number, days: number, pollutants: number, firstDate: string, lastDate: string): void {
  const values = cells * days * pollutants;
  if (values <= MAX_GRID_VALUES) return;
  throw new GridImportError(
    `导入的数据过大：${cells} 个网格 × ${days} 天（${firstDate} 至 ${lastDate}）× ${pollutants} 种污染物 = ${values.toLocaleString('en-US')} 个数值，` +
      `超过上限 ${MAX_GRID_VALUES.toLocaleString('en-US')}。请检查日期是否有写错的年份，或按时段分批导入。`,
  );
}

/** The grid the app takes: a complete, unchunked grid whose header says what its arrays hold. */
export function assembleGrid(cells: GridCells, startDate: string, days: number, pollutants: Pollutant[], values: Uint16Array): HotspotGrid {
  const { layout } = cells;
  const header: GridHeader = {
    version: 1,
    origin: layout.origin,
    cellSize: layout.cellSize,
    cols: layout.cols,
    rows: layout.rows,
    cellCount: cells.cellIds.length,
    startDate,
    days,
    pollutants,
    counties: cells.counties,
    ...(cells.townships ? { townships: cells.townships } : {}),
    units: 'µg/m³',
  };
  return {
    header,
    cellIds: cells.cellIds,
    cellCounty: cells.cellCounty,
    ...(cells.cellTownship ? { cellTownship: cells.cellTownship } : {}),
    values,
  };
}

/** The figures the dialog shows of a grid built. */
export function summarise(grid: HotspotGrid, layout: GridImportSummary['layout'], lastDate: string): GridImportSummary {
  const { header } = grid;
  const n = header.cellCount;
  const hasData = new Uint8Array(n);
  const values: Partial<Record<Pollutant, number>> = {};
  header.pollutants.forEach((p, k) => {
    let count = 0;
    const block = grid.values.subarray(k * header.days * n, (k + 1) * header.days * n);
    for (let i = 0; i < block.length; i++) {
      if (block[i] === GRID_NO_DATA) continue;
      count++;
      hasData[i % n] = 1;
    }
    values[p] = count;
  });
  return {
    firstDate: header.startDate,
    lastDate,
    days: header.days,
    cells: n,
    cellsWithData: hasData.reduce((a, b) => a + b, 0),
    pollutants: [...header.pollutants],
    values,
    layout,
    cellSize: [header.cellSize[0], header.cellSize[1]],
  };
}

/** "0.0108° × 0.0090°（约 1.00 × 1.00 km）": a cell size as a user checks it. */
export function describeCellSize(cellSize: [number, number], lat: number): string {
  const km = (deg: number, perDeg: number) => (deg * perDeg).toFixed(2);
  const east = km(cellSize[0], 111.32 * Math.cos((lat * Math.PI) / 180));
  return `经向 ${cellSize[0].toPrecision(4)}° × 纬向 ${cellSize[1].toPrecision(4)}°（约 ${east} × ${km(cellSize[1], 110.57)} km）`;
}
