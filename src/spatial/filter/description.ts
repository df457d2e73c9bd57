// 筛选: which outfalls, where. A filter is a plain, serialisable description: the URL,
// the presenter's saved views and (later) a province's spatial database query are made
// from it, and src/spatial/filter/evaluate.ts decides which outfalls it selects. It names
// places by their ids in the data set (a county's code, a park's or reservoir's id, a
// river's id), never by geometry, except for a shape the user drew.

import type { OutfallCategory, OutfallProperties, RemediationMeasure, RemediationStatus } from '../../data/types';

/** Bump when the description changes shape; parseFilter converts older versions. */
export const FILTER_VERSION = 1;

/** 查-测-溯-治: the furthest step an outfall has reached (see outfallStage). */
export const OUTFALL_STAGES = ['查', '测', '溯', '治'] as const;
export type OutfallStage = (typeof OUTFALL_STAGES)[number];

/** Layers whose features an area condition can name. */
export const AREA_LAYERS = ['counties', 'parks', 'reservoirs'] as const;
export type AreaLayer = (typeof AREA_LAYERS)[number];

/** A drawn shape's ring: [lon, lat] pairs, first = last. */
export type Ring = [number, number][];

export type AreaCondition =
  /** Inside a county, park or reservoir (distanceM 0), or within distanceM metres of it (inside included). */
  | { kind: 'within'; layer: AreaLayer; id: string; distanceM: number }
  /** Within distanceM metres of a river's line. */
  | { kind: 'near-river'; river: string; distanceM: number }
  /** Inside a polygon or rectangle the user drew on the map. */
  | { kind: 'drawn'; shape: 'polygon' | 'rectangle'; ring: Ring };

/**
 * Which outfalls: every condition present must hold (AND); within a list, any of its
 * values (OR). An absent or empty list is no condition, so {} selects every outfall.
 */
export interface OutfallFilter {
  /** County codes (GB/T 2260). */
  counties?: string[];
  townships?: string[];
  /** Receiving waters (the outfall's `river`: a river or reservoir name). */
  waters?: string[];
  categories?: OutfallCategory[];
  subtypes?: string[];
  measures?: RemediationMeasure[];
  statuses?: RemediationStatus[];
  /** Only outfalls whose remediation deadline has passed and that are not done. */
  overdue?: boolean;
  stages?: OutfallStage[];
  /** Survey date range, ISO dates, inclusive; either end may be open. An outfall with no survey date ('') is in no range. */
  surveyFrom?: string;
  surveyTo?: string;
  /** Spatial conditions, all of which must hold. */
  areas?: AreaCondition[];
}

/** The furthest of 查-测-溯-治 an outfall has reached: found, sampled, source traced, remediation done. */
export function outfallStage(p: Pick<OutfallProperties, 'monitored' | 'traced' | 'remediationStatus'>): OutfallStage {
  if (p.remediationStatus === '已完成') return '治';
  if (p.traced) return '溯';
  if (p.monitored) return '测';
  return '查';
}

/** Overdue: the deadline is before `today` (an ISO date) and the remediation is not done; an outfall with no deadline ('', an imported ledger without one) never is. */
export function isOverdue(p: Pick<OutfallProperties, 'remediationDeadline' | 'remediationStatus'>, today: string): boolean {
  return p.remediationStatus !== '已完成' && p.remediationDeadline !== '' && p.remediationDeadline < today;
}

/** How many days past its deadline an overdue outfall is on `today` (2025-07-21 on 2025-09-16: 57), or 0 when it is not overdue (isOverdue). */
export function overdueDays(p: Pick<OutfallProperties, 'remediationDeadline' | 'remediationStatus'>, today: string): number {
  if (!isOverdue(p, today)) return 0;
  // Calendar days between two ISO dates, counted in UTC so no time zone or summer time shifts a day.
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${p.remediationDeadline}T00:00:00Z`)) / 86_400_000;
  return Number.isFinite(days) ? Math.round(days) : 0;
}

/** True when the filter selects every outfall. */
export function isEmptyFilter(filter: OutfallFilter): boolean {
  const lists = [filter.counties, filter.townships, filter.waters, filter.categories, filter.subtypes, filter.measures, filter.statuses, filter.stages];
  return lists.every((l) => !l || l.length === 0) && !filter.overdue && !filter.surveyFrom && !filter.surveyTo && (filter.areas ?? []).length === 0;
}
