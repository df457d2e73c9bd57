// The city's daily air quality (the mean of its national stations), built to agree
// with the report: PM2.5 36 and PM10 65 µg/m³ on average from 2025-01-01 to
// 2025-09-16, 185 good days (AQI ≤ 100) and 40 days lost to ozone.
//
// A seasonal climatology times autocorrelated log-normal weather gives a plausible
// raw year; then the worst ozone days and the worst particle days are pushed just
// over the line and every other day kept clearly under it (a margin of a few IAQI
// points, so rounding station values can never flip a day), and the particle
// series are scaled on the good days until their means hit the report's figures.
import type { Pollutant } from '../../src/data/hotspot_grid_format.ts';
import { concentrationAtIaqi } from '../../src/spatial/aqi.ts';
import { DAYS, dayIndex } from './calendar.ts';
import { makeRng, normal, type Rng } from './rng.ts';

/** Figures of the city's 2025-09 report (data/README.md lists them). */
export const REPORT = { pm25: 36, pm10: 65, goodDays: 185, o3LostDays: 40 } as const;

export type Series = Record<Pollutant, Float64Array>;

// Monthly means January..September, typical of a Henan city (winter particles, summer ozone;
// summer PM2.5 stays above 20 µg/m³, as the plains' regional background keeps it).
const CLIMATE: Record<Pollutant, number[]> = {
  pm25: [58, 52, 42, 37, 33, 29, 25, 24, 27],
  pm10: [96, 92, 84, 74, 65, 55, 46, 44, 51],
  o3: [58, 76, 98, 120, 142, 160, 150, 138, 128],
  no2: [42, 36, 32, 28, 24, 20, 18, 18, 24],
};

/** Climatology at a day, interpolated between mid-month anchors. */
function climate(p: Pollutant, day: number): number {
  const monthPos = (day + 0.5) / (DAYS / 8.5) - 0.5; // ≈ month index, 0 at mid-January
  const i = Math.max(0, Math.min(7, Math.floor(monthPos)));
  const f = Math.max(0, Math.min(1, monthPos - i));
  return CLIMATE[p][i] * (1 - f) + CLIMATE[p][i + 1] * f;
}

function ar1(r: Rng, n: number, phi: number, sigma: number): Float64Array {
  const out = new Float64Array(n);
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = phi * x + Math.sqrt(1 - phi * phi) * sigma * normal(r);
    out[i] = x;
  }
  return out;
}

// Margins around AQI 100, in IAQI points: good days stay ≤ 94, lost days ≥ 104.
const GOOD_MAX = { pm25: concentrationAtIaqi('pm25', 94), pm10: concentrationAtIaqi('pm10', 94), o3: concentrationAtIaqi('o3', 94), no2: concentrationAtIaqi('no2', 94) };
const LOST_MIN = { pm25: concentrationAtIaqi('pm25', 104), o3: concentrationAtIaqi('o3', 104) };

export interface CitySeries {
  series: Series;
  /** Day kind by the construction: 'good', 'o3' (lost to ozone) or 'pm' (lost to particles). */
  kind: ('good' | 'o3' | 'pm')[];
}

export function cityDailySeries(): CitySeries {
  const r = makeRng('air-city');
  const weather = ar1(r, DAYS, 0.7, 0.38); // stagnation episodes drive both PM species
  const pm10Own = ar1(r, DAYS, 0.5, 0.15); // dust on top
  const o3Noise = ar1(r, DAYS, 0.6, 0.16);
  const no2Noise = ar1(r, DAYS, 0.6, 0.18);
  const raw: Series = { pm25: new Float64Array(DAYS), pm10: new Float64Array(DAYS), o3: new Float64Array(DAYS), no2: new Float64Array(DAYS) };
  for (let d = 0; d < DAYS; d++) {
    raw.pm25[d] = climate('pm25', d) * Math.exp(weather[d] - 0.07);
    raw.pm10[d] = climate('pm10', d) * Math.exp(0.8 * weather[d] + pm10Own[d] - 0.06);
    raw.o3[d] = climate('o3', d) * Math.exp(o3Noise[d] - 0.01);
    raw.no2[d] = climate('no2', d) * Math.exp(no2Noise[d] + 0.3 * weather[d]);
  }

  // Ozone season only: the 40 highest-ozone days from mid-April on are the days lost to ozone.
  const kind: CitySeries['kind'] = new Array(DAYS).fill('good');
  const ozoneSeasonStart = dayIndex('2025-04-15');
  const byO3 = [...Array(DAYS).keys()].filter((d) => d >= ozoneSeasonStart).sort((a, b) => raw.o3[b] - raw.o3[a] || a - b);
  byO3.slice(0, REPORT.o3LostDays).forEach((d) => (kind[d] = 'o3'));
  const lostToPm = DAYS - REPORT.goodDays - REPORT.o3LostDays;
  const byPm = [...Array(DAYS).keys()].filter((d) => kind[d] === 'good').sort((a, b) => raw.pm25[b] - raw.pm25[a] || a - b);
  byPm.slice(0, lostToPm).forEach((d) => (kind[d] = 'pm'));

  const s: Series = { pm25: raw.pm25.slice(), pm10: raw.pm10.slice(), o3: raw.o3.slice(), no2: raw.no2.slice() };
  const o3Days = byO3.slice(0, REPORT.o3LostDays);
  o3Days.forEach((d, rank) => {
    // Spread the lost days over light pollution (IAQI 104–140), the worst first.
    s.o3[d] = concentrationAtIaqi('o3', 140 - (36 * rank) / (o3Days.length - 1));
  });
  for (let d = 0; d < DAYS; d++) {
    if (kind[d] === 'pm') {
      s.pm25[d] = Math.max(s.pm25[d], LOST_MIN.pm25 + 2);
      s.pm10[d] = Math.max(s.pm10[d], s.pm25[d] * 1.3);
    } else {
      // On ozone days the particles must stay below ozone's IAQI, so hold them under the good cap too.
      s.o3[d] = kind[d] === 'o3' ? s.o3[d] : Math.min(s.o3[d], GOOD_MAX.o3);
    }
    s.no2[d] = Math.min(s.no2[d], GOOD_MAX.no2);
  }
  s.o3.forEach((v, d) => (s.o3[d] = kind[d] === 'o3' ? Math.max(v, LOST_MIN.o3 + 1) : v));
  for (const p of ['pm25', 'pm10'] as const) fitMean(s[p], raw[p], kind, REPORT[p], GOOD_MAX[p]);
  return { series: s, kind };
}

/**
 * Scale the non-particle-lost days (capped at `cap`) until the whole series averages `target`.
 * Monotone in the scale, so bisection converges.
 */
function fitMean(values: Float64Array, raw: Float64Array, kind: CitySeries['kind'], target: number, cap: number): void {
  const free = [...values.keys()].filter((d) => kind[d] !== 'pm');
  const fixedSum = [...values.keys()].filter((d) => kind[d] === 'pm').reduce((a, d) => a + values[d], 0);
  const sumAt = (k: number): number => free.reduce((a, d) => a + Math.min(cap, raw[d] * k), fixedSum);
  let lo = 0.05;
  let hi = 5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (sumAt(mid) / values.length < target) lo = mid;
    else hi = mid;
  }
  const k = (lo + hi) / 2;
  if (Math.abs(sumAt(k) / values.length - target) > 0.05) throw new Error(`cannot fit the mean ${target}`);
  for (const d of free) values[d] = Math.min(cap, raw[d] * k);
}
