import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildLabelPoints } from '../../spatial/label_points';
import { RESERVOIR_FILL, RIVER_COLOUR } from '../../symbology/colours';
import { LABEL_FONT, withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

/** The three reservoirs: water fill, shore line, name. */
export function reservoirsBundle(collection: FeatureCollection): LayerBundle {
  const polygons = withIndexIds(collection) as FeatureCollection<Polygon | MultiPolygon>;
  return {
    sources: {
      reservoirs: { type: 'geojson', data: polygons },
      'reservoirs-labels': { type: 'geojson', data: buildLabelPoints(polygons) },
    },
    layers: [
      { id: 'reservoirs-fill', type: 'fill', source: 'reservoirs', paint: { 'fill-color': RESERVOIR_FILL, 'fill-opacity': 0.9 } },
      { id: 'reservoirs-line', type: 'line', source: 'reservoirs', paint: { 'line-color': RIVER_COLOUR, 'line-width': 1.2 } },
      {
        id: 'reservoirs-label',
        type: 'symbol',
        source: 'reservoirs-labels',
        layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 13 },
        paint: { 'text-color': '#0d4f9c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
    clickable: ['reservoirs-fill'],
  };
}
