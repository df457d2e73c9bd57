// The shape of a feature's card and the helpers the layers' describe() share.
// Pure: no DOM, so every label and value can be tested without a browser; the
// card component (src/ui/feature_card/) renders it as text.

import type { AirStationProperties, OutfallProperties } from '../data/types';
import type { Pollutant } from '../data/hotspot_grid_format';
import type { GridView } from './grid_view';
import { aqiLevel, iaqi } from '../spatial/aqi';
import type { ParkOutfalls } from '../spatial/park_coverage';

export type Row = [label: string, value: string];

/** One step of the survey's 查-测-溯-治 sequence. */
export interface ProgressStep {
  step: '查' | '测' | '溯' | '治';
  state: 'done' | 'doing' | 'todo';
  text: string;
}

export interface FeatureDescription {
  /** Heading of the card (the feature's name). */
  title: string;
  /** What kind of thing it is, e.g. 入河排污口. */
  kind: string;
  rows: Row[];
  progress?: ProgressStep[];
  /** Extra titled tables, e.g. a station's latest readings. */
  sections?: { heading: string; rows: Row[] }[];
  /** A time series drawn as a chart under the fields (a grid cell's period, a station's last 30 days). */
  series?: SeriesChart;
}

/** Daily values to chart: one x per date, one line per source; null is a gap (no data that day). */
export interface SeriesChart {
  title: string;
  unit: string;
  dates: string[];
  lines: { label: string; colour: string; values: (number | null)[] }[];
  /** A horizontal reference, e.g. the grade-II daily limit. */
  limit?: { label: string; value: number };
  /** Small and without axes labels: a sparkline. */
  compact?: boolean;
}

/** Lookups into other layers a card may cite (e.g. the park an outfall lies in). */
export interface CardContext {
  parkName(id: string): string | undefined;
  countOutfalls(filter: (p: OutfallProperties) => boolean): number | undefined;
  /** What the grid shows: a cell's card describes the same period. */
  gridView?: GridView;
  /** The national air station nearest a place, for a cell's series to be read against. */
  nearestAirStation?(lon: number, lat: number): AirStationProperties | undefined;
  /** Outfalls inside a park and within 1 km of it, once the outfalls are loaded. */
  parkOutfalls?(parkId: string): ParkOutfalls | undefined;
  /** The water section downstream of a park's discharge (its plant's outfall), with its latest class. */
  parkDownstream?(parkId: string): { name: string; latestClass: string | null; month: string | null } | null;
  /** The drinking-water source protection zone a place lies in (its name), when the zones are loaded. */
  protectionZoneAt?(lon: number, lat: number): string | undefined;
  /** The ISO date a remediation deadline is passed against (逾期), as 筛选 counts it; absent: no 逾期 is shown. */
  today?: string;
}

/** An empty value as a dash, so a card row never reads blank. */
export const dash = (value: string | null | undefined): string => (value == null || value === '' ? '—' : value);

/** A county as "石龙区（410404）". */
export const county = (name: string, code: string): string => `${name}（${code}）`;

/** Concentration with its AQI level, e.g. "48 µg/m³（良）". */
export function reading(pollutant: Pollutant, value: number | null | undefined): string {
  if (value == null) return '无数据';
  return `${value} µg/m³（${aqiLevel(iaqi(pollutant, value)).name}）`;
}

/** A "沿岸排污口 / 入河排污口" style row when the outfalls are loaded, else nothing. */
export function outfallCountRow(label: string, count: number | undefined): Row[] {
  return count === undefined ? [] : [[label, `${count} 个`]];
}
