// 水库: the three reservoirs, as water with a shore line and a name.

import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { checks } from '../data/validate_layer';
import type { ReservoirProperties } from '../data/types';
import { buildLabelPoints } from '../spatial/label_points';
import { RESERVOIR_FILL, RIVER_COLOUR } from '../symbology/colours';
import { outfallCountRow } from './card';
import type { Row } from './card';
import { LABEL_FONT, STACK, featuresOf, withIndexIds } from './layer_description';
import type { LayerDescription } from './layer_description';

export const RESERVOIRS = 'reservoirs';
export const RESERVOIRS_SOURCE = 'reservoirs';
export const RESERVOIRS_LABEL_SOURCE = 'reservoirs-labels';
export const RESERVOIRS_FILL = 'reservoirs-fill';
export const RESERVOIRS_LINE = 'reservoirs-line';
export const RESERVOIRS_LABEL = 'reservoirs-label';

/** Made once: the checks run for every feature of the file. */
const RESERVOIR_CHECKS = {
  id: checks.text,
  name: checks.text,
  river: checks.text,
  source: checks.text,
  // Optional: a deployment's outlines may come without the area.
  areaKm2: ((v, p) => (v === undefined || v === null ? null : checks.range(0, 10_000)(v, p))) as ReturnType<typeof checks.range>,
};

export const reservoirsLayer: LayerDescription = {
  id: RESERVOIRS,
  title: '水库',
  format: 'geojson',
  geometryTypes: ['Polygon'],
  featureKey: 'id',
  propertyChecks: () => RESERVOIR_CHECKS,
  fieldLabels: { id: '编号', name: '名称', river: '所在河流', source: '来源', areaKm2: '水面面积（km²）' },
  countUnit: '个',
  stack: { [RESERVOIRS_FILL]: STACK.water, [RESERVOIRS_LINE]: STACK.water, [RESERVOIRS_LABEL]: STACK.labels },
  pick: [{ mapLayer: RESERVOIRS_FILL, priority: 50, geometry: 'area' }],
  legend: [{ label: '水库水面', colour: RESERVOIR_FILL, shape: 'fill' }],
  searchable: ['name'],
  bundle(layer) {
    const polygons = withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) as FeatureCollection<Polygon | MultiPolygon>;
    return {
      sources: {
        [RESERVOIRS_SOURCE]: { type: 'geojson', data: polygons },
        [RESERVOIRS_LABEL_SOURCE]: { type: 'geojson', data: buildLabelPoints(polygons) },
      },
      layers: [
        { id: RESERVOIRS_FILL, type: 'fill', source: RESERVOIRS_SOURCE, paint: { 'fill-color': RESERVOIR_FILL, 'fill-opacity': 0.9 } },
        { id: RESERVOIRS_LINE, type: 'line', source: RESERVOIRS_SOURCE, paint: { 'line-color': RIVER_COLOUR, 'line-width': 1.2 } },
        {
          id: RESERVOIRS_LABEL,
          type: 'symbol',
          source: RESERVOIRS_LABEL_SOURCE,
          layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 13 },
          paint: { 'text-color': '#0d4f9c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index, context) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const r = feature.properties as ReservoirProperties;
    return {
      title: r.name,
      kind: '水库',
      rows: [
        ['所在河流', r.river],
        ...(r.areaKm2 != null ? ([['正常蓄水位水面面积', `约 ${r.areaKm2} km²`]] as Row[]) : []),
        ['数据来源', r.source],
        ...outfallCountRow(
          '沿岸排污口',
          context.countOutfalls((o) => o.river === r.name),
        ),
      ],
    };
  },
};
