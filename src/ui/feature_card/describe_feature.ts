// Turns a feature's record into the Chinese fields its card shows. Pure: no DOM,
// so every label and value can be tested without a browser.

import type { Feature } from 'geojson';
import type { LayerId } from '../../data/types';
import type {
  AirStationProperties,
  CountyProperties,
  FirePointProperties,
  OutfallProperties,
  ParkProperties,
  ReservoirProperties,
  RiverProperties,
  WaterSectionProperties,
} from '../../data/types';
import type { LoadedLayer } from '../../data/loaded_layer';
import { GRID_NO_DATA, POLLUTANTS, gridDayDate } from '../../data/hotspot_grid_format';
import type { HotspotGrid, Pollutant } from '../../data/hotspot_grid_format';
import { aqiLevel, iaqi } from '../../spatial/aqi';
import { POLLUTANT_NAMES } from '../../symbology/air_quality';

export type Row = [label: string, value: string];

/** One step of the survey's 查-测-溯-治 sequence. */
export interface ProgressStep {
  step: '查' | '测' | '溯' | '治';
  state: 'done' | 'doing' | 'todo';
  text: string;
}

export interface FeatureDescription {
  /** Heading of the card (the feature's name). */
  title: string;
  /** What kind of thing it is, e.g. 入河排污口. */
  kind: string;
  rows: Row[];
  progress?: ProgressStep[];
  /** Extra titled tables, e.g. a station's latest readings. */
  sections?: { heading: string; rows: Row[] }[];
}

/** Lookups into other layers a card may cite (e.g. the park an outfall lies in). */
export interface CardContext {
  parkName(id: string): string | undefined;
  countOutfalls(filter: (p: OutfallProperties) => boolean): number | undefined;
  gridDay?: { pollutant: Pollutant; day: number };
}

const dash = (value: string | null | undefined): string => (value == null || value === '' ? '—' : value);

export function describeOutfall(p: OutfallProperties, ctx: CardContext): FeatureDescription {
  const rows: Row[] = [
    ['编码', p.code],
    ['名称', p.name],
    ['类别', p.category],
    ['子类', p.subtype],
    ['受纳水体', p.river],
    ['所在县区', `${p.countyName}（${p.countyCode}）`],
    ['乡镇', dash(p.township)],
    ['排放方式', p.dischargeMode],
    ['责任单位', dash(p.responsibleUnit)],
    ['排查日期', p.surveyDate],
    ['整治措施', p.remediationMeasure],
    ['整治状态', p.remediationStatus],
    ['整治期限', p.remediationDeadline],
    ['坐标（WGS84）', `${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}`],
  ];
  if (p.parkId) rows.push(['所在园区', ctx.parkName(p.parkId) ?? p.parkId]);
  const progress: ProgressStep[] = [
    { step: '查', state: 'done', text: `已排查（${p.surveyDate}）` },
    p.monitored
      ? { step: '测', state: 'done', text: `已监测（${dash(p.monitoringDate)}）：${dash(p.monitoringResult)}` }
      : { step: '测', state: 'todo', text: '未监测' },
    p.traced ? { step: '溯', state: 'done', text: `已溯源：${dash(p.sourceDescription)}` } : { step: '溯', state: 'todo', text: '未溯源' },
    {
      step: '治',
      state: p.remediationStatus === '已完成' ? 'done' : p.remediationStatus === '整治中' ? 'doing' : 'todo',
      text: `${p.remediationMeasure} · ${p.remediationStatus} · 期限 ${p.remediationDeadline}`,
    },
  ];
  return { title: p.name, kind: '入河排污口', rows, progress };
}

function describePark(p: ParkProperties, ctx: CardContext): FeatureDescription {
  const inside = ctx.countOutfalls((o) => o.parkId === p.id);
  const rows: Row[] = [
    ['名称', p.name],
    ['所在县区', `${p.countyName}（${p.countyCode}）`],
    ['污水处理状况', p.wastewaterStatus],
    ['处理设施', dash(p.facility)],
  ];
  if (p.expectedCompletion) rows.push(['预计竣工', p.expectedCompletion]);
  if (inside !== undefined) rows.push(['园区内排污口', `${inside} 个`]);
  return { title: p.name, kind: '化工园区', rows };
}

/** Concentration with its AQI level, e.g. "48 µg/m³（良）". */
function reading(pollutant: Pollutant, value: number | null | undefined): string {
  if (value == null) return '无数据';
  return `${value} µg/m³（${aqiLevel(iaqi(pollutant, value)).name}）`;
}

