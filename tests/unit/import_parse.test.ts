// Reading a file of the import: each format into its table or features, and each kind of
// broken or hostile file refused whole with a Chinese message.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../../src/import/limits';
import { parseImportFile } from '../../src/import/parse_file';
import type { ParsedFeatures, ParsedTable } from '../../src/import/types';
import { fixtureBytes, parseFixture } from './helpers/import_fixtures';

const text = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

describe('CSV', () => {
  it('reads a UTF-8 ledger with a title and notes above its header, numbering rows as Excel does', async () => {
    const table = (await parseFixture('outfalls.csv')) as ParsedTable;
    expect(table).toMatchObject({ kind: 'table', format: 'csv', encoding: 'utf-8' });
    expect(table.headers).toEqual([
      '排口编号',
      '排口名称',
      '经度（°）',
      '纬度（°）',
      '排口类型',
      '排口子类',
      '受纳水体',
      '所在县（市、区）',
      '乡镇（街道）',
      '责任单位',
      '排放方式',
      '排查日期',
      '整治措施',
      '整治进度',
      '完成时限',
    ]);
    // Line 12 is blank: not a row of data, and the numbers after it stay the file's.
    expect(table.rowNumbers).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 13]);
    expect(table.rows.map((r) => r[0])).toEqual(['CSV-001', 'CSV-002', 'CSV-003', 'CSV-001', 'CSV-004', 'CSV-005', 'CSV-006', 'CSV-007', 'CSV-008']);
    // A quoted comma stays in its cell.
    expect(table.rows[2][1]).toBe('叶县园区排口,北侧');
    expect(table.rows.every((r) => r.length === table.headers.length)).toBe(true);
  });

  it('decodes a CSV that is not valid UTF-8 as GBK', async () => {
    const table = (await parseFixture('outfalls_gbk.csv')) as ParsedTable;
    expect(table.encoding).toBe('gbk');
    expect(table.headers).toEqual(['编码', '名称', '经度', '纬度', '类别', '所在县区']);
    expect(table.rows).toEqual([
      ['GBK-001', '宝丰大营排口', '112.936271', '33.915011', '农业排口', '宝丰'],
      ['GBK-002', '石龙高庄排口', '112.862234', '33.901543', '其他排口', '石龙区'],
    ]);
  });

  it('decodes Excel’s 「Unicode 文本」 (UTF-16LE with a BOM, tab-separated)', async () => {
    const body = '编码\t名称\r\nU-1\t排口\r\n';
    const bytes = new Uint8Array(2 + body.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < body.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, body.charCodeAt(i), true);
    const table = (await parseImportFile(bytes.buffer, 'ledger.txt')) as ParsedTable;
    expect(table).toMatchObject({ encoding: 'utf-16le', headers: ['编码', '名称'], rows: [['U-1', '排口']], rowNumbers: [2] });
  });

  it('names blank header cells by their column and numbers repeated ones', async () => {
    const table = (await parseImportFile(text('编码,,备注,备注\nA,1,x,y\n'), 'a.csv')) as ParsedTable;
    expect(table.headers).toEqual(['编码', '第2列', '备注', '备注（2）']);
  });

  it('keeps a cell that looks like markup as text', async () => {
    const table = (await parseImportFile(text('编码,名称\nA,<img src=x onerror=alert(1)>\n'), 'a.csv')) as ParsedTable;
    expect(table.rows[0][1]).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('XLSX', () => {
  it('reads the first sheet: a title above, a two-row header, merged cells, dates, rich text and formulas', async () => {
    const table = (await parseFixture('outfalls.xlsx')) as ParsedTable;
    expect(table).toMatchObject({ kind: 'table', format: 'xlsx', sheet: '排污口台账' });
    expect(table.headers).toEqual(['编码', '名称', '经度', '纬度', '类别', '所在县区', '是否监测', '监测日期', '监测结果', '排查日期']);
    expect(table.rowNumbers).toEqual([4, 5, 6, 7]);
    expect(table.rows).toEqual([
      ['XLSX-001', '鲁山尧山排口', '112.30162', '33.710907', '其他排口', '鲁山县', '是', '2024-02-29', '达标', '2024-01-09'],
      // Rich text joined; a formula as its cached result; the county merged over rows 5–6 in both.
      ['XLSX-002', '汝州临汝排口', '112.624763', '34.12576', '农业排口', '汝州市', '否', '', '', '2024-01-10'],
      // A formula with no cached result stays a formula, for the validation to refuse.
      ['XLSX-003', '汝州公式排口', '=B6*2', '34.1', '农业排口', '汝州市', '否', '', '', ''],
      ['XLSX-004', '郏县排口', '113.018113', '34.07177', '工业排污口', '', '否', '', '', '2024-01-11'],
    ]);
  });
});

describe('zipped Shapefile', () => {
  it('reads points with GBK attributes (.cpg 936) and says its .prj', async () => {
    const parsed = (await parseFixture('outfalls_shp.zip')) as ParsedFeatures;
    expect(parsed).toMatchObject({ kind: 'features', format: 'shapefile', fields: ['编码', '名称', '类别', '受纳水体'] });
    expect(parsed.crs).toMatch(/^GEOGCS\["GCS_WGS_1984"/);
    expect(parsed.features.map((f) => f.properties)).toEqual([
      { 编码: 'SHP-001', 名称: '舞钢八台排口', 类别: '其他排口', 受纳水体: '澧河' },
      { 编码: 'SHP-002', 名称: '湛河北渡排口', 类别: '农业排口', 受纳水体: '沙河' },
      { 编码: 'SHP-003', 名称: '无坐标排口', 类别: '其他排口', 受纳水体: '沙河' },
      { 编码: 'SHP-004', 名称: '市外排口', 类别: '其他排口', 受纳水体: '沙河' },
    ]);
    expect(parsed.features.map((f) => f.geometry && f.geometry.type === 'Point' && f.geometry.coordinates)).toEqual([
      [113.467878, 33.417161],
      [113.214564, 33.699744],
      null,
      [114.5, 34.8],
    ]);
  });

  it('honours a projected .prj (CGCS2000 3° Gauss-Kruger): the metres come back as longitude and latitude', async () => {
    const parsed = (await parseFixture('reach_gk.zip')) as ParsedFeatures;
    expect(parsed.crs).toMatch(/^PROJCS\["CGCS2000_3_Degree_GK_CM_114E"/);
    const line = parsed.features[0].geometry;
    if (line?.type !== 'LineString') throw new Error(`expected a LineString, got ${line?.type}`);
    const expected = [
      [113.214564, 33.699744],
      [113.231294, 33.71769],
      [113.362619, 33.795076],
    ];
    line.coordinates.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 7);
      expect(y).toBeCloseTo(expected[i][1], 7);
    });
  });

  it('refuses a zip of two layers rather than choosing one', async () => {
    const shp = new Uint8Array(fixtureBytes('outfalls_shp.zip'));
    const bytes = zipSync({ 'a.shp': new Uint8Array(100), 'b.shp': new Uint8Array(100), 'note.txt': shp.slice(0, 10) });
    await expect(parseImportFile(bytes.buffer as ArrayBuffer, 'layers.zip')).rejects.toThrow(
      '压缩文件“layers.zip”里有 2 个 Shapefile 图层（a.shp、b.shp）：请每个压缩包只放一个图层',
    );
  });

  it('refuses a zip with neither a workbook nor a .shp', async () => {
    const bytes = zipSync({ 'readme.txt': new TextEncoder().encode('你好') });
    await expect(parseImportFile(bytes.buffer as ArrayBuffer, 'other.zip')).rejects.toThrow(
      '压缩文件“other.zip”里既不是 Excel 工作簿，也没有 Shapefile（.shp）',
    );
  });
});

describe('GeoJSON and KML', () => {
  it('reads a FeatureCollection, keeping features without geometry for the validation to name', async () => {
    const parsed = (await parseFixture('outfalls.geojson')) as ParsedFeatures;
    expect(parsed).toMatchObject({ kind: 'features', format: 'geojson', crs: null, fields: ['编码', '名称', '类别', '所在县区', '监测结果'] });
    expect(parsed.features.map((f) => f.geometry?.type ?? null)).toEqual(['Point', 'LineString', null, 'Point']);
  });

  it('reads one Feature, or a bare geometry as a feature without properties, and a named crs', async () => {
    const feature = (await parseImportFile(
      text('{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[113,33]}}'),
      'f.json',
    )) as ParsedFeatures;
    expect(feature.features).toHaveLength(1);
    expect(feature.fields).toEqual(['a']);
    const geometry = (await parseImportFile(text(' {"type":"Point","coordinates":[113,33]}'), 'g.geojson')) as ParsedFeatures;
    expect(geometry.features).toEqual([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113, 33] } }]);
    const named = (await parseImportFile(
      text('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[]}'),
      'c.geojson',
    )) as ParsedFeatures;
    expect(named.crs).toBe('urn:ogc:def:crs:EPSG::4490');
  });

  it('reads KML placemarks with their ExtendedData, in a worker-safe XML parser, and keeps HTML descriptions as text', async () => {
    const parsed = (await parseFixture('outfalls.kml')) as ParsedFeatures;
    expect(parsed).toMatchObject({ kind: 'features', format: 'kml', crs: null, fields: ['name', 'description', '编码', '类别'] });
    expect(parsed.features[0].properties).toEqual({ name: '宝丰大营排口', description: '<b>不是</b>网页', 编码: 'KML-001', 类别: '农业' });
    expect(parsed.features.map((f) => f.geometry?.type)).toEqual(['Point', 'LineString']);
  });
});

