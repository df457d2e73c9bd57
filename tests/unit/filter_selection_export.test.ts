// The selection's exports read back as the programs that open them would: the CSV by a
// real CSV parser (as Excel), the XLSX by exceljs, the GeoJSON by JSON.parse (as a GIS),
// each compared with the selected outfalls of the committed data set.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import type { FeatureCollection } from 'geojson';
import { readDataContent, readManifest } from '../helpers/data_files';
import { SELECTION_COLUMNS, selectionGeoJson, selectionTable } from '../../src/spatial/filter/selection_export';
import { selectedOf } from '../../src/spatial/filter/summary';
import { tableToCsv, tablesToXlsx } from '../../src/data/table_export';
import { FILTER_VERSION } from '../../src/spatial/filter/description';
import type { OutfallFilter } from '../../src/spatial/filter/description';
import { OUTFALL_FIELD_LABELS } from '../../src/data/types';
import type { OutfallFeature, OutfallProperties } from '../../src/data/types';
import { makeOutfall } from './helpers/make_outfall';

// The manifest's file: the same content as data/outfalls.geojson.
const collection = JSON.parse(readDataContent(readManifest().layers.find((l) => l.id === 'outfalls')!.file).toString('utf8')) as FeatureCollection;
const features = collection.features as OutfallFeature[];

/** The description the GeoJSON carries (which outfalls it selects is evaluate.ts's business, not this test's). */
const filter: OutfallFilter = {
  categories: ['工业排污口', '城镇污水处理厂排污口'],
  areas: [{ kind: 'within', layer: 'parks', id: 'park-nylon', distanceM: 0 }],
};
/** 尼龙新材料开发区 and 高新区's outfalls, and the monitored town plants: a few of each kind of value (nulls, 是/否). */
const mask = features.map(
  ({ properties: o }) => o.parkId === 'park-nylon' || o.parkId === 'park-gaoxin' || (o.category === '城镇污水处理厂排污口' && o.monitored),
);
const selectedFeatures = selectedOf(features, mask);
const selected = selectedFeatures.map((f) => f.properties);

/** What a cell should read as text: 是/否, empty for null, the number as written. */
const asText = (value: OutfallProperties[keyof OutfallProperties]) =>
  value === null ? '' : typeof value === 'boolean' ? (value ? '是' : '否') : String(value);

function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('selection table', () => {
  it('has every outfall field once, with its Chinese name', () => {
    expect([...SELECTION_COLUMNS].sort()).toEqual(Object.keys(OUTFALL_FIELD_LABELS).sort());
    const table = selectionTable(selected);
    expect(table.headers.slice(0, 4)).toEqual(['编码', '名称', '类别', '子类']);
    expect(new Set(table.headers)).toEqual(new Set(Object.values(OUTFALL_FIELD_LABELS)));
    expect(table.name).toBe('排污口筛选结果');
    expect(selectionTable([], { name: '叶县' })).toEqual({ name: '叶县', headers: table.headers, rows: [] });
  });

  it('shows a park by its name when the caller knows it, else by its id', () => {
    const names = new Map([['park-nylon', '尼龙新材料开发区(化工园区)']]);
    const rows = selectionTable(selected, { parkName: (id) => names.get(id) }).rows;
    const column = SELECTION_COLUMNS.indexOf('parkId');
    const shown = new Set(rows.map((r) => r[column]));
    expect(shown).toEqual(new Set(selected.map((o) => (o.parkId === 'park-nylon' ? '尼龙新材料开发区(化工园区)' : o.parkId))));
    for (const value of ['尼龙新材料开发区(化工园区)', 'park-gaoxin', null]) expect(shown.has(value), String(value)).toBe(true);
    expect(shown.has('park-nylon')).toBe(false);
  });
});

