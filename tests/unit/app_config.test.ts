import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, loadAppConfig, validateAppConfig } from '../../src/data/app_config';
import { basemapSources } from '../../src/map/basemaps';
import { PdsDatabase } from '../../src/data/cache/database';
import { createDexieConfigStore, createDexieLayerCache } from '../../src/data/cache/layer_cache';

const URL = 'http://pds.test/config.json';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('config.json', () => {
  it('the shipped config asks for nothing outside the app: no data server, no API, no basemap', () => {
    const { config, problems } = validateAppConfig(JSON.parse(readFileSync('public/config.json', 'utf8')));
    expect(problems).toEqual([]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it('the example config is valid and yields a PMTiles basemap, and 天地图 with its label layer and the key', () => {
    const { config, problems } = validateAppConfig(JSON.parse(readFileSync('public/config.example.json', 'utf8')));
    expect(problems).toEqual([]);
    expect(config.basemaps.map((b) => b.title)).toEqual(['离线矢量底图', '天地图矢量', '天地图影像', '内网底图', '内网 WMTS 底图']);
    expect(config.basemaps[0]).toMatchObject({ type: 'pmtiles', url: 'basemap/pingdingshan.pmtiles' });
    const [vec, labels] = basemapSources(config.basemaps[1]);
    expect(vec.tiles![0]).toContain('LAYER=vec');
    expect(labels.tiles![0]).toContain('LAYER=cva');
    expect(vec.tiles![0]).toContain('tk=YOUR_TIANDITU_KEY');
    expect(basemapSources(config.basemaps[2])[1].tiles![0]).toContain('LAYER=cia');
    expect(basemapSources(config.basemaps[4])[0].tiles![0]).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}');
  });

  it('keeps the good basemaps of a config with bad ones, and says which were ignored', () => {
    const { config, problems } = validateAppConfig({
      apiBase: 'https://api.example.org',
      basemaps: [
        { id: 'a', title: '好底图', type: 'xyz', url: 'https://t.example.org/{z}/{x}/{y}.png' },
        { id: 'b', title: '缺密钥', type: 'tianditu', layer: 'vec' },
        { id: 'c', title: '缺占位符', type: 'xyz', url: 'https://t.example.org/tile.png' },
      ],
    });
    expect(config.apiBase).toBe('https://api.example.org');
    expect(config.basemaps.map((b) => b.id)).toEqual(['a']);
    expect(problems).toEqual(['底图配置第 2 项（天地图）缺少 key，已忽略', '底图配置第 3 项的 url 应包含 {z} {x} {y}，已忽略']);
  });

  it('accepts a PMTiles basemap (one archive beside the app) and says what is wrong with a bad one', () => {
    const { config, problems } = validateAppConfig({
      basemaps: [
        { id: 'osm', title: '离线矢量底图', type: 'pmtiles', url: 'basemap/pingdingshan.pmtiles' },
        { id: 'abs', title: '内网矢量底图', type: 'pmtiles', url: 'https://gis.example.org/pds.pmtiles', attribution: '© OpenStreetMap 贡献者' },
        { id: 'no-url', title: '缺地址', type: 'pmtiles' },
        { id: 'tiles', title: '模板', type: 'pmtiles', url: 'https://t.example.org/{z}/{x}/{y}.pbf' },
        { id: 'ftp', title: 'FTP', type: 'pmtiles', url: 'ftp://files.example.org/pds.pmtiles' },
        { id: 'vec', title: '未知类型', type: 'mbtiles', url: 'basemap/pds.mbtiles' },
      ],
    });
    expect(config.basemaps.map((b) => [b.id, b.type, b.url])).toEqual([
      ['osm', 'pmtiles', 'basemap/pingdingshan.pmtiles'],
      ['abs', 'pmtiles', 'https://gis.example.org/pds.pmtiles'],
    ]);
    expect(problems).toEqual([
      '底图配置第 3 项（PMTiles）缺少 url，已忽略',
      '底图配置第 4 项（PMTiles）的 url 应为一个 .pmtiles 文件的地址，不含 {z} {x} {y}，已忽略',
      '底图配置第 5 项（PMTiles）的 url 应为 http 或 https 网址，实为 ftp，已忽略',
      '底图配置第 6 项的 type 应为 tianditu、xyz、wmts 或 pmtiles，已忽略',
    ]);
    // A vector basemap has no raster sources: the map draws it with its own style.
    expect(basemapSources(config.basemaps[0])).toEqual([]);
  });

  it('with nothing kept on the device: a broken file is reported, a missing one means defaults, an unreachable one says so', async () => {
    server.use(http.get(URL, () => HttpResponse.text('{ "basemaps": [ ')));
    expect(await loadAppConfig(URL)).toEqual({ config: DEFAULT_CONFIG, problems: ['配置文件 config.json 不是有效的 JSON，已使用默认配置'], from: 'default' });
    server.use(http.get(URL, () => new HttpResponse(null, { status: 404 })));
    expect(await loadAppConfig(URL)).toEqual({ config: DEFAULT_CONFIG, problems: [], from: 'network' });
    server.use(http.get(URL, () => HttpResponse.error()));
    const offline = await loadAppConfig(URL);
    expect(offline.config).toEqual(DEFAULT_CONFIG);
    expect(offline.problems).toEqual([expect.stringContaining('本机也没有保存的配置：暂用默认配置')]);
  });
});

describe('config.json kept on the device', () => {
  const deployment = { dataBaseUrl: 'https://gis.example.org/pds-data/', apiBase: 'https://gis.example.org/pds-api' };
  let db: PdsDatabase;
  beforeEach(() => {
    db = new PdsDatabase('pds-config-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  });
  afterEach(() => db.close());

  it('read once online, it is used offline: uploads and the data server stay configured', async () => {
    const store = createDexieConfigStore(db);
    server.use(http.get(URL, () => HttpResponse.json(deployment)));
    expect((await loadAppConfig(URL, { store })).from).toBe('network');
    server.use(http.get(URL, () => HttpResponse.error()));
    const offline = await loadAppConfig(URL, { store: createDexieConfigStore(db) });
    expect(offline).toEqual({ config: { ...DEFAULT_CONFIG, ...deployment }, problems: [], from: 'stored' });
  });

  it('a server that does not answer in time counts as offline: the kept copy is used', async () => {
    const store = createDexieConfigStore(db);
    await store.write(deployment);
    server.use(
      http.get(URL, async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const loaded = await loadAppConfig(URL, { store, timeoutMs: 50 });
    expect(loaded.from).toBe('stored');
    expect(loaded.config.apiBase).toBe(deployment.apiBase);
  });

  it('a changed config.json is picked up online and kept', async () => {
    const store = createDexieConfigStore(db);
    await store.write(deployment);
    server.use(http.get(URL, () => HttpResponse.json({ apiBase: 'https://new.example.org/api' })));
    expect((await loadAppConfig(URL, { store })).config.apiBase).toBe('https://new.example.org/api');
    server.use(http.get(URL, () => HttpResponse.error()));
    expect((await loadAppConfig(URL, { store })).config).toEqual({ ...DEFAULT_CONFIG, apiBase: 'https://new.example.org/api' });
  });

  it('a server error or a broken file keeps the kept copy and says so', async () => {
    const store = createDexieConfigStore(db);
    await store.write(deployment);
    server.use(http.get(URL, () => new HttpResponse('oops', { status: 502 })));
    const loaded = await loadAppConfig(URL, { store });
    expect(loaded.config.dataBaseUrl).toBe(deployment.dataBaseUrl);
    expect(loaded.problems).toEqual(['无法读取配置文件 config.json（服务器返回 502），正在使用本机保存的配置']);
    server.use(http.get(URL, () => HttpResponse.text('{ nope')));
    expect((await loadAppConfig(URL, { store })).problems).toEqual(['配置文件 config.json 不是有效的 JSON，正在使用本机保存的配置']);
  });

  it('清除缓存 does not remove the kept configuration', async () => {
    const store = createDexieConfigStore(db);
    await store.write(deployment);
    await createDexieLayerCache(db).clear();
    expect((await store.read())?.json).toEqual(deployment);
  });
});

describe('configuration errors are named as such', () => {
  it('a javascript: or malformed URL is rejected with the key and the reason, and not used', () => {
    const { config, problems } = validateAppConfig({ dataBaseUrl: 'javascript:alert(1)', apiBase: 'http://' });
    expect(config.dataBaseUrl).toBeNull();
    expect(config.apiBase).toBeNull();
    expect(config.invalid.dataBaseUrl).toBe(
      '配置项 dataBaseUrl 应为 http 或 https 网址，实为 javascript：“javascript:alert(1)”：暂不联网下载数据，继续使用本机已有的数据',
    );
    expect(config.invalid.apiBase).toBe('配置项 apiBase 不是有效的网址：“http://”：巡查记录暂不上传，只保存在本机');
    expect(problems).toEqual([config.invalid.dataBaseUrl, config.invalid.apiBase]);
  });

  it('relative and absolute http(s) URLs are accepted', () => {
    const { config, problems } = validateAppConfig({ dataBaseUrl: '/pds-data/', apiBase: 'https://api.example.org/v1' });
    expect(problems).toEqual([]);
    expect(config).toEqual({ ...DEFAULT_CONFIG, dataBaseUrl: '/pds-data/', apiBase: 'https://api.example.org/v1' });
  });

  it('misspelt keys are named with the likely key; unknown ones list the keys there are; notes are allowed', () => {
    const { config, problems } = validateAppConfig({ dataBaseURL: '/d/', apibase: '/api', apiBsae: '/x', colour: 'red', _comment: '内网部署' });
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(problems).toEqual([
      '配置项 dataBaseURL 无法识别，是否应为 dataBaseUrl？（键名区分大小写）此项已忽略',
      '配置项 apibase 无法识别，是否应为 apiBase？（键名区分大小写）此项已忽略',
      '配置项 apiBsae 无法识别，是否应为 apiBase？（键名区分大小写）此项已忽略',
      '配置项 colour 无法识别，已忽略（可用的配置项：dataBaseUrl、apiBase、basemaps）',
    ]);
  });
});
