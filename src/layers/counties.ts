// 行政区划: the county-level units. Their fill is the paper of the offline map
// (clickable, for the county's card), with dashed boundaries and name labels.

import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { checks } from '../data/validate_layer';
import type { CountyProperties } from '../data/types';
import { buildLabelPoints } from '../spatial/label_points';
import { COUNTY_LINE } from '../symbology/colours';
import { outfallCountRow } from './card';
import { LABEL_FONT, STACK, featuresOf, withIndexIds } from './layer_description';
import type { LayerDescription } from './layer_description';

export const COUNTIES = 'counties';
export const COUNTIES_SOURCE = 'counties';
export const COUNTIES_LABEL_SOURCE = 'counties-labels';
export const COUNTIES_FILL = 'counties-fill';
export const COUNTIES_LINE = 'counties-line';
export const COUNTIES_LABEL = 'counties-label';

/** The offline map's paper colour. */
const PAPER = '#fbfaf5';

/** Made once: the checks run for every feature of the file. */
const COUNTY_CHECKS = { code: checks.countyCode, name: checks.text };

export const countiesLayer: LayerDescription = {
  id: COUNTIES,
  title: '行政区划',
  format: 'geojson',
  geometryTypes: ['Polygon', 'MultiPolygon'],
  featureKey: 'code',
  propertyChecks: () => COUNTY_CHECKS,
  fieldLabels: { code: '行政区划代码', name: '名称' },
  countUnit: '个',
  stack: { [COUNTIES_FILL]: STACK.ground, [COUNTIES_LINE]: STACK.boundaries, [COUNTIES_LABEL]: STACK.labels },
  pick: [{ mapLayer: COUNTIES_FILL, priority: 90, geometry: 'area' }],
  legend: [{ label: '县级行政区界', colour: COUNTY_LINE, shape: 'line' }],
  // Over an online basemap the paper must be clear, but still there to be clicked.
  overBasemap: [{ mapLayer: COUNTIES_FILL, property: 'fill-opacity', offline: 1, online: 0 }],
  searchable: ['name', 'code'],
  bundle(layer) {
    const polygons = withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) as FeatureCollection<Polygon | MultiPolygon>;
    return {
      sources: {
        [COUNTIES_SOURCE]: { type: 'geojson', data: polygons },
        [COUNTIES_LABEL_SOURCE]: { type: 'geojson', data: buildLabelPoints(polygons) },
      },
      layers: [
        { id: COUNTIES_FILL, type: 'fill', source: COUNTIES_SOURCE, paint: { 'fill-color': PAPER, 'fill-opacity': 1 } },
        {
          id: COUNTIES_LINE,
          type: 'line',
          source: COUNTIES_SOURCE,
          paint: { 'line-color': COUNTY_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.8, 12, 2], 'line-dasharray': [3, 2] },
        },
        {
          id: COUNTIES_LABEL,
          type: 'symbol',
          source: COUNTIES_LABEL_SOURCE,
          layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 7, 12, 11, 18] },
          paint: { 'text-color': '#4a4636', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index, context) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const c = feature.properties as CountyProperties;
    return {
      title: c.name,
      kind: '县级行政区',
      rows: [
        ['行政区划代码', c.code],
        ...outfallCountRow(
          '入河排污口',
          context.countOutfalls((o) => o.countyCode === c.code),
        ),
      ],
    };
  },
};
