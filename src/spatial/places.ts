// Places for the built-in offline basemap, made from the data set itself: the data holds no
// town points, but the hotspot grid names the township (乡镇/街道) of every 1 km cell. So:
//   - a township's label goes on the middle of its cells (the cell of the township nearest
//     their mean, so it lies inside it): the middle of its area as the grid has it, not its
//     government seat;
//   - a county's seat (县城, 市区) is the middle of the cells of its urban townships (the
//     街道 and 城关镇), for the counties and county-level cities; the city's districts are
//     urban through and through, and the county layer already names them.
// data/README.md says what is shown and how far it can be off.

import type { Feature, FeatureCollection, Point } from 'geojson';
import { cellBounds } from '../data/hotspot_grid_format';
import type { HotspotGrid } from '../data/hotspot_grid_format';

export interface PlaceProperties {
  name: string;
  /** 'seat': a county's seat (县城 / 市区); 'township': a 乡, 镇 or 街道. */
  kind: 'seat' | 'township';
}

const isUrban = (township: string): boolean => township.endsWith('街道') || township === '城关镇';

/** The label a county's seat gets: 宝丰县 → 宝丰县城, 汝州市 → 汝州市区; null for a district (区). */
function seatName(county: string): string | null {
  if (county.endsWith('县')) return `${county}城`;
  if (county.endsWith('市')) return `${county}区`;
  return null;
}

/** The point of the cells `indexes` nearest their mean: inside the area they make up. */
function middleOf(centres: Float64Array, indexes: number[]): [number, number] {
  let lon = 0;
  let lat = 0;
  for (const i of indexes) {
    lon += centres[i * 2];
    lat += centres[i * 2 + 1];
  }
  lon /= indexes.length;
  lat /= indexes.length;
  let best = indexes[0];
  let bestD = Infinity;
  // Degrees of longitude are shorter here: weigh them by cos(latitude) so "nearest" is nearest on the ground.
  const k = Math.cos((lat * Math.PI) / 180);
  for (const i of indexes) {
    const d = ((centres[i * 2] - lon) * k) ** 2 + (centres[i * 2 + 1] - lat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return [centres[best * 2], centres[best * 2 + 1]];
}

/** County seats and townships as points with their names; empty for a grid without townships. */
export function buildPlaces(grid: HotspotGrid): FeatureCollection<Point, PlaceProperties> {
  const names = grid.header.townships;
  const cellTownship = grid.cellTownship;
  if (!names || !cellTownship) return { type: 'FeatureCollection', features: [] };
  const n = grid.header.cellCount;
  const centres = new Float64Array(n * 2);
  const cellsOf = new Map<number, number[]>();
  const countyOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const [w, s, e, north] = cellBounds(grid.header, grid.cellIds[i]);
    centres[i * 2] = (w + e) / 2;
    centres[i * 2 + 1] = (s + north) / 2;
    const t = cellTownship[i];
    if (!cellsOf.has(t)) cellsOf.set(t, []);
    cellsOf.get(t)!.push(i);
    countyOf.set(t, grid.cellCounty[i]);
  }
  const point = (coordinates: [number, number], properties: PlaceProperties): Feature<Point, PlaceProperties> => ({
    type: 'Feature',
    properties,
    geometry: { type: 'Point', coordinates: [Math.round(coordinates[0] * 1e5) / 1e5, Math.round(coordinates[1] * 1e5) / 1e5] },
  });
  const features: Feature<Point, PlaceProperties>[] = [];
  grid.header.counties.forEach((county, c) => {
    const name = seatName(county.name);
    if (!name) return;
    const urban = [...cellsOf].filter(([t]) => countyOf.get(t) === c && isUrban(names[t] ?? '')).flatMap(([, cells]) => cells);
    if (urban.length > 0) features.push(point(middleOf(centres, urban), { name, kind: 'seat' }));
  });
  for (const [t, cells] of cellsOf) {
    if (names[t]) features.push(point(middleOf(centres, cells), { name: names[t], kind: 'township' }));
  }
  return { type: 'FeatureCollection', features };
}
