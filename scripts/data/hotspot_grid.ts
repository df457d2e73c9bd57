// The satellite hotspot grid (卫星热点网格): ~1 km cells whose centres lie in the
// city, daily PM2.5/PM10/O3/NO2 from the air model, with cloud gaps (NO_DATA) in
// contiguous blobs, as optical retrievals have.
import { GRID_NO_DATA, POLLUTANTS, type GridHeader, type HotspotGrid } from '../../src/data/hotspot_grid_format.ts';
import type { AirModel } from './air_model.ts';
import { regionalAt } from './air_field.ts';
import { DAYS, START_DATE, dayMonth } from './calendar.ts';
import type { City } from './counties.ts';
import { M_PER_DEG_LAT, M_PER_DEG_LON, type LonLat } from './geo.ts';
import { int, makeRng, uniform, type Rng } from './rng.ts';
import { nearestTownship, type Township } from './townships.ts';

/** ≈ 1 km × 1 km at 33.7°N. */
export const CELL_SIZE: [number, number] = [0.0108, 0.009];
/** South-west corner of cell (0, 0): just outside the city's bounding box. */
export const GRID_ORIGIN: [number, number] = [112.24, 33.13];

export interface GridCells {
  cols: number;
  rows: number;
  ids: number[];
  centres: LonLat[];
  countyIndex: number[];
}

export function gridCells(city: City): GridCells {
  const cols = Math.ceil((city.bbox[2] - GRID_ORIGIN[0]) / CELL_SIZE[0]);
  const rows = Math.ceil((city.bbox[3] - GRID_ORIGIN[1]) / CELL_SIZE[1]);
  const out: GridCells = { cols, rows, ids: [], centres: [], countyIndex: [] };
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const centre: LonLat = [GRID_ORIGIN[0] + (col + 0.5) * CELL_SIZE[0], GRID_ORIGIN[1] + (row + 0.5) * CELL_SIZE[1]];
      const county = city.countyAt(centre);
      if (!county) continue;
      out.ids.push(row * cols + col);
      out.centres.push(centre);
      out.countyIndex.push(city.counties.indexOf(county));
    }
  }
  return out;
}

/**
 * Each cell's township: the nearest township centre within its county, as an outfall's
 * (there are no township polygons). `names` lists the townships some cell has, in the
 * order of the source file, one entry per county's township (城关镇 occurs once per
 * county that has one); `index` is each cell's entry in it.
 */
function cellTownships(city: City, cells: GridCells, townships: Township[]): { names: string[]; index: Uint16Array } {
  const nearest = cells.centres.map((at, i) => nearestTownship(townships, city.counties[cells.countyIndex[i]].properties.code, at));
  const has = new Set(nearest);
  const used = townships.filter((t) => has.has(t));
  const position = new Map(used.map((t, k) => [t, k]));
  return { names: used.map((t) => t.name), index: Uint16Array.from(nearest, (t) => position.get(t)!) };
}

/**
 * Mean share of the city under cloud by month, January … September: satellite retrievals of
 * aerosol fail under cloud, least in the dry winter and most in the rains of July and August.
 * Over the period about a third of the cell-days are lost.
 */
const CLOUD_SHARE_BY_MONTH = [0.2, 0.23, 0.26, 0.26, 0.25, 0.37, 0.5, 0.46, 0.38];

/** Beta(a, b) by Jöhnk's method: exact for any a, b > 0 and quick while a + b is small, as here. */
function beta(r: Rng, a: number, b: number): number {
  for (;;) {
    const u = r() ** (1 / a);
    const v = r() ** (1 / b);
    if (u + v <= 1 && u + v > 0) return u / (u + v);
  }
}

/**
 * How spread a day's cover is around its month's mean: a + b of the Beta distribution. Small,
 * so that days range from nearly clear to nearly overcast, as they do, rather than all sitting
 * near the mean.
 */
const COVER_CONCENTRATION = 2;

/**
 * Rain washes the particles out, and rain comes with cloud: a day cleaner than usual for its
 * month is cloudier. This is the clear-sky bias of every optical product: its mean over valid
 * cell-days reads above the all-days mean, the more so as more clean summer days are lost.
 */
const CLEAN_DAY_CLOUDINESS = 0.45;

/** Per day, how much cleaner (> 0) or dirtier (< 0) than its month the city's PM2.5 is, in standard deviations of log PM2.5. */
function cleanness(pm25: Float64Array): Float64Array {
  const out = new Float64Array(DAYS);
  for (let m = 0; m < CLOUD_SHARE_BY_MONTH.length; m++) {
    const days = [...Array(DAYS).keys()].filter((d) => dayMonth(d) === m);
    const logs = days.map((d) => Math.log(pm25[d]));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length) || 1;
    days.forEach((d, k) => (out[d] = -(logs[k] - mean) / sd));
  }
  return out;
}