function mean(values: (number | null)[]): number | null {
  const valid = values.filter((v): v is number => v != null);
  return valid.length ? Math.round(valid.reduce((a, b) => a + b, 0) / valid.length) : null;
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function describeAirStation(p: AirStationProperties): FeatureDescription {
  const last = p.pm25.length - 1;
  const latest: Row[] = POLLUTANTS.map((k) => [POLLUTANT_NAMES[k] + (k === 'o3' ? '（8 小时）' : ''), reading(k, p[k][last])]);
  const means: Row[] = POLLUTANTS.map((k) => [POLLUTANT_NAMES[k], `${dash(mean(p[k])?.toString())} µg/m³`]);
  return {
    title: p.name,
    kind: '国控空气质量监测站',
    rows: [
      ['站点编号', p.id],
      ['所在县区', `${p.countyName}（${p.countyCode}）`],
    ],
    sections: [
      { heading: `最新日 ${addDays(p.startDate, last)}`, rows: latest },
      { heading: `${p.startDate} 至 ${addDays(p.startDate, last)} 均值`, rows: means },
    ],
  };
}

function describeWaterSection(p: WaterSectionProperties): FeatureDescription {
  const [year, month] = p.startMonth.split('-').map(Number);
  const monthly: Row[] = p.monthlyClass.map((c, i) => {
    const m = month - 1 + i;
    return [`${year + Math.floor(m / 12)}年${(m % 12) + 1}月`, `${c}类`];
  });
  const latest = p.monthlyClass[p.monthlyClass.length - 1];
  return {
    title: p.name,
    kind: `${p.level}水质断面`,
    rows: [
      ['断面编号', p.id],
      ['所在河流', p.river],
      ['所在县区', `${p.countyName}（${p.countyCode}）`],
      ['考核目标', `${p.targetClass}类`],
      ['最新水质', latest ? `${latest}类${isWorse(latest, p.targetClass) ? '（未达标）' : '（达标）'}` : '无数据'],
    ],
    sections: [{ heading: '逐月水质类别', rows: monthly }],
  };
}

const CLASS_ORDER = ['I', 'II', 'III', 'IV', 'V', '劣V'];
function isWorse(actual: string, target: string): boolean {
  return CLASS_ORDER.indexOf(actual) > CLASS_ORDER.indexOf(target);
}

function describeFirePoint(p: FirePointProperties): FeatureDescription {
  return {
    title: `火点 ${p.id}`,
    kind: '卫星火点',
    rows: [
      ['观测时间', p.time.replace('T', ' ').slice(0, 16)],
      ['卫星', p.satellite],
      ['置信度', `${p.confidence}%`],
      ['火辐射功率', `${p.frp} MW`],
      ['所在县区', `${p.countyName}（${p.countyCode}）`],
      ['地类', p.landCover],
    ],
  };
}

export function describeGridCell(grid: HotspotGrid, index: number, day: number): FeatureDescription {
  const { header } = grid;
  const n = header.cellCount;
  const rows: Row[] = header.pollutants.map((k, p) => {
    const raw = grid.values[(p * header.days + day) * n + index];
    return [POLLUTANT_NAMES[k], raw === GRID_NO_DATA ? '无数据（云遮挡）' : reading(k, raw)];
  });
  const county = header.counties[grid.cellCounty[index]];
  return {
    title: `热点网格 ${grid.cellIds[index]}`,
    kind: '卫星热点网格（约 1 km）',
    rows: [
      ['网格编号', String(grid.cellIds[index])],
      ['所在县区', county ? `${county.name}（${county.code}）` : '—'],
      ['日期', gridDayDate(header, day)],
    ],
    sections: [{ heading: '当日浓度', rows }],
  };
}

/** Describe the feature at `index` of a loaded layer, or null if there is none. */
export function describeFeature(layerId: LayerId, layer: LoadedLayer, index: number, ctx: CardContext): FeatureDescription | null {
  if (layer.kind === 'grid') {
    if (index < 0 || index >= layer.grid.header.cellCount) return null;
    return describeGridCell(layer.grid, index, ctx.gridDay?.day ?? layer.grid.header.days - 1);
  }
  const feature: Feature | undefined = layer.collection.features[index];
  if (!feature) return null;
  const p = feature.properties as never;
  switch (layerId) {
    case 'outfalls':
      return describeOutfall(p, ctx);
    case 'parks':
      return describePark(p, ctx);
    case 'stations':
      return (p as AirStationProperties | WaterSectionProperties).kind === 'air' ? describeAirStation(p) : describeWaterSection(p);
    case 'fire-points':
      return describeFirePoint(p);
    case 'counties': {
      const c = p as CountyProperties;
      const count = ctx.countOutfalls((o) => o.countyCode === c.code);
      const rows: Row[] = [['行政区划代码', c.code]];
      if (count !== undefined) rows.push(['入河排污口', `${count} 个`]);
      return { title: c.name, kind: '县级行政区', rows };
    }
    case 'rivers': {
      const r = p as RiverProperties;
      const count = ctx.countOutfalls((o) => o.river === r.name);
      const rows: Row[] = [['数据来源', r.source]];
      if (count !== undefined) rows.push(['沿岸排污口', `${count} 个`]);
      return { title: r.name, kind: '河流', rows };
    }
    case 'reservoirs': {
      const r = p as ReservoirProperties;
      const count = ctx.countOutfalls((o) => o.river === r.name);
      const rows: Row[] = [
        ['所在河流', r.river],
        ['数据来源', r.source],
      ];
      if (count !== undefined) rows.push(['沿岸排污口', `${count} 个`]);
      return { title: r.name, kind: '水库', rows };
    }
    default:
      return null;
  }
}
