// 国控站点: the national stations. Air stations are triangles coloured by their
// latest day's AQI level, water sections diamonds coloured by their latest month's
// class. Only scalar properties go to the map (MapLibre would stringify the daily
// arrays); cards read the full record from the loaded data by feature index.

import type { Feature } from 'geojson';
import { POLLUTANTS } from '../data/hotspot_grid_format';
import { WATER_CLASSES, isWorseClass } from '../data/types';
import type { AirStationProperties, WaterSectionProperties } from '../data/types';
import { addDays, monthLabel } from '../data/dates';
import { checks } from '../data/validate_layer';
import { AQI_LEVELS, aqiLevel, dailyAqi } from '../spatial/aqi';
import type { AqiPollutant } from '../spatial/aqi';
import { NO_DATA_COLOUR, POLLUTANT_NAMES } from '../symbology/air_quality';
import { WATER_CLASS_COLOURS, WATER_CLASS_LEGEND } from '../symbology/colours';
import { county, dash, reading } from './card';
import type { FeatureDescription, Row } from './card';
import { diamondIcon, triangleIcon } from './icons';
import { LABEL_FONT, STACK, featuresOf } from './layer_description';
import type { LayerBundle, LayerDescription } from './layer_description';

export const STATIONS = 'stations';
export const STATIONS_SOURCE = 'stations';
export const STATIONS_AIR = 'stations-air';
export const STATIONS_WATER = 'stations-water';
export const STATIONS_LABEL = 'stations-label';

/** Latest day's AQI colour for an air station, latest month's class colour for a water section. */
export function stationColour(p: AirStationProperties | WaterSectionProperties): string {
  if (p.kind === 'water') {
    const latest = p.monthlyClass[p.monthlyClass.length - 1];
    return latest ? WATER_CLASS_COLOURS[latest] : NO_DATA_COLOUR;
  }
  const last = p.pm25.length - 1;
  const readings: Partial<Record<AqiPollutant, number>> = {};
  for (const k of POLLUTANTS) if (p[k][last] != null) readings[k] = p[k][last]!;
  if (Object.keys(readings).length === 0) return NO_DATA_COLOUR;
  return aqiLevel(dailyAqi(readings).aqi).color;
}

function mean(values: (number | null)[]): number | null {
  const valid = values.filter((v): v is number => v != null);
  return valid.length ? Math.round(valid.reduce((a, b) => a + b, 0) / valid.length) : null;
}

/** The station card's sparkline: a month of daily PM2.5. */
const SPARKLINE_DAYS = 30;

function describeAirStation(p: AirStationProperties): FeatureDescription {
  const last = p.pm25.length - 1;
  const latest: Row[] = POLLUTANTS.map((k) => [POLLUTANT_NAMES[k] + (k === 'o3' ? '（8 小时）' : ''), reading(k, p[k][last])]);
  const means: Row[] = POLLUTANTS.map((k) => [POLLUTANT_NAMES[k], `${dash(mean(p[k])?.toString())} µg/m³`]);
  return {
    title: p.name,
    kind: '国控空气质量监测站',
    rows: [
      ['站点编号', p.id],
      ['所在县区', county(p.countyName, p.countyCode)],
    ],
    sections: [
      { heading: `最新日 ${addDays(p.startDate, last)}`, rows: latest },
      { heading: `${p.startDate} 至 ${addDays(p.startDate, last)} 均值`, rows: means },
    ],
    series: {
      title: 'PM2.5 近 30 天',
      unit: 'µg/m³',
      dates: p.pm25.slice(-SPARKLINE_DAYS).map((_, i, all) => addDays(p.startDate, last - all.length + 1 + i)),
      lines: [{ label: 'PM2.5', colour: '#d7301f', values: p.pm25.slice(-SPARKLINE_DAYS) }],
      compact: true,
    },
  };
}

function describeWaterSection(p: WaterSectionProperties): FeatureDescription {
  const monthly: Row[] = p.monthlyClass.map((c, i) => [monthLabel(p.startMonth, i), `${c}类`]);
  const latest = p.monthlyClass[p.monthlyClass.length - 1];
  return {
    title: p.name,
    kind: `${p.level}水质断面`,
    rows: [
      ['断面编号', p.id],
      ['所在河流', p.river],
      ['所在县区', county(p.countyName, p.countyCode)],
      ['考核目标', `${p.targetClass}类`],
      ['最新水质', latest ? `${latest}类${isWorseClass(latest, p.targetClass) ? '（未达标）' : '（达标）'}` : '无数据'],
    ],
    sections: [{ heading: '逐月水质类别', rows: monthly }],
  };
}

