// Coordinates as ledgers write them, the Chinese map systems brought to WGS84 by gcoord,
// and longitude/latitude written the wrong way round.
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { isOnGlobe, looksSwapped, parseCoordinatePair, parseDegrees, toWgs84 } from '../../src/import/coordinates';
import type { LonLat } from '../../src/import/coordinates';
import { validateOutfalls } from '../../src/import/validate_outfalls';
import type { ParsedTable } from '../../src/import/types';
import { CITY } from './helpers/import_fixtures';

/** 113°18′25.3″ in decimal degrees. */
const DMS = 113 + 18 / 60 + 25.3 / 3600;

describe('parseDegrees', () => {
  it.each([
    ['113.3071', 113.3071],
    ['113.3071°', 113.3071],
    ['E113.3071', 113.3071],
    ['113.3071E', 113.3071],
    ['东经113.3071', 113.3071],
    [' 113.3071 ', 113.3071],
    ['１１３．３０７１', 113.3071],
    ['-12.5', -12.5],
    ['12.5W', -12.5],
    ['33.7S', -33.7],
  ])('decimal %j', (text, value) => {
    expect(parseDegrees(text)).toBeCloseTo(value, 10);
  });

  it.each([
    ['113°18′25.3″E'],
    ['113°18\'25.3"'],
    ['113°18′25.3″'],
    ['113度18分25.3秒'],
    ['113 18 25.3'],
    ['113:18:25.3'],
    ['113º18’25.3”'],
    ['E 113° 18′ 25.3″'],
  ])('degree-minute-second %j', (text) => {
    expect(parseDegrees(text)).toBeCloseTo(DMS, 10);
  });

  it('degrees and decimal minutes', () => {
    expect(parseDegrees('113°18.5′')).toBeCloseTo(113 + 18.5 / 60, 10);
    expect(parseDegrees('113 18.5')).toBeCloseTo(113 + 18.5 / 60, 10);
  });

  it.each([
    [''],
    ['   '],
    ['1e308'],
    ['1E5'],
    ['Infinity'],
    ['-Infinity'],
    ['NaN'],
    ['0x71'],
    ['abc'],
    ['113°61′'],
    ['113°18′60″'],
    ['113.3.1'],
    ['113 18.5 20'],
  ])('refuses %j', (text) => {
    expect(parseDegrees(text)).toBeNull();
  });

  it('reads a number too large for the globe, which the range check then refuses', () => {
    const huge = parseDegrees(`1${'0'.repeat(308)}`);
    expect(huge).toBe(1e308);
    expect(isOnGlobe(huge!, 33.7)).toBe(false);
    expect(isOnGlobe(113.3, 33.7)).toBe(true);
    expect(isOnGlobe(181, 33.7)).toBe(false);
    expect(isOnGlobe(113.3, -90.5)).toBe(false);
  });
});

describe('parseCoordinatePair', () => {
  it.each([
    ['113.3,33.7', [113.3, 33.7]],
    ['113.3，33.7', [113.3, 33.7]],
    ['113.3, 33.7', [113.3, 33.7]],
    ['113.3 33.7', [113.3, 33.7]],
    ['(113.3, 33.7)', [113.3, 33.7]],
    ['113.3;33.7', [113.3, 33.7]],
    // Hemisphere marks say which is which, whatever the order.
    ['N33.7 E113.3', [113.3, 33.7]],
    ['33.7N,113.3E', [113.3, 33.7]],
  ])('%j', (text, expected) => {
    const pair = parseCoordinatePair(text);
    expect(pair?.[0]).toBeCloseTo(expected[0], 10);
    expect(pair?.[1]).toBeCloseTo(expected[1], 10);
  });

  it('a pair in degree-minute-second', () => {
    const pair = parseCoordinatePair('113°18′25.3″E, 33°42′00″N');
    expect(pair?.[0]).toBeCloseTo(DMS, 10);
    expect(pair?.[1]).toBeCloseTo(33.7, 10);
  });

  it.each([['113.3'], ['113.3,33.7,12'], ['abc,33.7'], [''], ['NaN,NaN']])('refuses %j', (text) => {
    expect(parseCoordinatePair(text)).toBeNull();
  });
});

