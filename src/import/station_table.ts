// The air stations' daily series from a table of the monitoring network: one row per
// station and day, the station by its name or id, the day, and each pollutant's daily
// value. Each air station the table names gets the table's series in place of its own;
// the others keep theirs. A row naming no known air station is rejected: a new station
// needs its county, its code and a checked position, which a row of values does not give,
// so stations are added through the stations layer, not here.

import { POLLUTANTS } from '../data/hotspot_grid_format';
import type { Pollutant } from '../data/hotspot_grid_format';
import { addDays } from '../data/dates';
import type { AirStationProperties, StationFeature } from '../data/types';
import type { ParsedTable, RejectedRow } from './types';
import type { StationColumnMapping, StationField, StationImport } from './grid_types';
import {
  DATE_ALIASES,
  DATE_FORMATS_HINT,
  POLLUTANT_LABELS,
  cellText,
  epochDay,
  guessColumns,
  parseConcentration,
  parseTableDate,
  pollutantAliases,
  rowValues,
} from './daily_values';
import { GridImportError } from './grid_build';

/**
 * The longest series taken, in days: ten years. The stations' series are small, but a
 * wrong year in one row (2125 for 2025) would stretch every station's arrays over centuries.
 */
export const MAX_STATION_DAYS = 3660;

const STATION_ALIASES: [StationField, string[]][] = [
  [
    'station',
    [
      '站点名称',
      '站点',
      '站名',
      '监测站',
      '监测站点',
      '监测点',
      '监测点位',
      '点位名称',
      '点位',
      '站点编码',
      '站点编号',
      '站点代码',
      '站号',
      'station',
      'stationname',
      'site',
      'sitename',
      'stationcode',
      'stationid',
      'siteid',
      'code',
    ],
  ],
  ['date', DATE_ALIASES],
  ...pollutantAliases(),
];

/** The columns the network's headers name (站点名称, 日期, PM2.5 …): the dialog's first mapping. */
export function guessStationMapping(headers: string[]): StationColumnMapping {
  return guessColumns(headers, STATION_ALIASES);
}

/** A station's name or id as compared: compatibility forms folded, spaces and a trailing 站/监测站 dropped (石龙区站 is 石龙区). */
const stationKey = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\s/g, '')
    .toLowerCase()
    .replace(/(空气质量)?(自动)?(监测站|监测点|站点|站)$/, '');

interface StationRow {
  station: number;
  date: string;
  values: (number | null)[];
}

/**
 * The stations' new series (see the file comment). Every updated station's series runs
 * from the table's first to its last date, the same days for all (so the city's daily
 * mean lines up); a day or a pollutant the table lacks for a station is null. Values are
 * kept in whole µg/m³, as the network reports daily means. Throws GridImportError (Chinese)
 * for a mapping without station or date column, or a series over MAX_STATION_DAYS.
 */
