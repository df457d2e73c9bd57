// The period the demo data covers: the report's "截至2025年9月16日" year to date.
export const START_DATE = '2025-01-01';
export const DATA_DATE = '2025-09-16';
export const DAY_MS = 86_400_000;
export const DAYS = (Date.parse(`${DATA_DATE}T00:00:00Z`) - Date.parse(`${START_DATE}T00:00:00Z`)) / DAY_MS + 1;

export function dayIndex(isoDate: string): number {
  return (Date.parse(`${isoDate}T00:00:00Z`) - Date.parse(`${START_DATE}T00:00:00Z`)) / DAY_MS;
}

/** Month (0 = January) of a day index. */
export const dayMonth = (day: number): number => new Date(Date.parse(`${START_DATE}T00:00:00Z`) + day * DAY_MS).getUTCMonth();