/**
 * Cloud mask: true where a cell has no retrieval on a day, indexed [day * n + cell].
 * Each day draws its share of cover, then covers the cells where a smooth random field
 * (broad weather systems plus smaller cells for ragged edges) is highest, so clouds come
 * as contiguous, irregular areas and the day's share is exactly the one drawn.
 */
export function cloudMask(cells: GridCells, city: City, cityPm25: Float64Array): Uint8Array {
  const r = makeRng('grid-clouds');
  const clean = cleanness(cityPm25);
  const n = cells.ids.length;
  const mask = new Uint8Array(DAYS * n);
  const field = new Float64Array(n);
  const order = new Uint32Array(n);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let d = 0; d < DAYS; d++) {
    const mean = Math.max(0.05, Math.min(0.85, CLOUD_SHARE_BY_MONTH[dayMonth(d)] * Math.exp(CLEAN_DAY_CLOUDINESS * clean[d])));
    const cover = beta(r, mean * COVER_CONCENTRATION, (1 - mean) * COVER_CONCENTRATION);
    field.fill(0);
    // Eight weather systems of 6–30 km, then twelve small cells of 2–5 km that fray their edges.
    for (let b = 0; b < 20; b++) {
      const small = b >= 8;
      const c: LonLat = [uniform(r, city.bbox[0] - 0.15, city.bbox[2] + 0.15), uniform(r, city.bbox[1] - 0.15, city.bbox[3] + 0.15)];
      const sigma = (small ? uniform(r, 2, 5) : uniform(r, 6, 30)) * 1000;
      const stretch = uniform(r, 0.6, 1.7);
      const amplitude = small ? uniform(r, -0.35, 0.35) : uniform(r, 0.3, 1);
      for (let i = 0; i < n; i++) {
        dx[i] = ((cells.centres[i][0] - c[0]) * M_PER_DEG_LON) / stretch;
        dy[i] = (cells.centres[i][1] - c[1]) * M_PER_DEG_LAT;
      }
      // Beyond 6σ a bump adds nothing: skip the exp there (most cells, for the small ones).
      const reach = 36 * sigma * sigma;
      for (let i = 0; i < n; i++) {
        const q = dx[i] * dx[i] + dy[i] * dy[i];
        if (q < reach) field[i] += amplitude * Math.exp(-q / (2 * sigma * sigma));
      }
    }
    const covered = Math.round(cover * n);
    if (covered === 0) continue;
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => field[b] - field[a] || a - b);
    for (let k = 0; k < covered; k++) mask[d * n + order[k]] = 1;
  }
  return mask;
}

/** Per-cell noise amplitude (µg/m³): small, so the field stays smooth and compresses. */
export const CELL_NOISE = 2;

export function buildHotspotGrid(city: City, cells: GridCells, model: AirModel, townships: Township[]): HotspotGrid {
  const r = makeRng('grid-noise');
  const n = cells.ids.length;
  const mask = cloudMask(cells, city, model.city.series.pm25);
  const values = new Uint16Array(POLLUTANTS.length * DAYS * n);
  const factors = cells.centres.map((at) => model.field.at(at));
  const regional = new Float64Array(DAYS * n);
  for (let d = 0; d < DAYS; d++) for (let i = 0; i < n; i++) regional[d * n + i] = regionalAt(model.weather, d, cells.centres[i]);
  POLLUTANTS.forEach((p, pi) => {
    for (let d = 0; d < DAYS; d++) {
      const base = (pi * DAYS + d) * n;
      for (let i = 0; i < n; i++) {
        const noise = int(r, -CELL_NOISE, CELL_NOISE);
        values[base + i] = mask[d * n + i]
          ? GRID_NO_DATA
          : Math.max(1, Math.round(model.value(p, d, cells.centres[i], factors[i], regional[d * n + i]) + noise));
      }
    }
  });
  const byTownship = cellTownships(city, cells, townships);
  const header: GridHeader = {
    version: 1,
    origin: GRID_ORIGIN,
    cellSize: CELL_SIZE,
    cols: cells.cols,
    rows: cells.rows,
    cellCount: n,
    startDate: START_DATE,
    days: DAYS,
    pollutants: [...POLLUTANTS],
    counties: city.counties.map((c) => ({ code: c.properties.code, name: c.properties.name })),
    townships: byTownship.names,
    units: 'µg/m³',
  };
  return { header, cellIds: Uint32Array.from(cells.ids), cellCounty: Uint8Array.from(cells.countyIndex), cellTownship: byTownship.index, values };
}
