// 筛选结果统计: how many outfalls a filter selects, and how they divide by category, by
// remediation status (with how many are overdue), by the step of 查-测-溯-治 reached and
// by county — rows for a table and bars for a chart, in the order an analyst reads them.

import { OUTFALL_CATEGORIES, REMEDIATION_STATUSES } from '../../data/types';
import type { OutfallProperties } from '../../data/types';
import { OUTFALL_STAGES, isOverdue, outfallStage } from './description';

/**
 * Which outfalls are selected: one entry per outfall, in the order of the outfalls,
 * truthy when it is selected (a boolean[] or a Uint8Array of 0/1).
 */
export type Matches = ArrayLike<boolean | number>;

/** One row of a breakdown: the value (a category, a status, a county's code), its Chinese label, and how many selected outfalls have it. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
}

export interface SelectionSummary {
  /** Outfalls selected. */
  count: number;
  /** Outfalls in all, selected or not. */
  total: number;
  /** Every category in its defined order (OUTFALL_CATEGORIES), zeros included, then any other value in the data. */
  byCategory: CountRow[];
  /** Every status in its defined order (未启动, 整治中, 已完成), zeros included, then any other value. */
  byStatus: CountRow[];
  /** Selected outfalls past their remediation deadline and not done (isOverdue): a part of 未启动 and 整治中, not a status of its own. */
  overdue: number;
  /** The furthest step of 查-测-溯-治 reached (outfallStage), in that order, zeros included. */
  byStage: CountRow[];
  /** Counties with at least one selected outfall, most first (ties by code); the label is the county's name. */
  byCounty: CountRow[];
}

function checkLength(items: ArrayLike<unknown>, matches: Matches): void {
  if (matches.length !== items.length) throw new Error(`matches has ${matches.length} entries for ${items.length} outfalls`);
}

/** The selected items, in their order. */
export function selectedOf<T>(items: readonly T[], matches: Matches): T[] {
  checkLength(items, matches);
  return items.filter((_, i) => matches[i]);
}

/** Rows for the defined values in their order (zeros kept), then the values the data has besides, most first. */
function orderedRows(counts: Map<string, number>, defined: readonly string[]): CountRow[] {
  const rows = defined.map((key) => ({ key, label: key, count: counts.get(key) ?? 0 }));
  const others = [...counts].filter(([key]) => !defined.includes(key)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [...rows, ...others.map(([key, count]) => ({ key, label: key, count }))];
}

/** The selection's figures; `today` (ISO date) decides what is overdue. */
export function summariseSelection(
  outfalls: readonly Pick<OutfallProperties, 'category' | 'remediationStatus' | 'remediationDeadline' | 'monitored' | 'traced' | 'countyCode' | 'countyName'>[],
  matches: Matches,
  today: string,
): SelectionSummary {
  checkLength(outfalls, matches);
  const categories = new Map<string, number>();
  const statuses = new Map<string, number>();
  const stages = new Map<string, number>();
  const counties = new Map<string, { name: string; count: number }>();
  let count = 0;
  let overdue = 0;
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  outfalls.forEach((o, i) => {
    if (!matches[i]) return;
    count++;
    add(categories, o.category);
    add(statuses, o.remediationStatus);
    if (isOverdue(o, today)) overdue++;
    add(stages, outfallStage(o));
    const county = counties.get(o.countyCode);
    if (county) county.count++;
    else counties.set(o.countyCode, { name: o.countyName, count: 1 });
  });
  const byCounty = [...counties].map(([key, { name, count }]) => ({ key, label: name, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    count,
    total: outfalls.length,
    byCategory: orderedRows(categories, OUTFALL_CATEGORIES),
    byStatus: orderedRows(statuses, REMEDIATION_STATUSES),
    overdue,
    byStage: orderedRows(stages, OUTFALL_STAGES),
    byCounty,
  };
}
