// Turns the hotspot grid's cell ids into square polygons for the map. The file
// stores no geometry (see data/hotspot_grid_format.ts); this is where it is made.

import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { cellBounds } from '../data/hotspot_grid_format';
import type { HotspotGrid } from '../data/hotspot_grid_format';

/** One polygon per cell; feature id = the cell's index in grid.cellIds, so values can be joined by index. */
export function buildGridCellPolygons(grid: HotspotGrid): FeatureCollection<Polygon, { county: string }> {
  const features: Feature<Polygon, { county: string }>[] = new Array(grid.header.cellCount);
  for (let i = 0; i < grid.header.cellCount; i++) {
    const [w, s, e, n] = cellBounds(grid.header, grid.cellIds[i]);
    features[i] = {
      type: 'Feature',
      id: i,
      properties: { county: grid.header.counties[grid.cellCounty[i]]?.name ?? '' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    };
  }
  return { type: 'FeatureCollection', features };
}

/** 1 for each cell whose centre passes `test` (筛选's area), else 0: the cells a ranking keeps to. */
export function cellsWithin(grid: HotspotGrid, test: (lon: number, lat: number) => boolean): Uint8Array {
  const out = new Uint8Array(grid.header.cellCount);
  for (let i = 0; i < out.length; i++) {
    const [w, s, e, n] = cellBounds(grid.header, grid.cellIds[i]);
    out[i] = test((w + e) / 2, (s + n) / 2) ? 1 : 0;
  }
  return out;
}
