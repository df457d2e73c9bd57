// 化工园区: the six chemical parks, coloured by the state of their wastewater treatment.

import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { PARK_WASTEWATER_STATUSES } from '../data/types';
import type { ParkProperties } from '../data/types';
import { checks } from '../data/validate_layer';
import { buildLabelPoints } from '../spatial/label_points';
import { PARK_LEGEND, PARK_STATUS_COLOURS } from '../symbology/colours';
import { county, dash, outfallCountRow } from './card';
import { describeCategoryCounts, formatCoverage, parkCoverage } from '../spatial/park_coverage';
import type { Row } from './card';
import { LABEL_FONT, STACK, featuresOf, whenSelected, withIndexIds } from './layer_description';
import type { LayerDescription } from './layer_description';
import type { PropertyCheck } from '../data/layer_spec';

export const PARKS = 'parks';
export const PARKS_SOURCE = 'parks';
export const PARKS_LABEL_SOURCE = 'parks-labels';
export const PARKS_FILL = 'parks-fill';
export const PARKS_LINE = 'parks-line';
export const PARKS_LABEL = 'parks-label';

const statusColour = ['match', ['get', 'wastewaterStatus'], ...Object.entries(PARK_STATUS_COLOURS).flat(), '#999999'];

/** Made once: the checks run for every feature of the file. */
const PARK_CHECKS = {
  id: checks.text,
  name: checks.text,
  countyCode: checks.countyCode,
  countyName: checks.text,
  wastewaterStatus: checks.oneOf(PARK_WASTEWATER_STATUSES),
  facility: checks.text,
  expectedCompletion: checks.nullable(checks.month),
  enterprises: checks.count,
  enterprisesConnected: ((v, p) =>
    checks.count(v, p) ??
    (typeof p.enterprises === 'number' && (v as number) > p.enterprises ? `不应多于园区企业数 ${p.enterprises}，实为 ${String(v)}` : null)) as PropertyCheck,
};

export const parksLayer: LayerDescription = {
  id: PARKS,
  title: '化工园区',
  format: 'geojson',
  geometryTypes: ['Polygon'],
  featureKey: 'id',
  propertyChecks: () => PARK_CHECKS,
  fieldLabels: {
    id: '编号',
    name: '名称',
    countyCode: '区县代码',
    countyName: '所在县区',
    wastewaterStatus: '污水处理状况',
    facility: '处理设施',
    expectedCompletion: '预计竣工',
    enterprises: '园区企业数',
    enterprisesConnected: '已接入处理设施企业数',
  },
  countUnit: '个',
  stack: { [PARKS_FILL]: STACK.areas, [PARKS_LINE]: STACK.areas, [PARKS_LABEL]: STACK.labels },
  pick: [{ mapLayer: PARKS_FILL, priority: 40, geometry: 'area' }],
  legend: PARK_LEGEND,
  searchable: ['name'],
  filterable: ['countyName', 'wastewaterStatus'],
  bundle(layer) {
    const polygons = withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) as FeatureCollection<Polygon | MultiPolygon>;
    return {
      sources: {
        [PARKS_SOURCE]: { type: 'geojson', data: polygons },
        [PARKS_LABEL_SOURCE]: { type: 'geojson', data: buildLabelPoints(polygons) },
      },
      layers: [
        { id: PARKS_FILL, type: 'fill', source: PARKS_SOURCE, paint: { 'fill-color': statusColour as never, 'fill-opacity': 0.45 } },
        { id: PARKS_LINE, type: 'line', source: PARKS_SOURCE, paint: { 'line-color': statusColour as never, 'line-width': whenSelected(4, 2) as never } },
        {
          id: PARKS_LABEL,
          type: 'symbol',
          source: PARKS_LABEL_SOURCE,
          minzoom: 9.5,
          layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 12, 'text-max-width': 8 },
          paint: { 'text-color': '#5b2a00', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index, context) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const p = feature.properties as ParkProperties;
    const rows: Row[] = [
      ['名称', p.name],
      ['所在县区', county(p.countyName, p.countyCode)],
      ['污水处理状况', p.wastewaterStatus],
      ['处理设施', dash(p.facility)],
    ];
    if (p.expectedCompletion) rows.push(['预计竣工', p.expectedCompletion]);
    rows.push(['园区企业', `${p.enterprises} 家，已接入处理设施 ${p.enterprisesConnected} 家`], ['污水处理覆盖率', formatCoverage(parkCoverage(p))]);
    const around = context.parkOutfalls?.(p.id);
    if (around) {
      rows.push(
        ['园区内排污口', `${around.insideTotal} 个（${describeCategoryCounts(around.inside)}）`],
        [`园区外 ${around.distanceM / 1000} 公里内排污口`, `${around.nearTotal} 个（${describeCategoryCounts(around.near)}）`],
      );
    } else
      rows.push(
        ...outfallCountRow(
          '园区内排污口',
          context.countOutfalls((o) => o.parkId === p.id),
        ),
      );
    const downstream = context.parkDownstream?.(p.id);
    if (downstream)
      rows.push([
        '下游水质断面',
        `${downstream.name}：${downstream.latestClass ? `${downstream.latestClass}类` : '无数据'}${downstream.month ? `（${downstream.month}）` : ''}`,
      ]);
    return { title: p.name, kind: '化工园区', rows };
  },
};