describe('coordinate systems, by gcoord', () => {
  const wgs: LonLat = [113.214564, 33.699744];

  it('GCJ-02 (高德, 腾讯) to WGS84 is gcoord’s own transform', () => {
    const [x, y] = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02);
    expect(toWgs84(x, y, 'gcj02')).toEqual(gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84));
    // And it is a real shift of a few hundred metres, undone to within a metre.
    expect(Math.abs(x - wgs[0]) + Math.abs(y - wgs[1])).toBeGreaterThan(0.002);
    const [lon, lat] = toWgs84(x, y, 'gcj02');
    expect(lon).toBeCloseTo(wgs[0], 5);
    expect(lat).toBeCloseTo(wgs[1], 5);
  });

  it('BD-09 (百度) to WGS84 is gcoord’s own transform', () => {
    const [x, y] = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09);
    expect(toWgs84(x, y, 'bd09')).toEqual(gcoord.transform([x, y], gcoord.BD09, gcoord.WGS84));
    const [lon, lat] = toWgs84(x, y, 'bd09');
    expect(lon).toBeCloseTo(wgs[0], 5);
    expect(lat).toBeCloseTo(wgs[1], 5);
  });

  it('WGS84 is left as it is', () => {
    expect(toWgs84(113.214564, 33.699744, 'wgs84')).toEqual([113.214564, 33.699744]);
  });

  it('a ledger in BD-09 imports at the WGS84 places', () => {
    const [x, y] = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09);
    const table: ParsedTable = {
      kind: 'table',
      format: 'csv',
      headers: ['编码', '名称', '类别', '经度', '纬度'],
      rows: [['B-1', '百度坐标排口', '其他排口', String(x), String(y)]],
      rowNumbers: [2],
    };
    const mapping = { code: '编码', name: '名称', category: '类别', lon: '经度', lat: '纬度' };
    const result = validateOutfalls(table, { mapping, crs: 'bd09', swapLonLat: false }, CITY);
    const [expectedLon, expectedLat] = gcoord.transform([x, y], gcoord.BD09, gcoord.WGS84);
    expect(result.accepted[0].geometry.coordinates[0]).toBeCloseTo(expectedLon, 6);
    expect(result.accepted[0].geometry.coordinates[1]).toBeCloseTo(expectedLat, 6);
    expect(result.accepted[0].properties.countyName).toBe('湛河区');
  });
});

describe('swapped longitude and latitude', () => {
  const inCity: LonLat[] = [
    [113.214564, 33.699744],
    [112.30162, 33.710907],
    [113.467878, 33.417161],
  ];
  const swapped = inCity.map(([x, y]): LonLat => [y, x]);

  it('suspects a swap when most points are in the city only read the other way', () => {
    expect(looksSwapped(swapped)).toBe(true);
    expect(looksSwapped(inCity)).toBe(false);
    expect(looksSwapped([...swapped.slice(0, 1), ...inCity])).toBe(false);
    expect(looksSwapped([])).toBe(false);
  });

  it('does not suspect points that are elsewhere either way', () => {
    expect(
      looksSwapped([
        [116.4, 39.9],
        [121.47, 31.23],
      ]),
    ).toBe(false);
  });

  it('a swapped ledger is flagged, its rows refused as outside the city, and accepted once swapped', () => {
    const table: ParsedTable = {
      kind: 'table',
      format: 'csv',
      headers: ['编码', '名称', '类别', '经度', '纬度'],
      rows: swapped.map(([x, y], i) => [`S-${i}`, `排口${i}`, '其他排口', String(x), String(y)]),
      rowNumbers: [2, 3, 4],
    };
    const mapping = { code: '编码', name: '名称', category: '类别', lon: '经度', lat: '纬度' };
    const asRead = validateOutfalls(table, { mapping, crs: 'wgs84', swapLonLat: false }, CITY);
    expect(asRead.swapSuspected).toBe(true);
    expect(asRead.accepted).toHaveLength(0);
    expect(asRead.rejected[0].reason).toBe('坐标（33.699744, 113.214564）超出经纬度范围：经度和纬度可能填反了');
    const fixed = validateOutfalls(table, { mapping, crs: 'wgs84', swapLonLat: true }, CITY);
    expect(fixed.swapSuspected).toBe(false);
    expect(fixed.accepted.map((f) => f.geometry.coordinates)).toEqual(inCity);
  });
});
