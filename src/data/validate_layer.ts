// Validation of the data files the app loads: the manifest and each GeoJSON layer.
// A bad feature is reported in Chinese and left out; every good feature is kept.
// Problems that do not make a feature unusable (a point outside the city's box)
// are warnings: reported, and the feature kept.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import {
  DISCHARGE_MODES,
  LAYER_IDS,
  LAYER_TITLES,
  MONITORING_RESULTS,
  OUTFALL_CATEGORIES,
  PARK_WASTEWATER_STATUSES,
  REMEDIATION_MEASURES,
  REMEDIATION_STATUSES,
  WATER_CLASSES,
  type LayerId,
  type Manifest,
  type ManifestLayer,
} from './types.ts';


/** The city's bounding box with a margin of about 5 km (west, south, east, north). */
export const CITY_BBOX: [number, number, number, number] = [112.18, 33.08, 113.74, 34.4];

export interface LayerValidation {
  collection: FeatureCollection;
  /** Features left out, one message each. */
  problems: string[];
  /** Features kept, with something worth a look. */
  warnings: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === undefined ? '缺失' : JSON.stringify(v) ?? String(v));

/** JSON.parse with a Chinese message naming the file. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}不是有效的 JSON（${e instanceof Error ? e.message : String(e)}）`);
  }
}

// ---- manifest ------------------------------------------------------------------

export function validateManifest(json: unknown): Manifest {
  if (!isObject(json)) throw new Error('数据清单 manifest.json 格式不正确：应为 JSON 对象');
  if (typeof json.demo !== 'boolean') throw new Error('数据清单缺少 demo（是否演示数据）字段');
  if (typeof json.dataDate !== 'string' || !ISO_DATE.test(json.dataDate)) throw new Error(`数据清单的数据日期 dataDate 无效：${describe(json.dataDate)}`);
  if (typeof json.name !== 'string') throw new Error('数据清单缺少数据集名称 name');
  if (!Array.isArray(json.layers) || json.layers.length === 0) throw new Error('数据清单没有图层列表 layers');
  const seen = new Set<string>();
  const layers = json.layers.map((l, i): ManifestLayer => {
    const at = `数据清单第 ${i + 1} 个图层`;
    if (!isObject(l)) throw new Error(`${at}格式不正确`);
    if (!(LAYER_IDS as readonly unknown[]).includes(l.id)) throw new Error(`${at}的图层编号未知：${describe(l.id)}`);
    if (seen.has(l.id as string)) throw new Error(`${at}的图层编号重复：${l.id as string}`);
    seen.add(l.id as string);
    if (typeof l.title !== 'string' || l.title === '') throw new Error(`${at}缺少中文名称 title`);
    if (typeof l.file !== 'string' || !/^[\w.-]+$/.test(l.file)) throw new Error(`${at}的文件名无效：${describe(l.file)}`);
    if (l.format !== 'geojson' && l.format !== 'pdsgrid') throw new Error(`${at}的格式未知：${describe(l.format)}`);
    if (!Number.isInteger(l.featureCount) || (l.featureCount as number) < 0) throw new Error(`${at}的要素数量无效：${describe(l.featureCount)}`);
    if (!Number.isInteger(l.bytes) || (l.bytes as number) < 0) throw new Error(`${at}的文件大小无效：${describe(l.bytes)}`);
    if (typeof l.hash !== 'string' || !/^[0-9a-f]{64}$/.test(l.hash)) throw new Error(`${at}的校验值不是 SHA-256：${describe(l.hash)}`);
    return { id: l.id as LayerId, title: l.title, file: l.file, format: l.format, featureCount: l.featureCount as number, bytes: l.bytes as number, hash: l.hash };
  });
  return { demo: json.demo, dataDate: json.dataDate, name: json.name, layers };
}

// ---- geometry --------------------------------------------------------------------

const GEOMETRY_TYPES: Record<Exclude<LayerId, 'hotspot-grid'>, string[]> = {
  counties: ['Polygon', 'MultiPolygon'],
  rivers: ['LineString', 'MultiLineString'],
  reservoirs: ['Polygon'],
  outfalls: ['Point'],
  parks: ['Polygon'],
  stations: ['Point'],
  'fire-points': ['Point'],
};

const GEOMETRY_NAMES: Record<string, string> = {
  Point: '点', LineString: '线', MultiLineString: '多线', Polygon: '面', MultiPolygon: '多面',
};

/** Returns an error message, or null; pushes positions for the bbox warning. */
function positionError(p: unknown, out: Position[]): string | null {
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    return `坐标不是数字 ${describe(p)}`;
  }
  if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return `坐标超出范围 (${p[0]}, ${p[1]})`;
  out.push(p as Position);
  return null;
}

