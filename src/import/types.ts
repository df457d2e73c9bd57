// What the import of a user's file produces at each step: the file read into a table or
// into features (parse), the table's columns matched to the outfall record (mapping), the
// rows checked one by one (validation: every row read is accepted or rejected with its
// reason, never dropped), and the result applied to the layer shown (replace or merge).
// Plain data only: every value here crosses the import worker's postMessage.

import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CountyFeature, OutfallCategory, OutfallFeature, ParkFeature } from '../data/types';

/** A file read as a table: CSV, or the first sheet of an XLSX. Every cell is text (a number cell as Excel shows it). */
export interface ParsedTable {
  kind: 'table';
  format: 'csv' | 'xlsx';
  /** How a CSV's bytes were decoded (Excel in China saves GBK; its 「Unicode 文本」 is UTF-16LE). */
  encoding?: 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be';
  /** The sheet read, for XLSX. */
  sheet?: string;
  headers: string[];
  rows: string[][];
  /** Each row's line (CSV) or row (XLSX) number in the file, 1-based, the header being row 1: what a user finds in Excel. */
  rowNumbers: number[];
}

/** A file read as features: GeoJSON, zipped Shapefile, KML. Properties are as the file has them. */
export interface ParsedFeatures {
  kind: 'features';
  format: 'geojson' | 'shapefile' | 'kml';
  features: Feature[];
  /** Every property name that occurs, in first-seen order. */
  fields: string[];
  /** What the file says of its coordinate system (a Shapefile's .prj), if anything; null: nothing said. */
  crs: string | null;
}

export type ParsedFile = ParsedTable | ParsedFeatures;

/** The coordinate systems a Chinese ledger may use: WGS84/CGCS2000 (the same to a metre), 高德/腾讯 GCJ-02, 百度 BD-09. */
export type CoordinateSystem = 'wgs84' | 'gcj02' | 'bd09';

/** The outfall record's fields that a column can fill; `coordinates` is one column holding both ("113.3, 33.7"). */
export type ImportField =
  | 'code'
  | 'name'
  | 'lon'
  | 'lat'
  | 'coordinates'
  | 'category'
  | 'subtype'
  | 'river'
  | 'countyName'
  | 'township'
  | 'responsibleUnit'
  | 'dischargeMode'
  | 'surveyDate'
  | 'monitored'
  | 'monitoringDate'
  | 'monitoringResult'
  | 'traced'
  | 'sourceDescription'
  | 'remediationMeasure'
  | 'remediationStatus'
  | 'remediationDeadline';

/** Which column (by header text) fills which field; a field not in it is not in the file. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

export interface OutfallImportOptions {
  mapping: ColumnMapping;
  crs: CoordinateSystem;
  /** The file has longitude and latitude the other way round (detected, and the user agreed to fix it). */
  swapLonLat: boolean;
  /** A category text of the file → the category it means, or null: rows with it are rejected. Unlisted unknown texts are rejected. */
  categoryMap?: Record<string, OutfallCategory | null>;
}

/** A row that was not imported, with what it held and why (Chinese), for the table and the CSV of rejected rows. */
export interface RejectedRow {
  /** Row number in the file (ParsedTable.rowNumbers), or the feature's 1-based position. */
  row: number;
  values: Record<string, string>;
  reason: string;
}

export interface OutfallValidation {
  /** Rows read from the file: always accepted.length + rejected.length. */
  read: number;
  accepted: OutfallFeature[];
  rejected: RejectedRow[];
  /** Most coordinates read as latitude-longitude: offer to swap them. */
  swapSuspected: boolean;
  /** Category texts the file uses that are none of the four categories and not in categoryMap, with their row counts. */
  unknownCategories: { text: string; rows: number }[];
}

export type ApplyMode = 'replace' | 'merge';

/** What applying an import does to the layer: the features that result and the counts the dialog shows before. */
export interface MergeResult {
  features: OutfallFeature[];
  /** Codes new to the layer. */
  added: number;
  /** Codes already there whose record changed. */
  updated: number;
  /** Codes already there with the same record. */
  unchanged: number;
  /** Features of the layer not in the file: kept by merge, removed by replace. */
  untouched: number;
}

/** Any other point/line/polygon layer: its features in WGS84 and the ones refused. */
export interface FeatureValidation {
  read: number;
  collection: FeatureCollection;
  rejected: RejectedRow[];
}

// ---- added with the import's core (parse_file, validate_outfalls, the import worker) ----

/** A township (乡镇/街道) outline, if the app has a townships layer: an imported outfall's 乡镇 is filled from it when the file does not say. */
export interface TownshipProperties {
  name: string;
  /** GB/T 2260 code of its county, when known. */
  countyCode?: string;
}
export type TownshipFeature = Feature<Polygon | MultiPolygon, TownshipProperties>;

/** The layers an outfall row is checked against and filled from: the city's counties (required), townships and chemical parks. */
export interface OutfallImportContext {
  /** The outfalls shown now: what replace and merge are counted against (none: counted as if the layer were empty). */
  current?: OutfallFeature[];
  counties: CountyFeature[];
  townships?: TownshipFeature[];
  parks?: ParkFeature[];
}

/** How far the import of a file has got: reading its bytes, then parsing them; fraction 0–1. */
export interface ImportProgress {
  stage: 'reading' | 'parsing';
  fraction: number;
}

/**
 * A parsed file as the page holds it. The whole file stays where it was parsed (the
 * import worker): structured-cloning a 100,000-row × 21-column table back to the page
 * took 300–400 ms in Node 20, for a table the page never needs whole. The page gets
 * the file's shape and first rows, and names the file by `id` when it validates it.
 */
export interface ParsedImport {
  id: number;
  fileName: string;
  /** The file with at most PREVIEW_ROWS rows or features (headers, fields, format, encoding, crs as the whole file). */
  preview: ParsedFile;
  /** Rows (table) or features in the whole file. */
  count: number;
  /** The columns (or properties) matched to outfall fields by their names (guessMapping): the dialog's starting point. */
  guessedMapping: ColumnMapping;
}

/**
 * Accepted points the map previews at most. MapLibre hands GeoJSON to its worker through
 * the page (a blob: URL is fetched and parsed on the page too): 100,000 points held the
 * page for ~0.4 s, 10,000 take a tenth of that, and at city zoom show the same spread.
 */
export const PREVIEW_POINTS = 10_000;

/** Rejected rows sent to the page at most (the panel lists 100; the CSV of them all is made where the file is). */
export const REJECTED_SENT = 1000;

/**
 * An outfall check as the page gets it from where the file is (the import worker): counts,
 * the first rejections, what replace and merge would do, and the accepted points for the
 * map as GeoJSON bytes. The accepted records stay with the file: 100,000 of them cloned
 * to the page and on to MapLibre froze it for over half a second.
 */
export interface OutfallCheck {
  read: number;
  accepted: number;
  rejectedCount: number;
  /** The first REJECTED_SENT rejected rows. */
  rejected: RejectedRow[];
  swapSuspected: boolean;
  unknownCategories: { text: string; rows: number }[];
  /** What applying would do to the outfalls shown (the counts are the same for replace and merge; only what happens to `untouched` differs). */
  outcome: Omit<MergeResult, 'features'>;
  /** The accepted points as a GeoJSON FeatureCollection (UTF-8, no properties), at most PREVIEW_POINTS of them evenly taken: the map's preview. */
  preview: ArrayBuffer;
  /** Points in the preview. */
  previewCount: number;
  /** [west, south, east, north] of the accepted points, or null. */
  bounds: [number, number, number, number] | null;
}
