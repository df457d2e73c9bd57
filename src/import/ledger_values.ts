// The values of a ledger's cells as the outfall record has them: the category, the
// enumerated 排放方式 / 整治 / 监测 fields, yes-no columns and dates, each from the
// ways ledgers write them. Only readings that are certain are made: a text that could
// mean two things (生活污水: a town's treatment plant, or scattered household sewage,
// which is 其他排口) is left for the user to decide, never guessed.

import { DISCHARGE_MODES, MONITORING_RESULTS, OUTFALL_CATEGORIES, REMEDIATION_MEASURES, REMEDIATION_STATUSES } from '../data/types';
import type { DischargeMode, MonitoringResult, OutfallCategory, RemediationMeasure, RemediationStatus } from '../data/types';

/** A cell compared without spaces and with full-width letters, digits and brackets as ASCII. */
export const compactText = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '');

/** A property value of a feature file as text, the way a table cell is. */
export function propertyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const table = <T extends string>(values: readonly T[], synonyms: Record<string, T>): Map<string, T> =>
  new Map<string, T>([...values.map((v): [string, T] => [v, v]), ...Object.entries(synonyms)]);

/**
 * The subtypes of the national classification of outfalls (入河排污口分类: 工业排污口,
 * 城镇污水处理厂排污口, 农业排口, 其他排口 and what each holds), as the demo data uses
 * them: a ledger that puts the subtype in its category column names the category too.
 */
export const SUBTYPE_CATEGORIES: Record<string, OutfallCategory> = {
  工矿企业排污口: '工业排污口',
  工矿企业雨洪排口: '工业排污口',
  园区污水处理厂排污口: '工业排污口',
  工业及其他各类园区污水处理厂排污口: '工业排污口',
  规模化畜禽养殖排污口: '农业排口',
  规模化水产养殖排污口: '农业排口',
  大中型灌区排口: '农业排口',
  城镇生活污水散排口: '其他排口',
  城镇雨洪排口: '其他排口',
  农村污水处理设施排污口: '其他排口',
  农村生活污水散排口: '其他排口',
};

/** Other ways of writing a category that can mean only it. */
const CATEGORY_SYNONYMS: Record<string, OutfallCategory> = {
  工业: '工业排污口',
  工业排口: '工业排污口',
  工业废水: '工业排污口',
  工业废水排污口: '工业排污口',
  城镇污水处理厂: '城镇污水处理厂排污口',
  城镇污水处理厂排口: '城镇污水处理厂排污口',
  农业: '农业排口',
  农业排污口: '农业排口',
  养殖: '农业排口',
  畜禽养殖: '农业排口',
  水产养殖: '农业排口',
  农田退水: '农业排口',
  灌区退水: '农业排口',
  其他: '其他排口',
  其它: '其他排口',
  其它排口: '其他排口',
  其他排污口: '其他排口',
  其它排污口: '其他排口',
};

const CATEGORIES = table(OUTFALL_CATEGORIES, { ...SUBTYPE_CATEGORIES, ...CATEGORY_SYNONYMS });

/** The category a text names for sure, or null. */
export function readCategory(text: string): OutfallCategory | null {
  return CATEGORIES.get(compactText(text)) ?? null;
}

const DISCHARGE = table(DISCHARGE_MODES, {
  连续排放: '连续',
  持续排放: '连续',
  间歇排放: '间歇',
  间断: '间歇',
  间断排放: '间歇',
  雨季排放: '雨季',
  雨天排放: '雨季',
  降雨时排放: '雨季',
});
const MEASURES = table(REMEDIATION_MEASURES, {
  清理取缔: '取缔',
  依法取缔: '取缔',
  合并整治: '合并',
  规范化整治: '规范整治',
});
const STATUSES = table(REMEDIATION_STATUSES, {
  未开始: '未启动',
  尚未启动: '未启动',
  未整治: '未启动',
  正在整治: '整治中',
  进行中: '整治中',
  完成: '已完成',
  已整治: '已完成',
  整治完成: '已完成',
  已销号: '已完成',
});
const RESULTS = table(MONITORING_RESULTS, { 合格: '达标', 不达标: '超标', 不合格: '超标' });

export const readDischargeMode = (text: string): DischargeMode | null => DISCHARGE.get(compactText(text)) ?? null;
export const readMeasure = (text: string): RemediationMeasure | null => MEASURES.get(compactText(text)) ?? null;
export const readStatus = (text: string): RemediationStatus | null => STATUSES.get(compactText(text)) ?? null;
export const readMonitoringResult = (text: string): MonitoringResult | null => RESULTS.get(compactText(text)) ?? null;

const YES = new Set(['是', '已', '有', 'y', 'yes', 'true', '1', '√', '✓', '✔', '已监测', '已溯源', '已开展']);
const NO = new Set(['否', '未', '无', 'n', 'no', 'false', '0', '×', '✗', '未监测', '未溯源', '未开展']);

/** A yes-no cell: true, false, or null when it is neither (a blank cell is false: not done). */
export function readYesNo(text: string): boolean | null {
  const t = compactText(text).toLowerCase();
  if (t === '' || NO.has(t)) return false;
  return YES.has(t) ? true : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  // 2025-02-30 rolls over into March: not a date.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** yyyy-mm-dd, yyyy/m/d, yyyy.m.d, yyyy年m月d日, yyyymmdd, with a time after it or not (an XLSX date cell with a time). */
const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s].*)?$/;
const DATE_DIGITS = /^(\d{4})(\d{2})(\d{2})$/;

/** An ISO date from a date cell, or null if it is not one. */
export function readDate(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  const m = DATE.exec(t) ?? DATE_DIGITS.exec(t);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/**
 * A deadline: a date, or a month or a year's end as plans write them (2025年12月, 2025-12,
 * 2025年底, with 前 after them), which is due on the last day of that month or year.
 */
export function readDeadline(text: string): string | null {
  const date = readDate(text);
  if (date) return date;
  const t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/(底)?前$/, '');
  const month = /^(\d{4})[-/.年](\d{1,2})月?(?:底)?$/.exec(t);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return m >= 1 && m <= 12 ? isoDate(year, m, new Date(Date.UTC(year, m, 0)).getUTCDate()) : null;
  }
  const year = /^(\d{4})年(?:底|末)?$/.exec(t);
  return year ? `${year[1]}-12-31` : null;
}
