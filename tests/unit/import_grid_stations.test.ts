// The air stations' daily series imported from the monitoring network's table
// (src/import/station_table.ts): each air station the table names gets the table's
// series, from the table's first date to its last with nulls where it has no value; rows
// naming no air station, or with a bad date or value, are rejected with their reason.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/data/dates';
import type { AirStationProperties, StationFeature, WaterSectionProperties } from '../../src/data/types';
import { MAX_STATION_DAYS, guessStationMapping, stationSeriesFromTable } from '../../src/import/station_table';
import { parseTableDate } from '../../src/import/daily_values';
import type { ParsedTable } from '../../src/import/types';

const air = (id: string, name: string, lon: number): StationFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, 33.75] },
  properties: {
    kind: 'air',
    id,
    name,
    countyCode: '410402',
    countyName: '新华区',
    startDate: '2025-01-01',
    pm25: [1, 2, 3],
    pm10: [4, 5, 6],
    o3: [7, 8, 9],
    no2: [1, 1, 1],
  },
});
const water: StationFeature = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [113.2, 33.7] },
  properties: {
    kind: 'water',
    id: 'wq-bgs',
    name: '白龟山水库库心',
    river: '白龟山水库',
    countyCode: '410402',
    countyName: '新华区',
    level: '国控',
    targetClass: 'II',
    startMonth: '2025-01',
    monthlyClass: ['II'],
  } satisfies WaterSectionProperties,
};
const stations = [air('air-pdsgxy', '平顶山工学院', 113.185), water, air('air-slq', '石龙区', 112.886), air('air-ghj', '规划局', 113.332)];
const before = structuredClone(stations);

const headers = ['站点名称', '监测日期', 'PM2.5', 'PM10', 'O3_8h', 'NO2'];
const rows = [
  ['平顶山工学院', '2025-09-14', '30', '55', '120', '25'],
  ['平顶山工学院', '2025/9/16', '-', '60', '130', '27'],
  ['石龙区站', '20250915', '44.6', '80', '', '31'], // the name with 站: the same station
  ['air-slq', '2025-09-16', '47', '83', '118', '33'], // by id
  ['新城区', '2025-09-15', '30', '55', '120', '25'], // no such station
  ['白龟山水库库心', '2025-09-15', '30', '55', '120', '25'], // a water section
  ['平顶山工学院', '2025-09-31', '30', '55', '120', '25'], // no such date
  ['平顶山工学院', '2025-09-15', '-8', '55', '120', '25'], // negative
  ['石龙区', '2025-09-15', '45', '81', '121', '32'], // duplicate of row 4
  ['', '2025-09-15', '45', '81', '121', '32'], // no station
];
const table: ParsedTable = { kind: 'table', format: 'csv', headers, rows, rowNumbers: rows.map((_, i) => i + 2) };
const result = stationSeriesFromTable(table, stations);

const props = (s: StationFeature) => s.properties as AirStationProperties;
const expected = (text: string): number | null => (['', '-'].includes(text) ? null : Math.round(Number(text)));
const KEYS = ['pm25', 'pm10', 'o3', 'no2'] as const;

describe('guessStationMapping', () => {
  it('finds the station, date and pollutant columns', () => {
    expect(guessStationMapping(headers)).toEqual({ station: '站点名称', date: '监测日期', pm25: 'PM2.5', pm10: 'PM10', o3: 'O3_8h', no2: 'NO2' });
    expect(guessStationMapping(['站点编码', 'date', '细颗粒物'])).toEqual({ station: '站点编码', date: 'date', pm25: '细颗粒物' });
  });
});

describe('stationSeriesFromTable', () => {
  it('accounts for every row, and rejects each bad one with its reason', () => {
    expect(result.read).toBe(rows.length);
    expect(result.accepted + result.rejected.length).toBe(result.read);
    expect(result.accepted).toBe(4);
    expect(result.rejected.map((r) => [r.row, r.reason])).toEqual([
      [6, expect.stringMatching(/^站点“新城区”不是已有的空气站（已有：平顶山工学院、石龙区、规划局）$/)],
      [7, '“白龟山水库库心”是水质断面，不是空气站'],
      [8, expect.stringMatching(/^日期无法识别：2025-09-31/)],
      [9, 'PM2.5 值为负数：-8'],
      [10, expect.stringMatching(/^与第 4 行重复/)],
      [11, '缺少站点名称'],
    ]);
  });

  it('replaces the named stations’ series by the table’s, from its first date to its last', () => {
    expect(result.summary).toEqual({ firstDate: '2025-09-14', lastDate: '2025-09-16', days: 3, pollutants: ['pm25', 'pm10', 'o3', 'no2'] });
    const byId = new Map(result.stations.map((s) => [props(s).id, props(s)]));
    const accepted = [rows[0], rows[1], rows[2], rows[3]];
    const idOf: Record<string, string> = { 平顶山工学院: 'air-pdsgxy', 石龙区站: 'air-slq', 'air-slq': 'air-slq' };
    for (const id of ['air-pdsgxy', 'air-slq']) {
      const p = byId.get(id)!;
      expect(p.startDate).toBe('2025-09-14');
      for (const k of KEYS) {
        expect(p[k]).toHaveLength(3);
        for (let d = 0; d < 3; d++) {
          const row = accepted.find((r) => idOf[r[0]] === id && parseTableDate(r[1]) === addDays('2025-09-14', d));
          expect(p[k][d], `${id} ${k} day ${d}`).toBe(row ? expected(row[2 + KEYS.indexOf(k)]) : null);
        }
      }
    }
    expect(result.updated).toEqual([
      { id: 'air-pdsgxy', name: '平顶山工学院', daysWithData: 2 },
      { id: 'air-slq', name: '石龙区', daysWithData: 2 },
    ]);
  });

  it('keeps the stations the table does not name, and the water sections, as they were; the input is not changed', () => {
    expect(result.untouched).toEqual(['规划局']);
    expect(result.stations[1]).toBe(water);
    expect(result.stations[3]).toBe(stations[3]);
    expect(stations).toEqual(before);
    expect(result.stations.map((s) => props(s).id)).toEqual(stations.map((s) => props(s).id));
  });

  it('leaves a pollutant the table lacks empty, and says so', () => {
    const only = stationSeriesFromTable({ ...table, headers: ['站点', '日期', 'PM2.5'], rows: [['规划局', '2025-09-01', '33']], rowNumbers: [2] }, stations);
    const p = props(only.stations[3]);
    expect(p).toMatchObject({ startDate: '2025-09-01', pm25: [33], pm10: [null], o3: [null], no2: [null] });
    expect(only.notes.join('')).toMatch(/没有 PM10、O₃、NO₂ 列/);
  });

  it('refuses a series over the length limit and a table without a station column', () => {
    const long = { ...table, rows: [rows[0], ['平顶山工学院', '2125-09-14', '1', '1', '1', '1']], rowNumbers: [2, 3] };
    expect(() => stationSeriesFromTable(long, stations)).toThrow(new RegExp(`超过上限 ${MAX_STATION_DAYS} 天`));
    expect(() => stationSeriesFromTable(table, stations, { date: '监测日期', pm25: 'PM2.5' })).toThrow('请指定站点名称或站点编号列');
  });
});
