// decodeHotspotGrid must refuse a grid whose header is wrong in any field, with a
// Chinese message naming the field, rather than pass it on to fail on the map.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDataContent, readManifest } from '../helpers/data_files';
import {
  GRID_MAGIC,
  GRID_NO_DATA,
  GridFormatError,
  applyGridChunk,
  cellTownshipName,
  decodeHotspotGrid,
  encodeGridChunk,
  encodeHotspotGrid,
  gridDaySlice,
  gridDaysMissing,
  type GridHeader,
  type HotspotGrid,
} from '../../src/data/hotspot_grid_format';
import { describeGridCell } from '../../src/layers/hotspot_grid';
import { buildHotspotRanking } from '../../src/layers/hotspot_ranking';
import { firstGridView } from '../../src/layers/grid_view';

const validHeader = (): GridHeader => ({
  version: 1,
  origin: [112.24, 33.13],
  cellSize: [0.0108, 0.009],
  cols: 3,
  rows: 2,
  cellCount: 4,
  startDate: '2025-01-01',
  days: 2,
  pollutants: ['pm25', 'no2'],
  counties: [
    { code: '410402', name: '新华区' },
    { code: '410403', name: '卫东区' },
  ],
  units: 'µg/m³',
});

const validGrid = (): HotspotGrid => ({
  header: validHeader(),
  cellIds: new Uint32Array([0, 2, 3, 5]),
  cellCounty: new Uint8Array([0, 1, 1, 0]),
  // 2 pollutants × 2 days × 4 cells
  values: new Uint16Array([10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33, 40, 41, 42, 43]),
});

/** The valid grid with a township per cell; 城关镇 twice, as two counties may each have one. */
const withTownships = (): HotspotGrid => {
  const grid = validGrid();
  return { ...grid, header: { ...grid.header, townships: ['城关镇', '焦店镇', '城关镇'] }, cellTownship: new Uint16Array([1, 2, 2, 0]) };
};

const toBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/**
 * The pdsgrid byte layout written by hand, so that the header can be anything:
 * encodeHotspotGrid checks its input and would refuse a bad header. The arrays'
 * lengths come from the arrays themselves, not from the header. Without
 * `cellTownship` it is the layout of a file written before townships.
 */
function encodeWithHeader(header: unknown, cellIds: Uint32Array, cellCounty: Uint8Array, values: Uint16Array, cellTownship?: Uint16Array): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const offA = Math.ceil((12 + json.length) / 4) * 4;
  const offB = offA + cellIds.length * 4;
  const offT = Math.ceil((offB + cellCounty.length) / 2) * 2;
  const offC = offT + (cellTownship ? cellTownship.length * 2 : 0);
  const out = new Uint8Array(offC + values.length * 2);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(GRID_MAGIC), 0);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  cellIds.forEach((id, i) => view.setUint32(offA + i * 4, id, true));
  out.set(cellCounty, offB);
  cellTownship?.forEach((t, i) => view.setUint16(offT + i * 2, t, true));
  values.forEach((v, i) => view.setUint16(offC + i * 2, v, true));
  return out.buffer;
}

