// 河流: the six rivers (主要河流) and the tributaries the whole-basin survey covered
// (支流), with their names along the lines; a tributary is drawn thinner and labelled
// smaller, from its `class` (a river without one is drawn as a main river).

import { checks } from '../data/validate_layer';
import { RIVER_CLASSES } from '../data/types';
import type { RiverProperties } from '../data/types';
import { RIVER_COLOUR } from '../symbology/colours';
import { outfallCountRow } from './card';
import { LABEL_FONT, STACK, featuresOf, withIndexIds } from './layer_description';
import type { LayerDescription } from './layer_description';

export const RIVERS = 'rivers';
export const RIVERS_SOURCE = 'rivers';
export const RIVERS_LINE = 'rivers-line';
export const RIVERS_LABEL = 'rivers-label';

/** Made once: the checks run for every feature of the file. `class` is optional: data sets made before the tributaries have none. */
const isClass = checks.oneOf(RIVER_CLASSES);
const RIVER_CHECKS = {
  id: checks.text,
  name: checks.text,
  class: ((v, p) => (v === undefined || v === null ? null : isClass(v, p))) as typeof isClass,
  source: checks.text,
};

/** A value for tributaries, another for every other river. */
const byClass = (tributary: number, main: number): unknown => ['match', ['get', 'class'], '支流', tributary, main];

export const riversLayer: LayerDescription = {
  id: RIVERS,
  title: '河流',
  format: 'geojson',
  geometryTypes: ['LineString', 'MultiLineString'],
  featureKey: 'id',
  propertyChecks: () => RIVER_CHECKS,
  fieldLabels: { id: '编号', name: '名称', class: '类别', source: '来源' },
  countUnit: '个',
  stack: { [RIVERS_LINE]: STACK.rivers, [RIVERS_LABEL]: STACK.labels },
  pick: [{ mapLayer: RIVERS_LINE, priority: 60, geometry: 'area' }],
  legend: [
    { label: '主要河流（六河）', colour: RIVER_COLOUR, shape: 'line' },
    { label: '支流（细线）', colour: RIVER_COLOUR, shape: 'line' },
  ],
  searchable: ['name'],
  bundle(layer) {
    return {
      sources: { [RIVERS_SOURCE]: { type: 'geojson', data: withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) } },
      layers: [
        {
          id: RIVERS_LINE,
          type: 'line',
          source: RIVERS_SOURCE,
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: {
            'line-color': RIVER_COLOUR,
            'line-width': ['interpolate', ['linear'], ['zoom'], 7, byClass(0.6, 1.5), 12, byClass(1.8, 4), 16, byClass(4, 8)] as never,
          },
        },
        {
          id: RIVERS_LABEL,
          type: 'symbol',
          source: RIVERS_SOURCE,
          layout: {
            'symbol-placement': 'line',
            'symbol-spacing': 400,
            'text-field': ['get', 'name'],
            'text-font': LABEL_FONT,
            'text-size': byClass(11, 13) as never,
            'text-letter-spacing': 0.3,
            // The main rivers' names win where labels collide.
            'symbol-sort-key': byClass(2, 1) as never,
          },
          paint: { 'text-color': '#0d4f9c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index, context) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const r = feature.properties as RiverProperties;
    return {
      title: r.name,
      kind: '河流',
      rows: [
        ['类别', r.class ?? '主要河流'],
        ['数据来源', r.source],
        ...outfallCountRow(
          '沿岸排污口',
          context.countOutfalls((o) => o.river === r.name),
        ),
      ],
    };
  },
};
