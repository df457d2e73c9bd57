// The selected outfalls as files an analyst takes elsewhere: a table with the Chinese
// field names for CSV and XLSX (written by src/data/table_export.ts, as the hotspot
// ranking's are), and GeoJSON that says which filter made it. Pure: the caller writes
// the files and names them.

import type { Cell, Table } from '../../data/table_export';
import { OUTFALL_FIELD_LABELS } from '../../data/types';
import type { OutfallFeature, OutfallProperties } from '../../data/types';
import { FILTER_VERSION } from './description';
import type { OutfallFilter } from './description';

/** The table's columns: what the outfall is, where, the survey steps 查-测-溯-治 in order. Every field of OutfallProperties once. */
export const SELECTION_COLUMNS: readonly (keyof OutfallProperties)[] = [
  'code',
  'name',
  'category',
  'subtype',
  'countyName',
  'countyCode',
  'township',
  'river',
  'parkId',
  'lon',
  'lat',
  'dischargeMode',
  'responsibleUnit',
  'surveyDate',
  'monitored',
  'monitoringDate',
  'monitoringResult',
  'traced',
  'sourceDescription',
  'remediationMeasure',
  'remediationStatus',
  'remediationDeadline',
];

export interface SelectionTableOptions {
  /** Sheet name (at most 31 characters for Excel). Default 排污口筛选结果. */
  name?: string;
  /** A park's name by its id, for the 所在园区 column; without it (or when it knows no name) the id is shown. */
  parkName?: (id: string) => string | undefined;
}

function cell(outfall: OutfallProperties, field: keyof OutfallProperties, parkName: SelectionTableOptions['parkName']): Cell {
  const value = outfall[field];
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (field === 'parkId' && parkName) return parkName(value as string) ?? (value as string);
  return value;
}

/** The selected outfalls, a row each in their order, with the Chinese field names as headers; yes/no as 是/否, a missing value empty. */
export function selectionTable(outfalls: readonly OutfallProperties[], options: SelectionTableOptions = {}): Table {
  return {
    name: options.name ?? '排污口筛选结果',
    headers: SELECTION_COLUMNS.map((field) => OUTFALL_FIELD_LABELS[field]),
    rows: outfalls.map((o) => SELECTION_COLUMNS.map((field) => cell(o, field, options.parkName))),
  };
}

/**
 * The selected features as GeoJSON text: a FeatureCollection with their ids, properties
 * and points as in the data file, one feature a line, and two foreign members saying
 * how it was made: `filter` (the description, as url.ts and evaluate.ts read it) and
 * `filterVersion` (FILTER_VERSION).
 */
export function selectionGeoJson(features: readonly OutfallFeature[], filter: OutfallFilter): string {
  const lines = features.map((f) =>
    JSON.stringify({ type: 'Feature', ...(f.id === undefined ? {} : { id: f.id }), properties: f.properties, geometry: f.geometry }),
  );
  const head = JSON.stringify({ type: 'FeatureCollection', filterVersion: FILTER_VERSION, filter }).slice(0, -1);
  return `${head},"features":[${lines.length > 0 ? `\n${lines.join(',\n')}\n` : ''}]}\n`;
}
