// The hotspot grid imported from a platform's table (src/import/grid_table.ts): rows placed
// in the demo grid's cells by id or by a point, or in a layout inferred from the points,
// every row accepted or rejected with its reason, and the grid built usable by the app's
// own functions (file format, period means, ranking, 3 km blocks). Expected values come
// from the table rows written here, never from numbers copied out of the result.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readDataContent } from '../helpers/data_files';
import { GRID_NO_DATA, cellBounds, decodeHotspotGrid, encodeHotspotGrid, type HotspotGrid, type Pollutant } from '../../src/data/hotspot_grid_format';
import type { CountyFeature } from '../../src/data/types';
import { addDays } from '../../src/data/dates';
import { periodMeans } from '../../src/spatial/grid_stats';
import { gridAtScale } from '../../src/spatial/grid_aggregate';
import { buildHotspotRanking } from '../../src/layers/hotspot_ranking';
import { firstGridView } from '../../src/layers/grid_view';
import { gridFromTable, guessGridMapping } from '../../src/import/grid_table';
import { MAX_GRID_VALUES } from '../../src/import/grid_build';
import { MAX_CONCENTRATION, parseTableDate } from '../../src/import/daily_values';
import type { GridColumnMapping, GridImport, TownshipFeature } from '../../src/import/grid_types';
import type { ParsedTable } from '../../src/import/types';

const toArrayBuffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** The demo grid's index: its cells, counties and townships without values, as the app has them before the chunks arrive. */
const base = decodeHotspotGrid(toArrayBuffer(readDataContent('hotspot-grid-index.bin.gz')));
const counties = (JSON.parse(readDataContent('counties.geojson.gz').toString('utf8')) as FeatureCollection).features as CountyFeature[];

const table = (headers: string[], rows: string[][]): ParsedTable => ({ kind: 'table', format: 'csv', headers, rows, rowNumbers: rows.map((_, i) => i + 2) });

const centreOf = (grid: HotspotGrid, id: number): [number, number] => {
  const [w, s, e, n] = cellBounds(grid.header, id);
  return [(w + e) / 2, (s + n) / 2];
};

/** The value a cell text becomes: whole µg/m³, or no data. */
const expected = (text: string): number => (['', '-', 'NA', '无数据'].includes(text.trim()) ? GRID_NO_DATA : Math.round(Number(text)));

const valueAt = (grid: HotspotGrid, p: Pollutant, date: string, cellId: number): number => {
  const { header } = grid;
  const d = Math.round((Date.parse(date) - Date.parse(header.startDate)) / 86_400_000);
  const c = grid.cellIds.indexOf(cellId);
  expect(c, `cell ${cellId} in the grid`).toBeGreaterThanOrEqual(0);
  return grid.values[(header.pollutants.indexOf(p) * header.days + d) * header.cellCount + c];
};

/** Rows by reason pattern: how many rejected rows' reasons match each. */
const countReasons = (result: GridImport, patterns: Record<string, RegExp>): Record<string, number> =>
  Object.fromEntries(Object.entries(patterns).map(([k, re]) => [k, result.rejected.filter((r) => re.test(r.reason)).length]));

const MAPPING_BY_ID: GridColumnMapping = { cellId: '网格编号', date: '日期', pm25: 'PM2.5', pm10: 'PM10' };

// Cells spread over the city: the first, one in the middle and the last of the demo grid.
const CELLS = [base.cellIds[0], base.cellIds[3966], base.cellIds[base.cellIds.length - 1]];

describe('guessGridMapping', () => {
  it('finds the columns under the Chinese and English names the platforms use', () => {
    expect(guessGridMapping(['网格编号', '监测日期', 'PM2.5(μg/m³)', 'PM10浓度', 'O₃-8h', '二氧化氮', '备注'])).toEqual({
      cellId: '网格编号',
      date: '监测日期',
      pm25: 'PM2.5(μg/m³)',
      pm10: 'PM10浓度',
      o3: 'O₃-8h',
      no2: '二氧化氮',
    });
    expect(guessGridMapping(['cell_id', 'Date', 'pm25', 'PM10', 'O3', 'NO2'])).toEqual({
      cellId: 'cell_id',
      date: 'Date',
      pm25: 'pm25',
      pm10: 'PM10',
      o3: 'O3',
      no2: 'NO2',
    });
    expect(guessGridMapping(['经度', '纬度', '日期', '细颗粒物', '臭氧'])).toEqual({ lon: '经度', lat: '纬度', date: '日期', pm25: '细颗粒物', o3: '臭氧' });
  });
});