function geometryError(g: unknown, allowed: string[], out: Position[]): string | null {
  if (!isObject(g)) return '缺少几何图形';
  if (typeof g.type !== 'string' || !allowed.includes(g.type)) {
    return `几何类型应为${allowed.map((t) => GEOMETRY_NAMES[t] ?? t).join('或')}，实为 ${describe(g.type)}`;
  }
  const c = g.coordinates;
  const line = (l: unknown, min: number, closed: boolean): string | null => {
    if (!Array.isArray(l) || l.length < min) return `${closed ? '面的环' : '线'}至少需要 ${min} 个坐标点`;
    for (const p of l) {
      const e = positionError(p, out);
      if (e) return e;
    }
    if (closed) {
      const a = l[0] as number[];
      const b = l[l.length - 1] as number[];
      if (a[0] !== b[0] || a[1] !== b[1]) return '面的环未闭合（首尾坐标不同）';
    }
    return null;
  };
  const polygon = (rings: unknown): string | null => {
    if (!Array.isArray(rings) || rings.length === 0) return '面没有坐标环';
    for (const ring of rings) {
      const e = line(ring, 4, true);
      if (e) return e;
    }
    return null;
  };
  const many = (items: unknown, each: (x: unknown) => string | null): string | null => {
    if (!Array.isArray(items) || items.length === 0) return '几何图形没有坐标';
    for (const x of items) {
      const e = each(x);
      if (e) return e;
    }
    return null;
  };
  switch (g.type) {
    case 'Point':
      return positionError(c, out);
    case 'LineString':
      return line(c, 2, false);
    case 'MultiLineString':
      return many(c, (l) => line(l, 2, false));
    case 'Polygon':
      return polygon(c);
    case 'MultiPolygon':
      return many(c, polygon);
    default:
      return `不支持的几何类型 ${g.type}`;
  }
}

// ---- properties --------------------------------------------------------------------

type Check = (v: unknown, props: Json) => string | null;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const text: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? null : `应为非空文字，实为 ${describe(v)}`);
const countyCode: Check = (v) => (typeof v === 'string' && /^41\d{4}$/.test(v) ? null : `应为 6 位行政区划代码，实为 ${describe(v)}`);
const date: Check = (v) => (typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? null : `应为日期（如 2025-09-16），实为 ${describe(v)}`);
const month: Check = (v) => (typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : `应为年月（如 2025-12），实为 ${describe(v)}`);
const bool: Check = (v) => (typeof v === 'boolean' ? null : `应为是/否，实为 ${describe(v)}`);
const oneOf =
  (allowed: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? null : `应为 ${allowed.join('、')} 之一，实为 ${describe(v)}`;
const nullable =
  (check: Check): Check =>
  (v, p) =>
    v === null ? null : check(v, p);
const range =
  (lo: number, hi: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? null : `应为 ${lo}–${hi} 之间的数，实为 ${describe(v)}`;
const series: Check = (v) =>
  Array.isArray(v) && v.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0)) ? null : '应为非负数值（或空值）组成的逐日序列';
const classes: Check = (v) =>
  Array.isArray(v) && v.every((x) => (WATER_CLASSES as readonly unknown[]).includes(x)) ? null : `应为水质类别（${WATER_CLASSES.join('、')}）组成的逐月序列`;

const FIELD_NAMES: Record<string, string> = {
  code: '编码', name: '名称', id: '编号', source: '来源', river: '受纳水体', category: '类别', subtype: '子类', countyCode: '区县代码',
  countyName: '区县', township: '乡镇', lon: '经度', lat: '纬度', dischargeMode: '排放方式', responsibleUnit: '责任主体', surveyDate: '排查日期',
  monitored: '是否监测', monitoringDate: '监测日期', monitoringResult: '监测结果', traced: '是否溯源', sourceDescription: '溯源结果',
  remediationMeasure: '整治措施', remediationStatus: '整治状态', remediationDeadline: '整治期限', parkId: '所在园区', wastewaterStatus: '污水处理状态',
  facility: '处理设施', expectedCompletion: '预计完成', kind: '站点类型', startDate: '起始日期', pm25: 'PM2.5 序列', pm10: 'PM10 序列', o3: 'O3 序列',
  no2: 'NO2 序列', level: '断面级别', targetClass: '目标水质', startMonth: '起始月份', monthlyClass: '逐月水质', time: '时间', date: '日期',
  satellite: '卫星', confidence: '置信度', frp: '火辐射功率', landCover: '地类',
};

const OUTFALL_FIELDS: Record<string, Check> = {
  code: text, name: text, category: oneOf(OUTFALL_CATEGORIES), subtype: text, river: text, countyCode, countyName: text, township: text,
  lon: range(-180, 180), lat: range(-90, 90), dischargeMode: oneOf(DISCHARGE_MODES), responsibleUnit: text, surveyDate: date, monitored: bool,
  monitoringDate: nullable(date), monitoringResult: nullable(oneOf(MONITORING_RESULTS)), traced: bool, sourceDescription: nullable(text),
  remediationMeasure: oneOf(REMEDIATION_MEASURES), remediationStatus: oneOf(REMEDIATION_STATUSES), remediationDeadline: date,
  parkId: nullable(text),
};

