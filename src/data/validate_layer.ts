// Validation of the data files the app loads: the manifest and each GeoJSON layer.
// A bad feature is reported in Chinese and left out; every good feature is kept.
// Problems that do not make a feature unusable (a point outside the city's box)
// are warnings: reported, and the feature kept.
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { WATER_CLASSES, type Manifest, type ManifestLayer } from './types.ts';
import { CITY_CHECK_BBOX } from './city.ts';
import { POLLUTANTS } from './hotspot_grid_format.ts';
import type { GridChunk, Pollutant } from './hotspot_grid_format.ts';
import type { DataLayerSpec, PropertyCheck } from './layer_spec.ts';

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

const LAYER_ID = /^[a-z][a-z0-9-]{0,39}$/;

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
    // Any well-formed id: a layer the app has no module for is shown as a generic layer (src/layers/generic.ts).
    if (typeof l.id !== 'string' || !LAYER_ID.test(l.id)) throw new Error(`${at}的图层编号无效：${describe(l.id)}（应为小写字母、数字和连字符）`);
    if (seen.has(l.id as string)) throw new Error(`${at}的图层编号重复：${l.id as string}`);
    seen.add(l.id as string);
    if (typeof l.title !== 'string' || l.title === '') throw new Error(`${at}缺少中文名称 title`);
    if (typeof l.file !== 'string' || !/^[\w.-]+$/.test(l.file)) throw new Error(`${at}的文件名无效：${describe(l.file)}`);
    if (l.format !== 'geojson' && l.format !== 'pdsgrid') throw new Error(`${at}的格式未知：${describe(l.format)}`);
    if (!Number.isInteger(l.featureCount) || (l.featureCount as number) < 0) throw new Error(`${at}的要素数量无效：${describe(l.featureCount)}`);
    if (!Number.isInteger(l.bytes) || (l.bytes as number) < 0) throw new Error(`${at}的文件大小无效：${describe(l.bytes)}`);
    if (typeof l.hash !== 'string' || !/^[0-9a-f]{64}$/.test(l.hash)) throw new Error(`${at}的校验值不是 SHA-256：${describe(l.hash)}`);
    const entry: ManifestLayer = { id: l.id, title: l.title, file: l.file, format: l.format, featureCount: l.featureCount as number, bytes: l.bytes as number, hash: l.hash };
    if (l.chunks !== undefined) entry.chunks = validateChunks(l.chunks, l.format, at);
    return entry;
  });
  return { demo: json.demo, dataDate: json.dataDate, name: json.name, layers };
}

/** A chunked grid's value files: well-formed entries with distinct keys; whether they fit the grid is checked when its index is read. */
function validateChunks(chunks: unknown, format: string, at: string): GridChunk[] {
  if (format !== 'pdsgrid') throw new Error(`${at}不是网格，不应有数据块 chunks`);
  // Empty is allowed: the stored manifest of a grid whose chunks could not be stored yet lists none.
  if (!Array.isArray(chunks)) throw new Error(`${at}的数据块列表 chunks 应为数组`);
  const keys = new Set<string>();
  return chunks.map((c, j): GridChunk => {
    const where = `${at}的第 ${j + 1} 个数据块`;
    if (!isObject(c)) throw new Error(`${where}格式不正确`);
    if (typeof c.key !== 'string' || !/^[\w./-]{1,80}$/.test(c.key) || keys.has(c.key)) throw new Error(`${where}的名称 key 无效或重复：${describe(c.key)}`);
    keys.add(c.key);
    if (typeof c.file !== 'string' || !/^[\w.-]+$/.test(c.file)) throw new Error(`${where}的文件名无效：${describe(c.file)}`);
    if (!(POLLUTANTS as readonly unknown[]).includes(c.pollutant)) throw new Error(`${where}的污染物未知：${describe(c.pollutant)}`);
    if (!Number.isInteger(c.first) || (c.first as number) < 0) throw new Error(`${where}的起始天 first 无效：${describe(c.first)}`);
    if (!Number.isInteger(c.days) || (c.days as number) < 1) throw new Error(`${where}的天数 days 无效：${describe(c.days)}`);
    if (!Number.isInteger(c.bytes) || (c.bytes as number) < 0) throw new Error(`${where}的大小 bytes 无效：${describe(c.bytes)}`);
    if (typeof c.hash !== 'string' || !/^[0-9a-f]{64}$/.test(c.hash)) throw new Error(`${where}的校验值不是 SHA-256：${describe(c.hash)}`);
    return { key: c.key, file: c.file, pollutant: c.pollutant as Pollutant, first: c.first as number, days: c.days as number, bytes: c.bytes as number, hash: c.hash };
  });
}

// ---- geometry --------------------------------------------------------------------

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

