// Rows of each format checked as outfalls: every row read is accepted or rejected with its
// reason, the accepted records pass the outfall layer's own checks, and what the file
// does not say is filled from the map or marked 未填.
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { UNFILLED } from '../../src/data/types';
import type { OutfallProperties } from '../../src/data/types';
import { validateLayer } from '../../src/data/validate_layer';
import { guessMapping } from '../../src/import/column_mapping';
import type { OutfallImportOptions, OutfallValidation, ParsedFile, ParsedTable, TownshipFeature } from '../../src/import/types';
import { validateOutfalls } from '../../src/import/validate_outfalls';
import { outfallsLayer } from '../../src/layers/outfalls';
import { CITY, parseFixture } from './helpers/import_fixtures';

const guessed = (parsed: ParsedFile, extra: Partial<OutfallImportOptions> = {}): OutfallImportOptions => ({
  mapping: guessMapping(parsed.kind === 'table' ? parsed.headers : parsed.fields),
  crs: 'wgs84',
  swapLonLat: false,
  ...extra,
});

/** The accepted records loaded as the app loads the outfalls layer: none may be left out. */
function expectLoadable(result: OutfallValidation) {
  const loaded = validateLayer(outfallsLayer, { type: 'FeatureCollection', features: result.accepted });
  expect(loaded.problems).toEqual([]);
  expect(loaded.warnings).toEqual([]);
  expect(loaded.collection.features).toHaveLength(result.accepted.length);
  expect(result.read).toBe(result.accepted.length + result.rejected.length);
}

const rejections = (result: OutfallValidation) => result.rejected.map((r) => [r.row, r.reason]);
const byCode = (result: OutfallValidation) => new Map(result.accepted.map((f) => [f.properties.code, f.properties]));

/** An outfall with every field the file did not give as the import fills it. */
const unfilled = (p: Partial<OutfallProperties>): OutfallProperties => ({
  code: '',
  name: '',
  category: '其他排口',
  subtype: UNFILLED,
  river: UNFILLED,
  countyCode: '',
  countyName: '',
  township: UNFILLED,
  lon: 0,
  lat: 0,
  dischargeMode: UNFILLED,
  responsibleUnit: UNFILLED,
  surveyDate: '',
  monitored: false,
  monitoringDate: null,
  monitoringResult: null,
  traced: false,
  sourceDescription: null,
  remediationMeasure: UNFILLED,
  remediationStatus: UNFILLED,
  remediationDeadline: '',
  parkId: null,
  ...p,
});

