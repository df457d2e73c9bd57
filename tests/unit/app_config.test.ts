import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, loadAppConfig, validateAppConfig } from '../../src/data/app_config';
import { basemapSources } from '../../src/map/basemaps';

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

  it('the example config is valid and yields 天地图 with its label layer and the key', () => {
    const { config, problems } = validateAppConfig(JSON.parse(readFileSync('public/config.example.json', 'utf8')));
    expect(problems).toEqual([]);
    expect(config.basemaps.map((b) => b.title)).toEqual(['天地图矢量', '天地图影像', '内网底图', '内网 WMTS 底图']);
    const [vec, labels] = basemapSources(config.basemaps[0]);
    expect(vec.tiles![0]).toContain('LAYER=vec');
    expect(labels.tiles![0]).toContain('LAYER=cva');
    expect(vec.tiles![0]).toContain('tk=YOUR_TIANDITU_KEY');
    expect(basemapSources(config.basemaps[1])[1].tiles![0]).toContain('LAYER=cia');
    expect(basemapSources(config.basemaps[3])[0].tiles![0]).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}');
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

  it('a broken or unreachable config file falls back to defaults; only a broken one is reported', async () => {
    server.use(http.get(URL, () => HttpResponse.text('{ "basemaps": [ ')));
    expect(await loadAppConfig(URL)).toEqual({ config: DEFAULT_CONFIG, problems: ['配置文件 config.json 不是有效的 JSON，已使用默认配置'] });
    server.use(http.get(URL, () => HttpResponse.error()));
    expect(await loadAppConfig(URL)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
    server.use(http.get(URL, () => new HttpResponse(null, { status: 404 })));
    expect(await loadAppConfig(URL)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });
});
