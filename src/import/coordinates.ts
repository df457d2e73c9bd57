// Coordinates as ledgers write them: decimal degrees with or without a ° or a
// hemisphere letter, degree-minute-second text in ASCII, Unicode or Chinese marks,
// both in one cell, and in WGS84, 高德/腾讯 GCJ-02 or 百度 BD-09. Only plain decimal
// digits are read: "1e308", "Infinity", "NaN" and "0x71" are not coordinates, and a
// number too large for the globe is refused by the range check the caller makes.

import gcoord from 'gcoord';
import { CITY_CHECK_BBOX } from '../data/city';
import type { CoordinateSystem } from './types';

export type LonLat = [lon: number, lat: number];

/** Hemisphere words, longest first so 东经 is not read as 东 plus 经. */
const HEMISPHERES: [word: string, axis: 'lon' | 'lat', sign: 1 | -1][] = [
  ['东经', 'lon', 1],
  ['西经', 'lon', -1],
  ['北纬', 'lat', 1],
  ['南纬', 'lat', -1],
  ['东', 'lon', 1],
  ['西', 'lon', -1],
  ['北', 'lat', 1],
  ['南', 'lat', -1],
  ['E', 'lon', 1],
  ['W', 'lon', -1],
  ['N', 'lat', 1],
  ['S', 'lat', -1],
];

/**
 * One notation for the marks: full-width digits and punctuation become ASCII (NFKC),
 * and the ways of writing degree, minute and second become ° ′ ″. NFKC would turn the
 * ordinal º, often typed for a degree, into an "o", so it goes first.
 */
function normalise(text: string): string {
  return text
    .replace(/[º˚]/g, '°')
    .normalize('NFKC')
    .toUpperCase()
    .replace(/度/g, '°')
    .replace(/分/g, '′')
    .replace(/秒/g, '″')
    .replace(/′′|''|’’|"|“|”/g, '″')
    .replace(/['’‘]/g, '′')
    .trim();
}

/** The hemisphere a text names at its start or end, and the text without it. */
function splitHemisphere(text: string): { rest: string; axis: 'lon' | 'lat' | null; sign: 1 | -1 } {
  for (const [word, axis, sign] of HEMISPHERES) {
    if (text.startsWith(word)) return { rest: text.slice(word.length).trim(), axis, sign };
    if (text.endsWith(word)) return { rest: text.slice(0, -word.length).trim(), axis, sign };
  }
  return { rest: text, axis: null, sign: 1 };
}

const DECIMAL = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)°?$/;
/** 113°18′25.3″, 113°18′25.3, 113°18.5′, 113°18′, 113° 18′ 25″. */
const MARKED = /^([+-]?)(\d+)°\s*(?:(\d+(?:\.\d+)?)′\s*(?:(\d+(?:\.\d+)?)″?)?|(\d+(?:\.\d+)?)′?)$/;
/** 113 18 25.3, 113:18:25.3, 113 18.5. */
const SPACED = /^([+-]?)(\d+)(?:\s+|:)(\d+(?:\.\d+)?)(?:(?:\s+|:)(\d+(?:\.\d+)?))?$/;

interface Reading {
  value: number;
  /** The axis a hemisphere letter or word names, if any. */
  axis: 'lon' | 'lat' | null;
}

function read(text: string): Reading | null {
  const { rest, axis, sign } = splitHemisphere(normalise(text));
  if (rest === '') return null;
  const negative = (s: string) => (s === '-' ? -1 : 1);
  let m = DECIMAL.exec(rest);
  if (m) return { value: sign * negative(m[1]) * Number(m[2]), axis };
  m = MARKED.exec(rest) ?? SPACED.exec(rest);
  if (!m) return null;
  const degrees = Number(m[2]);
  // MARKED has the minutes of "113°18.5" (no ′) in its fifth group.
  const minutes = Number(m[3] ?? m[5] ?? 0);
  const seconds = Number(m[4] ?? 0);
  if (minutes >= 60 || seconds >= 60) return null;
  // Whole minutes when seconds follow: "113 18.5 20" is not a notation anyone uses.
  if (m[4] !== undefined && !Number.isInteger(minutes)) return null;
  return { value: sign * negative(m[1]) * (degrees + minutes / 60 + seconds / 3600), axis };
}

/** Degrees from a coordinate text (decimal or degree-minute-second, with or without a hemisphere), or null if it is not one. */
export function parseDegrees(text: string): number | null {
  const reading = read(text);
  return reading && Number.isFinite(reading.value) ? reading.value : null;
}

/**
 * Longitude and latitude from one cell holding both ("113.3,33.7", "113.3 33.7",
 * "N33.7 E113.3"): in the order written, unless hemisphere marks say which is which.
 */
export function parseCoordinatePair(text: string): LonLat | null {
  const cell = normalise(text).replace(/^[([{]\s*|\s*[)\]}]$/g, '');
  let parts = cell.split(/\s*[,;、/|]\s*/);
  if (parts.length !== 2) parts = cell.split(/\s+/);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map(read);
  if (!a || !b || !Number.isFinite(a.value) || !Number.isFinite(b.value)) return null;
  if (a.axis === 'lat' || b.axis === 'lon') return [b.value, a.value];
  return [a.value, b.value];
}

/** A longitude and latitude on the globe. */
export function isOnGlobe(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
}

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** A point in WGS84 (which CGCS2000 equals to a metre) from the file's system, by gcoord. */
export function toWgs84(lon: number, lat: number, crs: CoordinateSystem): LonLat {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], GCOORD_CRS[crs], gcoord.WGS84);
  return [x, y];
}

const inCityBox = (lon: number, lat: number): boolean => {
  const [west, south, east, north] = CITY_CHECK_BBOX;
  return lon >= west && lon <= east && lat >= south && lat <= north;
};

/**
 * Whether longitude and latitude are the wrong way round: most points lie in the city
 * only when read as (latitude, longitude). The city's box is ~1.5° wide and 500 km from
 * its mirror image, so GCJ-02 or BD-09 offsets (≤ 1 km) do not change the answer.
 */
export function looksSwapped(points: readonly LonLat[]): boolean {
  if (points.length === 0) return false;
  let asRead = 0;
  let swapped = 0;
  for (const [x, y] of points) {
    if (inCityBox(x, y)) asRead++;
    else if (inCityBox(y, x)) swapped++;
  }
  return swapped > points.length / 2 && swapped > asRead;
}
