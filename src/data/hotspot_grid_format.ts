// The hotspot grid's file format ("pdsgrid"). A regular lon/lat grid needs no
// stored polygons: a cell's square follows from its row and column. So the
// file holds a small JSON header, the ids of the cells that lie inside the city,
// and the daily values as one Uint16 array. 7,900 cells × 259 days × 4
// pollutants is 16 MB raw but compresses to a few MB with gzip, where the same
// grid as GeoJSON polygons per day would be gigabytes.
//
// Layout (all integers little-endian):
//   0   8 bytes  ASCII magic "PDSGRID1"
//   8   uint32   H = byte length of the JSON header
//   12  H bytes  UTF-8 JSON, GridHeader below
//   ... zero padding to a multiple of 4 bytes
//   A   uint32 × cellCount   cell id = row * cols + col (row 0 is the southern row), ascending
//   B   uint8 × cellCount    index into header.counties of the county holding the cell centre
//   ... zero padding to a multiple of 2 bytes
//   T   uint16 × cellCount   only when the header has `townships`: index into header.townships
//       of the cell's township (乡镇/街道). Files written before townships have neither
//       the header field nor this section, and still decode; the app then shows no township.
//   C   uint16 × pollutants × days × cellCount   values in µg/m³, NO_DATA = 65535,
//       ordered pollutant-major, then day, then cell: one pollutant-day is a
//       contiguous slice, which is what the map colours at a time.
//
// A large grid is split so that a first view does not wait for the whole series:
// the "index" file is the same layout without section C (the header says
// `chunked: true`), and the values travel in chunk files listed in the manifest
// (GridChunk), each one pollutant over consecutive days as plain little-endian
// uint16 (days × cellCount), fetched in the order the view needs them and cached
// one by one. The same layout serves a longer series or a larger area: more chunks.

import { addDays } from './dates';

export const GRID_MAGIC = 'PDSGRID1';
export const GRID_NO_DATA = 65535;

export const POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2'] as const;
export type Pollutant = (typeof POLLUTANTS)[number];

export interface GridHeader {
  version: 1;
  /** Longitude and latitude of the south-west corner of cell (row 0, col 0). */
  origin: [number, number];
  /** Cell size in degrees [dLon, dLat]; about 1 km × 1 km at the city's latitude. */
  cellSize: [number, number];
  cols: number;
  rows: number;
  cellCount: number;
  /** First day of the series (ISO date) and number of days. */
  startDate: string;
  days: number;
  pollutants: Pollutant[];
  /** GB/T 2260 code and name of each county, indexed by the per-cell county byte. */
  counties: { code: string; name: string }[];
  /**
   * Township (乡镇/街道) names, indexed by the per-cell township number; one entry per
   * township of a county, so a name two counties share (城关镇) occurs twice. Absent in
   * files written before townships.
   */
  townships?: string[];
  units: 'µg/m³';
  /** True in an index file: the values are in chunk files (GridChunk), not in this file. */
  chunked?: boolean;
}

/** One block of a chunked grid's values, as the manifest lists it. */
export interface GridChunk {
  /** Stable name of the block, e.g. "pm25/2025-09"; the offline cache keeps each block under it. */
  key: string;
  /** File name relative to the manifest. */
  file: string;
  pollutant: Pollutant;
  /** First day (index from header.startDate) and number of days in the block. */
  first: number;
  days: number;
  /** Size and lower-case hex SHA-256 of the decoded content (days × cellCount little-endian uint16). */
  bytes: number;
  hash: string;
}

