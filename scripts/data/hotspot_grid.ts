// The satellite hotspot grid (卫星热点网格): ~1 km cells whose centres lie in the
// city, daily PM2.5/PM10/O3/NO2 from the air model, with cloud gaps (NO_DATA) in
// contiguous blobs, as optical retrievals have.
import { GRID_NO_DATA, POLLUTANTS, type GridHeader, type HotspotGrid } from '../../src/data/hotspot_grid_format.ts';
import type { AirModel } from './air_model.ts';
import { DAYS, START_DATE, dayMonth } from './calendar.ts';
import type { City } from './counties.ts';
import { M_PER_DEG_LAT, M_PER_DEG_LON, type LonLat } from './geo.ts';
import { int, makeRng, uniform } from './rng.ts';
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

/** Mean number of cloud blobs per day by month: more in the summer rains. */
const CLOUDS_PER_DAY = [1.2, 1.2, 1.4, 1.5, 1.6, 2.2, 2.8, 2.5, 2.0];

/** Cloud mask: true where a cell has no retrieval on a day, indexed [day * n + cell]. */
export function cloudMask(cells: GridCells, city: City): Uint8Array {
  const r = makeRng('grid-clouds');
  const n = cells.ids.length;
  const mask = new Uint8Array(DAYS * n);
  for (let d = 0; d < DAYS; d++) {
    // Poisson by inversion: λ is small.
    const lambda = CLOUDS_PER_DAY[dayMonth(d)];
    let k = 0;
    for (let p = Math.exp(-lambda), s = p, u = r(); u > s; k++) {
      p *= lambda / (k + 1);
      s += p;
    }
    for (let b = 0; b < k; b++) {
      const c: LonLat = [uniform(r, city.bbox[0], city.bbox[2]), uniform(r, city.bbox[1], city.bbox[3])];
      const rx = uniform(r, 4, 15) * 1000;
      const ry = uniform(r, 4, 12) * 1000;
      const wobble = uniform(r, 0, Math.PI * 2);
      for (let i = 0; i < n; i++) {
        const dx = (cells.centres[i][0] - c[0]) * M_PER_DEG_LON;
        const dy = (cells.centres[i][1] - c[1]) * M_PER_DEG_LAT;
        // A ragged edge (±15 % with angle) so blobs are not perfect ellipses.
        const edge = 1 + 0.15 * Math.sin(3 * Math.atan2(dy, dx) + wobble);
        if ((dx / rx) ** 2 + (dy / ry) ** 2 <= edge * edge) mask[d * n + i] = 1;
      }
    }
  }
  return mask;
}

/** Per-cell noise amplitude (µg/m³): small, so the field stays smooth and compresses. */
export const CELL_NOISE = 2;

export function buildHotspotGrid(city: City, cells: GridCells, model: AirModel, townships: Township[]): HotspotGrid {
  const r = makeRng('grid-noise');
  const n = cells.ids.length;
  const mask = cloudMask(cells, city);
  const values = new Uint16Array(POLLUTANTS.length * DAYS * n);
  POLLUTANTS.forEach((p, pi) => {
    const factors = cells.centres.map((at) => model.factor(p, at));
    for (let d = 0; d < DAYS; d++) {
      const base = (pi * DAYS + d) * n;
      for (let i = 0; i < n; i++) {
        const noise = int(r, -CELL_NOISE, CELL_NOISE);
        values[base + i] = mask[d * n + i]
          ? GRID_NO_DATA
          : Math.max(1, Math.round(model.value(p, d, cells.centres[i], factors[i]) + noise));
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
