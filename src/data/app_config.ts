// The deployment's configuration, public/config.json, served with the app (see
// README.md). Everything in it is optional: with no file, or an empty one, the
// app uses its built-in data and the offline basemap and asks no other host.

export interface BasemapConfig {
  /** Stable id, e.g. "tdt-vec". */
  id: string;
  /** Chinese name in the 底图 switcher, e.g. 天地图矢量. */
  title: string;
  /**
   * 'tianditu': 天地图 vector (layer "vec") or imagery ("img") with its label layer, needs `key`;
   * 'xyz': any raster tile URL template with {z} {x} {y}; 'wmts': a WMTS KVP GetTile URL with
   * {TileMatrix} {TileRow} {TileCol} (Web Mercator tile matrix set).
   */
  type: 'tianditu' | 'xyz' | 'wmts';
  layer?: 'vec' | 'img';
  key?: string;
  url?: string;
  /** Optional second template drawn on top (e.g. a label layer). */
  labelUrl?: string;
  attribution?: string;
  maxzoom?: number;
}

export interface AppConfig {
  /** Base URL of the data set (manifest.json and its files); default: the app's own data/. */
  dataBaseUrl: string | null;
  /** Base URL of the inspections API: POST {apiBase}/inspections. Null: sync off. */
  apiBase: string | null;
  basemaps: BasemapConfig[];
}

export const DEFAULT_CONFIG: AppConfig = { dataBaseUrl: null, apiBase: null, basemaps: [] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Check a parsed config.json; keeps every valid part and explains each invalid one in Chinese. */
export function validateAppConfig(json: unknown): { config: AppConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(json)) return { config: DEFAULT_CONFIG, problems: ['配置文件 config.json 应为 JSON 对象，已使用默认配置'] };
  const basemaps: BasemapConfig[] = [];
  const list = json.basemaps ?? [];
  if (!Array.isArray(list)) problems.push('配置项 basemaps 应为数组，已忽略');
  else {
    list.forEach((raw, i) => {
      const problem = basemapProblem(raw);
      if (problem) problems.push(`底图配置第 ${i + 1} 项${problem}，已忽略`);
      else basemaps.push(raw as BasemapConfig);
    });
  }
  return {
    config: { dataBaseUrl: optionalString(json.dataBaseUrl), apiBase: optionalString(json.apiBase), basemaps },
    problems,
  };
}

function basemapProblem(raw: unknown): string | null {
  if (!isObject(raw)) return '不是对象';
  if (!optionalString(raw.id) || !optionalString(raw.title)) return '缺少 id 或 title';
  if (raw.type === 'tianditu') {
    if (raw.layer !== 'vec' && raw.layer !== 'img') return '（天地图）的 layer 应为 vec 或 img';
    if (!optionalString(raw.key)) return '（天地图）缺少 key';
    return null;
  }
  if (raw.type === 'xyz') {
    const url = optionalString(raw.url);
    if (!url || !url.includes('{z}') || !url.includes('{x}') || !url.includes('{y}')) return '的 url 应包含 {z} {x} {y}';
    return null;
  }
  if (raw.type === 'wmts') {
    const url = optionalString(raw.url);
    if (!url || !/\{TileMatrix\}/.test(url) || !/\{TileRow\}/.test(url) || !/\{TileCol\}/.test(url)) return '的 url 应包含 {TileMatrix} {TileRow} {TileCol}';
    return null;
  }
  return '的 type 应为 tianditu、xyz 或 wmts';
}

/** Fetch and check config.json; a missing or broken file means defaults plus a message, never a dead app. */
export async function loadAppConfig(url: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<{ config: AppConfig; problems: string[] }> {
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-cache' });
  } catch {
    return { config: DEFAULT_CONFIG, problems: [] }; // offline with no cached copy: defaults, silently
  }
  if (response.status === 404) return { config: DEFAULT_CONFIG, problems: [] };
  if (!response.ok) return { config: DEFAULT_CONFIG, problems: [`无法读取配置文件 config.json（服务器返回 ${response.status}），已使用默认配置`] };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { config: DEFAULT_CONFIG, problems: ['配置文件 config.json 不是有效的 JSON，已使用默认配置'] };
  }
  return validateAppConfig(json);
}
