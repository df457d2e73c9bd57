// Air-quality sub-indices per HJ 633-2012 (技术规定(试行)), daily values.
// Shared by the data generator (to count good days) and the map (legend colours),
// so the two can never disagree about what "优良" means.

export type AqiPollutant = 'pm25' | 'pm10' | 'no2' | 'o3';

/** IAQI breakpoints of HJ 633-2012 (表 1). */
export const IAQI_BREAKPOINTS = [0, 50, 100, 150, 200, 300, 400, 500] as const;

/**
 * Concentration breakpoints in µg/m³ matching IAQI_BREAKPOINTS, 24-h means (O3: daily max 8-h mean).
 * O3 8-h stops at 800 (IAQI 300): above that HJ 633 switches to the 1-h value, which the data set does not carry.
 */
export const CONCENTRATION_BREAKPOINTS: Record<AqiPollutant, readonly number[]> = {
  pm25: [0, 35, 75, 115, 150, 250, 350, 500],
  pm10: [0, 50, 150, 250, 350, 420, 500, 600],
  no2: [0, 40, 80, 180, 280, 565, 750, 940],
  o3: [0, 100, 160, 215, 265, 800],
};

export interface AqiLevel {
  name: string;
  /** Upper IAQI bound of the level (inclusive); Infinity for the last. */
  max: number;
  color: string;
}

export const AQI_LEVELS: readonly AqiLevel[] = [
  { name: '优', max: 50, color: '#00e400' },
  { name: '良', max: 100, color: '#ffff00' },
  { name: '轻度污染', max: 150, color: '#ff7e00' },
  { name: '中度污染', max: 200, color: '#ff0000' },
  { name: '重度污染', max: 300, color: '#99004c' },
  { name: '严重污染', max: Infinity, color: '#7e0023' },
];

/**
 * Individual AQI of one concentration, linear between breakpoints and rounded up
 * (HJ 633 rounds IAQI up to an integer). Beyond the last breakpoint it is capped
 * at the last IAQI, since the standard defines nothing above it.
 */
export function iaqi(pollutant: AqiPollutant, concentration: number): number {
  if (!Number.isFinite(concentration) || concentration < 0) throw new RangeError(`${pollutant} 浓度无效：${concentration}`);
  const bp = CONCENTRATION_BREAKPOINTS[pollutant];
  for (let i = 1; i < bp.length; i++) {
    if (concentration <= bp[i]) {
      const lo = IAQI_BREAKPOINTS[i - 1];
      const hi = IAQI_BREAKPOINTS[i];
      return Math.ceil(lo + ((hi - lo) * (concentration - bp[i - 1])) / (bp[i] - bp[i - 1]));
    }
  }
  return IAQI_BREAKPOINTS[bp.length - 1];
}

export interface DailyAqi {
  aqi: number;
  /** Pollutants whose IAQI equals the AQI, when AQI > 50 (HJ 633: no primary pollutant on 优 days). */
  primary: AqiPollutant[];
}

/** AQI of one day: the largest IAQI of the pollutants given. */
export function dailyAqi(values: Partial<Record<AqiPollutant, number>>): DailyAqi {
  let aqi = 0;
  const sub: [AqiPollutant, number][] = [];
  for (const p of Object.keys(values) as AqiPollutant[]) {
    const v = values[p];
    if (v === undefined) continue;
    const i = iaqi(p, v);
    sub.push([p, i]);
    aqi = Math.max(aqi, i);
  }
  const primary = aqi > 50 ? sub.filter(([, i]) => i === aqi).map(([p]) => p) : [];
  return { aqi, primary };
}

/** The level (优 … 严重污染) of an AQI or IAQI value. */
export function aqiLevel(aqi: number): AqiLevel {
  return AQI_LEVELS.find((l) => aqi <= l.max) ?? AQI_LEVELS[AQI_LEVELS.length - 1];
}

/** Concentration at which a pollutant's IAQI reaches `index` (inverse of iaqi, before rounding). */
export function concentrationAtIaqi(pollutant: AqiPollutant, index: number): number {
  const bp = CONCENTRATION_BREAKPOINTS[pollutant];
  for (let i = 1; i < bp.length; i++) {
    if (index <= IAQI_BREAKPOINTS[i]) {
      const lo = IAQI_BREAKPOINTS[i - 1];
      const hi = IAQI_BREAKPOINTS[i];
      return bp[i - 1] + ((index - lo) * (bp[i] - bp[i - 1])) / (hi - lo);
    }
  }
  return bp[bp.length - 1];
}
