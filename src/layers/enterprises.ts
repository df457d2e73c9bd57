// 重点排污单位: the key polluting enterprises of the report's ultra-low-emission
// retrofits (steel, coking, cement). The symbol tells the industry, the colour whether
// the retrofit is done and published; the card says both.

import type { Feature } from 'geojson';
import { ENTERPRISE_INDUSTRIES, RETROFIT_STATUSES } from '../data/types';
import type { EnterpriseProperties } from '../data/types';
import { checks } from '../data/validate_layer';
import { ENTERPRISE_INDUSTRY_SHAPES, ENTERPRISE_LEGEND, RETROFIT_STATUS_COLOURS } from '../symbology/colours';
import { county, dash } from './card';
import { hexagonIcon, houseIcon, squareIcon } from './icons';
import type { IconImage } from './icons';
import { LABEL_FONT, STACK, featuresOf, whenSelected } from './layer_description';
import type { LayerDescription } from './layer_description';

export const ENTERPRISES = 'enterprises';
export const ENTERPRISES_SOURCE = 'enterprises';
export const ENTERPRISES_ICON = 'enterprises-icon';
export const ENTERPRISES_LABEL = 'enterprises-label';

const ICONS: Record<'square' | 'hexagon' | 'house', { id: string; draw: () => IconImage }> = {
  square: { id: 'pds-square', draw: squareIcon },
  hexagon: { id: 'pds-hexagon', draw: hexagonIcon },
  house: { id: 'pds-house', draw: houseIcon },
};

const iconOf = ['match', ['get', 'industry'], ...ENTERPRISE_INDUSTRIES.flatMap((i) => [i, ICONS[ENTERPRISE_INDUSTRY_SHAPES[i]].id]), ICONS.square.id];
const statusColour = ['match', ['get', 'retrofitStatus'], ...Object.entries(RETROFIT_STATUS_COLOURS).flat(), '#999999'];

/** Made once: the checks run for every feature of the file. */
const ENTERPRISE_CHECKS = {
  id: checks.text,
  name: checks.text,
  industry: checks.oneOf(ENTERPRISE_INDUSTRIES),
  retrofitStatus: checks.oneOf(RETROFIT_STATUSES),
  countyCode: checks.countyCode,
  countyName: checks.text,
  township: checks.text,
  site: checks.text,
};

export const enterprisesLayer: LayerDescription = {
  id: ENTERPRISES,
  title: '重点排污单位',
  format: 'geojson',
  geometryTypes: ['Point'],
  featureKey: 'id',
  propertyChecks: () => ENTERPRISE_CHECKS,
  fieldLabels: {
    id: '编号',
    name: '名称',
    industry: '行业',
    retrofitStatus: '超低排放改造',
    countyCode: '区县代码',
    countyName: '所在县区',
    township: '乡镇',
    site: '所在片区',
  },
  countUnit: '家',
  stack: { [ENTERPRISES_ICON]: STACK.points, [ENTERPRISES_LABEL]: STACK.labels },
  pick: [{ mapLayer: ENTERPRISES_ICON, priority: 25, geometry: 'point' }],
  legend: ENTERPRISE_LEGEND,
  searchable: ['name', 'id'],
  filterable: ['industry', 'retrofitStatus', 'countyName'],
  bundle(layer) {
    const features = featuresOf(layer).map((f, i): Feature => {
      const p = f.properties as EnterpriseProperties;
      return { type: 'Feature', id: i, geometry: f.geometry, properties: { name: p.name, industry: p.industry, retrofitStatus: p.retrofitStatus } };
    });
    return {
      sources: { [ENTERPRISES_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features } } },
      images: Object.fromEntries(Object.values(ICONS).map(({ id, draw }) => [id, { image: draw(), sdf: true }])),
      layers: [
        {
          id: ENTERPRISES_ICON,
          type: 'symbol',
          source: ENTERPRISES_SOURCE,
          layout: {
            'icon-image': iconOf as never,
            'icon-size': ['interpolate', ['linear'], ['zoom'], 7, 0.5, 13, 0.85],
            'icon-allow-overlap': true,
            'icon-ignore-placement': true,
          },
          paint: {
            'icon-color': statusColour as never,
            'icon-halo-color': whenSelected('#000000', '#1b1b1b') as never,
            'icon-halo-width': whenSelected(3, 1.5) as never,
          },
        },
        {
          id: ENTERPRISES_LABEL,
          type: 'symbol',
          source: ENTERPRISES_SOURCE,
          minzoom: 10,
          layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
          paint: { 'text-color': '#3b2a20', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const p = feature.properties as EnterpriseProperties;
    return {
      title: p.name,
      kind: '重点排污单位',
      rows: [
        ['行业', p.industry],
        ['超低排放改造', p.retrofitStatus],
        ['所在县区', county(p.countyName, p.countyCode)],
        ['乡镇', dash(p.township)],
        ['所在片区', dash(p.site)],
        ['编号', p.id],
      ],
    };
  },
};
