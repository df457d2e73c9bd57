// Exports a user opens elsewhere: the CSV read back by a real CSV parser (as Excel
// would read it), the GeoJSON as a GIS would, and the zip unpacked.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { strFromU8, unzipSync } from 'fflate';
import { CSV_HEADERS, exportCSV, exportGeoJSON, exportZip } from '../../src/data/inspections/inspection_export';
import type { OutfallsByCode } from '../../src/data/inspections/inspection_export';
import type { InspectionRecord } from '../../src/data/inspections/inspection';
import type { PhotoRecord } from '../../src/data/cache/database';
import { makeOutfall } from './helpers/make_outfall';
import { makeDraft, makePhoto } from './helpers/inspection_fixtures';

function record(uuid: string, overrides: Partial<InspectionRecord> = {}): InspectionRecord {
  return {
    ...makeDraft(),
    uuid,
    createdAt: '2025-09-18T02:30:00.000Z',
    photoIds: [],
    syncState: 'pending',
    attempts: 0,
    lastAttemptAt: null,
    nextAttemptAt: null,
    syncError: null,
    syncedAt: null,
    ...overrides,
  };
}

const outfalls: OutfallsByCode = new Map([['PDS-ZH-0195', makeOutfall({ code: 'PDS-ZH-0195', name: '湛河“东”排口, 2号', lon: 113.25, lat: 33.72 })]]);

const tricky = record('aaaaaaaa-0000-4000-8000-000000000001', {
  inspector: '=cmd|"/c calc"!A1',
  notes: '油膜, "黑色"\r\n第二行\n第三行：下游 50 米',
  appearance: { colour: '+黑色', odour: '-恶臭', foam: '@大量' },
  photoIds: ['aaaaaaaa-0000-4000-8000-000000000001-1.jpg', 'aaaaaaaa-0000-4000-8000-000000000001-2.jpg'],
});
const unknownOutfall = record('bbbbbbbb-0000-4000-8000-000000000002', {
  outfallCode: 'PDS-XX-9999',
  createdAt: '2025-09-18T17:05:09.000Z',
  position: { lon: 113.4, lat: 33.8, accuracyM: 25 },
  sampleTaken: false,
  syncState: 'synced',
  syncedAt: '2025-09-18T18:00:00.000Z',
});

function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV for Excel', () => {
  it('starts with a BOM, uses CRLF, and has the Chinese headers', () => {
    const csv = exportCSV([tricky], outfalls);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFF编号,排污口编码,排污口名称,巡查时间,巡查人,是否排水,颜色,气味,泡沫,是否采样,整治进展,备注,照片,经度,纬度,同步状态',
    );
  });

  it('reads back cell for cell: commas, quotes, newlines and Chinese survive; formulas are defused', () => {
    const rows = parseCsv(exportCSV([tricky, unknownOutfall], outfalls));
    expect(rows[0]).toEqual([...CSV_HEADERS]);
    expect(rows).toHaveLength(3);
    const cell = (row: string[], header: (typeof CSV_HEADERS)[number]) => row[CSV_HEADERS.indexOf(header)];

    const a = rows[1];
    expect(cell(a, '编号')).toBe(tricky.uuid);
    expect(cell(a, '排污口名称')).toBe('湛河“东”排口, 2号');
    expect(cell(a, '备注')).toBe('油膜, "黑色"\r\n第二行\n第三行：下游 50 米');
    expect(cell(a, '巡查人')).toBe(`'=cmd|"/c calc"!A1`);
    expect([cell(a, '颜色'), cell(a, '气味'), cell(a, '泡沫')]).toEqual(["'+黑色", "'-恶臭", "'@大量"]);
    expect(cell(a, '巡查时间')).toBe('2025-09-18 10:30:00');
    expect(cell(a, '是否排水')).toBe('有');
    expect(cell(a, '是否采样')).toBe('是');
    expect(cell(a, '照片')).toBe(`photos/${tricky.photoIds[0]}; photos/${tricky.photoIds[1]}`);
    expect([cell(a, '经度'), cell(a, '纬度')]).toEqual(['113.250000', '33.720000']);
    expect(cell(a, '同步状态')).toBe('待同步');

    const b = rows[2];
    expect(cell(b, '排污口名称')).toBe('');
    // The outfall is not in the loaded data: the phone's position stands in.
    expect([cell(b, '经度'), cell(b, '纬度')]).toEqual(['113.400000', '33.800000']);
    expect(cell(b, '巡查时间')).toBe('2025-09-19 01:05:09');
    expect(cell(b, '是否采样')).toBe('否');
    expect(cell(b, '同步状态')).toBe('已同步');
  });
});

