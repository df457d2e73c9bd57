import { describe, expect, it } from 'vitest';
import { AQI_LEVELS, CONCENTRATION_BREAKPOINTS, aqiLevel, concentrationAtIaqi, dailyAqi, iaqi } from '../../src/spatial/aqi';

describe('HJ 633-2012 IAQI', () => {
  it('hits the IAQI breakpoints exactly at the concentration breakpoints', () => {
    expect(iaqi('pm25', 35)).toBe(50);
    expect(iaqi('pm25', 75)).toBe(100);
    expect(iaqi('pm10', 150)).toBe(100);
    expect(iaqi('o3', 160)).toBe(100);
    expect(iaqi('no2', 80)).toBe(100);
    expect(iaqi('pm25', 0)).toBe(0);
  });

  it('interpolates linearly and rounds up', () => {
    expect(iaqi('pm25', 55)).toBe(75); // 50 + 20/40·50
    expect(iaqi('pm25', 36)).toBe(52); // 51.25 → 52
    expect(iaqi('o3', 187.5)).toBe(125);
  });

  it('inverts with concentrationAtIaqi', () => {
    for (const p of Object.keys(CONCENTRATION_BREAKPOINTS) as (keyof typeof CONCENTRATION_BREAKPOINTS)[]) {
      for (const i of [10, 50, 73, 100, 140]) expect(iaqi(p, concentrationAtIaqi(p, i))).toBe(i);
    }
  });

  it('names the primary pollutant only above 50', () => {
    expect(dailyAqi({ pm25: 20, o3: 80 })).toEqual({ aqi: 40, primary: [] });
    const d = dailyAqi({ pm25: 50, pm10: 80, o3: 180, no2: 30 });
    expect(d.aqi).toBe(iaqi('o3', 180));
    expect(d.primary).toEqual(['o3']);
  });

  it('maps AQI to the six levels and colours', () => {
    expect(aqiLevel(50).name).toBe('优');
    expect(aqiLevel(51).name).toBe('良');
    expect(aqiLevel(101).color).toBe('#ff7e00');
    expect(aqiLevel(450).name).toBe('严重污染');
    expect(AQI_LEVELS).toHaveLength(6);
  });

  it('rejects impossible concentrations', () => {
    expect(() => iaqi('pm25', -1)).toThrow(RangeError);
    expect(() => iaqi('pm25', Number.NaN)).toThrow(RangeError);
  });
});
