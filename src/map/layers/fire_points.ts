import type { FeatureCollection } from 'geojson';
import { FIRE_COLOUR } from '../../symbology/colours';
import { withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

/** Satellite fire detections: a soft glow under a bright core, so they read as fire, not as outfalls. */
export function firePointsBundle(collection: FeatureCollection): LayerBundle {
  return {
    sources: { 'fire-points': { type: 'geojson', data: withIndexIds(collection) } },
    layers: [
      {
        id: 'fire-points-glow',
        type: 'circle',
        source: 'fire-points',
        paint: { 'circle-color': '#ffb300', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 4, 13, 12], 'circle-opacity': 0.35, 'circle-blur': 0.6 },
      },
      {
        id: 'fire-points-circle',
        type: 'circle',
        source: 'fire-points',
        paint: {
          'circle-color': FIRE_COLOUR,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 2, 13, 5],
          'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#000000', '#fff3e0'],
          'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1],
        },
      },
    ],
    clickable: ['fire-points-circle'],
  };
}
