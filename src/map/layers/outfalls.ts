import type { FeatureCollection } from 'geojson';
import { OUTFALL_CATEGORY_COLOURS } from '../../symbology/colours';
import { withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

const categoryColour = ['match', ['get', 'category'], ...Object.entries(OUTFALL_CATEGORY_COLOURS).flat(), '#777777'];

/**
 * ~3,000 outfalls as small circles coloured by category. They are scaled with
 * zoom rather than clustered: at city zoom the dots trace the banks (which is
 * the point: where outfalls crowd), and from zoom 13 each one is a target big
 * enough for a finger.
 */
export function outfallsBundle(collection: FeatureCollection): LayerBundle {
  return {
    sources: { outfalls: { type: 'geojson', data: withIndexIds(collection) } },
    layers: [
      {
        id: 'outfalls-circle',
        type: 'circle',
        source: 'outfalls',
        paint: {
          'circle-color': categoryColour as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.4, 10, 2.6, 13, 5, 16, 8],
          'circle-opacity': ['interpolate', ['linear'], ['zoom'], 7, 0.75, 12, 0.95],
          'circle-stroke-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#000000', '#ffffff'],
          'circle-stroke-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            9,
            ['case', ['boolean', ['feature-state', 'selected'], false], 3, 0],
            12,
            ['case', ['boolean', ['feature-state', 'selected'], false], 3, 1],
          ],
        },
      },
    ],
    clickable: ['outfalls-circle'],
  };
}