export function stationSeriesFromTable(table: ParsedTable, stations: StationFeature[], mapping = guessStationMapping(table.headers)): StationImport {
  const column = (field: StationField): number => {
    const header = mapping[field];
    if (header === undefined || header === '') return -1;
    const i = table.headers.indexOf(header);
    if (i < 0) throw new GridImportError(`表中没有列“${header}”`);
    return i;
  };
  const stationColumn = column('station');
  const dateColumn = column('date');
  if (stationColumn < 0) throw new GridImportError('请指定站点名称或站点编号列');
  if (dateColumn < 0) throw new GridImportError('请指定日期列');
  const pollutants = POLLUTANTS.filter((p) => column(p) >= 0);
  if (pollutants.length === 0) throw new GridImportError('请至少指定一种污染物（PM2.5、PM10、O₃、NO₂）的数值列');
  const pollutantColumns = pollutants.map(column);

  // By name and by id; a name is looked up first, so an id equal to another station's name cannot take its place.
  const byKey = new Map<string, number>();
  for (const key of ['name', 'id'] as const) {
    stations.forEach((s, i) => {
      const k = stationKey(s.properties[key]);
      if (k !== '' && !byKey.has(k)) byKey.set(k, i);
    });
  }
  const airNames = stations.filter((s) => s.properties.kind === 'air').map((s) => s.properties.name);

  const rejected: RejectedRow[] = [];
  const accepted: StationRow[] = [];
  const firstRow = new Map<string, number>();
  table.rows.forEach((row, i) => {
    const rowNumber = table.rowNumbers[i] ?? i + 2;
    const reject = (reason: string) => rejected.push({ row: rowNumber, values: rowValues(table.headers, row), reason });
    if (row.every((cell) => cell.trim() === '')) return reject('空行');
    const name = cellText(row, stationColumn);
    if (name === '') return reject('缺少站点名称');
    const station = byKey.get(stationKey(name));
    if (station === undefined) return reject(`站点“${name}”不是已有的空气站（已有：${airNames.join('、') || '无'}）`);
    if (stations[station].properties.kind !== 'air') return reject(`“${name}”是水质断面，不是空气站`);
    const dateText = cellText(row, dateColumn);
    const date = parseTableDate(dateText);
    if (!date) return reject(dateText === '' ? '缺少日期' : `日期无法识别：${dateText}（${DATE_FORMATS_HINT}）`);
    const values: (number | null)[] = [];
    for (let k = 0; k < pollutants.length; k++) {
      const parsed = parseConcentration(cellText(row, pollutantColumns[k]), POLLUTANT_LABELS[pollutants[k]]);
      if (!parsed.ok) return reject(parsed.reason);
      values.push(parsed.value);
    }
    const key = `${station}|${date}`;
    const earlier = firstRow.get(key);
    if (earlier !== undefined) return reject(`与第 ${earlier} 行重复（同一站点、同一日期 ${date}），只导入先出现的一行`);
    firstRow.set(key, rowNumber);
    accepted.push({ station, date, values });
  });

  const missing = POLLUTANTS.filter((p) => !pollutants.includes(p));
  const notes = missing.length > 0 ? [`表中没有 ${missing.map((p) => POLLUTANT_LABELS[p]).join('、')} 列：更新的站点这些污染物的序列为空（无数据）`] : [];
  const result = { read: table.rows.length, accepted: accepted.length, rejected, notes };
  if (accepted.length === 0) {
    return { ...result, stations: [...stations], updated: [], untouched: airNames, summary: null };
  }

  let first = accepted[0].date;
  let last = first;
  for (const r of accepted) {
    if (r.date < first) first = r.date;
    if (r.date > last) last = r.date;
  }
  const days = epochDay(last) - epochDay(first) + 1;
  if (days > MAX_STATION_DAYS) {
    throw new GridImportError(`站点序列过长：${first} 至 ${last} 共 ${days} 天，超过上限 ${MAX_STATION_DAYS} 天。请检查日期是否有写错的年份。`);
  }
  const series = new Map<number, Record<Pollutant, (number | null)[]>>();
  const firstDay = epochDay(first);
  for (const r of accepted) {
    let s = series.get(r.station);
    if (!s) {
      s = { pm25: [], pm10: [], o3: [], no2: [] };
      for (const p of POLLUTANTS) s[p] = new Array<number | null>(days).fill(null);
      series.set(r.station, s);
    }
    const d = epochDay(r.date) - firstDay;
    pollutants.forEach((p, k) => (s[p][d] = r.values[k]));
  }

  const updated: StationImport['updated'] = [];
  const out = stations.map((feature, i): StationFeature => {
    const s = series.get(i);
    if (!s) return feature;
    const p = feature.properties as AirStationProperties;
    let daysWithData = 0;
    for (let d = 0; d < days; d++) if (POLLUTANTS.some((k) => s[k][d] !== null)) daysWithData++;
    updated.push({ id: p.id, name: p.name, daysWithData });
    return { ...feature, properties: { ...p, startDate: first, pm25: s.pm25, pm10: s.pm10, o3: s.o3, no2: s.no2 } };
  });
  const untouched = stations.filter((s, i) => s.properties.kind === 'air' && !series.has(i)).map((s) => s.properties.name);
  return { ...result, stations: out, updated, untouched, summary: { firstDate: first, lastDate: addDays(first, days - 1), days, pollutants } };
}