/** What is wrong with a geometry (Chinese), or null; pushes its positions to `out`. The import checks a file's features with it too. */
export function geometryError(g: unknown, allowed: readonly string[] | undefined, out: Position[]): string | null {
  if (!isObject(g)) return '缺少几何图形';
  const known = Object.keys(GEOMETRY_NAMES);
  if (typeof g.type !== 'string' || !(allowed ?? known).includes(g.type)) {
    return `几何类型应为${(allowed ?? known).map((t) => GEOMETRY_NAMES[t] ?? t).join('或')}，实为 ${describe(g.type)}`;
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

type Check = PropertyCheck;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Building blocks for the property rules of each layer (src/layers/*). */
export const checks = {
  text: ((v) => (typeof v === 'string' && v.trim() !== '' ? null : `应为非空文字，实为 ${describe(v)}`)) as Check,
  countyCode: ((v) => (typeof v === 'string' && /^41\d{4}$/.test(v) ? null : `应为 6 位行政区划代码，实为 ${describe(v)}`)) as Check,
  date: ((v) => (typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? null : `应为日期（如 2025-09-16），实为 ${describe(v)}`)) as Check,
  /** A date, or '' where the source did not give one (an imported ledger). */
  dateOrEmpty: ((v) => (v === '' ? null : checks.date(v, {}))) as Check,
  month: ((v) => (typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : `应为年月（如 2025-12），实为 ${describe(v)}`)) as Check,
  bool: ((v) => (typeof v === 'boolean' ? null : `应为是/否，实为 ${describe(v)}`)) as Check,
  count: ((v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : `应为非负整数，实为 ${describe(v)}`)) as Check,
  oneOf:
    (allowed: readonly string[]): Check =>
    (v) =>
      typeof v === 'string' && allowed.includes(v) ? null : `应为 ${allowed.join('、')} 之一，实为 ${describe(v)}`,
  nullable:
    (check: Check): Check =>
    (v, p) =>
      v === null ? null : check(v, p),
  range:
    (lo: number, hi: number): Check =>
    (v) =>
      typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? null : `应为 ${lo}–${hi} 之间的数，实为 ${describe(v)}`,
  series: ((v) =>
    Array.isArray(v) && v.every((x) => x === null || (typeof x === 'number' && Number.isFinite(x) && x >= 0)) ? null : '应为非负数值（或空值）组成的逐日序列') as Check,
  classes: ((v) =>
    Array.isArray(v) && v.every((x) => (WATER_CLASSES as readonly unknown[]).includes(x)) ? null : `应为水质类别（${WATER_CLASSES.join('、')}）组成的逐月序列`) as Check,
};

// ---- layers -------------------------------------------------------------------------

/** Check a GeoJSON layer against its spec: bad features are left out with a message, good ones kept. */
export function validateLayer(spec: DataLayerSpec, json: unknown): LayerValidation {
  const { title } = spec;
  if (spec.format !== 'geojson') throw new Error(`${title}不是 GeoJSON 图层`);
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new Error(`${title}数据不是有效的 GeoJSON 要素集合（FeatureCollection）`);
  }
  const labels = spec.fieldLabels ?? {};
  const problems: string[] = [];
  const warnings: string[] = [];
  const features: Feature[] = [];
  const keys = new Set<string>();
  const keyName = spec.featureKey;
  json.features.forEach((f: unknown, i: number) => {
    const props = isObject(f) && isObject(f.properties) ? f.properties : null;
    const key = keyName && props && (typeof props[keyName] === 'string' || typeof props[keyName] === 'number') ? String(props[keyName]) : null;
    const label = `${title} 第 ${i + 1} 条${key ? `（${key}）` : ''}`;
    if (!isObject(f) || f.type !== 'Feature') return void problems.push(`${label}：不是 GeoJSON 要素`);
    if (!props) return void problems.push(`${label}：缺少属性`);
    const positions: Position[] = [];
    const gErr = geometryError(f.geometry, spec.geometryTypes, positions);
    if (gErr) return void problems.push(`${label}：${gErr}`);
    const errors: string[] = [];
    for (const [field, check] of Object.entries(spec.propertyChecks?.(props) ?? {})) {
      const e = check(props[field], props);
      if (e) errors.push(`${labels[field] ?? field}（${field}）${e}`);
    }
    if (errors.length > 0) return void problems.push(`${label}：${errors.join('；')}`);
    if (key !== null && keyName) {
      if (keys.has(key)) return void problems.push(`${label}：${labels[keyName] ?? keyName}重复（${key}），保留先出现的一条`);
      keys.add(key);
    }
    const [west, south, east, north] = CITY_CHECK_BBOX;
    const outside = positions.find((p) => p[0] < west || p[0] > east || p[1] < south || p[1] > north);
    if (outside) warnings.push(`${label}：坐标 (${outside[0]}, ${outside[1]}) 不在平顶山市范围内，请检查坐标系`);
    for (const warning of spec.featureWarnings?.(props, f.geometry as unknown as Geometry) ?? []) warnings.push(`${label}：${warning}`);
    features.push(f as unknown as Feature);
  });
  return { collection: { type: 'FeatureCollection', features }, problems, warnings };
}