export interface HotspotGrid {
  header: GridHeader;
  cellIds: Uint32Array;
  cellCounty: Uint8Array;
  /** Index into header.townships of each cell's township; present exactly when header.townships is. */
  cellTownship?: Uint16Array;
  values: Uint16Array;
  /**
   * For a chunked grid, 1 per pollutant-day (index p × days + d) whose values have
   * arrived; the others read as GRID_NO_DATA until then. Absent: every day is there.
   */
  loaded?: Uint8Array;
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Byte offsets of the sections after a JSON header of `jsonLength` bytes (see the layout above), and the file's length. */
function sectionOffsets(header: GridHeader, jsonLength: number): { ids: number; counties: number; townships: number; values: number; end: number } {
  const n = header.cellCount;
  const ids = align(12 + jsonLength, 4);
  const counties = ids + n * 4;
  const townships = align(counties + n, 2);
  // The township section is uint16 and starts 2-aligned, so the values after it stay 2-aligned.
  const values = townships + (header.townships ? n * 2 : 0);
  const end = header.chunked ? values : values + header.pollutants.length * header.days * n * 2;
  return { ids, counties, townships, values, end };
}

/** Serialise a grid to the pdsgrid byte layout (used by the data generator). */
export function encodeHotspotGrid(grid: HotspotGrid, { index = false }: { index?: boolean } = {}): Uint8Array {
  const { cellIds, cellCounty, cellTownship, values } = grid;
  // An index file carries the header and cells only; its values go to chunk files (encodeGridChunk).
  const header: GridHeader = { ...grid.header, chunked: index || undefined };
  // The generator must not write a file the app would then refuse to open.
  checkHeader(header);
  checkSizes(header, cellIds, cellCounty, values);
  checkCellCounties(header, cellCounty);
  checkCellTownships(header, cellTownship);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const off = sectionOffsets(header, json.length);
  const out = new Uint8Array(off.end);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(GRID_MAGIC), 0);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  cellIds.forEach((id, i) => view.setUint32(off.ids + i * 4, id, true));
  out.set(cellCounty, off.counties);
  cellTownship?.forEach((t, i) => view.setUint16(off.townships + i * 2, t, true));
  if (!index) for (let i = 0; i < values.length; i++) view.setUint16(off.values + i * 2, values[i], true);
  return out;
}

/** The content of one chunk file: `days` days of `pollutant` from day `first`, little-endian uint16. */
export function encodeGridChunk(grid: HotspotGrid, pollutant: Pollutant, first: number, days: number): Uint8Array {
  const n = grid.header.cellCount;
  const out = new Uint8Array(days * n * 2);
  const view = new DataView(out.buffer);
  for (let d = 0; d < days; d++) {
    const slice = gridDaySlice(grid, pollutant, first + d);
    for (let c = 0; c < n; c++) view.setUint16((d * n + c) * 2, slice[c], true);
  }
  return out;
}

/** Error with a Chinese message for the user, raised for a malformed grid file. */
export class GridFormatError extends Error {}

/** Parse a pdsgrid file. Throws GridFormatError (Chinese message) if the bytes are not a valid grid. */
export function decodeHotspotGrid(buffer: ArrayBuffer): HotspotGrid {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== GRID_MAGIC) {
    throw new GridFormatError('热点网格文件格式不正确（文件头不是 PDSGRID1）');
  }
  const view = new DataView(buffer);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new GridFormatError('热点网格文件不完整（文件头被截断）');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    throw new GridFormatError('热点网格文件头无法解析');
  }
  // Check every field now: a bad header that got through would only fail later,
  // on the map, with an error the user cannot act on.
  const header = checkHeader(parsed);
  const n = header.cellCount;
  const off = sectionOffsets(header, headerLength);
  const valueCount = header.pollutants.length * header.days * n;
  if (off.end !== bytes.length) {
    throw new GridFormatError(`热点网格文件长度不符：应为 ${off.end} 字节，实为 ${bytes.length} 字节`);
  }
  // Typed-array views need the platform to be little-endian (every browser we
  // target is); copy through DataView otherwise so a big-endian host stays correct.
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const cellIds = littleEndian
    ? new Uint32Array(buffer, off.ids, n)
    : Uint32Array.from({ length: n }, (_, i) => view.getUint32(off.ids + i * 4, true));
  const cellCounty = new Uint8Array(buffer, off.counties, n);
  // A chunked grid starts with every value missing; applyGridChunk fills it block by block.
  const values = header.chunked
    ? new Uint16Array(valueCount).fill(GRID_NO_DATA)
    : littleEndian
      ? new Uint16Array(buffer, off.values, valueCount)
      : Uint16Array.from({ length: valueCount }, (_, i) => view.getUint16(off.values + i * 2, true));
  const grid: HotspotGrid = { header, cellIds, cellCounty, values };
  if (header.townships) {
    grid.cellTownship = littleEndian
      ? new Uint16Array(buffer, off.townships, n)
      : Uint16Array.from({ length: n }, (_, i) => view.getUint16(off.townships + i * 2, true));
  }
  if (header.chunked) grid.loaded = new Uint8Array(header.pollutants.length * header.days);
  checkSizes(header, cellIds, cellCounty, values);
  checkCellCounties(header, cellCounty);
  checkCellTownships(header, grid.cellTownship);
  return grid;
}

