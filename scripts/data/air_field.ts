// The spatial pattern of air quality over the city, built from its sources so that the
// grid's hotspots sit where real ones do: a regional background (the 伏牛山 mountains
// in the west and the hills in the south are cleaner than the plains), and on top of it
// local increments around the key enterprises (by industry; an unfinished
// ultra-low-emission retrofit emits more), the chemical parks, 石龙区, the urban core,
// the county towns and along the main roads. Then the weather of each day: how strongly
// the local sources stand out (calm days) or are washed into the regional air (windy
// ones), a tilt across the city, and broad regional blobs of transported pollution.
// Smooth on purpose: the grid should look like a satellite product and compress well.
import type { Pollutant } from '../../src/data/hotspot_grid_format.ts';
import type { EnterpriseIndustry } from '../../src/data/types.ts';
import { DAYS } from './calendar.ts';
import type { EnterpriseSite } from './enterprises.ts';
import { M_PER_DEG_LAT, M_PER_DEG_LON, pointLineDistanceM, type BBox, type LonLat } from './geo.ts';
import { MAIN_ROADS, type MainRoad } from './main_roads.ts';
import { makeRng, normal, uniform } from './rng.ts';

type Gains = Partial<Record<Pollutant, number>>;

/**
 * The urban core: the built-up area between 白龟山水库 and the east district, long from west to
 * east. A small increment in particles (the plains' haze is regional, a city adds little to it
 * at 1 km) and a large one in NO2 (traffic and heating, local by nature).
 */
const CORE = { at: [113.3, 33.745] as LonLat, sigmaKm: 3, stretch: 2.2, gain: { pm25: 0.08, pm10: 0.1, no2: 0.9, o3: -0.08 } };

/** 石龙区 beyond its plants: coal mines, power, heating, the report's station that "经常拉高全市平均数值". */
const SHILONG = { at: [112.885, 33.892] as LonLat, sigmaKm: 3.5, gain: { pm25: 0.14, pm10: 0.17, no2: 0.3 } };

/** County towns (宝丰 郏县 汝州 鲁山 叶县 舞钢): heating, traffic, small industry. */
const TOWNS: LonLat[] = [
  [113.06, 33.868],
  [113.213, 33.971],
  [112.845, 34.168],
  [112.905, 33.74],
  [113.357, 33.625],
  [113.52, 33.3],
];
const TOWN = { sigmaKm: 2.5, gain: { pm25: 0.07, pm10: 0.09, no2: 0.45, o3: -0.03 } };

/**
 * A plant's increment at its site, by industry: steel and coking in fine particles,
 * cement in coarse dust, all in NO2 (kilns, furnaces, lorries).
 */
const PLANT_GAINS: Record<EnterpriseIndustry, Gains> = {
  钢铁: { pm25: 0.5, pm10: 0.6, no2: 0.45 },
  焦化: { pm25: 0.55, pm10: 0.45, no2: 0.4 },
  水泥: { pm25: 0.35, pm10: 0.85, no2: 0.45 },
};
/** A plant without its ultra-low-emission retrofit emits this many times as much as one with it. */
const UNRETROFITTED_FACTOR = 1.6;
const PLANT_SIGMA_KM = 1.5;
/** Yards, lorries and the smaller works around a plant: a broad, weaker halo. */
const HALO = { sigmaKm: 4.5, share: 0.2 };

/** A chemical park as a whole (the plants within it that are not key enterprises). */
const PARK = { sigmaKm: 2.2, gain: { pm25: 0.1, pm10: 0.1, no2: 0.25 } };

const ROAD: Record<MainRoad['kind'], { widthKm: number; gain: Gains }> = {
  highway: { widthKm: 0.9, gain: { pm25: 0.04, pm10: 0.07, no2: 0.3 } },
  street: { widthKm: 0.6, gain: { pm25: 0.03, pm10: 0.05, no2: 0.45, o3: -0.03 } },
};

/** 0 on the plains, rising to 1 in the mountains: 伏牛山 in the west, the hills of 舞钢's south and 叶县's south-west. */
export function mountainness([lon, lat]: LonLat): number {
  const west = Math.max(0, Math.min(1, (112.95 - lon) / 0.5)) * (lat < 34.05 ? 1 : 0.6);
  const south = Math.max(0, Math.min(1, (33.3 - lat) / 0.12)) * (lon > 113.35 ? 0.7 : 0);
  const dx = ((lon - 113.12) * M_PER_DEG_LON) / 1000;
  const dy = ((lat - 33.43) * M_PER_DEG_LAT) / 1000;
  const southWest = 0.6 * Math.exp(-(dx * dx + dy * dy) / (2 * 9 * 9));
  return Math.max(west, south, southWest);
}

/** The regional background before local sources: cleaner in the mountains, a little dirtier towards the eastern plains. */
function background(p: Pollutant, at: LonLat): number {
  const m = mountainness(at);
  const east = Math.max(-0.5, Math.min(1, (at[0] - 113.1) / 0.5));
  switch (p) {
    case 'pm25':
      return (1 - 0.18 * m) * (1 + 0.04 * east);
    case 'pm10':
      return (1 - 0.2 * m) * (1 + 0.05 * east);
    case 'no2':
      return 0.55 - 0.22 * m;
    case 'o3':
      return 1.02 + 0.05 * m;
  }
}

