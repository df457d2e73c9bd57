import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { buildLabelPoints } from '../../spatial/label_points';
import { COUNTY_LINE } from '../../symbology/colours';
import { LABEL_FONT, withIndexIds } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

/** County-level units: a faint fill (clickable), boundary lines and name labels. */
export function countiesBundle(collection: FeatureCollection): LayerBundle {
  const polygons = withIndexIds(collection) as FeatureCollection<Polygon | MultiPolygon>;
  return {
    sources: {
      counties: { type: 'geojson', data: polygons },
      'counties-labels': { type: 'geojson', data: buildLabelPoints(polygons) },
    },
    layers: [
      { id: 'counties-fill', type: 'fill', source: 'counties', paint: { 'fill-color': '#fbfaf5', 'fill-opacity': 1 } },
      {
        id: 'counties-line',
        type: 'line',
        source: 'counties',
        paint: { 'line-color': COUNTY_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 2], 'line-dasharray': [3, 2] },
      },
      {
        id: 'counties-label',
        type: 'symbol',
        source: 'counties-labels',
        layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 7, 12, 11, 18] },
        paint: { 'text-color': '#4a4636', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
    clickable: ['counties-fill'],
  };
}
