import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createHttpDataSource, DataSourceError } from '../../src/data/data_source';

const BASE = 'http://pds.test/data/';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('HTTP data source', () => {
  it('reads the manifest and a file from the base URL', async () => {
    server.use(
      http.get(`${BASE}manifest.json`, () => HttpResponse.json({ demo: true })),
      http.get(`${BASE}rivers.geojson`, () => HttpResponse.text('{"type":"FeatureCollection","features":[]}')),
    );
    const source = createHttpDataSource(BASE);
    expect(await source.fetchManifest()).toEqual({ demo: true });
    expect(new TextDecoder().decode(await source.fetchFile('rivers.geojson'))).toContain('FeatureCollection');
  });

  it('reports a server error in Chinese with the file and status', async () => {
    server.use(http.get(`${BASE}outfalls.geojson`, () => new HttpResponse(null, { status: 503 })));
    const error = await createHttpDataSource(BASE)
      .fetchFile('outfalls.geojson')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toBe('下载 outfalls.geojson 失败：服务器返回 503');
  });

  it('reports a network failure as a connection problem, not a crash', async () => {
    server.use(http.get(`${BASE}manifest.json`, () => HttpResponse.error()));
    const error = await createHttpDataSource(BASE)
      .fetchManifest()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toContain('无法连接数据服务器');
  });

  it('rejects a manifest that is not JSON with a clear message', async () => {
    server.use(http.get(`${BASE}manifest.json`, () => HttpResponse.text('<html>502 Bad Gateway</html>')));
    await expect(createHttpDataSource(BASE).fetchManifest()).rejects.toThrow('数据清单 manifest.json 不是有效的 JSON');
  });
});
