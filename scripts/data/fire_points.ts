// Satellite straw-burning detections (秸秆焚烧火点): a few hundred, mostly in the
// wheat harvest (late May – June), some in February–March (burning of stalks and
// field edges before spring sowing) and a few in summer, on farmland in the plains.
import type { FirePointFeature, FirePointProperties, ParkFeature } from '../../src/data/types.ts';
import { DAY_MS } from './calendar.ts';
import type { City } from './counties.ts';
import { distanceM, pointInPolygon, round6, type LonLat } from './geo.ts';
import { chance, int, makeRng, normal, uniform, weighted } from './rng.ts';
import type { Township } from './townships.ts';

/** The plains counties where wheat is grown (叶县 郏县 宝丰 汝州 舞钢). */
export const FARMING_COUNTIES = ['410422', '410425', '410421', '410482', '410481'];
const COUNTY_WEIGHTS = [0.3, 0.22, 0.18, 0.18, 0.12];

const SATELLITES: [string, number[]][] = [
  // name, hours (UTC+8) of its passes over the city
  ['NPP/VIIRS', [1, 13]],
  ['NOAA-20/VIIRS', [2, 14]],
  ['Terra/MODIS', [10, 22]],
  ['Aqua/MODIS', [13, 1]],
  ['FY-3D/MERSI', [14, 2]],
  ['Himawari-9/AHI', [11, 12, 13, 14, 15, 16, 17]],
];

function season(r: () => number): number {
  // Returns a day timestamp.
  const T = (d: string): number => Date.parse(`${d}T00:00:00Z`);
  const which = weighted(r, ['harvest', 'spring', 'summer'], [0.72, 0.18, 0.1]);
  if (which === 'harvest') {
    const peak = T('2025-06-06');
    return peak + Math.round(Math.max(-14, Math.min(18, normal(r) * 6))) * DAY_MS;
  }
  if (which === 'spring') return T('2025-02-10') + int(r, 0, 45) * DAY_MS;
  return T('2025-07-01') + int(r, 0, 70) * DAY_MS;
}

export function generateFirePoints(city: City, parks: ParkFeature[], reservoirRings: LonLat[][], townships: Township[]): FirePointFeature[] {
  const r = makeRng('fire-points');
  const count = int(r, 300, 380);
  const urbanCentres = townships.filter((t) => t.weight > 1).map((t) => t.at);
  const points: { at: LonLat; t: number; sat: string; countyCode: string; countyName: string }[] = [];
  while (points.length < count) {
    const code = weighted(r, FARMING_COUNTIES, COUNTY_WEIGHTS);
    const county = city.county(code);
    const [w, s, e, n] = [city.bbox[0], city.bbox[1], city.bbox[2], city.bbox[3]];
    const at: LonLat = [round6(uniform(r, w, e)), round6(uniform(r, s, n))];
    if (!pointInPolygon(at, county.geometry)) continue;
    // Farmland: not in towns, parks or water; 汝州's hilly west has little wheat.
    if (urbanCentres.some((c) => distanceM(at, c) < 2500)) continue;
    if (parks.some((p) => pointInPolygon(at, p.geometry)) || reservoirRings.some((ring) => pointInPolygon(at, { type: 'Polygon', coordinates: [ring] }))) continue;
    if (code === '410482' && at[0] < 112.7 && chance(r, 0.8)) continue;
    const day = season(r);
    const [sat, hours] = weighted(r, SATELLITES, [0.3, 0.2, 0.12, 0.12, 0.1, 0.16]);
    const hour = hours[int(r, 0, hours.length - 1)];
    const t = day + (hour * 60 + int(r, 0, 59)) * 60_000;
    points.push({ at, t, sat, countyCode: code, countyName: county.properties.name });
  }
  points.sort((a, b) => a.t - b.t || a.at[0] - b.at[0]);
  return points.map((p, i) => {
    // The timestamp counts local time as if it were UTC; format it with the +08:00 offset.
    const local = new Date(p.t).toISOString().slice(0, 16);
    const properties: FirePointProperties = {
      id: `fire-${String(i + 1).padStart(4, '0')}`,
      time: `${local}:00+08:00`,
      date: local.slice(0, 10),
      satellite: p.sat,
      confidence: int(r, 55, 100),
      frp: Math.round(uniform(r, 2, 35) * 10) / 10,
      countyCode: p.countyCode,
      countyName: p.countyName,
      landCover: weighted(r, ['耕地', '草地', '林地'], [0.88, 0.08, 0.04]),
    };
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: p.at } };
  });
}