/** The valid grid with some header fields replaced (undefined deletes a field). */
function withHeader(changes: Record<string, unknown>): ArrayBuffer {
  const { cellIds, cellCounty, values } = validGrid();
  const header: Record<string, unknown> = { ...validHeader(), ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete header[k];
  return encodeWithHeader(header, cellIds, cellCounty, values);
}

/** The Chinese message decodeHotspotGrid throws for `buffer`; fails the test if it is not a GridFormatError. */
function rejection(buffer: ArrayBuffer): string {
  try {
    decodeHotspotGrid(buffer);
  } catch (error) {
    expect(error).toBeInstanceOf(GridFormatError);
    const message = (error as Error).message;
    expect(message).toMatch(/^热点网格/);
    return message;
  }
  throw new Error('decodeHotspotGrid accepted the grid');
}

describe('hotspot grid header', () => {
  it('round-trips a valid grid, and the hand-written layout matches encodeHotspotGrid', () => {
    const grid = validGrid();
    const encoded = encodeHotspotGrid(grid);
    const { header, cellIds, cellCounty, values } = grid;
    expect(new Uint8Array(encodeWithHeader(header, cellIds, cellCounty, values))).toEqual(encoded);
    const decoded = decodeHotspotGrid(toBuffer(encoded));
    expect(decoded.header).toEqual(header);
    expect([...decoded.cellIds]).toEqual([...cellIds]);
    expect([...decoded.cellCounty]).toEqual([...cellCounty]);
    expect([...gridDaySlice(decoded, 'no2', 1)]).toEqual([40, 41, 42, 43]);
  });

  it('decodes the committed data/hotspot-grid.bin and the index the manifest lists', () => {
    const whole = decodeHotspotGrid(toBuffer(readFileSync(new URL('../../data/hotspot-grid.bin', import.meta.url))));
    expect(whole.header.pollutants).toEqual(['pm25', 'pm10', 'o3', 'no2']);
    expect(whole.cellIds.length).toBe(whole.header.cellCount);
    expect(whole.loaded, 'a whole file has every day').toBeUndefined();
    const entry = readManifest().layers.find((l) => l.format === 'pdsgrid')!;
    const index = decodeHotspotGrid(toBuffer(readDataContent(entry.file)));
    expect(index.header.chunked).toBe(true);
    expect([...index.cellIds]).toEqual([...whole.cellIds]);
    expect(whole.cellTownship, 'the generated grid names a township per cell').toBeDefined();
    expect([...index.cellTownship!]).toEqual([...whole.cellTownship!]);
    // Before any chunk, every day is missing and reads as no data, never as a value.
    expect(index.loaded!.every((d) => d === 0)).toBe(true);
    expect(index.values.every((v) => v === GRID_NO_DATA)).toBe(true);
    expect(gridDaysMissing(index, 'pm25', 0, index.header.days - 1)).toBe(index.header.days);
  });

  it('a chunk fills its days only, and a chunk that does not fit the grid is refused', () => {
    const grid = validGrid();
    const index = decodeHotspotGrid(toBuffer(encodeHotspotGrid(grid, { index: true })));
    const n = grid.header.cellCount;
    const chunk = { key: 'pm25/x', file: 'x', pollutant: 'pm25' as const, first: 1, days: 1, bytes: n * 2, hash: '0'.repeat(64) };
    applyGridChunk(index, chunk, toBuffer(encodeGridChunk(grid, 'pm25', 1, 1)));
    expect([...gridDaySlice(index, 'pm25', 1)]).toEqual([...gridDaySlice(grid, 'pm25', 1)]);
    expect(gridDaySlice(index, 'pm25', 0).every((v) => v === GRID_NO_DATA)).toBe(true);
    expect(gridDaysMissing(index, 'pm25', 0, 1)).toBe(1);
    expect(() => applyGridChunk(index, chunk, new ArrayBuffer(n * 2 + 2))).toThrow(/长度不符/);
    expect(() => applyGridChunk(index, { ...chunk, first: grid.header.days }, new ArrayBuffer(n * 2))).toThrow(/超出网格/);
    expect(() => applyGridChunk(index, { ...chunk, pollutant: 'o3' }, new ArrayBuffer(n * 2))).toThrow(/不在网格中/);
  });

  it('round-trips the townships of a whole file and of an index, whose chunks stay the same', () => {
    const grid = withTownships();
    const { header, cellIds, cellCounty, values, cellTownship } = grid;
    const encoded = encodeHotspotGrid(grid);
    expect(new Uint8Array(encodeWithHeader(header, cellIds, cellCounty, values, cellTownship))).toEqual(encoded);
    const decoded = decodeHotspotGrid(toBuffer(encoded));
    expect(decoded.header.townships).toEqual(header.townships);
    expect([...decoded.cellTownship!]).toEqual([...cellTownship!]);
    expect([...decoded.cellIds].map((_, i) => cellTownshipName(decoded, i))).toEqual([...cellTownship!].map((t) => header.townships![t]));
    // The values come after the township section, not shifted into it.
    expect([...decoded.values]).toEqual([...values]);
    const index = decodeHotspotGrid(toBuffer(encodeHotspotGrid(grid, { index: true })));
    expect([...index.cellTownship!]).toEqual([...cellTownship!]);
    // A chunk holds values only: the same bytes with or without townships.
    expect(encodeGridChunk(grid, 'no2', 0, 2)).toEqual(encodeGridChunk(validGrid(), 'no2', 0, 2));
  });

  it('still opens a file written before townships, and the card and ranking show no township', () => {
    const { header, cellIds, cellCounty, values } = validGrid();
    const old = decodeHotspotGrid(encodeWithHeader(header, cellIds, cellCounty, values));
    expect(old.header.townships).toBeUndefined();
    expect(old.cellTownship).toBeUndefined();
    expect(cellTownshipName(old, 0)).toBe('');
    const view = { ...firstGridView(old.header, null), first: 0, last: 1 };
    expect(describeGridCell(old, 0, view).rows.find(([k]) => k === '所在乡镇')?.[1]).toBe('—');
    const ranking = buildHotspotRanking(old, view, []);
    const column = ranking.cellsTable.headers.indexOf('所在乡镇');
    expect(ranking.cellsTable.rows.length).toBeGreaterThan(0);
    expect(ranking.cellsTable.rows.map((r) => r[column]).every((t) => t === null)).toBe(true);
    // With townships, the card names the cell's own.
    const named = decodeHotspotGrid(toBuffer(encodeHotspotGrid(withTownships())));
    expect(describeGridCell(named, 0, view).rows.find(([k]) => k === '所在乡镇')?.[1]).toBe(named.header.townships![named.cellTownship![0]]);
  });

  it('rejects a township number past the end of townships, and townships that are not strings', () => {
    const { header, cellIds, cellCounty, values } = withTownships();
    expect(rejection(encodeWithHeader(header, cellIds, cellCounty, values, new Uint16Array([0, 1, 3, 0])))).toBe(
      '热点网格第 3 个单元的乡镇序号（cellTownship）3 超出乡镇列表（townships 共 3 项）',
    );
    expect(rejection(encodeWithHeader({ ...header, townships: [] }, cellIds, cellCounty, values, new Uint16Array(4)))).toMatch(
      /第 1 个单元的乡镇序号（cellTownship）0 超出乡镇列表（townships 共 0 项）/,
    );
    expect(rejection(encodeWithHeader({ ...header, townships: '城关镇' }, cellIds, cellCounty, values, new Uint16Array(4)))).toMatch(
      /乡镇列表（townships）应为字符串数组，实为 城关镇/,
    );
    expect(rejection(encodeWithHeader({ ...header, townships: ['城关镇', 7] }, cellIds, cellCounty, values, new Uint16Array(4)))).toMatch(
      /乡镇列表（townships）第 2 项应为字符串，实为 7/,
    );
    // A header that names townships over a file without the section (or the reverse) has the wrong length.
    expect(rejection(encodeWithHeader(header, cellIds, cellCounty, values))).toMatch(/文件长度不符/);
    expect(() => encodeHotspotGrid({ ...withTownships(), cellTownship: new Uint16Array([0, 1, 3, 0]) })).toThrow(/乡镇序号（cellTownship）3 超出/);
    expect(() => encodeHotspotGrid({ ...validGrid(), cellTownship: new Uint16Array(4) })).toThrow(/文件头却没有乡镇列表/);
    expect(() => encodeHotspotGrid({ ...withTownships(), cellTownship: undefined })).toThrow(/乡镇序号数量与文件头不符/);
  });

  it('rejects a header that is not a JSON object', () => {
    const { cellIds, cellCounty, values } = validGrid();
    expect(rejection(encodeWithHeader([1], cellIds, cellCounty, values))).toMatch(/文件头不是 JSON 对象/);
    expect(rejection(encodeWithHeader(null, cellIds, cellCounty, values))).toMatch(/文件头不是 JSON 对象/);
  });

  it('rejects a version other than 1', () => {
    expect(rejection(withHeader({ version: 2 }))).toBe('热点网格文件版本不支持：2（应为 1）');
    expect(rejection(withHeader({ version: '1' }))).toMatch(/版本不支持/);
    expect(rejection(withHeader({ version: undefined }))).toMatch(/版本不支持/);
  });

  it('rejects pollutants that are not a non-empty array', () => {
    expect(rejection(withHeader({ pollutants: [] }))).toMatch(/污染物列表（pollutants）应为非空数组/);
    expect(rejection(withHeader({ pollutants: 'pm25' }))).toMatch(/污染物列表（pollutants）应为非空数组，实为 pm25/);
    expect(rejection(withHeader({ pollutants: undefined }))).toBe('热点网格文件头缺少污染物列表（pollutants）');
  });

  it('rejects an unknown pollutant and names it', () => {
    expect(rejection(withHeader({ pollutants: ['pm25', 'so2'] }))).toBe('热点网格文件头的污染物未知：so2（应为 pm25、pm10、o3、no2 之一）');
    expect(rejection(withHeader({ pollutants: ['PM25', 'no2'] }))).toMatch(/污染物未知：PM25/);
    expect(rejection(withHeader({ pollutants: [1, 'no2'] }))).toMatch(/污染物未知：1（/);
  });

  it('rejects a repeated pollutant', () => {
    expect(rejection(withHeader({ pollutants: ['no2', 'no2'] }))).toBe('热点网格文件头的污染物重复：no2');
  });

  it.each([
    ['cols', '列数'],
    ['rows', '行数'],
    ['cellCount', '单元数'],
    ['days', '天数'],
  ])('rejects %s that is not a positive integer', (key, label) => {
    for (const bad of [0, -3, 2.5, '4', null]) {
      expect(rejection(withHeader({ [key]: bad })), `${key} = ${JSON.stringify(bad)}`).toMatch(new RegExp(`${label}（${key}）应为正整数，实为 `));
    }
    expect(rejection(withHeader({ [key]: undefined }))).toBe(`热点网格文件头缺少${label}（${key}）`);
  });

  it('rejects cellCount larger than cols × rows', () => {
    expect(rejection(withHeader({ cols: 2, rows: 1 }))).toBe('热点网格文件头的单元数（cellCount）4 超过网格总数 2×1=2');
  });

  it.each([
    ['origin', '原点'],
    ['cellSize', '单元大小'],
  ])('rejects %s that is not two finite numbers', (key, label) => {
    for (const bad of [[1], [1, 2, 3], [1, '2'], [1, null], 5, '112,33']) {
      expect(rejection(withHeader({ [key]: bad })), `${key} = ${JSON.stringify(bad)}`).toMatch(new RegExp(`${label}（${key}）应为两个有限数值`));
    }
    expect(rejection(withHeader({ [key]: undefined }))).toBe(`热点网格文件头缺少${label}（${key}）`);
  });

  it('rejects a cellSize that is not positive', () => {
    expect(rejection(withHeader({ cellSize: [0, 0.009] }))).toMatch(/单元大小（cellSize）应为正数，实为 \[0,0\.009\]/);
    expect(rejection(withHeader({ cellSize: [0.0108, -0.009] }))).toMatch(/单元大小（cellSize）应为正数/);
  });

  it('rejects an origin outside the globe', () => {
    expect(rejection(withHeader({ origin: [180.5, 33] }))).toMatch(/原点经度（origin\[0\]）应在 -180 到 180 之间，实为 180\.5/);
    expect(rejection(withHeader({ origin: [-181, 33] }))).toMatch(/原点经度（origin\[0\]）/);
    expect(rejection(withHeader({ origin: [112, 90.1] }))).toMatch(/原点纬度（origin\[1\]）应在 -90 到 90 之间，实为 90\.1/);
    expect(rejection(withHeader({ origin: [112, -91] }))).toMatch(/原点纬度（origin\[1\]）/);
    expect(() => decodeHotspotGrid(withHeader({ origin: [-180, -90] }))).not.toThrow();
  });

  it('rejects a startDate that is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2025-02-30', '2025-13-01', '2025-1-1', '2025/01/01', '2025-01-01T00:00:00Z', 20250101, '']) {
      expect(rejection(withHeader({ startDate: bad })), JSON.stringify(bad)).toMatch(/起始日期（startDate）应为 YYYY-MM-DD 格式的有效日期，实为 /);
    }
    expect(rejection(withHeader({ startDate: undefined }))).toBe('热点网格文件头缺少起始日期（startDate）');
    expect(() => decodeHotspotGrid(withHeader({ startDate: '2024-02-29' }))).not.toThrow();
  });

  it('rejects counties that are not an array of {code, name} strings', () => {
    expect(rejection(withHeader({ counties: { code: '410402', name: '新华区' } }))).toMatch(/区县列表（counties）应为数组/);
    expect(rejection(withHeader({ counties: undefined }))).toBe('热点网格文件头缺少区县列表（counties）');
    const two = validHeader().counties;
    for (const bad of [null, '新华区', { code: 410402, name: '新华区' }, { code: '410402' }]) {
      expect(rejection(withHeader({ counties: [two[0], bad] })), JSON.stringify(bad)).toMatch(/区县列表（counties）第 2 项应为 \{code: 字符串, name: 字符串\}/);
    }
  });

  it('rejects a cell whose county byte is past the end of counties', () => {
    const { cellIds, values } = validGrid();
    const header = validHeader();
    expect(rejection(encodeWithHeader(header, cellIds, new Uint8Array([0, 1, 2, 0]), values))).toBe(
      '热点网格第 3 个单元的区县序号（cellCounty）2 超出区县列表（counties 共 2 项）',
    );
    expect(rejection(withHeader({ counties: [] }))).toMatch(/第 1 个单元的区县序号（cellCounty）0 超出区县列表（counties 共 0 项）/);
    expect(() => encodeHotspotGrid({ ...validGrid(), cellCounty: new Uint8Array([0, 1, 2, 0]) })).toThrow(GridFormatError);
  });

  it('accepts only µg/m³ as units', () => {
    for (const bad of ['ug/m3', 'mg/m³', 'µg/m3', '']) {
      expect(rejection(withHeader({ units: bad })), bad).toMatch(/单位（units）应为 µg\/m³，实为 /);
    }
    expect(rejection(withHeader({ units: undefined }))).toBe('热点网格文件头缺少单位（units）');
  });

  it('still rejects a bad magic, a truncated header, a wrong length and bad cell ids', () => {
    const good = encodeHotspotGrid(validGrid());
    const badMagic = good.slice();
    badMagic[7] = '2'.charCodeAt(0);
    expect(rejection(toBuffer(badMagic))).toMatch(/不是 PDSGRID1/);
    expect(rejection(toBuffer(good.slice(0, 40)))).toMatch(/文件头被截断/);
    expect(rejection(toBuffer(good.slice(0, good.length - 2)))).toMatch(/文件长度不符/);
    const { header, cellCounty, values } = validGrid();
    expect(rejection(encodeWithHeader(header, new Uint32Array([0, 3, 2, 5]), cellCounty, values))).toMatch(/单元编号无效/);
    expect(rejection(encodeWithHeader(header, new Uint32Array([0, 2, 3, 6]), cellCounty, values))).toMatch(/单元编号无效/);
  });

  it('refuses to encode a grid with a bad header', () => {
    const grid = validGrid();
    expect(() => encodeHotspotGrid({ ...grid, header: { ...grid.header, pollutants: ['pm25', 'so2' as never] } })).toThrow(/污染物未知：so2/);
  });
});

describe('gridDaySlice', () => {
  it('throws a Chinese RangeError for a pollutant or day the grid does not hold', () => {
    const grid = decodeHotspotGrid(toBuffer(encodeHotspotGrid(validGrid())));
    expect(() => gridDaySlice(grid, 'pm10', 0)).toThrow(RangeError);
    expect(() => gridDaySlice(grid, 'pm10', 0)).toThrow('热点网格没有 pm10 第 0 天的数据');
    expect(() => gridDaySlice(grid, 'pm25', 2)).toThrow('热点网格没有 pm25 第 2 天的数据');
    expect(() => gridDaySlice(grid, 'pm25', -1)).toThrow(RangeError);
  });
});