/** The township of cell `index` by name; '' when the grid has none (a file written before townships). */
export function cellTownshipName(grid: HotspotGrid, index: number): string {
  return grid.cellTownship ? (grid.header.townships?.[grid.cellTownship[index]] ?? '') : '';
}

/** Check a manifest's chunk entry against the grid it belongs to; throws GridFormatError (Chinese). */
export function checkGridChunk(header: GridHeader, chunk: GridChunk): void {
  const where = `热点网格数据块 ${chunk.key}`;
  if (!header.pollutants.includes(chunk.pollutant)) throw new GridFormatError(`${where}的污染物 ${show(chunk.pollutant)} 不在网格中`);
  if (!Number.isSafeInteger(chunk.first) || !isPositiveInteger(chunk.days) || chunk.first < 0 || chunk.first + chunk.days > header.days) {
    throw new GridFormatError(`${where}的日期范围（第 ${chunk.first} 天起 ${chunk.days} 天）超出网格的 ${header.days} 天`);
  }
}

/** Copy one chunk's values into a chunked grid and mark its days as there. Throws GridFormatError (Chinese) for a block that does not fit. */
export function applyGridChunk(grid: HotspotGrid, chunk: GridChunk, content: ArrayBuffer): void {
  const { header } = grid;
  checkGridChunk(header, chunk);
  const n = header.cellCount;
  if (content.byteLength !== chunk.days * n * 2) {
    throw new GridFormatError(`热点网格数据块 ${chunk.key} 长度不符：应为 ${chunk.days * n * 2} 字节，实为 ${content.byteLength} 字节`);
  }
  const p = header.pollutants.indexOf(chunk.pollutant);
  const start = (p * header.days + chunk.first) * n;
  const view = new DataView(content);
  const target = grid.values.subarray(start, start + chunk.days * n);
  for (let i = 0; i < target.length; i++) target[i] = view.getUint16(i * 2, true);
  grid.loaded?.fill(1, p * header.days + chunk.first, p * header.days + chunk.first + chunk.days);
}

/** How many days of [first, last] of `pollutant` have not arrived yet (0 for a grid read whole). */
export function gridDaysMissing(grid: HotspotGrid, pollutant: Pollutant, first: number, last: number): number {
  if (!grid.loaded) return 0;
  const p = grid.header.pollutants.indexOf(pollutant);
  let missing = 0;
  for (let d = first; d <= last; d++) if (!grid.loaded[p * grid.header.days + d]) missing++;
  return missing;
}

// Longer values are cut so that a garbage header cannot flood the message.
const show = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Error for one header field: `label` is its Chinese name, `key` its JSON key, `expected` what it should be. */
function fieldError(label: string, key: string, value: unknown, expected: string): GridFormatError {
  if (value === undefined) return new GridFormatError(`热点网格文件头缺少${label}（${key}）`);
  return new GridFormatError(`热点网格文件头的${label}（${key}）${expected}，实为 ${show(value)}`);
}

