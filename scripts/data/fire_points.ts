// Satellite straw-burning detections (秸秆焚烧火点), modelled on what the Ministry's and the
// province's satellite straw-burning monitoring reports for Henan since the province-wide ban:
// tens a season in a whole prefecture, not hundreds; most in the wheat harvest (late May –
// mid June here in the south of the province), a second season with the autumn harvest
// (September – October; the data ends on 2025-09-16, so only its start), and few in winter
// and spring (field edges and stalks cleared before sowing). They lie on cropland in the
// plains: never in the mountains, a reservoir, a park, a town or the urban core.
import type { FirePointFeature, FirePointProperties, ParkFeature } from '../../src/data/types.ts';
import { mountainness } from './air_field.ts';
import { DAY_MS } from './calendar.ts';
import type { City } from './counties.ts';
import type { EnterpriseSite } from './enterprises.ts';
import { bboxOf, distanceM, pointInPolygon, pointLineDistanceM, polygonPositions, round6, type LonLat } from './geo.ts';
import { chance, int, makeRng, normal, uniform, weighted } from './rng.ts';
import type { Township } from './townships.ts';

/** The counties with wheat and maize on their plains, weighted by how much of it they have (叶县 郏县 宝丰 汝州 鲁山's east, 舞钢's north). */
export const FARMING_COUNTIES = ['410422', '410425', '410421', '410482', '410423', '410481'];
const COUNTY_WEIGHTS = [0.27, 0.2, 0.15, 0.15, 0.14, 0.09];

/** The city centre; no fire point within URBAN_CORE_M of it. */
const CITY_CENTRE: LonLat = [113.29, 33.745];
const URBAN_CORE_M = 8000;
/** Towns (county seats and urban streets, weight 2 in townships.json): no fire point within this distance. */
const TOWN_CLEARANCE_M = 2500;
/** Clearance from a reservoir's shore: the shore belt is grass and protection zone, not cropland. */
const SHORE_CLEARANCE_M = 500;

const SATELLITES: [string, number[]][] = [
  // name, hours (UTC+8) of its passes over the city
  ['NPP/VIIRS', [1, 13]],
  ['NOAA-20/VIIRS', [2, 14]],
  ['Terra/MODIS', [10, 22]],
  ['Aqua/MODIS', [13, 1]],
  ['FY-3D/MERSI', [14, 2]],
  ['Himawari-9/AHI', [11, 12, 13, 14, 15, 16, 17]],
];

const T = (d: string): number => Date.parse(`${d}T00:00:00Z`);

type Season = 'wheat' | 'autumn' | 'winter' | 'scattered';

/** Each season's share of the detections: a quota, not a draw, so that a small count still has the shape. */
const SEASON_SHARES: [Season, number][] = [
  ['wheat', 0.55],
  ['autumn', 0.13],
  ['winter', 0.2],
  ['scattered', 0.12],
];

/** A day (timestamp at 00:00) of a burning season. */
function dayOf(r: () => number, season: Season): number {
  if (season === 'wheat') return T('2025-06-03') + Math.round(Math.max(-14, Math.min(16, normal(r) * 6))) * DAY_MS;
  // The autumn harvest is only starting when the data ends: more towards its last days.
  if (season === 'autumn') return T('2025-09-01') + Math.floor(15.99 * Math.sqrt(r())) * DAY_MS;
  // Winter and early spring, more as the fields are readied in February and March.
  if (season === 'winter') return T('2025-01-01') + Math.floor(89.99 * r() ** 0.7) * DAY_MS;
  // Scattered: weeds and rubbish in April, July and August.
  return chance(r, 0.4) ? T('2025-04-01') + int(r, 0, 29) * DAY_MS : T('2025-07-01') + int(r, 0, 61) * DAY_MS;
}

export function generateFirePoints(city: City, parks: ParkFeature[], reservoirRings: LonLat[][], townships: Township[], enterprises: readonly EnterpriseSite[]): FirePointFeature[] {
  // Places, times and attributes from separate streams, so that redrawn reservoirs or towns move
  // the points but leave their dates (and the monthly counts data/README.md gives) as they are.
  const r = makeRng('fire-points');
  const rt = makeRng('fire-times');
  const ra = makeRng('fire-attributes');
  const count = int(rt, 55, 70);
  const seasons: Season[] = SEASON_SHARES.flatMap(([season, share]) => new Array<Season>(Math.round(share * count)).fill(season));
  while (seasons.length < count) seasons.push('scattered');
  const towns = townships.filter((t) => t.weight > 1).map((t) => t.at);
  const points: { at: LonLat; t: number; sat: string; countyCode: string; countyName: string }[] = [];
  /** Cropland: the plains only, away from the core, towns, parks, plants and water. */
  const isCropland = (at: LonLat): boolean =>
    mountainness(at) <= 0.25 &&
    distanceM(at, CITY_CENTRE) >= URBAN_CORE_M &&
    !towns.some((c) => distanceM(at, c) < TOWN_CLEARANCE_M) &&
    !parks.some((p) => pointInPolygon(at, p.geometry)) &&
    !enterprises.some((x) => distanceM(at, x.at) < 1500) &&
    !reservoirRings.some((ring) => pointInPolygon(at, { type: 'Polygon', coordinates: [ring] }) || pointLineDistanceM(at, ring) < SHORE_CLEARANCE_M);
  for (const season of seasons.slice(0, count)) {
    // The county first, by its share of the cropland, then a place on its cropland.
    const code = weighted(r, FARMING_COUNTIES, COUNTY_WEIGHTS);
    const county = city.county(code);
    const [w, s, e, n] = bboxOf(polygonPositions(county.geometry));
    let at: LonLat;
    do at = [round6(uniform(r, w, e)), round6(uniform(r, s, n))];
    while (!pointInPolygon(at, county.geometry) || !isCropland(at));
    const day = dayOf(rt, season);
    const [sat, hours] = weighted(rt, SATELLITES, [0.3, 0.2, 0.12, 0.12, 0.1, 0.16]);
    const hour = hours[int(rt, 0, hours.length - 1)];
    const t = day + (hour * 60 + int(rt, 0, 59)) * 60_000;
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
      confidence: int(ra, 55, 100),
      frp: Math.round(uniform(ra, 2, 35) * 10) / 10,
      countyCode: p.countyCode,
      countyName: p.countyName,
      landCover: weighted(ra, ['耕地', '草地', '林地'], [0.92, 0.06, 0.02]),
    };
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: p.at } };
  });
}
