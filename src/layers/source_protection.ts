// 水源保护区: the drinking-water source protection zones (一级/二级) of the reservoirs that
// supply the city. Outfalls are forbidden in them, so they are drawn under the water and
// the outfalls, and an outfall's card names the zone it lies in. The demo set's outlines
// are invented (labelled 演示 in their names); a deployment's data set brings the
// government's delimitation in the same shape.

import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { PROTECTION_LEVELS } from '../data/types';
import type { ProtectionZoneProperties } from '../data/types';
import { checks } from '../data/validate_layer';
import { buildLabelPoints } from '../spatial/label_points';
import { protectionZoneAt } from '../spatial/protection_zone';
import { PROTECTION_ZONE_COLOURS, PROTECTION_ZONE_LEGEND } from '../symbology/colours';
import { outfallCountRow } from './card';
import { LABEL_FONT, STACK, featuresOf, whenSelected, withIndexIds } from './layer_description';
import type { LayerDescription } from './layer_description';

export const SOURCE_PROTECTION = 'source-protection';
export const SOURCE_PROTECTION_SOURCE = 'source-protection';
export const SOURCE_PROTECTION_LABEL_SOURCE = 'source-protection-labels';
export const SOURCE_PROTECTION_FILL = 'source-protection-fill';
export const SOURCE_PROTECTION_LINE = 'source-protection-line';
export const SOURCE_PROTECTION_LABEL = 'source-protection-label';

const levelColour = ['match', ['get', 'level'], ...Object.entries(PROTECTION_ZONE_COLOURS).flat(), '#999999'];

/** Made once: the checks run for every feature of the file. */
const ZONE_CHECKS = { id: checks.text, name: checks.text, level: checks.oneOf(PROTECTION_LEVELS), reservoir: checks.text, source: checks.text };

export const sourceProtectionLayer: LayerDescription = {
  id: SOURCE_PROTECTION,
  title: '水源保护区',
  format: 'geojson',
  geometryTypes: ['Polygon', 'MultiPolygon'],
  featureKey: 'id',
  propertyChecks: () => ZONE_CHECKS,
  fieldLabels: { id: '编号', name: '名称', level: '级别', reservoir: '保护水源', source: '来源' },
  countUnit: '个',
  // Over the grid and under the water: the zone is the land and water around a reservoir.
  stack: { [SOURCE_PROTECTION_FILL]: STACK.boundaries, [SOURCE_PROTECTION_LINE]: STACK.boundaries, [SOURCE_PROTECTION_LABEL]: STACK.labels },
  // After the rivers and reservoirs: a tap on the water opens the reservoir, on the shore the zone.
  pick: [{ mapLayer: SOURCE_PROTECTION_FILL, priority: 70, geometry: 'area' }],
  legend: PROTECTION_ZONE_LEGEND,
  searchable: ['name'],
  bundle(layer) {
    const polygons = withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) as FeatureCollection<Polygon | MultiPolygon>;
    return {
      sources: {
        [SOURCE_PROTECTION_SOURCE]: { type: 'geojson', data: polygons },
        [SOURCE_PROTECTION_LABEL_SOURCE]: { type: 'geojson', data: buildLabelPoints(polygons) },
      },
      layers: [
        {
          id: SOURCE_PROTECTION_FILL,
          type: 'fill',
          source: SOURCE_PROTECTION_SOURCE,
          // The 二级 outline encloses the 一级 zone: a light wash, which the 一级 fill deepens.
          paint: { 'fill-color': levelColour as never, 'fill-opacity': ['match', ['get', 'level'], '一级', 0.22, 0.12] },
        },
        {
          id: SOURCE_PROTECTION_LINE,
          type: 'line',
          source: SOURCE_PROTECTION_SOURCE,
          paint: { 'line-color': levelColour as never, 'line-width': whenSelected(3.5, 1.4) as never, 'line-dasharray': [4, 2] },
        },
        {
          id: SOURCE_PROTECTION_LABEL,
          type: 'symbol',
          source: SOURCE_PROTECTION_LABEL_SOURCE,
          minzoom: 10.5,
          filter: ['==', ['get', 'level'], '二级'],
          layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-max-width': 9, 'text-offset': [0, 2.5] },
          paint: { 'text-color': '#880e4f', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index, context) {
    const features = featuresOf(layer);
    const feature = features[index];
    if (!feature) return null;
    const z = feature.properties as ProtectionZoneProperties;
    return {
      title: z.name,
      kind: '饮用水水源保护区',
      rows: [
        ['级别', z.level],
        ['保护水源', z.reservoir],
        ['数据来源', z.source],
        // The outfalls whose most specific zone this is (a 二级 outline's count leaves out its 一级 zone's).
        ...outfallCountRow(
          '区内排污口',
          context.countOutfalls((o) => protectionZoneAt(features, o.lon, o.lat)?.id === z.id),
        ),
      ],
    };
  },
};