const AIR_CHECKS = {
  id: checks.text,
  name: checks.text,
  countyCode: checks.countyCode,
  countyName: checks.text,
  startDate: checks.date,
  pm25: checks.series,
  pm10: checks.series,
  o3: checks.series,
  no2: checks.series,
};
const WATER_CHECKS = {
  id: checks.text,
  name: checks.text,
  river: checks.text,
  countyCode: checks.countyCode,
  countyName: checks.text,
  level: checks.oneOf(['国控', '省控']),
  targetClass: checks.oneOf(WATER_CLASSES),
  startMonth: checks.month,
  monthlyClass: checks.classes,
};

function icon(id: string, kind: 'air' | 'water', image: string): LayerBundle['layers'][number] {
  return {
    id,
    type: 'symbol',
    source: STATIONS_SOURCE,
    filter: ['==', ['get', 'kind'], kind],
    layout: {
      'icon-image': image,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 7, 0.55, 13, 0.9],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: { 'icon-color': ['get', 'colour'], 'icon-halo-color': '#1b1b1b', 'icon-halo-width': 1.5 },
  };
}

export const stationsLayer: LayerDescription = {
  id: STATIONS,
  title: '国控站点',
  format: 'geojson',
  geometryTypes: ['Point'],
  featureKey: 'id',
  propertyChecks: (p) => (p.kind === 'air' ? AIR_CHECKS : p.kind === 'water' ? WATER_CHECKS : { kind: checks.oneOf(['air', 'water']) }),
  fieldLabels: {
    kind: '站点类型',
    id: '编号',
    name: '名称',
    river: '所在河流',
    countyCode: '区县代码',
    countyName: '所在县区',
    startDate: '起始日期',
    pm25: 'PM2.5 序列',
    pm10: 'PM10 序列',
    o3: 'O3 序列',
    no2: 'NO2 序列',
    level: '断面级别',
    targetClass: '目标水质',
    startMonth: '起始月份',
    monthlyClass: '逐月水质',
  },
  countUnit: '个',
  stack: { [STATIONS_AIR]: STACK.points, [STATIONS_WATER]: STACK.points, [STATIONS_LABEL]: STACK.labels },
  pick: [
    { mapLayer: STATIONS_AIR, priority: 20, geometry: 'point' },
    { mapLayer: STATIONS_WATER, priority: 21, geometry: 'point' },
  ],
  // Air stations take the colour of their latest day's AQI level (as in the grid's legend).
  legend: [
    { label: '国控空气站（颜色为最新日 AQI 级别）', colour: AQI_LEVELS[1].color, shape: 'triangle' },
    ...WATER_CLASS_LEGEND.map((e) => ({ ...e, label: `水质断面 ${e.label}` })),
  ],
  searchable: ['name', 'id', 'river'],
  filterable: ['kind', 'countyName', 'river', 'level', 'targetClass'],
  bundle(layer) {
    const features = featuresOf(layer).map((f, i): Feature => {
      const p = f.properties as AirStationProperties | WaterSectionProperties;
      return { type: 'Feature', id: i, geometry: f.geometry, properties: { kind: p.kind, name: p.name, colour: stationColour(p) } };
    });
    return {
      sources: { [STATIONS_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features } } },
      images: {
        'pds-triangle': { image: triangleIcon(), sdf: true },
        'pds-diamond': { image: diamondIcon(), sdf: true },
      },
      layers: [
        icon(STATIONS_AIR, 'air', 'pds-triangle'),
        icon(STATIONS_WATER, 'water', 'pds-diamond'),
        {
          id: STATIONS_LABEL,
          type: 'symbol',
          source: STATIONS_SOURCE,
          minzoom: 10,
          layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
          paint: { 'text-color': '#222222', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
        },
      ],
    };
  },
  describe(layer, index) {
    const feature = featuresOf(layer)[index];
    if (!feature) return null;
    const p = feature.properties as AirStationProperties | WaterSectionProperties;
    return p.kind === 'air' ? describeAirStation(p) : describeWaterSection(p);
  },
};