describe('parseTableDate', () => {
  it('reads the ways a date reaches a table and refuses the rest', () => {
    const same = ['2025-09-16', '2025/9/16', '2025.9.16', '2025年9月16日', '20250916', '2025-09-16 00:00:00', '2025/9/16 8:00', '9/16/2025', '45916'];
    for (const text of same) expect(parseTableDate(text), text).toBe('2025-09-16');
    for (const text of ['2025-02-30', '16/9/2025', '2025-13-01', 'yesterday', '', '916']) expect(parseTableDate(text), text).toBeNull();
  });
});

describe('gridFromTable against the app grid, by cell id', () => {
  const headers = ['网格编号', '日期', 'PM2.5', 'PM10'];
  const rows = [
    [String(CELLS[0]), '2025-09-14', '35', '60.4'],
    [String(CELLS[1]), '2025/9/14', '48.6', '-'],
    [String(CELLS[2]), '20250914', 'NA', '77'],
    [String(CELLS[0]), '2025-09-16', '41', '无数据'],
    [String(CELLS[1]), '2025-09-16', '', '90'],
    [String(CELLS[2]), '2025年9月16日', '12', '30'],
  ];
  const result = gridFromTable(table(headers, rows), { mapping: MAPPING_BY_ID, base, counties });
  const grid = result.grid!;

  it('accepts every row and keeps every base cell, the days from the first date to the last', () => {
    expect(result).toMatchObject({ read: rows.length, accepted: rows.length, rejected: [] });
    expect(grid.header).toMatchObject({
      startDate: '2025-09-14',
      days: 3,
      pollutants: ['pm25', 'pm10'],
      cellCount: base.header.cellCount,
      counties: base.header.counties,
    });
    expect(grid.header.chunked).toBeUndefined();
    expect(grid.loaded).toBeUndefined();
    expect([...grid.cellIds]).toEqual([...base.cellIds]);
    expect([...grid.cellTownship!]).toEqual([...base.cellTownship!]);
    expect(result.summary).toMatchObject({
      firstDate: '2025-09-14',
      lastDate: '2025-09-16',
      days: 3,
      cells: base.header.cellCount,
      cellsWithData: 3,
      layout: 'base',
    });
  });

  it('puts each value in its cell and day, and no data where the table has none', () => {
    for (const [id, date, pm25, pm10] of rows) {
      const iso = parseTableDate(date)!;
      expect(valueAt(grid, 'pm25', iso, Number(id)), `${id} ${date} PM2.5`).toBe(expected(pm25));
      expect(valueAt(grid, 'pm10', iso, Number(id)), `${id} ${date} PM10`).toBe(expected(pm10));
    }
    // Everything else is no data: as many values as the table has non-empty numbers.
    const given = rows.flatMap((r) => r.slice(2)).filter((t) => expected(t) !== GRID_NO_DATA).length;
    expect(grid.values.filter((v) => v !== GRID_NO_DATA).length).toBe(given);
    // 2025-09-15 has no row: no data everywhere.
    for (const id of CELLS) expect(valueAt(grid, 'pm25', '2025-09-15', id)).toBe(GRID_NO_DATA);
    expect(result.summary!.values).toEqual({ pm25: 4, pm10: 4 });
  });

  it('makes a grid the file format writes and reads back unchanged', () => {
    const decoded = decodeHotspotGrid(toArrayBuffer(encodeHotspotGrid(grid)));
    expect(decoded.header).toEqual(grid.header);
    expect([...decoded.cellIds]).toEqual([...grid.cellIds]);
    expect([...decoded.cellCounty]).toEqual([...grid.cellCounty]);
    expect([...decoded.cellTownship!]).toEqual([...grid.cellTownship!]);
    expect(decoded.values).toEqual(grid.values);
  });

  it('copies the base arrays rather than sharing them', () => {
    expect(grid.cellIds.buffer).not.toBe(base.cellIds.buffer);
    expect(grid.cellCounty.buffer).not.toBe(base.cellCounty.buffer);
  });
});

