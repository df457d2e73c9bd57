// Day and month arithmetic of the data's series (the grid's days, a station's daily
// series, a water section's months), in one place: ISO dates in UTC, so no time
// zone or daylight-saving shift can move a day.

const DAY_MS = 86_400_000;

/** The ISO date `days` after `isoDate` (negative: before). */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (ISO dates): a date's index in a series that starts at `from`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** "2025年9月" for the i-th month of a series starting at `startMonth` ("2025-01"). */
export function monthLabel(startMonth: string, i: number): string {
  const [year, month] = startMonth.split('-').map(Number);
  const m = month - 1 + i;
  return `${year + Math.floor(m / 12)}年${(m % 12) + 1}月`;
}
