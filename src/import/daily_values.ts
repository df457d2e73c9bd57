// Reading the cells of a table of daily air-quality values, shared by the grid's and the
// stations' imports: the headers the platforms and the monitoring network use, the ways
// a date reaches us (typed, as Excel shows it, as a serial number, 20250916), and a
// concentration, a no-data mark or a value no instrument gives.

import { POLLUTANTS } from '../data/hotspot_grid_format';
import type { Pollutant } from '../data/hotspot_grid_format';

/**
 * The highest daily mean, in µg/m³, taken as a reading. The worst dust storms in northern
 * China give daily PM10 means of a few thousand; a larger number is a unit or export error
 * (mg vs µg, a fill value such as 9.97e36), not air. Well below 65535, the grid's no-data mark.
 */
export const MAX_CONCENTRATION = 10_000;

/** Pollutant names for messages: the names the app shows (src/symbology would be a layer's import). */
export const POLLUTANT_LABELS: Record<Pollutant, string> = { pm25: 'PM2.5', pm10: 'PM10', o3: 'O₃', no2: 'NO₂' };

/**
 * A header as compared with the known names: compatibility forms folded (full-width
 * letters, subscript ₂ and ³ to digits), lower case, a unit in brackets and separators
 * dropped, and a trailing 浓度/均值 (PM2.5浓度, NO2日均值) cut.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[μu]g\/m3|mg\/m3|微克\/立方米|毫克\/立方米/g, '')
    .replace(/[\s_\-.·:/°]/g, '')
    .replace(/(日均浓度|日均值|平均浓度|平均值|浓度|日均|均值)$/, '');
}

/** The names a pollutant's column goes by, normalised. */
const POLLUTANT_ALIASES: Record<Pollutant, string[]> = {
  pm25: ['pm25', '细颗粒物'],
  pm10: ['pm10', '可吸入颗粒物'],
  // O₃'s daily figure is the maximum 8-hour mean: its column is often named for it (O3_8h, 臭氧8小时).
  o3: ['o3', '臭氧', 'o38h', 'o38小时', '臭氧8小时', 'o3最大8小时滑动平均', '臭氧最大8小时滑动平均'],
  no2: ['no2', '二氧化氮'],
};

export const DATE_ALIASES = ['日期', '监测日期', '观测日期', '数据日期', '采样日期', '时间', '监测时间', 'date', 'day', 'time', 'datetime'];

/**
 * The column of each field: for each field in turn, the first header equal (normalised) to
 * one of its names; a header fills one field at most. A pollutant also takes a header that
 * starts with one of its names (PM2.5浓度值, O3-8h滑动), after the exact matches.
 */
export function guessColumns<F extends string>(headers: string[], aliases: [F, string[]][]): Partial<Record<F, string>> {
  const normalised = headers.map(normaliseHeader);
  const used = new Set<number>();
  const out: Partial<Record<F, string>> = {};
  const take = (field: F, test: (h: string) => boolean): void => {
    if (out[field] !== undefined) return;
    const i = normalised.findIndex((h, k) => !used.has(k) && h !== '' && test(h));
    if (i < 0) return;
    used.add(i);
    out[field] = headers[i];
  };
  for (const [field, names] of aliases) take(field, (h) => names.includes(h));
  for (const p of POLLUTANTS) {
    const names = POLLUTANT_ALIASES[p];
    if (aliases.some(([field]) => field === p)) take(p as unknown as F, (h) => names.some((n) => h.startsWith(n)));
  }
  return out;
}

/** The (field, names) list of the four pollutants, for guessColumns. */
export const pollutantAliases = (): [Pollutant, string[]][] => POLLUTANTS.map((p) => [p, POLLUTANT_ALIASES[p]]);

// ---- dates --------------------------------------------------------------------------

const isoOf = (y: number, m: number, d: number): string | null => {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // The round trip refuses a date that does not exist (2025-02-30), which Date would roll into March.
  return new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso ? iso : null;
};

/** Excel's day 0 of its 1900 date system is 1899-12-30 (its phantom 1900-02-29 makes every serial after February 1900 one day late). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A table's date as an ISO date, or null: 2025-09-16, 2025/9/16 and 2025.9.16 (with a time
 * after it or not: an Excel date-time cell), 2025年9月16日, 20250916, 9/16/2025 (Excel in
 * English shows month/day/year), or a bare Excel serial day (45916) from a date cell left
 * in 常规 format. A day/month/year order is not guessed: 16/9/2025 is refused, not read as
 * one of two dates.
 */
export function parseTableDate(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (m) return isoOf(+m[1], +m[2], +m[3]);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return isoOf(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i.exec(t);
  if (m) return isoOf(+m[3], +m[1], +m[2]);
  // Serials 10000–99999 are 1927–2173; a shorter number is a day count, not a date.
  m = /^(\d{5})(?:\.\d+)?$/.exec(t);
  if (m) {
    const iso = new Date(EXCEL_EPOCH_MS + +m[1] * 86_400_000).toISOString().slice(0, 10);
    const [y, mo, d] = iso.split('-').map(Number);
    return isoOf(y, mo, d);
  }
  return null;
}

export const DATE_FORMATS_HINT = '应为 2025-09-16、2025/9/16、2025年9月16日 或 20250916 等格式';

/** Whole days since 1970-01-01 of an ISO date: the key of a day in the import's maps. */
export const epochDay = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

// ---- values -------------------------------------------------------------------------

/** What the platforms and the network write for no reading (cloud, instrument down). Compared case-insensitively. */
const NO_DATA_TEXTS = new Set(['', '-', '--', '—', '——', '/', 'na', 'n/a', '无数据', '无', '缺测', '缺失', '暂无']);

/** A plain decimal number; Number() alone would also take '0x1F', 'Infinity' and a blank as 0. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export type ParsedValue = { ok: true; value: number | null } | { ok: false; reason: string };

/** A table cell as a daily concentration in whole µg/m³ (the unit and precision the grid and the stations keep), null for a no-data mark, or why it is none. */
export function parseConcentration(text: string, label: string): ParsedValue {
  const t = text.normalize('NFKC').trim();
  if (NO_DATA_TEXTS.has(t.toLowerCase())) return { ok: true, value: null };
  if (!NUMBER.test(t)) return { ok: false, reason: `${label} 值不是有效数字：${t}` };
  const x = Number(t);
  if (x < 0) return { ok: false, reason: `${label} 值为负数：${t}` };
  return checkConcentration(x, label, t);
}

/** A number read from a file (a raster's pixel) as a daily concentration in whole µg/m³, or why it is none. */
export function checkConcentration(x: number, label: string, shown = String(x)): ParsedValue {
  if (Number.isNaN(x)) return { ok: false, reason: `${label} 值不是有效数字：${shown}` };
  if (x < 0) return { ok: false, reason: `${label} 值为负数：${shown}` };
  // Rounded first: 10000.4 reads as 10000, which is allowed.
  const value = Math.round(x);
  if (!(value <= MAX_CONCENTRATION)) return { ok: false, reason: `${label} 值超出合理范围（0–${MAX_CONCENTRATION} µg/m³）：${shown}` };
  return { ok: true, value };
}

/** A row's cells by header, for the table of rejected rows. */
export function rowValues(headers: string[], row: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((h, i) => (out[h] = row[i] ?? ''));
  return out;
}

/** A table cell of a mapped column, '' when the row is short (a CSV line with fewer cells than headers). */
export const cellText = (row: string[], column: number): string => (column >= 0 ? (row[column] ?? '').trim() : '');