describe('gridFromTable against the app grid, by coordinates', () => {
  it('places a cell centre and any other point in a cell in that cell', () => {
    const [w, s] = cellBounds(base.header, CELLS[1]);
    const [dx, dy] = base.header.cellSize;
    const rows = [
      [...centreOf(base, CELLS[0]).map(String), '2025-09-01', '20'],
      [String(w + 0.1 * dx), String(s + 0.9 * dy), '2025-09-01', '30'],
      [String(w + 0.95 * dx), String(s + 0.05 * dy), '2025-09-02', '40'],
    ];
    const result = gridFromTable(table(['经度', '纬度', '日期', 'PM2.5'], rows), {
      mapping: guessGridMapping(['经度', '纬度', '日期', 'PM2.5']),
      base,
      counties,
    });
    expect(result.accepted).toBe(3);
    const grid = result.grid!;
    expect(valueAt(grid, 'pm25', '2025-09-01', CELLS[0])).toBe(20);
    expect(valueAt(grid, 'pm25', '2025-09-01', CELLS[1])).toBe(30);
    expect(valueAt(grid, 'pm25', '2025-09-02', CELLS[1])).toBe(40);
  });

  it('rejects points outside the grid, in a cell outside the city, or with longitude and latitude swapped', () => {
    const [lon, lat] = centreOf(base, CELLS[1]);
    // Cell 0 (the south-west corner of the layout) is in the layout but not in the city.
    const corner = [base.header.origin[0] + 0.001, base.header.origin[1] + 0.001];
    const rows = [
      ['120.1', '30.2', '2025-09-01', '20'],
      [String(corner[0]), String(corner[1]), '2025-09-01', '20'],
      [String(lat), String(lon), '2025-09-01', '20'],
      ['abc', String(lat), '2025-09-01', '20'],
      ['', '', '2025-09-01', '20'],
      [String(lon), String(lat), '2025-09-01', '20'],
    ];
    const result = gridFromTable(table(['lon', 'lat', 'date', 'pm25'], rows), {
      mapping: { lon: 'lon', lat: 'lat', date: 'date', pm25: 'pm25' },
      base,
      counties,
    });
    expect(result.read).toBe(6);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, '坐标 (120.1, 30.2) 不在网格范围内'],
      [3, expect.stringMatching(/^坐标 .* 所在的网格（0）不在城市范围内$/)],
      [4, expect.stringMatching(/^经纬度可能填反/)],
      [5, expect.stringMatching(/^经纬度不是有效数字/)],
      [6, '缺少经纬度'],
    ]);
  });
});

