// National stations: air stations with daily series from the air model, and the
// water-quality sections (国控/省控断面) on the six rivers and three reservoirs with
// a class per month.
import { POLLUTANTS, type Pollutant } from '../../src/data/hotspot_grid_format.ts';
import { WATER_CLASSES, type AirStationProperties, type ReservoirFeature, type RiverFeature, type StationFeature, type WaterClass, type WaterSectionProperties } from '../../src/data/types.ts';
import type { AirModel } from './air_model.ts';
import { DAYS, START_DATE } from './calendar.ts';
import type { City } from './counties.ts';
import polylabel from 'polylabel';
import { pointSegment, roundPosition, type LonLat } from './geo.ts';
import { makeRng, normal, weighted } from './rng.ts';


export function airStations(city: City, model: AirModel): StationFeature[] {
  const r = makeRng('air-stations');
  const n = model.sites.length;
  const series: Record<Pollutant, number[][]> = { pm25: [], pm10: [], o3: [], no2: [] };
  for (const p of POLLUTANTS) {
    series[p] = model.sites.map(() => new Array<number>(DAYS));
    for (let d = 0; d < DAYS; d++) {
      // Instrument noise that sums to zero over the stations, so the station mean
      // (the city's figure) is the city series up to rounding.
      const e = model.sites.map(() => 1.2 * normal(r));
      const mean = e.reduce((a, b) => a + b, 0) / n;
      model.sites.forEach((s, i) => (series[p][i][d] = Math.max(1, Math.round(model.value(p, d, s.at) + e[i] - mean))));
    }
  }
  return model.sites.map((s, i) => {
    const county = city.countyAt(s.at);
    if (!county) throw new Error(`air station ${s.name} outside the city`);
    const properties: AirStationProperties = {
      kind: 'air',
      id: s.id,
      name: s.name,
      countyCode: county.properties.code,
      countyName: county.properties.name,
      startDate: START_DATE,
      pm25: series.pm25[i],
      pm10: series.pm10[i],
      o3: series.o3[i],
      no2: series.no2[i],
    };
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: roundPosition(s.at) } };
  });
}

interface SectionSpec {
  id: string;
  name: string;
  /** River id or reservoir id. */
  water: string;
  /** Approximate place; river sections are snapped onto the centreline. */
  near?: LonLat;
  level: '国控' | '省控';
  target: WaterClass;
  /** The class the section usually reads. */
  usual: WaterClass;
}

const SECTIONS: SectionSpec[] = [
  { id: 'wq-sh-ls', name: '沙河鲁山城关', water: 'shahe', near: [112.92, 33.7], level: '省控', target: 'II', usual: 'II' },
  { id: 'wq-sh-mw', name: '沙河马湾', water: 'shahe', near: [113.44, 33.7], level: '国控', target: 'III', usual: 'III' },
  { id: 'wq-br-rz', name: '北汝河汝州', water: 'beiruhe', near: [112.84, 34.14], level: '省控', target: 'III', usual: 'II' },
  { id: 'wq-br-jx', name: '北汝河郏县', water: 'beiruhe', near: [113.3, 33.967], level: '国控', target: 'III', usual: 'III' },
  { id: 'wq-zh-bd', name: '湛河北渡', water: 'zhanhe', near: [113.25, 33.72], level: '省控', target: 'IV', usual: 'III' },
  { id: 'wq-zh-hk', name: '湛河入沙河口', water: 'zhanhe', near: [113.372, 33.682], level: '省控', target: 'IV', usual: 'IV' },
  { id: 'wq-lh-yx', name: '澧河叶县', water: 'lihe', near: [113.4, 33.435], level: '国控', target: 'III', usual: 'III' },
  { id: 'wq-hh-hk', name: '灰河入沙河口', water: 'huihe', near: [113.48, 33.714], level: '省控', target: 'IV', usual: 'IV' },
  // 常村镇 lies on the upper 澧河 below 孤石滩水库; the 干江河's own section is at its mouth.
  { id: 'wq-lh-cc', name: '澧河常村', water: 'lihe', near: [113.15, 33.4825], level: '省控', target: 'III', usual: 'II' },
  { id: 'wq-gj-hk', name: '干江河入澧河口', water: 'ganjianghe', near: [113.309, 33.36], level: '省控', target: 'III', usual: 'III' },
  { id: 'wq-bgs', name: '白龟山水库库心', water: 'baiguishan', level: '国控', target: 'II', usual: 'II' },
  { id: 'wq-zpt', name: '昭平台水库库心', water: 'zhaopingtai', level: '国控', target: 'II', usual: 'II' },
  { id: 'wq-gst', name: '孤石滩水库库心', water: 'gushitan', level: '省控', target: 'II', usual: 'II' },
];

/** Nearest point on a river's line (any of its parts). */
function snap(river: RiverFeature, p: LonLat): LonLat {
  const parts = (river.geometry.type === 'LineString' ? [river.geometry.coordinates] : river.geometry.coordinates) as LonLat[][];
  let best: LonLat = parts[0][0];
  let bestD = Infinity;
  for (const line of parts) for (let i = 0; i < line.length - 1; i++) {
    const { d, t } = pointSegment(p, line[i], line[i + 1]);
    if (d < bestD) {
      bestD = d;
      best = [line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])];
    }
  }
  return best;
}

/** Monthly classes January … September 2025 (the data ends 2025-09-16). */
export const MONTHS = 9;

export function waterSections(city: City, rivers: RiverFeature[], reservoirs: ReservoirFeature[]): StationFeature[] {
  const r = makeRng('water-sections');
  return SECTIONS.map((s) => {
    const river = rivers.find((f) => f.properties.id === s.water);
    const reservoir = reservoirs.find((f) => f.properties.id === s.water);
    let at: LonLat;
    let waterName: string;
    if (river && s.near) {
      at = snap(river, s.near);
      waterName = river.properties.name;
    } else if (reservoir) {
      // The pole of inaccessibility: a valley-shaped reservoir's vertex mean can lie on land between its arms.
      const [x, y] = polylabel(reservoir.geometry.coordinates as [number, number][][], 0.0001);
      at = [x, y];
      waterName = reservoir.properties.name;
    } else throw new Error(`section ${s.id}: unknown water ${s.water}`);
    const county = city.countyAt(at);
    if (!county) throw new Error(`section ${s.name} outside the city`);
    const usual = WATER_CLASSES.indexOf(s.usual);
    const monthlyClass = Array.from({ length: MONTHS }, (_, m) => {
      // Summer storms wash the fields and towns into the rivers: a class worse more often.
      const worse = m >= 5 && m <= 7 ? 0.3 : 0.12;
      const step = weighted(r, [-1, 0, 1], [0.1, 0.9 - worse, worse]);
      return WATER_CLASSES[Math.max(0, Math.min(WATER_CLASSES.length - 1, usual + step))];
    });
    const properties: WaterSectionProperties = {
      kind: 'water',
      id: s.id,
      name: s.name,
      river: waterName,
      countyCode: county.properties.code,
      countyName: county.properties.name,
      level: s.level,
      targetClass: s.target,
      startMonth: START_DATE.slice(0, 7),
      monthlyClass,
    };
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: roundPosition(at) } };
  });
}