describe('files refused whole', () => {
  const refusals: [fixture: string, message: string][] = [
    ['empty.csv', '文件“empty.csv”是空的（0 字节）'],
    ['truncated.xlsx', 'Excel 工作簿“truncated.xlsx”不完整或已损坏，无法解压'],
    ['page.csv', '文件“page.csv”是网页（HTML），不是表格或地理数据'],
    ['binary.xlsx', '文件“binary.xlsx”不是有效的 Excel 工作簿（.xlsx 应是一个压缩包，此文件不是）：可能已损坏，或只是改了扩展名'],
    ['invalid.json', '文件“invalid.json”不是有效的 JSON'],
    ['not_geojson.json', '文件“not_geojson.json”是 JSON，但不是 GeoJSON：应为要素集合（FeatureCollection）、要素（Feature）或几何对象'],
    ['header_only.csv', '文件“header_only.csv”只有表头，没有数据行'],
  ];
  it.each(refusals)('%s', async (fixture, message) => {
    await expect(parseFixture(fixture)).rejects.toThrow(message);
  });

  it('refuses a CSV whose quote never closes, rather than reading the rest of the file as one cell', async () => {
    await expect(parseImportFile(text('编码,名称\nA,"排口\nB,排口2\n'), 'q.csv')).rejects.toThrow('文件“q.csv”第 2 行的引号没有闭合');
  });

  it('refuses an .xls (OLE2) file with what to do', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(parseImportFile(bytes.buffer, '台账.xls')).rejects.toThrow('请在 Excel 中取消密码，另存为 .xlsx 或 CSV（UTF-8）后再导入');
  });

  it('refuses XML that is not KML, and broken XML', async () => {
    await expect(parseImportFile(text('<?xml version="1.0"?><gpx></gpx>'), 'a.kml')).rejects.toThrow('文件“a.kml”是 XML，但不是 KML（根元素为 <gpx>）');
    await expect(parseImportFile(text('<kml><Document><Placemark>'), 'b.kml')).rejects.toThrow('文件“b.kml”不是完整有效的 XML，无法作为 KML 读取');
  });

  it('refuses a FeatureCollection with a member that is not a feature', async () => {
    await expect(
      parseImportFile(text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null},42]}'), 'x.geojson'),
    ).rejects.toThrow('文件“x.geojson”的第 2 个要素不是 GeoJSON 要素（Feature）');
  });

  it('refuses a file over the size limit before reading it, saying the limit', async () => {
    // Zero-filled and untouched: the size is checked before any byte is read.
    await expect(parseImportFile(new ArrayBuffer(MAX_IMPORT_BYTES + 1), 'huge.csv')).rejects.toThrow('超过单个文件 200 MB 的上限：请拆分成几个文件分别导入');
  });

  it('refuses a CSV of 1,000,000 rows, stopping while reading, with the limit and the advice to split it', async () => {
    const rows = ['编码,名称,经度,纬度,类别'];
    for (let i = 0; i < 1_000_000; i++) rows.push(`P${i},排口,113.2,33.7,其他排口`);
    const bytes = new TextEncoder().encode(rows.join('\n')).buffer as ArrayBuffer;
    let furthest = 0;
    await expect(parseImportFile(bytes, 'big.csv', (f) => (furthest = Math.max(furthest, f)))).rejects.toThrow(
      `文件“big.csv”超过 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行的上限：请拆分成几个文件分别导入`,
    );
    expect(MAX_IMPORT_ROWS).toBe(500_000);
    // Stopped about half way, at the row past the limit, not after reading the whole file.
    expect(furthest).toBeGreaterThan(0.3);
    expect(furthest).toBeLessThan(0.6);
  }, 30_000);

  it('reports progress up to 1 for a file it reads', async () => {
    const seen: number[] = [];
    await parseImportFile(fixtureBytes('outfalls.csv'), 'outfalls.csv', (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
