// The spatial pattern of air quality over the city: a smooth multiplicative
// factor per pollutant (1 ≈ the urban stations), plus a day-to-day tilt that
// stands in for wind moving the pollution around. Smooth on purpose: the grid
// should look like a satellite product and compress well.
import type { Pollutant } from '../../src/data/hotspot_grid_format.ts';
import { DAYS } from './calendar.ts';
import { M_PER_DEG_LAT, M_PER_DEG_LON, type LonLat } from './geo.ts';
import { makeRng, normal } from './rng.ts';

interface Blob {
  at: LonLat;
  /** Radius (1σ) in km. */
  sigma: number;
  /** Added factor at the centre, per pollutant. */
  gain: Partial<Record<Pollutant, number>>;
}

// Emission centres: the urban area, 石龙区 (coal, cement: the report's station that
// "经常拉高全市平均数值"), county towns and the steel works of 舞钢.
const BLOBS: Blob[] = [
  { at: [113.3, 33.74], sigma: 7, gain: { pm25: 0.06, pm10: 0.08, no2: 0.55, o3: -0.06 } },
  { at: [112.885, 33.892], sigma: 3.8, gain: { pm25: 0.55, pm10: 0.62, no2: 0.2 } },
  { at: [112.845, 34.165], sigma: 5, gain: { pm25: 0.1, pm10: 0.12, no2: 0.3 } },
  { at: [113.06, 33.868], sigma: 4, gain: { pm25: 0.08, pm10: 0.1, no2: 0.25 } },
  { at: [113.213, 33.971], sigma: 4, gain: { pm25: 0.08, pm10: 0.08, no2: 0.25 } },
  { at: [113.357, 33.625], sigma: 4, gain: { pm25: 0.07, pm10: 0.08, no2: 0.25 } },
  { at: [113.52, 33.3], sigma: 4, gain: { pm25: 0.1, pm10: 0.14, no2: 0.3 } },
  { at: [112.905, 33.74], sigma: 3.5, gain: { pm25: 0.05, pm10: 0.06, no2: 0.2 } },
];

/** Background before the emission centres: the western mountains (伏牛山) are cleaner. */
function background(p: Pollutant, [lon, lat]: LonLat): number {
  const mountains = Math.max(0, Math.min(1, (112.95 - lon) / 0.55)) * (lat < 34.05 ? 1 : 0.5);
  switch (p) {
    case 'pm25':
      return 1.02 - 0.2 * mountains;
    case 'pm10':
      return 1.02 - 0.24 * mountains;
    case 'no2':
      return 0.62 - 0.2 * mountains;
    case 'o3':
      return 1.04 + 0.03 * mountains;
  }
}

export function spatialFactor(p: Pollutant, at: LonLat): number {
  let f = background(p, at);
  for (const b of BLOBS) {
    const g = b.gain[p];
    if (!g) continue;
    const dx = ((at[0] - b.at[0]) * M_PER_DEG_LON) / 1000;
    const dy = ((at[1] - b.at[1]) * M_PER_DEG_LAT) / 1000;
    f += g * Math.exp(-(dx * dx + dy * dy) / (2 * b.sigma * b.sigma));
  }
  return f;
}

/** Centre of the tilt, roughly the middle of the city. */
const TILT_CENTRE: LonLat = [112.96, 33.74];

/** Per day, relative change per degree east and per degree north. */
export interface DailyTilt {
  east: Float64Array;
  north: Float64Array;
}

export function dailyTilts(): DailyTilt {
  const r = makeRng('air-tilt');
  const east = new Float64Array(DAYS);
  const north = new Float64Array(DAYS);
  let e = 0;
  let n = 0;
  for (let d = 0; d < DAYS; d++) {
    e = 0.6 * e + 0.8 * 0.09 * normal(r);
    n = 0.6 * n + 0.8 * 0.09 * normal(r);
    east[d] = e;
    north[d] = n;
  }
  return { east, north };
}

/** Multiplier of the tilt at a place on a day; ±10 % across the city on a windy day. */
export function tiltAt(t: DailyTilt, day: number, [lon, lat]: LonLat): number {
  return Math.max(0.7, 1 + t.east[day] * (lon - TILT_CENTRE[0]) + t.north[day] * (lat - TILT_CENTRE[1]));
}