const AIR_FIELDS: Record<string, Check> = { id: text, name: text, countyCode, countyName: text, startDate: date, pm25: series, pm10: series, o3: series, no2: series };
const WATER_FIELDS: Record<string, Check> = {
  id: text, name: text, river: text, countyCode, countyName: text, level: oneOf(['国控', '省控']), targetClass: oneOf(WATER_CLASSES), startMonth: month, monthlyClass: classes,
};

const FIELDS: Record<Exclude<LayerId, 'hotspot-grid'>, (props: Json) => Record<string, Check>> = {
  counties: () => ({ code: countyCode, name: text }),
  rivers: () => ({ id: text, name: text, source: text }),
  reservoirs: () => ({ id: text, name: text, river: text, source: text }),
  outfalls: () => OUTFALL_FIELDS,
  parks: () => ({
    id: text, name: text, countyCode, countyName: text, wastewaterStatus: oneOf(PARK_WASTEWATER_STATUSES), facility: text, expectedCompletion: nullable(month),
  }),
  stations: (p) => (p.kind === 'air' ? AIR_FIELDS : p.kind === 'water' ? WATER_FIELDS : { kind: oneOf(['air', 'water']) }),
  'fire-points': () => ({
    id: text, time: text, date, satellite: text, confidence: range(0, 100), frp: range(0, 100_000), countyCode, countyName: text, landCover: text,
  }),
};

/** The property a layer's features are identified by in messages. */
const FEATURE_KEY: Record<LayerId, string> = {
  counties: 'code', rivers: 'id', reservoirs: 'id', outfalls: 'code', parks: 'id', stations: 'id', 'hotspot-grid': 'id', 'fire-points': 'id',
};

// ---- layers -------------------------------------------------------------------------

export function validateLayer(id: LayerId, json: unknown): LayerValidation {
  const title = LAYER_TITLES[id] ?? id;
  if (id === 'hotspot-grid') throw new Error('热点网格不是 GeoJSON 图层，应使用 decodeHotspotGrid 读取');
  if (!(id in FIELDS)) throw new Error(`未知图层：${String(id)}`);
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new Error(`${title}数据不是有效的 GeoJSON 要素集合（FeatureCollection）`);
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const features: Feature[] = [];
  const keys = new Set<string>();
  const keyName = FEATURE_KEY[id];
  json.features.forEach((f: unknown, i: number) => {
    const props = isObject(f) && isObject(f.properties) ? f.properties : null;
    const key = props && (typeof props[keyName] === 'string' || typeof props[keyName] === 'number') ? String(props[keyName]) : null;
    const label = `${title} 第 ${i + 1} 条${key ? `（${key}）` : ''}`;
    if (!isObject(f) || f.type !== 'Feature') return void problems.push(`${label}：不是 GeoJSON 要素`);
    if (!props) return void problems.push(`${label}：缺少属性`);
    const positions: Position[] = [];
    const gErr = geometryError(f.geometry, GEOMETRY_TYPES[id], positions);
    if (gErr) return void problems.push(`${label}：${gErr}`);
    const errors: string[] = [];
    for (const [field, check] of Object.entries(FIELDS[id](props))) {
      const e = check(props[field], props);
      if (e) errors.push(`${FIELD_NAMES[field] ?? field}（${field}）${e}`);
    }
    if (errors.length > 0) return void problems.push(`${label}：${errors.join('；')}`);
    if (key !== null) {
      if (keys.has(key)) return void problems.push(`${label}：${FIELD_NAMES[keyName] ?? keyName}重复（${key}），保留先出现的一条`);
      keys.add(key);
    }
    const outside = positions.find((p) => p[0] < CITY_BBOX[0] || p[0] > CITY_BBOX[2] || p[1] < CITY_BBOX[1] || p[1] > CITY_BBOX[3]);
    if (outside) warnings.push(`${label}：坐标 (${outside[0]}, ${outside[1]}) 不在平顶山市范围内，请检查坐标系`);
    if (id === 'outfalls' && f.geometry && (f.geometry as Geometry).type === 'Point') {
      const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
      if (Math.abs(x - (props.lon as number)) > 1e-5 || Math.abs(y - (props.lat as number)) > 1e-5) {
        warnings.push(`${label}：属性中的经纬度 (${String(props.lon)}, ${String(props.lat)}) 与点位 (${x}, ${y}) 不一致`);
      }
    }
    features.push(f as unknown as Feature);
  });
  return { collection: { type: 'FeatureCollection', features }, problems, warnings };
}
