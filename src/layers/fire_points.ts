// 火点: satellite fire detections, orange-red with a yellow ring so they read as
// fire, not as outfalls.

import { checks } from '../data/validate_layer';
import type { FirePointProperties } from '../data/types';
import { FIRE_COLOUR } from '../symbology/colours';
import { county } from './card';
import { STACK, featuresOf, whenSelected, withIndexIds } from './layer_description';
import type { LayerDescription, LayerViewContext } from './layer_description';
import type { Feature } from 'geojson';

export const FIRE_POINTS = 'fire-points';
export const FIRE_POINTS_SOURCE = 'fire-points';
export const FIRE_POINTS_CIRCLE = 'fire-points-circle';

/** Feature values: a point of the period shown, or of another day (drawn transparent, and a tap does not find it). */
const IN_PERIOD = 1;
const OUT_OF_PERIOD = 0;
const SHOWN = ['case', ['==', ['coalesce', ['feature-state', 'v'], IN_PERIOD], OUT_OF_PERIOD], 0, 1] as never;

/** A fire point is drawn when it is of the grid's period and, while 筛选 limits it, inside the area. */
function shownIn(feature: Feature, view: LayerViewContext): boolean {
  const { date } = feature.properties as FirePointProperties;
  if (view.period && (date < view.period.from || date > view.period.to)) return false;
  if (!view.areaTest || feature.geometry.type !== 'Point') return true;
  const [lon, lat] = feature.geometry.coordinates;
  return view.areaTest(lon, lat);
}

/** Made once: the checks run for every feature of the file. */
const FIRE_POINT_CHECKS = {
  id: checks.text,
  time: checks.text,
  date: checks.date,
  satellite: checks.text,
  confidence: checks.range(0, 100),
  frp: checks.range(0, 100_000),
  countyCode: checks.countyCode,
  countyName: checks.text,
  landCover: checks.text,
};

export const firePointsLayer: LayerDescription = {
  id: FIRE_POINTS,
  title: '火点',
  format: 'geojson',
  geometryTypes: ['Point'],
  featureKey: 'id',
  propertyChecks: () => FIRE_POINT_CHECKS,
  fieldLabels: {
    id: '编号',
    time: '观测时间',
    date: '日期',
    satellite: '卫星',
    confidence: '置信度',
    frp: '火辐射功率',
    countyCode: '区县代码',
    countyName: '所在县区',
    landCover: '地类',
  },
  countUnit: '个',
  stack: { [FIRE_POINTS_CIRCLE]: STACK.detections },
  pick: [{ mapLayer: FIRE_POINTS_CIRCLE, priority: 30, geometry: 'point', hiddenValue: OUT_OF_PERIOD }],
  legend: [{ label: '卫星火点', colour: FIRE_COLOUR, shape: 'dot' }],
  filterable: ['date', 'satellite', 'countyName', 'landCover'],
  // Fire points follow the grid's time control: those of the period shown, not the whole year's.
  // A feature value per point, not a MapLibre filter: a new filter makes the map's worker lay out
  // the source again, which tripled the time of a day step (bench/README.md); a value only re-colours.
  featureValues(layer, view) {
    const features = featuresOf(layer);
    const values = new Float32Array(features.length).fill(IN_PERIOD);
    features.forEach((f, i) => {
      if (!shownIn(f, view)) values[i] = OUT_OF_PERIOD;
    });
    return { source: FIRE_POINTS_SOURCE, values };
  },
  followsView: (view) => [view.period?.from, view.period?.to, view.areaTest],
  note(layer, view) {
    if (!view.period) return null;
    const { from, to } = view.period;
    const shown = featuresOf(layer).filter((f) => shownIn(f, view)).length;
    const where = view.areaTest ? '，限于筛选范围' : '';
    return from === to ? `${from} 的 ${shown} 个${where}` : `${from} 至 ${to} 的 ${shown} 个（随热点网格的日期${where}）`;
  },
  bundle(layer) {
    return {
      sources: { [FIRE_POINTS_SOURCE]: { type: 'geojson', data: withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) } },
      layers: [
        {
          id: FIRE_POINTS_CIRCLE,
          type: 'circle',
          source: FIRE_POINTS_SOURCE,
          paint: {
            'circle-color': FIRE_COLOUR,
            'circle-opacity': SHOWN,
            'circle-stroke-opacity': SHOWN,
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 2.2, 13, 6],
            'circle-stroke-color': whenSelected('#000000', '#ffd54f') as never,
            'circle-stroke-width': whenSelected(3, 1.2) as never,
          },
        },
      ],
    };
  },
  describe(layer, index) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const p = feature.properties as FirePointProperties;
    return {
      title: `火点 ${p.id}`,
      kind: '卫星火点',
      rows: [
        ['观测时间', p.time.replace('T', ' ').slice(0, 16)],
        ['卫星', p.satellite],
        ['置信度', `${p.confidence}%`],
        ['火辐射功率', `${p.frp} MW`],
        ['所在县区', county(p.countyName, p.countyCode)],
        ['地类', p.landCover],
      ],
    };
  },
};