describe('gridFromTable rejections', () => {
  const headers = ['网格编号', '日期', 'PM2.5', 'PM10'];
  const [a, b] = CELLS;
  const rows = [
    [String(a), '2025-09-01', '30', '50'], // accepted
    ['0', '2025-09-01', '30', '50'], // cell not in the city's grid
    ['999999999', '2025-09-01', '30', '50'], // unknown id
    ['A-12', '2025-09-01', '30', '50'], // not an id
    ['', '2025-09-01', '30', '50'], // no id
    [String(b), '2025-13-01', '30', '50'], // no such date
    [String(b), '16/9/2025', '30', '50'], // day/month order is not guessed
    [String(b), '', '30', '50'], // no date
    [String(b), '2025-09-02', '-3', '50'], // negative
    [String(b), '2025-09-03', '30', '1e308'], // absurd
    [String(b), '2025-09-04', 'NaN', '50'], // not a number
    [String(b), '2025-09-05', '30', 'abc'], // not a number
    [String(b), '2025-09-06', String(MAX_CONCENTRATION + 1), '50'], // over the limit
    [String(b), '2025-09-06', String(MAX_CONCENTRATION), '50'], // at the limit: accepted (the row above was not imported, so no duplicate)
    [String(a), '2025/9/1', '31', '51'], // duplicate of the first row
    ['', '', '', ''], // empty row
    [String(b), '2025-09-07', '30'], // short row: PM10 missing reads as no data
  ];
  const result = gridFromTable(table(headers, rows), { mapping: MAPPING_BY_ID, base, counties });

  it('accounts for every row: accepted plus rejected is read', () => {
    expect(result.read).toBe(rows.length);
    expect(result.accepted + result.rejected.length).toBe(result.read);
    expect(result.accepted).toBe(3);
  });

  it('gives each rejected row its reason, with exact counts', () => {
    expect(
      countReasons(result, {
        notInGrid: /^网格编号 \S+ 不在现有网格中$/,
        badId: /^网格编号无效/,
        noId: /^缺少网格编号$/,
        badDate: /^日期无法识别/,
        noDate: /^缺少日期$/,
        negative: /值为负数/,
        tooLarge: /值超出合理范围/,
        notNumber: /值不是有效数字/,
        duplicate: /^与第 2 行重复/,
        empty: /^空行$/,
      }),
    ).toEqual({ notInGrid: 2, badId: 1, noId: 1, badDate: 2, noDate: 1, negative: 1, tooLarge: 2, notNumber: 2, duplicate: 1, empty: 1 });
    expect(result.rejected.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17]);
  });

  it('keeps what each rejected row held, under its headers', () => {
    const dup = result.rejected.find((r) => r.row === 16)!;
    expect(dup.values).toEqual({ 网格编号: String(a), 日期: '2025/9/1', 'PM2.5': '31', PM10: '51' });
  });

  it('stores the accepted values, the first of a duplicated cell-day', () => {
    const grid = result.grid!;
    expect(valueAt(grid, 'pm25', '2025-09-01', a)).toBe(30);
    expect(valueAt(grid, 'pm25', '2025-09-06', b)).toBe(MAX_CONCENTRATION);
    expect(valueAt(grid, 'pm10', '2025-09-07', b)).toBe(GRID_NO_DATA);
    expect(grid.header).toMatchObject({ startDate: '2025-09-01', days: 7 });
  });

  it('returns no grid when no row is accepted', () => {
    const none = gridFromTable(table(headers, [['0', '2025-09-01', '1', '1']]), { mapping: MAPPING_BY_ID, base, counties });
    expect(none).toMatchObject({ read: 1, accepted: 0, grid: null, summary: null });
    expect(none.rejected).toHaveLength(1);
  });
});

