// Inspections out of the phone as files: GeoJSON for GIS, CSV for Excel, and a
// zip with both plus the photos. The CSV is written for Excel in China: UTF-8 with
// a BOM (without it Excel reads the bytes as GBK and shows mojibake), CRLF line
// ends, RFC 4180 quoting, and no cell that Excel would run as a formula.

import type { Zippable } from 'fflate';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { OutfallProperties } from '../types';
import type { PhotoRecord } from '../cache/database';
import { SYNC_STATE_LABELS } from './inspection';
import type { InspectionRecord, SyncState } from './inspection';

/** Look-up of the loaded outfalls by code. */
export type OutfallsByCode = ReadonlyMap<string, Pick<OutfallProperties, 'code' | 'name' | 'lon' | 'lat'>>;

/** Flat properties with ASCII keys, so every GIS reads them as columns. */
export interface InspectionExportProperties {
  uuid: string;
  outfallCode: string;
  outfallName: string | null;
  createdAt: string;
  inspector: string;
  dischargeSeen: string;
  colour: string;
  odour: string;
  foam: string;
  sampleTaken: boolean;
  remediationProgress: string;
  notes: string;
  /** Paths inside the export zip, separated by ';' (photos/<uuid>-<n>.jpg). */
  photos: string;
  photoCount: number;
  /** Where the point is: the outfall's surveyed position, the phone's recorded position, or none. */
  locationSource: 'outfall' | 'recorded' | 'none';
  recordedLon: number | null;
  recordedLat: number | null;
  recordedAccuracyM: number | null;
  syncState: SyncState;
  syncedAt: string | null;
  syncError: string | null;
}

export type InspectionFeatureCollection = FeatureCollection<Point | null, InspectionExportProperties>;

export const CSV_HEADERS = ['编号', '排污口编码', '排污口名称', '巡查时间', '巡查人', '是否排水', '颜色', '气味', '泡沫', '是否采样', '整治进展', '备注', '照片', '经度', '纬度', '同步状态'] as const;

const photoPath = (id: string) => `photos/${id}`;

/** The point an inspection is drawn at: the outfall it is about, else where the phone was. */
function locate(record: InspectionRecord, outfalls: OutfallsByCode): { lonLat: [number, number] | null; source: InspectionExportProperties['locationSource'] } {
  const outfall = outfalls.get(record.outfallCode);
  if (outfall) return { lonLat: [outfall.lon, outfall.lat], source: 'outfall' };
  if (record.position) return { lonLat: [record.position.lon, record.position.lat], source: 'recorded' };
  return { lonLat: null, source: 'none' };
}

export function exportGeoJSON(records: readonly InspectionRecord[], outfallsByCode: OutfallsByCode): InspectionFeatureCollection {
  const features = records.map((r): Feature<Point | null, InspectionExportProperties> => {
    const { lonLat, source } = locate(r, outfallsByCode);
    return {
      type: 'Feature',
      geometry: lonLat ? { type: 'Point', coordinates: lonLat } : null,
      properties: {
        uuid: r.uuid,
        outfallCode: r.outfallCode,
        outfallName: outfallsByCode.get(r.outfallCode)?.name ?? null,
        createdAt: r.createdAt,
        inspector: r.inspector,
        dischargeSeen: r.dischargeSeen,
        colour: r.appearance.colour,
        odour: r.appearance.odour,
        foam: r.appearance.foam,
        sampleTaken: r.sampleTaken,
        remediationProgress: r.remediationProgress,
        notes: r.notes,
        photos: r.photoIds.map(photoPath).join(';'),
        photoCount: r.photoIds.length,
        locationSource: source,
        recordedLon: r.position?.lon ?? null,
        recordedLat: r.position?.lat ?? null,
        recordedAccuracyM: r.position?.accuracyM ?? null,
        syncState: r.syncState,
        syncedAt: r.syncedAt,
        syncError: r.syncError,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}

/** Beijing time (UTC+8, no daylight saving) as "YYYY-MM-DD HH:mm:ss", which Excel reads as a date and a person reads as local time. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One CSV cell from text. Text that Excel would evaluate (starting with = + - @,
 * or a tab or carriage return that hides such a start) gets a leading apostrophe,
 * so a note like "=HYPERLINK(…)" stays a note. Then RFC 4180 quoting where needed.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number we formatted ourselves: never a formula, never needs quotes. */
const csvNumber = (value: number | null | undefined, digits: number) => (value === null || value === undefined ? '' : value.toFixed(digits));

export function exportCSV(records: readonly InspectionRecord[], outfallsByCode: OutfallsByCode): string {
  const lines = [CSV_HEADERS.map(csvText).join(',')];
  for (const r of records) {
    const { lonLat } = locate(r, outfallsByCode);
    lines.push(
      [
        csvText(r.uuid),
        csvText(r.outfallCode),
        csvText(outfallsByCode.get(r.outfallCode)?.name ?? ''),
        csvText(beijingTime(r.createdAt)),
        csvText(r.inspector),
        csvText(r.dischargeSeen),
        csvText(r.appearance.colour),
        csvText(r.appearance.odour),
        csvText(r.appearance.foam),
        csvText(r.sampleTaken ? '是' : '否'),
        csvText(r.remediationProgress),
        csvText(r.notes),
        csvText(r.photoIds.map(photoPath).join('; ')),
        csvNumber(lonLat?.[0], 6),
        csvNumber(lonLat?.[1], 6),
        csvText(SYNC_STATE_LABELS[r.syncState]),
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface ExportZipInput {
  records: readonly InspectionRecord[];
  /** Photos of (at least) these records; others are ignored. */
  photos: readonly PhotoRecord[];
  outfallsByCode: OutfallsByCode;
  /** 'pending': only what the server has not acknowledged (pending or error). */
  which: 'all' | 'pending';
}

/** A zip of inspections.geojson, inspections.csv and photos/<uuid>-<n>.jpg. Async because photo Blobs are read asynchronously. */
export async function exportZip({ records, photos, outfallsByCode, which }: ExportZipInput): Promise<Uint8Array> {
  const chosen = [...records].filter((r) => which === 'all' || r.syncState !== 'synced').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const wanted = new Set(chosen.map((r) => r.uuid));
  const encoder = new TextEncoder();
  const files: Zippable = {
    'inspections.geojson': encoder.encode(JSON.stringify(exportGeoJSON(chosen, outfallsByCode), null, 1)),
    'inspections.csv': encoder.encode(exportCSV(chosen, outfallsByCode)),
  };
  for (const photo of photos) {
    if (!wanted.has(photo.inspectionUuid)) continue;
    // Photos are already compressed (JPEG): storing them costs no space and saves the phone's CPU.
    files[photoPath(photo.id)] = [new Uint8Array(await photo.blob.arrayBuffer()), { level: 0 }];
  }
  // fflate is loaded on demand: only an export needs it.
  const { zipSync } = await import('fflate');
  return zipSync(files, { level: 6 });
}