describe('selection as CSV', () => {
  it('reads back as the selection: the codes in order and every field of every row', () => {
    expect(selected.length).toBeGreaterThan(80);
    const rows = parseCsv(tableToCsv(selectionTable(selected)));
    expect(rows[0]).toEqual(SELECTION_COLUMNS.map((f) => OUTFALL_FIELD_LABELS[f]));
    expect(rows).toHaveLength(selected.length + 1);
    expect(rows.slice(1).map((r) => r[0])).toEqual(selected.map((o) => o.code));
    rows.slice(1).forEach((row, i) => expect(row).toEqual(SELECTION_COLUMNS.map((f) => asText(selected[i][f]))));
    // A few fields by their Chinese names, as an analyst would look them up.
    const at = (row: string[], label: string) => row[rows[0].indexOf(label)];
    const nylon = rows.find((r) => at(r, '所在园区') === 'park-nylon')!;
    const outfall = selected.find((o) => o.code === nylon[0])!;
    expect([at(nylon, '所在县区'), at(nylon, '区县代码'), at(nylon, '经度'), at(nylon, '整治期限')]).toEqual([
      outfall.countyName,
      outfall.countyCode,
      String(outfall.lon),
      outfall.remediationDeadline,
    ]);
    expect(new Set(rows.slice(1).map((r) => at(r, '是否监测')))).toEqual(new Set(['是', '否']));
    expect(rows.slice(1).some((r) => at(r, '监测日期') === '')).toBe(true);
  });

  it('keeps commas, quotes, line breaks and Chinese in a cell, and defuses a formula', () => {
    const tricky = makeOutfall({ code: 'PDS-XX-0001', name: '东,西"排口"\r\n2号', responsibleUnit: '=HYPERLINK("x")', sourceDescription: '生活污水，含油' });
    const [, row] = parseCsv(tableToCsv(selectionTable([tricky])));
    const at = (field: keyof OutfallProperties) => row[SELECTION_COLUMNS.indexOf(field)];
    expect(at('name')).toBe('东,西"排口"\r\n2号');
    expect(at('responsibleUnit')).toBe(`'=HYPERLINK("x")`);
    expect(at('sourceDescription')).toBe('生活污水，含油');
    expect([at('monitored'), at('monitoringResult'), at('parkId')]).toEqual(['否', '', '']);
  });
});

describe('selection as XLSX', () => {
  it('reads back with exceljs as the selection: strings, numbers, empty cells for nulls', async () => {
    const table = selectionTable(selected);
    const bytes = await tablesToXlsx([table]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet('排污口筛选结果')!;
    expect(sheet).toBeDefined();
    expect(sheet.rowCount).toBe(selected.length + 1);
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(table.headers);
    for (let i = 0; i < selected.length; i++) {
      const row = values(i + 2);
      const expected = SELECTION_COLUMNS.map((f) => {
        const v = selected[i][f];
        return v === null ? undefined : typeof v === 'boolean' ? (v ? '是' : '否') : v;
      });
      // exceljs leaves trailing empty cells out of a row's values.
      expect([...row, ...Array(expected.length - row.length).fill(undefined)]).toEqual(expected);
    }
    const lon = SELECTION_COLUMNS.indexOf('lon');
    expect(typeof values(2)[lon]).toBe('number');
  });
});

describe('selection as GeoJSON', () => {
  it('is a FeatureCollection of the selected features as in the data file, with the filter that made it', () => {
    const text = selectionGeoJson(selectedFeatures, filter);
    const parsed = JSON.parse(text) as FeatureCollection & { filter: OutfallFilter; filterVersion: number };
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed.filter).toEqual(filter);
    expect(parsed.filterVersion).toBe(FILTER_VERSION);
    expect(parsed.features.map((f) => f.properties?.code)).toEqual(selected.map((o) => o.code));
    // Feature for feature what the data file has: id, properties, geometry.
    expect(parsed.features).toEqual(selectedFeatures);
    // One feature a line, for reading and diffing.
    expect(text.split('\n').length).toBe(selected.length + 3);
  });

  it('is valid for an empty selection and an empty filter', () => {
    const parsed = JSON.parse(selectionGeoJson([], {})) as FeatureCollection & { filter: OutfallFilter };
    expect(parsed).toEqual({ type: 'FeatureCollection', filterVersion: FILTER_VERSION, filter: {}, features: [] });
  });
});