describe('gridFromTable without a base grid', () => {
  // A 4 × 3 block of demo cells in central 平顶山 with one cell missing, and a cell far from it,
  // at their centres rounded to 5 decimals as an export would write them.
  const { cols } = base.header;
  const ids = [67, 68, 69].flatMap((row) => [95, 96, 97, 98].map((col) => row * cols + col)).filter((id) => id !== 68 * cols + 96);
  const far = base.cellIds[200];
  const outside = 0; // the layout's south-west cell: on the lattice, outside the city
  const round5 = (x: number) => x.toFixed(5);
  const rows = [...ids, far, outside].flatMap((id, k) =>
    ['2025-08-30', '2025-09-01'].map((date, d) => [...centreOf(base, id).map(round5), date, String(20 + k + 7 * d), String(40 + k)]),
  );
  const headers = ['中心经度', '中心纬度', '日期', 'PM2.5', 'PM10'];
  const result = gridFromTable(table(headers, rows), { mapping: guessGridMapping(headers), base: null, counties });
  const grid = result.grid!;

  it('infers the cell size from the spacing of the points and says so', () => {
    expect(result.summary!.layout).toBe('file');
    expect(grid.header.cellSize[0]).toBeCloseTo(base.header.cellSize[0], 6);
    expect(grid.header.cellSize[1]).toBeCloseTo(base.header.cellSize[1], 6);
    expect(result.notes.join('\n')).toMatch(/推断网格大小/);
  });

  it('makes a cell of each point in the city, centred on it, in the county that holds it', () => {
    expect(grid.header.cellCount).toBe(ids.length + 1);
    expect(result.accepted).toBe(rows.length - 2);
    expect(result.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/不在平顶山市范围内$/), expect.stringMatching(/不在平顶山市范围内$/)]);
    for (const id of [...ids, far]) {
      const [lon, lat] = centreOf(base, id);
      const c = [...grid.cellIds].findIndex((cell) => {
        const [x, y] = centreOf(grid, cell);
        return Math.abs(x - lon) < 1e-5 && Math.abs(y - lat) < 1e-5;
      });
      expect(c, `a cell centred on demo cell ${id}`).toBeGreaterThanOrEqual(0);
      const county = counties.find((f) => booleanPointInPolygon([lon, lat], f))!;
      expect(grid.header.counties[grid.cellCounty[c]].code).toBe(county.properties.code);
    }
    expect(grid.header.days).toBe(3);
    expect(grid.header.townships).toBeUndefined();
  });

  it('keeps the values of each point in its cell', () => {
    for (const [lon, lat, date, pm25] of rows.slice(0, -2)) {
      const c = [...grid.cellIds].findIndex((cell) => {
        const [x, y] = centreOf(grid, cell);
        return Math.abs(x - Number(lon)) < 1e-5 && Math.abs(y - Number(lat)) < 1e-5;
      });
      const d = date === '2025-08-30' ? 0 : 2;
      expect(grid.values[(0 * grid.header.days + d) * grid.header.cellCount + c]).toBe(Number(pm25));
    }
  });

  it('names the cells after the nearest township centre of their county', () => {
    const [lon, lat] = centreOf(base, ids[0]);
    const code = counties.find((f) => booleanPointInPolygon([lon, lat], f))!.properties.code;
    const townships: TownshipFeature[] = [
      { type: 'Feature', properties: { name: '西镇', countyCode: code }, geometry: { type: 'Point', coordinates: [lon - 0.01, lat] } },
      { type: 'Feature', properties: { name: '东镇', countyCode: code }, geometry: { type: 'Point', coordinates: [lon + 0.05, lat] } },
      // Nearer, but in another county: never the township of these cells.
      { type: 'Feature', properties: { name: '邻县镇', countyCode: '000000' }, geometry: { type: 'Point', coordinates: [lon, lat] } },
    ];
    const named = gridFromTable(table(headers, rows), { mapping: guessGridMapping(headers), base: null, counties, townships }).grid!;
    const c = [...named.cellIds].findIndex((cell) => Math.abs(centreOf(named, cell)[0] - lon) < 1e-5 && Math.abs(centreOf(named, cell)[1] - lat) < 1e-5);
    expect(named.header.townships![named.cellTownship![c]]).toBe('西镇');
    expect(named.header.townships).not.toContain('邻县镇');
    expect(decodeHotspotGrid(toArrayBuffer(encodeHotspotGrid(named))).header.townships).toEqual(named.header.townships);
  });

  it('rejects a point off the grid the other points make', () => {
    const [lon, lat] = centreOf(base, ids[0]);
    const offRows = [...rows, [String(lon + 0.4 * base.header.cellSize[0]), String(lat), '2025-09-01', '30', '40']];
    const off = gridFromTable(table(headers, offRows), { mapping: guessGridMapping(headers), base: null, counties });
    expect(off.rejected).toHaveLength(3);
    expect(off.rejected[2]).toMatchObject({ row: offRows.length + 1, reason: expect.stringMatching(/不在推断的规则网格的中心点上$/) });
    expect(off.grid!.header.cellCount).toBe(grid.header.cellCount);
  });

  it('refuses scattered points that are no grid', () => {
    const scattered = [
      ['113.1', '33.7'],
      ['113.1037', '33.7021'],
      ['113.1101', '33.7113'],
      ['113.1213', '33.7069'],
      ['113.1302', '33.7257'],
    ].map(([x, y]) => [x, y, '2025-09-01', '30', '40']);
    expect(() => gridFromTable(table(headers, scattered), { mapping: guessGridMapping(headers), base: null, counties })).toThrow(/不构成规则网格/);
  });

  it('refuses cell ids without a base grid to place them', () => {
    expect(() =>
      gridFromTable(table(['网格编号', '日期', 'PM2.5'], [['1', '2025-09-01', '3']]), {
        mapping: { cellId: '网格编号', date: '日期', pm25: 'PM2.5' },
        base: null,
        counties,
      }),
    ).toThrow(/经度、纬度/);
  });
});