const isPositiveInteger = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isNumberPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Validate a parsed header field by field; throws GridFormatError naming the first bad field. */
function checkHeader(raw: unknown): GridHeader {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GridFormatError('热点网格文件头不是 JSON 对象');
  }
  const h = raw as Record<string, unknown>;
  if (h.version !== 1) throw new GridFormatError(`热点网格文件版本不支持：${show(h.version)}（应为 1）`);

  const pollutants = h.pollutants;
  if (!Array.isArray(pollutants) || pollutants.length === 0) {
    throw fieldError('污染物列表', 'pollutants', pollutants, '应为非空数组');
  }
  for (let i = 0; i < pollutants.length; i++) {
    const p: unknown = pollutants[i];
    if (!(POLLUTANTS as readonly unknown[]).includes(p)) {
      throw new GridFormatError(`热点网格文件头的污染物未知：${show(p)}（应为 ${POLLUTANTS.join('、')} 之一）`);
    }
    // A repeated name would make the second block unreachable by gridDaySlice.
    if (pollutants.indexOf(p) < i) throw new GridFormatError(`热点网格文件头的污染物重复：${show(p)}`);
  }

  const sizes = [['列数', 'cols'], ['行数', 'rows'], ['单元数', 'cellCount'], ['天数', 'days']] as const;
  for (const [label, key] of sizes) {
    if (!isPositiveInteger(h[key])) throw fieldError(label, key, h[key], '应为正整数');
  }
  const cols = h.cols as number;
  const rows = h.rows as number;
  if ((h.cellCount as number) > cols * rows) {
    throw new GridFormatError(`热点网格文件头的单元数（cellCount）${show(h.cellCount)} 超过网格总数 ${cols}×${rows}=${cols * rows}`);
  }

  if (!isNumberPair(h.origin)) throw fieldError('原点', 'origin', h.origin, '应为两个有限数值 [经度, 纬度]');
  const [lon, lat] = h.origin;
  if (lon < -180 || lon > 180) throw new GridFormatError(`热点网格文件头的原点经度（origin[0]）应在 -180 到 180 之间，实为 ${lon}`);
  if (lat < -90 || lat > 90) throw new GridFormatError(`热点网格文件头的原点纬度（origin[1]）应在 -90 到 90 之间，实为 ${lat}`);
  if (!isNumberPair(h.cellSize)) throw fieldError('单元大小', 'cellSize', h.cellSize, '应为两个有限数值 [经度差, 纬度差]');
  if (!(h.cellSize[0] > 0 && h.cellSize[1] > 0)) throw fieldError('单元大小', 'cellSize', h.cellSize, '应为正数');

  // The round trip through Date rejects dates that match the pattern but do not
  // exist (2025-02-30), which Date.parse would silently roll over to March.
  const start = h.startDate;
  const validDate = typeof start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(start) &&
    !Number.isNaN(Date.parse(`${start}T00:00:00Z`)) && new Date(`${start}T00:00:00Z`).toISOString().slice(0, 10) === start;
  if (!validDate) throw fieldError('起始日期', 'startDate', start, '应为 YYYY-MM-DD 格式的有效日期');

  const counties = h.counties;
  if (!Array.isArray(counties)) throw fieldError('区县列表', 'counties', counties, '应为数组');
  counties.forEach((c: unknown, i) => {
    const county = c as Record<string, unknown> | null;
    if (typeof county !== 'object' || county === null || typeof county.code !== 'string' || typeof county.name !== 'string') {
      throw new GridFormatError(`热点网格文件头的区县列表（counties）第 ${i + 1} 项应为 {code: 字符串, name: 字符串}，实为 ${show(c)}`);
    }
  });

  const townships = h.townships;
  if (townships !== undefined) {
    if (!Array.isArray(townships)) throw fieldError('乡镇列表', 'townships', townships, '应为字符串数组');
    townships.forEach((t: unknown, i) => {
      if (typeof t !== 'string') throw new GridFormatError(`热点网格文件头的乡镇列表（townships）第 ${i + 1} 项应为字符串，实为 ${show(t)}`);
    });
  }

  if (h.units !== 'µg/m³') throw fieldError('单位', 'units', h.units, '应为 µg/m³');
  if (h.chunked !== undefined && typeof h.chunked !== 'boolean') throw fieldError('分块标记', 'chunked', h.chunked, '应为 true 或 false');
  return h as unknown as GridHeader;
}

