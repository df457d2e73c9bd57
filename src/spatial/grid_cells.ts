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