describe('gridFromTable refusals of the whole file', () => {
  const headers = ['网格编号', '日期', 'PM2.5', 'PM10', 'O3', 'NO2'];

  it('refuses a grid over the size limit, naming the dates that make it so long', () => {
    const rows = [
      [String(CELLS[0]), '2025-01-01', '1', '1', '1', '1'],
      [String(CELLS[0]), '2052-01-01', '1', '1', '1', '1'],
    ];
    const mapping = guessGridMapping(headers);
    const days = (Date.parse('2052-01-01') - Date.parse('2025-01-01')) / 86_400_000 + 1;
    expect(base.header.cellCount * days * 4).toBeGreaterThan(MAX_GRID_VALUES);
    expect(() => gridFromTable(table(headers, rows), { mapping, base, counties })).toThrow(
      /超过上限.*2025-01-01.*2052-01-01|2025-01-01 至 2052-01-01.*超过上限/,
    );
    // A year is well within it.
    rows[1][1] = '2025-12-31';
    expect(gridFromTable(table(headers, rows), { mapping, base, counties }).grid!.header.days).toBe(365);
  });

  it('refuses a mapping without date or values, or naming a column the table lacks', () => {
    const t = table(headers, [[String(CELLS[0]), '2025-01-01', '1', '1', '1', '1']]);
    expect(() => gridFromTable(t, { mapping: { cellId: '网格编号', pm25: 'PM2.5' }, base, counties })).toThrow('请指定日期列');
    expect(() => gridFromTable(t, { mapping: { cellId: '网格编号', date: '日期' }, base, counties })).toThrow(/至少指定一种污染物/);
    expect(() => gridFromTable(t, { mapping: { cellId: '网格编号', date: '日期', pm25: 'PM25' }, base, counties })).toThrow('表中没有列“PM25”');
  });
});

describe('the app on an imported grid', () => {
  // Four cells over five days with a cloudy day here and there; the means are worked out from these rows.
  const cells = [CELLS[0], CELLS[1], CELLS[2], base.cellIds[1000]];
  const rows: string[][] = [];
  cells.forEach((id, k) => {
    for (let d = 0; d < 5; d++) {
      const cloudy = (k + d) % 4 === 3;
      rows.push([String(id), addDays('2025-07-01', d), cloudy ? '-' : String(20 + ((k * 17 + d * 11) % 50)), String(60 + k)]);
    }
  });
  const grid = gridFromTable(table(['网格编号', '日期', 'PM2.5', 'PM10'], rows), { mapping: MAPPING_BY_ID, base, counties }).grid!;
  const meanOf = (id: number): number => {
    const values = rows.filter((r) => r[0] === String(id) && r[2] !== '-').map((r) => Number(r[2]));
    return values.reduce((a, b) => a + b, 0) / values.length;
  };

  it('ranks first the cell with the highest mean in the table', () => {
    const view = { ...firstGridView(grid.header, null), colouring: 'concentration' as const };
    expect(view).toMatchObject({ first: 0, last: 4 });
    const ranking = buildHotspotRanking(grid, view, []);
    const best = cells.reduce((a, b) => (meanOf(b) > meanOf(a) ? b : a));
    expect(ranking.cells[0].cellId).toBe(best);
    expect(ranking.cells[0].mean).toBeCloseTo(meanOf(best), 4);
    expect(ranking.cells).toHaveLength(cells.length);
    expect(ranking.cells.map((c) => c.validDays).reduce((a, b) => a + b, 0)).toBe(rows.filter((r) => r[2] !== '-').length);
  });

  it('gives the period means of the table', () => {
    const means = periodMeans(grid, 'pm25', { first: 0, last: 4 });
    for (const id of cells) expect(means[grid.cellIds.indexOf(id)]).toBeCloseTo(meanOf(id), 4);
  });

  it('aggregates a 3 km block to the rounded mean of its cells', () => {
    // The nine cells of one block in central 平顶山 (rows 66–68, columns 96–98), one day.
    const { cols } = base.header;
    const nine = [66, 67, 68].flatMap((row) => [96, 97, 98].map((col) => row * cols + col));
    for (const id of nine) expect(base.cellIds.includes(id), `cell ${id} in the city`).toBe(true);
    const blockRows = nine.map((id, k) => [String(id), '2025-07-01', String(30 + 3 * k), '-']);
    const blockGrid = gridFromTable(table(['网格编号', '日期', 'PM2.5', 'PM10'], blockRows), { mapping: MAPPING_BY_ID, base, counties }).grid!;
    const coarse = gridAtScale(blockGrid, 3, 'pm25');
    const block = coarse.cellIds.indexOf(22 * coarse.header.cols + 32);
    expect(block).toBeGreaterThanOrEqual(0);
    const mean = blockRows.reduce((a, r) => a + Number(r[2]), 0) / 9;
    expect(coarse.values[block]).toBe(Math.round(mean));
    // Every other block has no cell with a value: no data, as under cloud.
    expect(coarse.values.filter((v) => v !== GRID_NO_DATA)).toHaveLength(1);
  });
});