/** What a place gets from the field, per pollutant: the background and the sum of local increments. */
export interface PlaceFactors {
  background: Record<Pollutant, number>;
  local: Record<Pollutant, number>;
}

const POLLUTANT_KEYS: Pollutant[] = ['pm25', 'pm10', 'o3', 'no2'];

function gaussian(at: LonLat, centre: LonLat, sigmaKm: number, stretch = 1): number {
  const dx = ((at[0] - centre[0]) * M_PER_DEG_LON) / 1000 / stretch;
  const dy = ((at[1] - centre[1]) * M_PER_DEG_LAT) / 1000;
  return Math.exp(-(dx * dx + dy * dy) / (2 * sigmaKm * sigmaKm));
}

export class AirField {
  constructor(
    private readonly enterprises: readonly EnterpriseSite[],
    /** The chemical parks' centres. */
    private readonly parks: readonly LonLat[],
  ) {}

  at(at: LonLat): PlaceFactors {
    const local: Record<Pollutant, number> = { pm25: 0, pm10: 0, o3: 0, no2: 0 };
    const add = (gain: Gains, weight: number): void => {
      if (weight < 1e-4) return;
      for (const p of POLLUTANT_KEYS) local[p] += (gain[p] ?? 0) * weight;
    };
    add(CORE.gain, gaussian(at, CORE.at, CORE.sigmaKm, CORE.stretch));
    add(SHILONG.gain, gaussian(at, SHILONG.at, SHILONG.sigmaKm));
    for (const t of TOWNS) add(TOWN.gain, gaussian(at, t, TOWN.sigmaKm));
    for (const e of this.enterprises) {
      const k = e.retrofitStatus === '未完成' ? UNRETROFITTED_FACTOR : 1;
      add(PLANT_GAINS[e.industry], k * (gaussian(at, e.at, PLANT_SIGMA_KM) + HALO.share * gaussian(at, e.at, HALO.sigmaKm)));
    }
    for (const c of this.parks) add(PARK.gain, gaussian(at, c, PARK.sigmaKm));
    for (const road of MAIN_ROADS) {
      const { widthKm, gain } = ROAD[road.kind];
      const dKm = pointLineDistanceM(at, road.line) / 1000;
      add(gain, Math.exp(-((dKm / widthKm) ** 2)));
    }
    const backgroundOf = Object.fromEntries(POLLUTANT_KEYS.map((p) => [p, background(p, at)])) as Record<Pollutant, number>;
    return { background: backgroundOf, local };
  }
}

/** Centre of the tilt, roughly the middle of the city. */
const TILT_CENTRE: LonLat = [112.96, 33.74];

/** A broad blob of transported pollution on one day: relative amplitude, centre and size. */
interface RegionalBlob {
  at: LonLat;
  sigmaKm: number;
  amplitude: number;
}

/** The weather of each day, as far as the spatial pattern is concerned. */
export interface DailyWeather {
  /** Relative change per degree east and per degree north (wind moving the pollution across the city). */
  east: Float64Array;
  north: Float64Array;
  /** How strongly the local increments stand out: > 1 on calm days, < 1 on windy ones. */
  contrast: Float64Array;
  blobs: RegionalBlob[][];
}

export function dailyWeather(bbox: BBox): DailyWeather {
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
  // Separate streams, so that the tilt keeps its values whatever the other two draw.
  // Local sources stand out more in summer, when the regional (largely secondary) haze is thin,
  // than in the winter's regional episodes: ±35 % over the year, peaking in July.
  const rc = makeRng('air-contrast');
  const contrast = new Float64Array(DAYS);
  let c = 0;
  for (let d = 0; d < DAYS; d++) {
    c = 0.7 * c + Math.sqrt(1 - 0.49) * 0.3 * normal(rc);
    const season = 1 + 0.35 * Math.sin((2 * Math.PI * (d - 105)) / 365);
    contrast[d] = Math.max(0.4, Math.min(2, season * (1 + c)));
  }
  const rb = makeRng('air-regional');
  const blobs: RegionalBlob[][] = [];
  for (let d = 0; d < DAYS; d++) {
    const today: RegionalBlob[] = [];
    for (let k = 0; k < 3; k++) {
      today.push({
        at: [uniform(rb, bbox[0] - 0.2, bbox[2] + 0.2), uniform(rb, bbox[1] - 0.2, bbox[3] + 0.2)],
        sigmaKm: uniform(rb, 14, 34),
        amplitude: 0.1 * normal(rb),
      });
    }
    blobs.push(today);
  }
  return { east, north, contrast, blobs };
}

/** Multiplier of the tilt at a place on a day; ±10 % across the city on a windy day. */
export function tiltAt(w: DailyWeather, day: number, [lon, lat]: LonLat): number {
  return Math.max(0.7, 1 + w.east[day] * (lon - TILT_CENTRE[0]) + w.north[day] * (lat - TILT_CENTRE[1]));
}

/** The regional blobs' relative change at a place on a day (about ±10 %). */
export function regionalAt(w: DailyWeather, day: number, at: LonLat): number {
  let v = 0;
  for (const b of w.blobs[day]) v += b.amplitude * gaussian(at, b.at, b.sigmaKm);
  return v;
}
