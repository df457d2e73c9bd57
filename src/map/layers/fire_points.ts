import type { FeatureCollection } from 'geojson';
import { FIRE_COLOUR } from '../../symbology/colours';
import { withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

/** Satellite fire detections: orange-red with a yellow ring, so they read as fire, not as outfalls. */
export function firePointsBundle(collection: FeatureCollection): LayerBundle {
  return {
    sources: { 'fire-points': { type: 'geojson', data: withIndexIds(collection) } },
    layers: [
      {
        id: 'fire-points-circle',
        type: 'circle',
        source: 'fire-points',
        paint: {
          'circle-color': FIRE_COLOUR,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 2.2, 13, 6],
          'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#000000', '#ffd54f'],
          'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1.2],
        },
      },
    ],
    clickable: ['fire-points-circle'],
  };
}
