import type { FeatureCollection } from 'geojson';
import { RIVER_COLOUR } from '../../symbology/colours';
import { LABEL_FONT, withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

/** The six rivers, with names along the lines. */
export function riversBundle(collection: FeatureCollection): LayerBundle {
  return {
    sources: { rivers: { type: 'geojson', data: withIndexIds(collection) } },
    layers: [
      {
        id: 'rivers-line',
        type: 'line',
        source: 'rivers',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': RIVER_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1.5, 12, 4, 16, 8] },
      },
      {
        id: 'rivers-label',
        type: 'symbol',
        source: 'rivers',
        layout: {
          'symbol-placement': 'line',
          'symbol-spacing': 400,
          'text-field': ['get', 'name'],
          'text-font': LABEL_FONT,
          'text-size': 13,
          'text-letter-spacing': 0.3,
        },
        paint: { 'text-color': '#0d4f9c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
    clickable: ['rivers-line'],
  };
}
