import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import { createHttpDataSource } from '../../src/data/data_source';
import { DatasetSync } from '../../src/data/dataset_sync';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import type { LayerResult } from '../../src/data/load_dataset';
import { startDataSync } from '../../src/app/load_into_state';
import { createAppState } from '../../src/state/app_state';
import type { Manifest } from '../../src/data/types';
import { gridDaysMissing } from '../../src/data/hotspot_grid_format';
import { readDataContent } from '../helpers/data_files';

// The real shipped data set, served by MSW, with one layer at a time broken.
const BASE = 'http://pds.test/data/';
const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8')) as Manifest;
const file = (name: string) => readFileSync(`data/${name}`);
const serveAll = () =>
  http.get(`${BASE}:name`, ({ params }) => {
    const body = file(String(params.name));
    return new HttpResponse(body, { headers: { 'Content-Type': 'application/octet-stream' } });
  });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A first visit with no offline cache: every layer's result, by id. */
async function load(): Promise<Map<string, LayerResult>> {
  const results = new Map<string, LayerResult>();
  const events = { onLayer: (r: LayerResult) => results.set(r.id, r), onManifest() {}, onNotice() {}, onCacheChanged() {}, onConfirmNeeded() {} };
  await new DatasetSync(createHttpDataSource(BASE), null, events, (entry) => BUILT_IN_LAYERS.find((l) => l.id === entry.id)!).start();
  return results;
}

describe('loading the data set', () => {
  it('loads every layer of the manifest with the counts it declares', async () => {
    server.use(serveAll());
    const results = await load();
    expect([...results.keys()].sort()).toEqual(manifest.layers.map((l) => l.id).sort());
    for (const entry of manifest.layers) {
      const r = results.get(entry.id)!;
      expect(r.ok, entry.id).toBe(true);
      if (!r.ok) continue;
      const count = r.layer.kind === 'grid' ? r.layer.grid.header.cellCount : r.layer.collection.features.length;
      expect(count, entry.id).toBe(entry.featureCount);
      expect(r.problems, entry.id).toEqual([]);
      // Every chunk of the grid arrived: no day of any pollutant is missing.
      if (r.layer.kind === 'grid') {
        const { grid } = r.layer;
        for (const p of grid.header.pollutants) expect(gridDaysMissing(grid, p, 0, grid.header.days - 1), p).toBe(0);
      }
    }
  });

  it('loads the same from a server that decodes the .gz files itself (Content-Encoding: gzip)', async () => {
    server.use(http.get(`${BASE}:name`, ({ params }) => new HttpResponse(readDataContent(String(params.name)))));
    const results = await load();
    expect([...results.values()].filter((r) => r.ok)).toHaveLength(manifest.layers.length);
    const grid = results.get('hotspot-grid')!;
    expect(grid.ok && grid.layer.kind === 'grid' && gridDaysMissing(grid.layer.grid, 'pm25', 0, grid.layer.grid.header.days - 1)).toBe(0);
  });

  it('a chunk of the grid that fails leaves the grid shown, its days missing and the user told', async () => {
    const entry = manifest.layers.find((l) => l.chunks)!;
    const broken = entry.chunks![0];
    const notices: string[] = [];
    const results = new Map<string, LayerResult>();
    server.use(
      http.get(`${BASE}${broken.file}`, () => new HttpResponse(file(broken.file).subarray(0, 100))),
      serveAll(),
    );
    const events = {
      onLayer: (r: LayerResult) => results.set(r.id, r),
      onManifest() {},
      onNotice: (_: string, t: string) => notices.push(t),
      onCacheChanged() {},
      onConfirmNeeded() {},
    };
    await new DatasetSync(createHttpDataSource(BASE), null, events, (e) => BUILT_IN_LAYERS.find((l) => l.id === e.id)!).start();
    const grid = results.get('hotspot-grid')!;
    expect(grid.ok).toBe(true);
    if (!grid.ok || grid.layer.kind !== 'grid') return;
    const g = grid.layer.grid;
    expect(gridDaysMissing(g, broken.pollutant, broken.first, broken.first + broken.days - 1)).toBe(broken.days);
    expect(gridDaysMissing(g, broken.pollutant, 0, g.header.days - 1)).toBe(broken.days);
    expect(notices.join('\n')).toMatch(/热点网格：1 个时段数据块未能下载（.*文件解压失败/);
  });

  it('keeps loading the other layers when one answers 500', async () => {
    server.use(
      http.get(`${BASE}outfalls.geojson.gz`, () => new HttpResponse(null, { status: 500 })),
      serveAll(),
    );
    const results = await load();
    const outfalls = results.get('outfalls')!;
    expect(outfalls.ok).toBe(false);
    if (!outfalls.ok) expect(outfalls.message).toBe('排污口：下载 outfalls.geojson.gz 失败：服务器返回 500');
    expect([...results.values()].filter((r) => r.ok)).toHaveLength(manifest.layers.length - 1);
  });

  it('reports a truncated file and a corrupt grid, and still loads the rest', async () => {
    server.use(
      // Plain text under the .gz name (a server that decoded it), cut short; and a grid index whose gzip is cut short.
      http.get(`${BASE}rivers.geojson.gz`, () => HttpResponse.text(file('rivers.geojson').toString('utf8').slice(0, 500))),
      http.get(`${BASE}hotspot-grid-index.bin.gz`, () => new HttpResponse(file('hotspot-grid-index.bin.gz').subarray(0, 4000))),
      serveAll(),
    );
    const results = await load();
    const rivers = results.get('rivers')!;
    const grid = results.get('hotspot-grid')!;
    expect(rivers.ok).toBe(false);
    expect(grid.ok).toBe(false);
    expect(!rivers.ok && rivers.message).toMatch(/^河流（rivers\.geojson\.gz）不是有效的 JSON/);
    expect(!grid.ok && grid.message).toMatch(/^热点网格：文件解压失败/);
    expect(results.get('outfalls')!.ok).toBe(true);
  });

  it('keeps the good outfalls of a file with a bad row and tells the user which row', async () => {
    const collection = JSON.parse(file('outfalls.geojson').toString('utf8'));
    collection.features[41].geometry.coordinates = [181, 33.7];
    server.use(
      http.get(`${BASE}outfalls.geojson.gz`, () => HttpResponse.json(collection)),
      serveAll(),
    );
    const state = createAppState();
    await startDataSync(state, createHttpDataSource(BASE), null).started;
    const status = state.layerStatus.value.outfalls;
    expect(status.state).toBe('ready');
    if (status.state === 'ready' && status.layer.kind === 'geojson') {
      expect(status.layer.collection.features).toHaveLength(collection.features.length - 1);
    }
    const warning = state.notices.value.find((n) => n.kind === 'warning');
    expect(warning?.text).toContain('排污口 第 42 条');
    expect(warning?.text).toContain('其余数据已正常加载');
    expect(state.allLayersSettled.value).toBe(true);
  });

  it('says in Chinese when the manifest cannot be reached, and marks every layer failed', async () => {
    server.use(http.get(`${BASE}manifest.json`, () => HttpResponse.error()));
    const state = createAppState();
    await startDataSync(state, createHttpDataSource(BASE), null).started;
    expect(state.notices.value[0].kind).toBe('error');
    expect(state.notices.value[0].text).toContain('无法下载数据：无法连接数据服务器');
    expect(state.notices.value[0].text).toContain('本机还没有离线数据');
    expect(Object.values(state.layerStatus.value).every((s) => s.state === 'error')).toBe(true);
  });
});
