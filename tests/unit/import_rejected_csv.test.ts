// The refused rows as a CSV: read back by a CSV parser, every cell as it was, formula-like
// cells defused.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { guessMapping } from '../../src/import/column_mapping';
import { rejectedRowsCsv } from '../../src/import/rejected_csv';
import type { ParsedTable } from '../../src/import/types';
import { validateOutfalls } from '../../src/import/validate_outfalls';
import { CITY, parseFixture } from './helpers/import_fixtures';

describe('rejectedRowsCsv', () => {
  it('the file’s headers between 行号 and 原因, with a BOM and RFC 4180 quoting', async () => {
    const parsed = (await parseFixture('outfalls.csv')) as ParsedTable;
    const result = validateOutfalls(parsed, { mapping: guessMapping(parsed.headers), crs: 'wgs84', swapLonLat: false }, CITY);
    const csv = rejectedRowsCsv(parsed.headers, result.rejected);
    expect(csv.startsWith('\uFEFF行号,排口编号,排口名称,经度（°）')).toBe(true);
    const back = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(back[0]).toEqual(['行号', ...parsed.headers, '原因']);
    expect(back).toHaveLength(1 + 5);
    expect(back.slice(1).map((r) => [r[0], r[1], r.at(-1)])).toEqual(result.rejected.map((r) => [String(r.row), r.values['排口编号'], r.reason]));
    // The reason holds Chinese punctuation and the coordinates a comma: both survive.
    expect(back[2].at(-1)).toBe('坐标（116.4, 39.9）不在平顶山市范围内：请检查坐标系（WGS84、GCJ-02 或 BD-09）或经纬度是否填反');
  });

  it('quotes commas, quotes and line breaks, and defuses cells starting with = + - @', () => {
    const headers = ['编码', '名称', '备注'];
    const csv = rejectedRowsCsv(headers, [
      { row: 2, values: { 编码: '=HYPERLINK("http://x","y")', 名称: '排口,"北"', 备注: '第一行\n第二行' }, reason: '名称为空' },
      { row: 3, values: { 编码: '+1', 名称: '-2', 备注: '@SUM(A1)' }, reason: '编码为空' },
    ]);
    const back = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(back).toEqual([
      ['行号', '编码', '名称', '备注', '原因'],
      ['2', `'=HYPERLINK("http://x","y")`, '排口,"北"', '第一行\n第二行', '名称为空'],
      ['3', "'+1", "'-2", "'@SUM(A1)", '编码为空'],
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