describe('GeoJSON', () => {
  it('a point per inspection at the outfall, else where the phone was, with flat ASCII keys', () => {
    const fc = exportGeoJSON(
      [tricky, unknownOutfall, record('cccccccc-0000-4000-8000-000000000003', { outfallCode: 'PDS-XX-0000', position: null })],
      outfalls,
    );
    expect(fc.features.map((f) => f.geometry?.coordinates ?? null)).toEqual([[113.25, 33.72], [113.4, 33.8], null]);
    expect(fc.features.map((f) => f.properties.locationSource)).toEqual(['outfall', 'recorded', 'none']);
    const p = fc.features[0].properties;
    expect(p).toMatchObject({
      outfallName: '湛河“东”排口, 2号',
      notes: tricky.notes,
      colour: '+黑色',
      photoCount: 2,
      photos: `photos/${tricky.photoIds[0]};photos/${tricky.photoIds[1]}`,
    });
    for (const f of fc.features) {
      for (const [key, value] of Object.entries(f.properties)) {
        expect(key).toMatch(/^[A-Za-z]+$/);
        expect(value === null || typeof value !== 'object').toBe(true);
      }
    }
  });
});

describe('zip', () => {
  const photos: PhotoRecord[] = [
    { id: tricky.photoIds[0], inspectionUuid: tricky.uuid, n: 1, blob: makePhoto(1) },
    { id: tricky.photoIds[1], inspectionUuid: tricky.uuid, n: 2, blob: makePhoto(2) },
    { id: `${unknownOutfall.uuid}-1.jpg`, inspectionUuid: unknownOutfall.uuid, n: 1, blob: makePhoto(3) },
  ];
  const withPhoto = { ...unknownOutfall, photoIds: [`${unknownOutfall.uuid}-1.jpg`] };

  it('all: GeoJSON, CSV with BOM, and every photo under photos/', async () => {
    const files = unzipSync(await exportZip({ records: [tricky, withPhoto], photos, outfallsByCode: outfalls, which: 'all' }));
    expect(Object.keys(files).sort()).toEqual(['inspections.csv', 'inspections.geojson', ...photos.map((p) => `photos/${p.id}`)].sort());
    expect(Array.from(files['inspections.csv'].slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(strFromU8(files['inspections.csv']))).toHaveLength(3);
    const fc = JSON.parse(strFromU8(files['inspections.geojson'])) as { features: { properties: { uuid: string } }[] };
    expect(fc.features.map((f) => f.properties.uuid)).toEqual([tricky.uuid, withPhoto.uuid]);
    expect(files[`photos/${tricky.photoIds[1]}`]).toEqual(new Uint8Array(await makePhoto(2).arrayBuffer()));
  });

  it('pending: only what the server has not acknowledged, with only their photos', async () => {
    const files = unzipSync(await exportZip({ records: [tricky, withPhoto], photos, outfallsByCode: outfalls, which: 'pending' }));
    expect(Object.keys(files).sort()).toEqual(['inspections.csv', 'inspections.geojson', ...tricky.photoIds.map((id) => `photos/${id}`)].sort());
    const rows = parseCsv(strFromU8(files['inspections.csv']));
    expect(rows.slice(1).map((r) => r[0])).toEqual([tricky.uuid]);
  });
});