/** Every cell's county byte must index header.counties, or the feature card would show no county. */
function checkCellCounties(header: GridHeader, cellCounty: Uint8Array): void {
  const count = header.counties.length;
  for (let i = 0; i < cellCounty.length; i++) {
    if (cellCounty[i] >= count) {
      throw new GridFormatError(`热点网格第 ${i + 1} 个单元的区县序号（cellCounty）${cellCounty[i]} 超出区县列表（counties 共 ${count} 项）`);
    }
  }
}

/** A grid has townships for every cell or for none, and each cell's number must index header.townships, or the ranking would show no township. */
function checkCellTownships(header: GridHeader, cellTownship: Uint16Array | undefined): void {
  if (!header.townships) {
    if (cellTownship) throw new GridFormatError('热点网格有单元乡镇序号（cellTownship），文件头却没有乡镇列表（townships）');
    return;
  }
  if (cellTownship?.length !== header.cellCount) throw new GridFormatError('热点网格单元乡镇序号数量与文件头不符');
  const count = header.townships.length;
  for (let i = 0; i < cellTownship.length; i++) {
    if (cellTownship[i] >= count) {
      throw new GridFormatError(`热点网格第 ${i + 1} 个单元的乡镇序号（cellTownship）${cellTownship[i]} 超出乡镇列表（townships 共 ${count} 项）`);
    }
  }
}

function checkSizes(header: GridHeader, cellIds: Uint32Array, cellCounty: Uint8Array, values: Uint16Array): void {
  const n = header.cellCount;
  if (cellIds.length !== n || cellCounty.length !== n) throw new GridFormatError('热点网格单元数量与文件头不符');
  if (values.length !== header.pollutants.length * header.days * n) throw new GridFormatError('热点网格数值数量与文件头不符');
  for (let i = 0; i < n; i++) {
    if (cellIds[i] >= header.cols * header.rows || (i > 0 && cellIds[i] <= cellIds[i - 1])) {
      throw new GridFormatError('热点网格单元编号无效');
    }
  }
}

/** The values of one pollutant on one day (a view, not a copy), indexed like cellIds. */
export function gridDaySlice(grid: HotspotGrid, pollutant: Pollutant, day: number): Uint16Array {
  const p = grid.header.pollutants.indexOf(pollutant);
  if (p < 0 || day < 0 || day >= grid.header.days) throw new RangeError(`热点网格没有 ${pollutant} 第 ${day} 天的数据`);
  const n = grid.header.cellCount;
  const start = (p * grid.header.days + day) * n;
  return grid.values.subarray(start, start + n);
}

/** South-west corner and size of a cell, for drawing its square. */
export function cellBounds(header: GridHeader, cellId: number): [number, number, number, number] {
  const row = Math.floor(cellId / header.cols);
  const col = cellId % header.cols;
  const west = header.origin[0] + col * header.cellSize[0];
  const south = header.origin[1] + row * header.cellSize[1];
  return [west, south, west + header.cellSize[0], south + header.cellSize[1]];
}

/** ISO date of a day index counted from header.startDate. */
export function gridDayDate(header: GridHeader, day: number): string {
  return addDays(header.startDate, day);
}
