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
   * {TileMatrix} {TileRow} {TileCol} (Web Mercator tile matrix set); 'pmtiles': one PMTiles
   * archive of vector tiles (OpenMapTiles or Protomaps schema) at `url`, usually beside the app,
   * drawn with the app's own small style and downloadable whole for offline use.
   */
  type: 'tianditu' | 'xyz' | 'wmts' | 'pmtiles';
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
  /**
   * Keys whose value is set but unusable, with the Chinese reason. Such a key is
   * not replaced by its default: an invalid dataBaseUrl must not quietly bring in
   * the built-in demo data, and an invalid apiBase is not a network problem to retry.
   */
  invalid: Partial<Record<'dataBaseUrl' | 'apiBase', string>>;
}

export const DEFAULT_CONFIG: AppConfig = { dataBaseUrl: null, apiBase: null, basemaps: [], invalid: {} };

/** The keys config.json may have (README.md, 部署配置). */
const KNOWN_KEYS = ['dataBaseUrl', 'apiBase', 'basemaps'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Where a relative URL in config.json is resolved from: the page, as fetch() would. */
const pageUrl = (): string => globalThis.location?.href ?? 'http://localhost/';

/**
 * An http(s) URL the app can fetch from, or the Chinese reason it is not one.
 * A relative path ("/pds-data/") is fine: it resolves against the page.
 */
function checkUrl(key: 'dataBaseUrl' | 'apiBase', raw: unknown): { url: string | null; problem: string | null } {
  if (raw === undefined || raw === null) return { url: null, problem: null };
  const effect = key === 'dataBaseUrl' ? '暂不联网下载数据，继续使用本机已有的数据' : '巡查记录暂不上传，只保存在本机';
  if (typeof raw !== 'string') return { url: null, problem: `配置项 ${key} 应为网址字符串，实为 ${JSON.stringify(raw)}：${effect}` };
  const value = raw.trim();
  if (value === '') return { url: null, problem: null };
  let parsed: URL;
  try {
    parsed = new URL(value, pageUrl());
  } catch {
    return { url: null, problem: `配置项 ${key} 不是有效的网址：“${value}”：${effect}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { url: null, problem: `配置项 ${key} 应为 http 或 https 网址，实为 ${parsed.protocol.replace(/:$/, '')}：“${value}”：${effect}` };
  }
  return { url: value, problem: null };
}

/** Edit distance, for suggesting the key a misspelt one was meant to be. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function unknownKeyProblem(key: string): string {
  const lower = key.toLowerCase();
  const guess = KNOWN_KEYS.find((k) => k.toLowerCase() === lower) ?? KNOWN_KEYS.find((k) => distance(k.toLowerCase(), lower) <= 2);
  if (guess) return `配置项 ${key} 无法识别，是否应为 ${guess}？（键名区分大小写）此项已忽略`;
  return `配置项 ${key} 无法识别，已忽略（可用的配置项：${KNOWN_KEYS.join('、')}）`;
}

/** Check a parsed config.json; keeps every valid part and explains each invalid one in Chinese. */
export function validateAppConfig(json: unknown): { config: AppConfig; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(json)) return { config: DEFAULT_CONFIG, problems: ['配置文件 config.json 应为 JSON 对象，已使用默认配置'] };
  // "_comment"-style keys and "$schema" are notes for the person editing the file.
  for (const key of Object.keys(json)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key) && !/^[_$]/.test(key)) problems.push(unknownKeyProblem(key));
  }
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
  const invalid: AppConfig['invalid'] = {};
  const urls = { dataBaseUrl: checkUrl('dataBaseUrl', json.dataBaseUrl), apiBase: checkUrl('apiBase', json.apiBase) };
  for (const key of ['dataBaseUrl', 'apiBase'] as const) {
    const problem = urls[key].problem;
    if (problem) {
      invalid[key] = problem;
      problems.push(problem);
    }
  }
  return { config: { dataBaseUrl: urls.dataBaseUrl.url, apiBase: urls.apiBase.url, basemaps, invalid }, problems };
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
  if (raw.type === 'pmtiles') {
    const url = optionalString(raw.url);
    if (!url) return '（PMTiles）缺少 url';
    if (/\{[a-z]+\}/i.test(url)) return '（PMTiles）的 url 应为一个 .pmtiles 文件的地址，不含 {z} {x} {y}';
    try {
      const protocol = new URL(url, pageUrl()).protocol;
      if (protocol !== 'http:' && protocol !== 'https:') return `（PMTiles）的 url 应为 http 或 https 网址，实为 ${protocol.replace(/:$/, '')}`;
    } catch {
      return '（PMTiles）的 url 不是有效的网址';
    }
    return null;
  }
  if (raw.type === 'wmts') {
    const url = optionalString(raw.url);
    if (!url || !/\{TileMatrix\}/.test(url) || !/\{TileRow\}/.test(url) || !/\{TileCol\}/.test(url)) return '的 url 应包含 {TileMatrix} {TileRow} {TileCol}';
    return null;
  }
  return '的 type 应为 tianditu、xyz、wmts 或 pmtiles';
}

/**
 * The last config.json the app read from the server, kept on the device so that an
 * offline start (even right after the very first visit, before the service worker
 * controls the page, and on plain-http intranet servers where there is no service
 * worker at all) runs with the deployment's own settings. `json: null` records that
 * the server has no config.json.
 */
export interface ConfigStore {
  read(): Promise<{ json: unknown; storedAt: string } | null>;
  write(json: unknown): Promise<void>;
}

export interface LoadedConfig {
  config: AppConfig;
  problems: string[];
  /** 'network': read from the server now; 'stored': the copy kept on this device; 'default': neither could be had. */
  from: 'network' | 'stored' | 'default';
}

export interface LoadConfigOptions {
  fetchImpl?: typeof fetch;
  store?: ConfigStore | null;
  /** A server that does not answer in this time is treated as unreachable (weak signal in the field). */
  timeoutMs?: number;
}

const CONFIG_TIMEOUT_MS = 8_000;

/**
 * Fetch and check config.json. A good answer from the server is used and kept; when
 * the server cannot be reached or answers badly, the kept copy is used. A missing or
 * broken file means defaults plus a message, never a dead app.
 */
export async function loadAppConfig(url: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const fetchImpl = options.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const store = options.store ?? null;
  const fromNetwork = async (json: unknown): Promise<LoadedConfig> => {
    // Not awaited: on a first visit IndexedDB takes a few hundred ms to open, and the data
    // server named here is what the first view waits for. Not kept (storage full or
    // blocked): this start still has the right settings.
    store?.write(json).catch(() => {});
    return json === null ? { config: DEFAULT_CONFIG, problems: [], from: 'network' } : { ...validateAppConfig(json), from: 'network' };
  };
  /** The kept copy, with `why` (a Chinese clause, or null) saying why the server's was not used. */
  const fromStore = async (why: string | null): Promise<LoadedConfig> => {
    let kept: { json: unknown; storedAt: string } | null = null;
    try {
      kept = (await store?.read()) ?? null;
    } catch {
      kept = null;
    }
    if (kept) {
      const { config, problems } = kept.json === null ? { config: DEFAULT_CONFIG, problems: [] } : validateAppConfig(kept.json);
      return { config, problems: why ? [`${why}，正在使用本机保存的配置`, ...problems] : problems, from: 'stored' };
    }
    return {
      config: DEFAULT_CONFIG,
      problems: [why ? `${why}，已使用默认配置` : '无法读取配置文件 config.json（无网络），本机也没有保存的配置：暂用默认配置（内置数据，不上传巡查记录），联网后请刷新页面'],
      from: 'default',
    };
  };

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? CONFIG_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-cache', signal: controller.signal });
  } catch {
    return fromStore(null); // offline or no answer: the kept copy, silently when there is one
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 404) return fromNetwork(null);
  if (!response.ok) return fromStore(`无法读取配置文件 config.json（服务器返回 ${response.status}）`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return fromStore('配置文件 config.json 不是有效的 JSON');
  }
  return fromNetwork(json);
}