describe('CSV ledger', () => {
  it('accepts 4 of 9 rows and says why each other one is refused', async () => {
    const parsed = await parseFixture('outfalls.csv');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(9);
    expect(result.accepted.map((f) => f.properties.code)).toEqual(['CSV-001', 'CSV-002', 'CSV-003', 'CSV-008']);
    expect(rejections(result)).toEqual([
      [7, '编码“CSV-001”与第 4 行重复（同一编码只取先出现的一行）'],
      [8, '坐标（116.4, 39.9）不在平顶山市范围内：请检查坐标系（WGS84、GCJ-02 或 BD-09）或经纬度是否填反'],
      [9, '经度“abc”无法识别'],
      [10, '类别“生活污水”无法识别（应为 工业排污口、城镇污水处理厂排污口、农业排口、其他排口 之一）'],
      [11, '名称为空'],
    ]);
    expect(result.unknownCategories).toEqual([{ text: '生活污水', rows: 1 }]);
    expect(result.swapSuspected).toBe(false);
    // The row's own cells travel with it, for the table and the CSV of refused rows.
    expect(result.rejected[0].values['排口名称']).toBe('重复编码排口');
    expectLoadable(result);
  });

  it('fills each record from the file, the map, or 未填', async () => {
    const parsed = await parseFixture('outfalls.csv');
    const records = byCode(validateOutfalls(parsed, guessed(parsed), CITY));
    expect(records.get('CSV-001')).toEqual({
      code: 'CSV-001',
      name: '湛河北渡排口',
      category: '工业排污口',
      subtype: '工矿企业排污口',
      river: '沙河',
      countyCode: '410411',
      countyName: '湛河区',
      township: '北渡街道',
      lon: 113.214564,
      lat: 33.699744,
      dischargeMode: '连续',
      responsibleUnit: '某某化工有限公司',
      surveyDate: '2024-03-05',
      monitored: false,
      monitoringDate: null,
      monitoringResult: null,
      traced: false,
      sourceDescription: null,
      remediationMeasure: '规范整治',
      remediationStatus: '整治中',
      remediationDeadline: '2025-12-31',
      parkId: null,
    });
    // DMS coordinates; 新华 is 新华区 with its GB/T 2260 code; 间歇排放, 2024/3/6 and 2025年6月 read.
    expect(records.get('CSV-002')).toMatchObject({
      lon: 113.231294,
      lat: 33.717689,
      countyCode: '410402',
      countyName: '新华区',
      subtype: UNFILLED,
      responsibleUnit: UNFILLED,
      dischargeMode: '间歇',
      surveyDate: '2024-03-06',
      remediationMeasure: '保留',
      remediationStatus: '已完成',
      remediationDeadline: '2025-06-30',
    });
    // No county in the file: the county polygon's; inside 叶县's chemical park; 工业 is 工业排污口; nothing said of 治.
    expect(records.get('CSV-003')).toEqual(
      unfilled({
        code: 'CSV-003',
        name: '叶县园区排口,北侧',
        category: '工业排污口',
        river: '沙河',
        countyCode: '410422',
        countyName: '叶县',
        lon: 113.317416,
        lat: 33.641628,
        responsibleUnit: '园区管委会',
        surveyDate: '2024-03-07',
        parkId: 'park-yexian',
      }),
    );
    // Degrees minutes seconds with spaces; 其他; 雨季排放; 20240308; 未开始; 2025年底前.
    expect(records.get('CSV-008')).toMatchObject({
      lon: 113.018114,
      lat: 34.071769,
      category: '其他排口',
      countyName: '郏县',
      township: '安良镇',
      dischargeMode: '雨季',
      surveyDate: '2024-03-08',
      remediationMeasure: '取缔',
      remediationStatus: '未启动',
      remediationDeadline: '2025-12-31',
    });
  });

  it('takes the user’s reading of an unknown category, or refuses the rows they left out', async () => {
    const parsed = await parseFixture('outfalls.csv');
    const chosen = validateOutfalls(parsed, guessed(parsed, { categoryMap: { 生活污水: '其他排口' } }), CITY);
    expect(byCode(chosen).get('CSV-006')?.category).toBe('其他排口');
    expect(chosen.unknownCategories).toEqual([]);
    expect(chosen.rejected).toHaveLength(4);
    const dropped = validateOutfalls(parsed, guessed(parsed, { categoryMap: { 生活污水: null } }), CITY);
    expect(dropped.rejected.find((r) => r.row === 10)?.reason).toBe('类别“生活污水”已设为不导入');
    expect(dropped.unknownCategories).toEqual([]);
  });

  it('a GBK ledger: 宝丰 is 宝丰县, with its code from the counties layer', async () => {
    const parsed = await parseFixture('outfalls_gbk.csv');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(2);
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((f) => [f.properties.code, f.properties.countyCode, f.properties.countyName])).toEqual([
      ['GBK-001', '410421', '宝丰县'],
      ['GBK-002', '410404', '石龙区'],
    ]);
    expectLoadable(result);
  });

  it('refuses 1e308, NaN, Infinity, empty and absurd coordinates', async () => {
    const parsed = await parseFixture('bad_coords.csv');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(6);
    expect(result.accepted.map((f) => f.properties.code)).toEqual(['BAD-OK']);
    expect(rejections(result)).toEqual([
      [2, '经度“1e308”无法识别'],
      [3, '经度“NaN”无法识别'],
      [4, '经度“Infinity”无法识别；纬度“-Infinity”无法识别'],
      [5, '经度为空；纬度为空'],
      [6, '坐标（1e+308, 33.7）超出经纬度范围'],
    ]);
    expectLoadable(result);
  });
});

