import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildLabelPoints } from '../../spatial/label_points';
import { PARK_STATUS_COLOURS } from '../../symbology/colours';
import { LABEL_FONT, withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

const statusColour = ['match', ['get', 'wastewaterStatus'], ...Object.entries(PARK_STATUS_COLOURS).flat(), '#999999'];

/** Chemical parks coloured by the state of their wastewater treatment. */
export function parksBundle(collection: FeatureCollection): LayerBundle {
  const polygons = withIndexIds(collection) as FeatureCollection<Polygon | MultiPolygon>;
  return {
    sources: {
      parks: { type: 'geojson', data: polygons },
      'parks-labels': { type: 'geojson', data: buildLabelPoints(polygons) },
    },
    layers: [
      { id: 'parks-fill', type: 'fill', source: 'parks', paint: { 'fill-color': statusColour as never, 'fill-opacity': 0.45 } },
      {
        id: 'parks-line',
        type: 'line',
        source: 'parks',
        paint: {
          'line-color': statusColour as never,
          'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 4, 2],
        },
      },
      {
        id: 'parks-label',
        type: 'symbol',
        source: 'parks-labels',
        minzoom: 9.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-max-width': 8 },
        paint: { 'text-color': '#5b2a00', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
    clickable: ['parks-fill'],
  };
}
