// The import's steps where the file is: the import worker runs one session, and the
// page runs one itself when there is no worker. A parsed file is kept here under its
// id, so the table is never copied to the page: the page gets its first rows to
// preview, and names the file when it validates it with a mapping (see ParsedImport).

import { guessMapping } from './column_mapping';
import { PREVIEW_ROWS } from './limits';
import { parseImportFile } from './parse_file';
import type {
  ApplyMode,
  CoordinateSystem,
  FeatureValidation,
  MergeResult,
  OutfallCheck,
  OutfallImportContext,
  OutfallImportOptions,
  OutfallValidation,
  ParsedFile,
  ParsedImport,
} from './types';
import { PREVIEW_POINTS, REJECTED_SENT } from './types';
import { mergeOutfalls } from './merge_outfalls';
import { rejectedRowsCsv } from './rejected_csv';
import { validateFeatures } from './validate_features';
import { validateOutfalls } from './validate_outfalls';
import { gridFromTable, guessGridMapping } from './grid_table';
import { stationSeriesFromTable } from './station_table';
import type { GridImport, GridTableOptions, StationImport } from './grid_types';
import type { StationFeature } from '../data/types';

/** Where the cells of an imported grid table come from (the mapping is guessed from its headers). */
export type GridPlacementOptions = Omit<GridTableOptions, 'mapping'>;

/** Files kept at most: a user comparing two ledgers has two; the oldest goes first. */
const KEPT_FILES = 3;

export interface ImportSession {
  parse(id: number, bytes: ArrayBuffer, fileName: string, onProgress?: (fraction: number) => void): Promise<ParsedImport>;
  validate(id: number, options: OutfallImportOptions, context: OutfallImportContext): OutfallValidation;
  /** The check as the page gets it (the accepted records stay here, for merged and rejectedCsv). */
  check(id: number, options: OutfallImportOptions, context: OutfallImportContext): OutfallCheck;
  /** The outfalls after the last check of this file applied to the current ones: GeoJSON bytes, and the counts. */
  merged(id: number, mode: ApplyMode, context: OutfallImportContext): { bytes: ArrayBuffer; counts: Omit<MergeResult, 'features'> };
  /** Every row the last check of this file rejected, as the CSV to download. */
  rejectedCsv(id: number): ArrayBuffer;
  validateFeatures(id: number, crs: CoordinateSystem): FeatureValidation;
  /** The table as the hotspot grid's daily values (one row per cell and day). */
  grid(id: number, options: GridPlacementOptions): GridImport;
  /** The table as the air stations' daily values (one row per station and day). */
  stations(id: number, stations: StationFeature[]): StationImport;
  release(id: number): void;
}

function previewOf(parsed: ParsedFile): ParsedFile {
  return parsed.kind === 'table'
    ? { ...parsed, rows: parsed.rows.slice(0, PREVIEW_ROWS), rowNumbers: parsed.rowNumbers.slice(0, PREVIEW_ROWS) }
    : { ...parsed, features: parsed.features.slice(0, PREVIEW_ROWS) };
}

const utf8 = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;
const countsOf = ({ features: _, ...counts }: MergeResult): Omit<MergeResult, 'features'> => counts;

export function createImportSession(): ImportSession {
  const files = new Map<number, ParsedFile>();
  /** The last check of each file: its accepted records wait here for merged(). */
  const checks = new Map<number, OutfallValidation>();
  const lastCheck = (id: number): OutfallValidation => {
    const check = checks.get(id);
    if (!check) throw new Error('请先检查文件的内容');
    return check;
  };
  const fileOf = (id: number): ParsedFile => {
    const file = files.get(id);
    if (!file) throw new Error('这个文件已不在内存中（可能读取了更多文件，或页面出过错）：请重新选择文件');
    return file;
  };
  const tableOf = (id: number) => {
    const file = fileOf(id);
    if (file.kind !== 'table') throw new Error('逐日数据请用表格（CSV 或 Excel）：每行一个网格（或站点）一天');
    return file;
  };
  return {
    async parse(id, bytes, fileName, onProgress) {
      const parsed = await parseImportFile(bytes, fileName, onProgress);
      files.set(id, parsed);
      // A Map iterates in insertion order: the first key is the oldest file.
      while (files.size > KEPT_FILES) files.delete(files.keys().next().value!);
      const count = parsed.kind === 'table' ? parsed.rows.length : parsed.features.length;
      const guessedMapping = guessMapping(parsed.kind === 'table' ? parsed.headers : parsed.fields);
      return { id, fileName, preview: previewOf(parsed), count, guessedMapping };
    },
    validate(id, options, context) {
      return validateOutfalls(fileOf(id), options, context);
    },
    check(id, options, context) {
      const validation = validateOutfalls(fileOf(id), options, context);
      checks.set(id, validation);
      let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const f of validation.accepted) {
        const [x, y] = f.geometry.coordinates;
        [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
      }
      const step = Math.max(1, validation.accepted.length / PREVIEW_POINTS);
      const points = [];
      for (let i = 0; i < validation.accepted.length; i += step)
        points.push({ type: 'Feature', properties: {}, geometry: validation.accepted[Math.floor(i)].geometry });
      return {
        read: validation.read,
        accepted: validation.accepted.length,
        rejectedCount: validation.rejected.length,
        rejected: validation.rejected.slice(0, REJECTED_SENT),
        swapSuspected: validation.swapSuspected,
        unknownCategories: validation.unknownCategories,
        outcome: countsOf(mergeOutfalls(context.current ?? [], validation.accepted, 'merge')),
        preview: utf8(JSON.stringify({ type: 'FeatureCollection', features: points })),
        previewCount: points.length,
        bounds: points.length > 0 ? [w, s, e, n] : null,
      };
    },
    merged(id, mode, context) {
      const result = mergeOutfalls(context.current ?? [], lastCheck(id).accepted, mode);
      return { bytes: utf8(JSON.stringify({ type: 'FeatureCollection', features: result.features })), counts: countsOf(result) };
    },
    rejectedCsv(id) {
      const file = fileOf(id);
      return utf8(rejectedRowsCsv(file.kind === 'table' ? file.headers : file.fields, lastCheck(id).rejected));
    },
    validateFeatures(id, crs) {
      const file = fileOf(id);
      if (file.kind !== 'features') throw new Error('表格（CSV、Excel）没有图形，只能作为排污口台账导入');
      return validateFeatures(file, crs);
    },
    grid(id, options) {
      const table = tableOf(id);
      return gridFromTable(table, { ...options, mapping: guessGridMapping(table.headers) });
    },
    stations(id, stations) {
      return stationSeriesFromTable(tableOf(id), stations);
    },
    release(id) {
      files.delete(id);
      checks.delete(id);
    },
  };
}