describe('XLSX ledger', () => {
  it('refuses the row with a formula that has no result, and reads the 测 columns of a two-row header', async () => {
    const parsed = await parseFixture('outfalls.xlsx');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(4);
    expect(result.accepted.map((f) => f.properties.code)).toEqual(['XLSX-001', 'XLSX-002', 'XLSX-004']);
    expect(rejections(result)).toEqual([[6, '“经度”是没有计算结果的公式（=B6*2）：请在 Excel 中打开、重新计算并保存后再导入']]);
    const records = byCode(result);
    expect(records.get('XLSX-001')).toMatchObject({
      countyName: '鲁山县',
      monitored: true,
      monitoringDate: '2024-02-29',
      monitoringResult: '达标',
      surveyDate: '2024-01-09',
    });
    expect(records.get('XLSX-002')).toMatchObject({ name: '汝州临汝排口', lon: 112.624763, countyName: '汝州市', monitored: false, monitoringDate: null });
    expect(records.get('XLSX-004')).toMatchObject({ countyName: '郏县', countyCode: '410425', category: '工业排污口' });
    expectLoadable(result);
  });

  it('a text starting with = in a CSV is text, not a formula', () => {
    const table: ParsedTable = {
      kind: 'table',
      format: 'csv',
      headers: ['编码', '名称', '类别', '坐标'],
      rows: [['=1', '=名称', '其他排口', '113.214564,33.699744']],
      rowNumbers: [2],
    };
    const result = validateOutfalls(
      table,
      { mapping: { code: '编码', name: '名称', category: '类别', coordinates: '坐标' }, crs: 'wgs84', swapLonLat: false },
      CITY,
    );
    expect(result.accepted.map((f) => f.properties.name)).toEqual(['=名称']);
  });
});

describe('feature files', () => {
  it('a zipped Shapefile: the points give the coordinates, the attributes are mapped like columns', async () => {
    const parsed = await parseFixture('outfalls_shp.zip');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(4);
    expect(result.accepted.map((f) => [f.properties.code, f.properties.countyName, f.properties.river])).toEqual([
      ['SHP-001', '舞钢市', '澧河'],
      ['SHP-002', '湛河区', '沙河'],
    ]);
    expect(rejections(result)).toEqual([
      [3, '没有坐标（几何为空）'],
      [4, '坐标（114.5, 34.8）不在平顶山市范围内：请检查坐标系（WGS84、GCJ-02 或 BD-09）或经纬度是否填反'],
    ]);
    expectLoadable(result);
  });

  it('GeoJSON: only points; a subtype in the category column names both; a monitoring result means monitored', async () => {
    const parsed = await parseFixture('outfalls.geojson');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(4);
    expect(rejections(result)).toEqual([
      [2, '几何类型为 LineString，排污口应为点（Point）'],
      [3, '没有坐标（几何为空）'],
    ]);
    const records = byCode(result);
    expect(records.get('GJ-001')).toMatchObject({ category: '其他排口', subtype: '城镇雨洪排口', countyName: '卫东区', countyCode: '410403' });
    expect(records.get('GJ-004')).toMatchObject({ category: '农业排口', monitored: true, monitoringResult: '超标' });
    expectLoadable(result);
  });

  it('KML: the placemark’s name is the outfall’s name', async () => {
    const parsed = await parseFixture('outfalls.kml');
    const result = validateOutfalls(parsed, guessed(parsed), CITY);
    expect(result.read).toBe(2);
    expect(result.accepted.map((f) => [f.properties.code, f.properties.name, f.properties.category, f.properties.countyName])).toEqual([
      ['KML-001', '宝丰大营排口', '农业排口', '宝丰县'],
    ]);
    expect(rejections(result)).toEqual([[2, '几何类型为 LineString，排污口应为点（Point）']]);
    expectLoadable(result);
  });
});

describe('values the ledger writes', () => {
  const table = (rows: string[][], headers = ['编码', '名称', '类别', '坐标', '排放方式', '整治状态', '整治期限', '是否溯源', '溯源结果']): ParsedTable => ({
    kind: 'table',
    format: 'csv',
    headers,
    rows,
    rowNumbers: rows.map((_, i) => i + 2),
  });
  const options: OutfallImportOptions = { mapping: guessMapping(table([]).headers), crs: 'wgs84', swapLonLat: false };
  const at = '113.214564,33.699744';

  it('refuses what it cannot read for sure, naming the field and the allowed values', () => {
    const result = validateOutfalls(
      table([
        ['V-1', '排口', '其他排口', at, '偶尔', '差不多', '明年', '也许', ''],
        ['V-2', '排口', '', '', '', '', '2025-02-30', '', ''],
      ]),
      options,
      CITY,
    );
    expect(rejections(result)).toEqual([
      [
        2,
        '排放方式“偶尔”无法识别（应为 连续、间歇、雨季 之一）；整治状态“差不多”无法识别（应为 未启动、整治中、已完成 之一）；整治期限“明年”不是有效日期（如 2025-09-16）；是否溯源“也许”无法识别（应为 是 或 否）',
      ],
      [3, '类别为空；坐标为空；整治期限“2025-02-30”不是有效日期（如 2025-09-16）'],
    ]);
  });

  it('是否溯源 given, and a traced source when it is not a column', () => {
    const result = validateOutfalls(table([['V-3', '排口', '其他排口', at, '', '', '', '是', '生活污水']]), options, CITY);
    expect(result.accepted[0].properties).toMatchObject({ traced: true, sourceDescription: '生活污水' });
    const noColumn = table([['V-4', '排口', '其他排口', at, '工业废水']], ['编码', '名称', '类别', '坐标', '污染来源']);
    const inferred = validateOutfalls(noColumn, { ...options, mapping: guessMapping(noColumn.headers) }, CITY);
    expect(inferred.accepted[0].properties).toMatchObject({ traced: true, sourceDescription: '工业废水' });
  });

  it('takes the township from a townships layer when the file has none', () => {
    const square = (x: number, y: number): Polygon => ({
      type: 'Polygon',
      coordinates: [
        [
          [x - 0.01, y - 0.01],
          [x + 0.01, y - 0.01],
          [x + 0.01, y + 0.01],
          [x - 0.01, y + 0.01],
          [x - 0.01, y - 0.01],
        ],
      ],
    });
    const townships: TownshipFeature[] = [{ type: 'Feature', properties: { name: '北渡街道' }, geometry: square(113.214564, 33.699744) }];
    const result = validateOutfalls(table([['T-1', '排口', '其他排口', at, '', '', '', '', '']]), options, { ...CITY, townships });
    expect(result.accepted[0].properties.township).toBe('北渡街道');
    const named = table([['T-2', '排口', '其他排口', at, '北渡']], ['编码', '名称', '类别', '坐标', '乡镇']);
    const fromFile = validateOutfalls(named, { ...options, mapping: guessMapping(named.headers) }, { ...CITY, townships });
    expect(fromFile.accepted[0].properties.township).toBe('北渡街道');
  });

  it('a county the file names wins over the polygon; one the city does not have is ignored', () => {
    const named = table(
      [
        ['C-1', '排口', '其他排口', at, '410421'],
        ['C-2', '排口', '其他排口', at, '平顶山市宝丰县'],
        ['C-3', '排口', '其他排口', at, '郑州市'],
      ],
      ['编码', '名称', '类别', '坐标', '县区'],
    );
    const result = validateOutfalls(named, { ...options, mapping: guessMapping(named.headers) }, CITY);
    expect(result.accepted.map((f) => f.properties.countyName)).toEqual(['宝丰县', '宝丰县', '湛河区']);
  });
});

describe('a mapping that cannot be used', () => {
  const parsed: ParsedTable = {
    kind: 'table',
    format: 'csv',
    headers: ['编码', '名称', '类别', '经度', '纬度'],
    rows: [['a', 'b', 'c', '1', '2']],
    rowNumbers: [2],
  };

  it('throws with the fields it lacks', () => {
    expect(() => validateOutfalls(parsed, { mapping: { code: '编码' }, crs: 'wgs84', swapLonLat: false }, CITY)).toThrow(
      '还没有指定这些字段对应的列：名称、类别、经度和纬度（或一列坐标）',
    );
  });

  it('throws for a column the file does not have', () => {
    const mapping = { code: '编码', name: '名称', category: '类别', lon: '经度', lat: '北纬' };
    expect(() => validateOutfalls(parsed, { mapping, crs: 'wgs84', swapLonLat: false }, CITY)).toThrow('“纬度”对应的列“北纬”不在文件中');
  });

  it('throws without counties to check positions against', () => {
    const mapping = guessMapping(parsed.headers);
    expect(() => validateOutfalls(parsed, { mapping, crs: 'wgs84', swapLonLat: false }, { counties: [] })).toThrow('县区边界尚未加载');
  });
});

// A county file may hold MultiPolygons (a county with an exclave): they locate points too.
describe('counties as multipolygons', () => {
  it('locates a point in a MultiPolygon county', () => {
    const county = CITY.counties.find((c) => c.properties.name === '湛河区')!;
    const multi = { ...county, geometry: { type: 'MultiPolygon', coordinates: [(county.geometry as Polygon).coordinates] } } as Feature<
      MultiPolygon,
      typeof county.properties
    >;
    const table: ParsedTable = {
      kind: 'table',
      format: 'csv',
      headers: ['编码', '名称', '类别', '坐标'],
      rows: [['M-1', '排口', '其他排口', '113.214564,33.699744']],
      rowNumbers: [2],
    };
    const result = validateOutfalls(table, { mapping: guessMapping(table.headers), crs: 'wgs84', swapLonLat: false }, { counties: [multi] });
    expect(result.accepted[0].properties.countyCode).toBe('410411');
  });
});
