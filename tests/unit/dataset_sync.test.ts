// Offline-first loading against a mocked data server (MSW) and a real Dexie
// database on fake-indexeddb: first visit, second visit, updates, and each
// failure the loader must survive. Each test gets its own in-memory IndexedDB.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createHttpDataSource, createMisconfiguredDataSource } from '../../src/data/data_source';
import { DatasetSync } from '../../src/data/dataset_sync';
import type { DatasetChange, LayerOrigin, SyncEvents } from '../../src/data/dataset_sync';
import type { NotStoredLayer } from '../../src/data/cache/database';
import type { LayerResult } from '../../src/data/load_dataset';
import { PdsDatabase } from '../../src/data/cache/database';
import { createDexieLayerCache } from '../../src/data/cache/layer_cache';
import type { LayerCache } from '../../src/data/cache/layer_cache';
import type { LayerId, Manifest, ManifestLayer } from '../../src/data/types';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import { gzipSync } from 'node:zlib';
import { GRID_NO_DATA, encodeGridChunk, encodeHotspotGrid, gridDaySlice, gridDaysMissing } from '../../src/data/hotspot_grid_format';
import type { GridChunk, HotspotGrid } from '../../src/data/hotspot_grid_format';

const LAYER_TITLES = Object.fromEntries(BUILT_IN_LAYERS.map((l) => [l.id, l.title]));
const specFor = (entry: ManifestLayer) => BUILT_IN_LAYERS.find((l) => l.id === entry.id)!;

const BASE = 'http://pds.test/data/';

/** A small data set from three real layers of data/, with a manifest computed from the bytes. */
function makeDataSet(overrides: Partial<Record<LayerId, string>> = {}, dataDate = '2025-09-16') {
  const files: Record<string, Uint8Array> = {};
  const layers: ManifestLayer[] = (['rivers', 'reservoirs', 'parks'] as const).map((id) => {
    const file = `${id}.geojson`;
    const bytes = overrides[id] !== undefined ? new TextEncoder().encode(overrides[id]) : readFileSync(`data/${file}`);
    files[file] = new Uint8Array(bytes);
    const count = (JSON.parse(new TextDecoder().decode(bytes)) as { features: unknown[] }).features.length;
    return {
      id,
      title: LAYER_TITLES[id],
      file,
      format: 'geojson',
      featureCount: count,
      bytes: bytes.length,
      hash: createHash('sha256').update(bytes).digest('hex'),
    };
  });
  const manifest: Manifest = { demo: true, dataDate, name: 'test', layers };
  return { manifest, files };
}

/** Serve a data set and count the requests per file. */
function serve(set: ReturnType<typeof makeDataSet>, failing: Record<string, () => Response> = {}) {
  const requests: string[] = [];
  server.use(
    http.get(`${BASE}:name`, ({ params }) => {
      const name = String(params.name);
      requests.push(name);
      if (failing[name]) return failing[name]();
      if (name === 'manifest.json') return HttpResponse.json(set.manifest);
      const body = set.files[name];
      return body ? new HttpResponse(body) : new HttpResponse(null, { status: 404 });
    }),
  );
  return requests;
}

/** Run a sync and record everything it reports. */
async function run(cache: LayerCache | null, action: (sync: DatasetSync) => Promise<void> = (s) => s.start(), base = BASE) {
  const layers: { result: LayerResult; origin: LayerOrigin }[] = [];
  const notices: { kind: string; text: string }[] = [];
  const milestones: string[] = [];
  const confirmations: DatasetChange[] = [];
  const notCached: NotStoredLayer[][] = [];
  const events: SyncEvents = {
    onLayer: (result, origin) => layers.push({ result, origin }),
    onManifest: () => undefined,
    onNotice: (kind, text) => notices.push({ kind, text }),
    onCacheChanged: (_layers, missing) => notCached.push(missing),
    onConfirmNeeded: (change) => confirmations.push(change),
    onMilestone: (name) => milestones.push(name),
  };
  const sync = new DatasetSync(createHttpDataSource(base), cache, events, specFor);
  await action(sync);
  return { layers, notices, milestones, confirmations, notCached, sync };
}

const okIds = (layers: { result: LayerResult }[]) =>
  layers
    .filter((l) => l.result.ok)
    .map((l) => l.result.id)
    .sort();

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let db: PdsDatabase;
let cache: LayerCache;
beforeEach(() => {
  db = new PdsDatabase('pds-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  cache = createDexieLayerCache(db);
});
afterEach(() => db.close());

/** Rivers in the demo data set: the six main rivers and their tributaries. */
const riverCount = (): number => (JSON.parse(readFileSync('data/rivers.geojson', 'utf8')) as { features: unknown[] }).features.length;
describe('first and second visit', () => {
  it('first visit: downloads every layer, shows it and stores one record per layer', async () => {
    const set = makeDataSet();
    serve(set);
    const { layers, milestones } = await run(cache);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(layers.every((l) => l.origin === 'network')).toBe(true);
    const stored = await cache.listLayers();
    expect(stored.map((l) => [l.id, l.hash]).sort()).toEqual(set.manifest.layers.map((l) => [l.id, l.hash]).sort());
    expect(await db.layerData.count()).toBe(3);
    expect(milestones).toContain('cache-saved');
  });

  it('first visit: asks for the manifest while the cache is still being opened, not after', async () => {
    const set = makeDataSet();
    const requests = serve(set);
    // Opening IndexedDB for the first time takes a few hundred ms in a browser.
    let opened!: () => void;
    const slowCache: LayerCache = {
      ...cache,
      readManifest: async () => {
        await new Promise<void>((resolve) => (opened = resolve));
        return cache.readManifest();
      },
    };
    const started = run(slowCache);
    await vi.waitFor(() => expect(requests).toContain('manifest.json'));
    opened();
    const { layers } = await started;
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(requests.filter((r) => r === 'manifest.json')).toHaveLength(1);
  });

  it('the first view’s layer is downloaded alone and shown before the others, on a first visit and from the cache', async () => {
    const set = makeDataSet();
    const requests = serve(set);
    const shown: string[] = [];
    const events: SyncEvents = {
      onLayer: (result) => void shown.push(result.id),
      onManifest: () => undefined,
      onNotice: () => undefined,
      onCacheChanged: () => undefined,
      onConfirmNeeded: () => undefined,
    };
    const sync = () => new DatasetSync(createHttpDataSource(BASE), cache, events, specFor, { first: (entry) => entry.id === 'parks' });
    await sync().start();
    // Asked for first, though last in the manifest; the others only once they had arrived.
    expect(requests.filter((r) => r !== 'manifest.json')[0]).toBe('parks.geojson');
    expect(shown[0]).toBe('parks');
    shown.length = 0;
    await sync().start();
    expect(shown[0]).toBe('parks');
    expect([...shown].sort()).toEqual(['parks', 'reservoirs', 'rivers']);

    // From the cache, the others are read only once the first is on screen.
    shown.length = 0;
    let onScreen!: () => void;
    const held = new DatasetSync(createHttpDataSource(BASE), cache, events, specFor, {
      first: (entry) => entry.id === 'parks',
      firstOnScreen: () => new Promise<void>((resolve) => (onScreen = resolve)),
    }).start();
    await vi.waitFor(() => expect(shown).toEqual(['parks']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shown).toEqual(['parks']);
    onScreen();
    await held;
    expect([...shown].sort()).toEqual(['parks', 'reservoirs', 'rivers']);
  });

  it('second visit: shows every layer from the cache and downloads no layer file', async () => {
    const set = makeDataSet();
    serve(set);
    await run(cache);
    const requests = serve(set);
    const { layers, milestones } = await run(cache);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(layers.every((l) => l.origin === 'cache')).toBe(true);
    expect(milestones).toContain('from-cache');
    // Only the background check for newer data.
    expect(requests).toEqual(['manifest.json']);
  });

  it('second visit before config.json has named the server: the cache is shown at once, the server asked once it is known', async () => {
    const set = makeDataSet();
    serve(set);
    await run(cache);
    const requests = serve(set);
    let named: (source: ReturnType<typeof createHttpDataSource>) => void = () => undefined;
    const network = new Promise<ReturnType<typeof createHttpDataSource>>((resolve) => (named = resolve));
    const shown: string[] = [];
    const events: SyncEvents = {
      onLayer: (result, origin) => shown.push(`${result.id}:${origin}`),
      onManifest: () => undefined,
      onNotice: () => undefined,
      onCacheChanged: () => undefined,
      onConfirmNeeded: () => undefined,
    };
    const started = new DatasetSync(network, cache, events, specFor).start();
    await vi.waitFor(() => expect(shown.sort()).toEqual(['parks:cache', 'reservoirs:cache', 'rivers:cache']));
    expect(requests).toEqual([]);
    named(createHttpDataSource(BASE));
    await started;
    expect(requests).toEqual(['manifest.json']);
  });

  it('downloads only the layers whose hash changed, updates them in place and says 数据已更新 with the date', async () => {
    serve(makeDataSet());
    await run(cache);
    const rivers = JSON.parse(readFileSync('data/rivers.geojson', 'utf8'));
    rivers.features = rivers.features.slice(0, 5);
    const newer = makeDataSet({ rivers: JSON.stringify(rivers) }, '2025-10-01');
    const requests = serve(newer);
    const { layers, notices } = await run(cache);
    expect(requests.sort()).toEqual(['manifest.json', 'rivers.geojson']);
    const riverEvents = layers.filter((l) => l.result.id === 'rivers');
    expect(riverEvents.map((l) => l.origin)).toEqual(['cache', 'network']);
    const updated = riverEvents[1].result;
    expect(updated.ok && updated.layer.kind === 'geojson' && updated.layer.collection.features.length).toBe(5);
    expect(notices).toContainEqual({ kind: 'info', text: '数据已更新（数据日期 2025-10-01）：河流' });
    // The cache now holds the new version only.
    const stored = await cache.listLayers();
    expect(stored.find((l) => l.id === 'rivers')?.hash).toBe(newer.manifest.layers.find((l) => l.id === 'rivers')!.hash);
    expect(await db.layerData.where('id').equals('rivers').count()).toBe(1);
  });

  it('更新数据 with nothing new says the data is up to date and downloads nothing', async () => {
    const set = makeDataSet();
    serve(set);
    const { sync } = await run(cache);
    const requests = serve(set);
    const notices: string[] = [];
    (sync as unknown as { events: SyncEvents }).events.onNotice = (_kind, text) => notices.push(text);
    await sync.checkForUpdates();
    expect(requests).toEqual(['manifest.json']);
    expect(notices).toEqual(['数据已是最新（数据日期 2025-09-16）']);
  });
});

describe('failures', () => {
  it('first visit with no network: a Chinese message, every layer reported, no crash', async () => {
    server.use(http.get(`${BASE}:name`, () => HttpResponse.error()));
    const { layers, notices } = await run(cache);
    expect(layers).toEqual([]);
    expect(notices[0].kind).toBe('error');
    expect(notices[0].text).toContain('本机还没有离线数据，请联网后刷新页面');
  });

  it('offline with a cache: every layer from the cache, and a note that the data is the offline copy', async () => {
    serve(makeDataSet());
    await run(cache);
    server.use(http.get(`${BASE}:name`, () => HttpResponse.error()));
    const { layers, notices } = await run(cache);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(notices.filter((n) => n.kind === 'error')).toEqual([]);
  });

  it('a server error for one layer: the others load and are cached; the next visit fetches only the missing one', async () => {
    const set = makeDataSet();
    serve(set, { 'parks.geojson': () => new HttpResponse(null, { status: 500 }) });
    const first = await run(cache);
    expect(okIds(first.layers)).toEqual(['reservoirs', 'rivers']);
    const failed = first.layers.find((l) => l.result.id === 'parks')!.result;
    expect(!failed.ok && failed.message).toBe('化工园区：下载 parks.geojson 失败：服务器返回 500');
    expect((await cache.listLayers()).map((l) => l.id).sort()).toEqual(['reservoirs', 'rivers']);

    const requests = serve(set);
    const second = await run(cache);
    expect(requests.sort()).toEqual(['manifest.json', 'parks.geojson']);
    expect(okIds(second.layers)).toEqual(['parks', 'reservoirs', 'rivers']);
  });

  it('a malformed file for one layer: a clear message for it, the others load', async () => {
    const set = makeDataSet();
    serve(set, { 'reservoirs.geojson': () => HttpResponse.text('{"type":"FeatureCollection","features":[{"type":') });
    const { layers } = await run(cache);
    expect(okIds(layers)).toEqual(['parks', 'rivers']);
    const bad = layers.find((l) => l.result.id === 'reservoirs')!.result;
    expect(!bad.ok && bad.message).toMatch(/^水库（reservoirs\.geojson）不是有效的 JSON/);
  });

  it('a cached record that fails its hash is discarded and fetched again, never shown', async () => {
    const set = makeDataSet();
    serve(set);
    await run(cache);
    const entry = set.manifest.layers.find((l) => l.id === 'rivers')!;
    const tampered = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [] }));
    await db.layerData.put({ id: 'rivers', hash: entry.hash, bytes: tampered.buffer as ArrayBuffer });

    const requests = serve(set);
    const { layers, notices } = await run(cache);
    expect(requests.sort()).toEqual(['manifest.json', 'rivers.geojson']);
    const rivers = layers.filter((l) => l.result.id === 'rivers');
    expect(rivers.map((l) => l.origin)).toEqual(['network']);
    expect(rivers[0].result.ok && rivers[0].result.layer.kind === 'geojson' && rivers[0].result.layer.collection.features.length).toBe(riverCount());
    expect(notices.some((n) => n.text.startsWith('河流的离线缓存已损坏（校验值不符）'))).toBe(true);
  });

  it('a cached record that fails to parse is discarded and fetched again', async () => {
    const set = makeDataSet();
    serve(set);
    await run(cache);
    // A record that matches its (cached) hash but is not GeoJSON: e.g. written by a buggy older version.
    const garbage = new TextEncoder().encode('not json at all');
    const garbageHash = createHash('sha256').update(garbage).digest('hex');
    const entry = { ...set.manifest.layers.find((l) => l.id === 'parks')!, hash: garbageHash };
    await cache.writeLayer(entry, garbage.buffer as ArrayBuffer, '2025-09-16');
    await cache.writeManifest({ ...set.manifest, layers: set.manifest.layers.map((l) => (l.id === 'parks' ? entry : l)) }, BASE);

    const requests = serve(set);
    const { layers, notices } = await run(cache);
    expect(requests.sort()).toEqual(['manifest.json', 'parks.geojson']);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(notices.some((n) => n.kind === 'warning' && n.text.startsWith('化工园区的离线缓存已损坏'))).toBe(true);
    expect((await cache.listLayers()).find((l) => l.id === 'parks')?.hash).toBe(set.manifest.layers.find((l) => l.id === 'parks')!.hash);
  });

  it('storage full (QuotaExceededError inside an AbortError) for every layer: shown from the network, one message naming them', async () => {
    serve(makeDataSet());
    const quota = new Dexie.AbortError('Transaction aborted', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const full: LayerCache = { ...cache, writeLayer: () => Promise.reject(quota) };
    const { layers, notices, notCached } = await run(full);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    const warnings = notices.filter((n) => n.kind === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].text).toContain('本机存储空间不足');
    expect(warnings[0].text).toContain('河流、水库、化工园区未能存入离线缓存');
    expect(notCached.at(-1)!.map((l) => `${l.title}:${l.reason}`)).toEqual(['河流:本机存储空间不足', '水库:本机存储空间不足', '化工园区:本机存储空间不足']);
  });

  it('no usable IndexedDB at all (e.g. a private window): runs from the network with one message', async () => {
    serve(makeDataSet());
    const missing = Object.assign(new Error('IndexedDB API missing'), { name: 'MissingAPIError' });
    const broken: LayerCache = {
      readManifest: () => Promise.reject(missing),
      writeManifest: () => Promise.reject(missing),
      readLayer: () => Promise.reject(missing),
      writeLayer: () => Promise.reject(missing),
      deleteLayer: () => Promise.reject(missing),
      listLayers: () => Promise.reject(missing),
      clear: () => Promise.reject(missing),
      readChunk: () => Promise.reject(missing),
      writeChunk: () => Promise.reject(missing),
      listChunks: () => Promise.reject(missing),
      deleteChunk: () => Promise.reject(missing),
    };
    const { layers, notices } = await run(broken);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain('浏览器不允许本网页使用本地存储');
  });

  it('清除缓存 empties the cache; the next visit downloads everything again', async () => {
    const set = makeDataSet();
    serve(set);
    const { sync } = await run(cache);
    await sync.clearCache();
    expect(await cache.listLayers()).toEqual([]);
    expect(await cache.readManifest()).toBeNull();
    const requests = serve(set);
    const { layers } = await run(cache);
    expect(layers.every((l) => l.origin === 'network')).toBe(true);
    expect(requests.sort()).toEqual(['manifest.json', 'parks.geojson', 'reservoirs.geojson', 'rivers.geojson']);
  });
});

// ---- nothing good is thrown away -----------------------------------------------------

const OTHER = 'http://other.test/data/';

/** Serve a data set at another base URL (a second data server). */
function serveAt(base: string, set: ReturnType<typeof makeDataSet>) {
  const requests: string[] = [];
  server.use(
    http.get(`${base}:name`, ({ params }) => {
      const name = String(params.name);
      requests.push(name);
      if (name === 'manifest.json') return HttpResponse.json(set.manifest);
      const body = set.files[name];
      return body ? new HttpResponse(body) : new HttpResponse(null, { status: 404 });
    }),
  );
  return requests;
}

const offline = () => server.use(http.get(`${BASE}:name`, () => HttpResponse.error()));
const featureCount = (l: { result: LayerResult } | undefined) =>
  l?.result.ok && l.result.layer.kind === 'geojson' ? l.result.layer.collection.features.length : null;

describe('another data set is never applied without the user', () => {
  /** The deployment's own data set: fewer rivers, a later date, not demo. */
  function deploymentSet() {
    const rivers = JSON.parse(readFileSync('data/rivers.geojson', 'utf8'));
    rivers.features = rivers.features.slice(0, 2);
    const set = makeDataSet({ rivers: JSON.stringify(rivers) }, '2025-10-01');
    set.manifest.demo = false;
    return set;
  }

  it('a data set from another server with an older date: asks, changes nothing, and applies it only when accepted', async () => {
    serve(deploymentSet());
    await run(cache);
    const demo = makeDataSet(); // 2025-09-16, demo: true
    const requests = serveAt(OTHER, demo);
    const { layers, confirmations, notices, sync } = await run(cache, (s) => s.start(), OTHER);
    expect(requests, 'only the manifest was asked for').toEqual(['manifest.json']);
    expect(layers.every((l) => l.origin === 'cache')).toBe(true);
    expect(featureCount(layers.find((l) => l.result.id === 'rivers'))).toBe(2);
    expect(notices.filter((n) => n.text.startsWith('数据已更新'))).toEqual([]);
    expect(confirmations).toHaveLength(1);
    const { text } = confirmations[0];
    expect(text).toContain('来自另一个数据服务器');
    expect(text).toContain('数据日期 2025-09-16 早于本机的 2025-10-01');
    expect(text).toContain('服务器上的是演示数据，本机的是正式数据');
    expect(text).toContain(`本机：正式数据，数据日期 2025-10-01，来自 ${BASE}`);
    expect(text).toContain(`替换后要素数量将变化：河流 2 → ${riverCount()}。`);
    const stored = await cache.readManifest();
    expect(stored?.manifest.dataDate).toBe('2025-10-01');
    expect(stored?.source).toBe(BASE);

    // The user accepts: the other set is downloaded, shown and stored, with its server.
    layers.length = 0;
    await sync.acceptServerData();
    expect(featureCount(layers.find((l) => l.result.id === 'rivers' && l.origin === 'network'))).toBe(riverCount());
    const after = await cache.readManifest();
    expect(after?.manifest.dataDate).toBe('2025-09-16');
    expect(after?.source).toBe(OTHER);
  });

  it('the same server with an older data date also asks first (更新数据 included)', async () => {
    serve(makeDataSet({}, '2025-10-01'));
    await run(cache);
    const older = makeDataSet({}, '2025-09-01');
    serve(older);
    const { confirmations, sync } = await run(cache);
    expect(confirmations.map((c) => c.text)).toEqual([expect.stringContaining('数据日期 2025-09-01 早于本机的 2025-10-01')]);
    await sync.checkForUpdates();
    expect(confirmations).toHaveLength(2);
    expect((await cache.readManifest())?.manifest.dataDate).toBe('2025-10-01');
  });

  it('a cache written before the source was recorded is taken as this server’s: a newer set updates without asking', async () => {
    const set = makeDataSet();
    serve(set);
    await run(cache);
    // As written by the previous version: no source field.
    await db.meta.put({ key: 'manifest', manifest: (await cache.readManifest())!.manifest, storedAt: '2025-09-16T08:00:00.000Z' });
    const newer = makeDataSet({}, '2025-10-01');
    serve(newer);
    const { confirmations } = await run(cache);
    expect(confirmations).toEqual([]);
    expect((await cache.readManifest())?.source).toBe(BASE);
  });
});

describe('the stored manifest describes exactly the stored bytes', () => {
  it('a wrong hash in the server’s manifest: the download is not used, the good cached layer and its entry stay, and it opens offline', async () => {
    const set = makeDataSet();
    serve(set);
    await run(cache);
    const good = set.manifest.layers.find((l) => l.id === 'rivers')!;
    const wrong = {
      ...set,
      manifest: { ...set.manifest, dataDate: '2025-10-01', layers: set.manifest.layers.map((l) => (l.id === 'rivers' ? { ...l, hash: 'f'.repeat(64) } : l)) },
    };
    serve(wrong);
    const { notices } = await run(cache);
    expect(notices).toContainEqual({ kind: 'warning', text: '河流：下载的文件与数据清单的校验值不符，未采用；继续显示此前的数据' });
    const stored = await cache.readManifest();
    expect(stored?.manifest.layers.find((l) => l.id === 'rivers')).toEqual(good);

    offline();
    const again = await run(cache);
    expect(okIds(again.layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(again.layers.every((l) => l.origin === 'cache')).toBe(true);
  });

  it('a layer that fails to download keeps its previous version and entry; the others update', async () => {
    serve(makeDataSet());
    await run(cache);
    const before = (await cache.readManifest())!.manifest.layers.find((l) => l.id === 'parks');
    const parks = JSON.parse(readFileSync('data/parks.geojson', 'utf8'));
    parks.features = parks.features.slice(0, 1);
    serve(makeDataSet({ parks: JSON.stringify(parks) }, '2025-10-01'), { 'parks.geojson': () => new HttpResponse(null, { status: 503 }) });
    await run(cache);
    expect((await cache.readManifest())!.manifest.layers.find((l) => l.id === 'parks')).toEqual(before);
    offline();
    const again = await run(cache);
    expect(okIds(again.layers)).toEqual(['parks', 'reservoirs', 'rivers']);
  });

  it('storage full for one layer: the layers that fit are usable offline, and the missing one is named with the reason', async () => {
    serve(makeDataSet());
    const quota = new Dexie.AbortError('Transaction aborted', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const partlyFull: LayerCache = {
      ...cache,
      writeLayer: (entry, bytes, date) => (entry.id === 'parks' ? Promise.reject(quota) : cache.writeLayer(entry, bytes, date)),
    };
    const first = await run(partlyFull);
    expect(first.notices.filter((n) => n.kind === 'warning').map((n) => n.text)).toEqual([
      '本机存储空间不足：化工园区未能存入离线缓存，断网时不可用；其余图层已存入。请清理手机存储空间后点“更新数据”。',
    ]);
    expect(first.notCached.at(-1)).toEqual([{ id: 'parks', title: '化工园区', reason: '本机存储空间不足' }]);

    offline();
    const { layers, notCached } = await run(cache);
    expect(okIds(layers)).toEqual(['reservoirs', 'rivers']);
    const parks = layers.find((l) => l.result.id === 'parks')!.result;
    expect(!parks.ok && parks.message).toMatch(/^化工园区：本机没有离线数据（此前本机存储空间不足），且无法下载/);
    expect(notCached.at(-1)?.map((l) => l.id)).toEqual(['parks']);
  });

  it('after 清除缓存, 更新数据 stores the data again without needing a reload', async () => {
    const set = makeDataSet();
    serve(set);
    const { sync } = await run(cache);
    await sync.clearCache();
    const requests = serve(set);
    await sync.checkForUpdates();
    expect(requests.sort()).toEqual(['manifest.json', 'parks.geojson', 'reservoirs.geojson', 'rivers.geojson']);
    expect((await cache.readManifest())?.manifest.layers).toHaveLength(3);
  });

  it('a listener that throws on one layer does not stop the sync: the manifest is still saved', async () => {
    const set = makeDataSet();
    serve(set);
    const notices: string[] = [];
    const sync = new DatasetSync(
      createHttpDataSource(BASE),
      cache,
      {
        onLayer: (result) => {
          if (result.id === 'rivers') throw new RangeError('boom');
        },
        onManifest: () => undefined,
        onNotice: (_k, text) => notices.push(text),
        onCacheChanged: () => undefined,
        onConfirmNeeded: () => undefined,
      },
      specFor,
    );
    await sync.start();
    expect(notices).toContain('河流：显示时出错（boom）');
    expect((await cache.readManifest())?.manifest.layers.map((l) => l.id).sort()).toEqual(['parks', 'reservoirs', 'rivers']);
  });
});

describe('messages that say what is wrong', () => {
  it('an invalid manifest from the server is reported as invalid, not as a connection problem', async () => {
    serve(makeDataSet());
    await run(cache);
    const set = makeDataSet();
    server.use(http.get(`${BASE}manifest.json`, () => HttpResponse.json({ ...set.manifest, dataDate: 'soon' })));
    const { notices, layers } = await run(cache);
    expect(okIds(layers)).toEqual(['parks', 'reservoirs', 'rivers']);
    expect(notices.map((n) => n.text)).toEqual([
      expect.stringMatching(/^数据服务器提供的数据清单无效（数据清单的数据日期 dataDate 无效：.*），未作任何更新，正在使用离线数据（数据日期 2025-09-16）$/),
    ]);
    expect(notices.some((n) => n.text.includes('无法连接'))).toBe(false);
  });

  it('a misconfigured dataBaseUrl is a configuration error: no download is tried, and 更新数据 says why', async () => {
    serve(makeDataSet());
    await run(cache);
    const problem = '配置项 dataBaseUrl 应为 http 或 https 网址，实为 javascript：“javascript:alert(1)”：暂不联网下载数据，继续使用本机已有的数据';
    const notices: { kind: string; text: string }[] = [];
    const layers: LayerResult[] = [];
    const sync = new DatasetSync(
      createMisconfiguredDataSource('config.json#dataBaseUrl', problem),
      cache,
      {
        onLayer: (r) => layers.push(r),
        onManifest: () => undefined,
        onNotice: (kind, text) => notices.push({ kind, text }),
        onCacheChanged: () => undefined,
        onConfirmNeeded: () => undefined,
      },
      specFor,
    );
    await sync.start();
    expect(layers.filter((l) => l.ok)).toHaveLength(3);
    expect(notices, 'the config problem itself is shown by the app at start').toEqual([]);
    await sync.checkForUpdates();
    expect(notices).toEqual([{ kind: 'error', text: `${problem}。正在使用离线数据（数据日期 2025-09-16），不会更新。` }]);
  });

  it('a misconfigured dataBaseUrl and no cache: says the configuration must be fixed, not the network', async () => {
    const notices: string[] = [];
    const sync = new DatasetSync(
      createMisconfiguredDataSource('x', '配置项 dataBaseUrl 不是有效的网址：“http://”'),
      cache,
      {
        onLayer: () => undefined,
        onManifest: () => undefined,
        onNotice: (_k, text) => notices.push(text),
        onCacheChanged: () => undefined,
        onConfirmNeeded: () => undefined,
      },
      specFor,
    );
    await sync.start();
    expect(notices).toEqual(['配置项 dataBaseUrl 不是有效的网址：“http://”。本机还没有离线数据，请修正 config.json 后刷新页面。']);
  });
});

describe('a chunked grid, gzip-compressed', () => {
  // A 4-cell grid of 2 pollutants × 40 days, split by pollutant and 20 days, every file gzipped as the generator writes them.
  const DAYS = 40;
  const grid: HotspotGrid = {
    header: {
      version: 1,
      origin: [113, 33.5],
      cellSize: [0.01, 0.01],
      cols: 2,
      rows: 2,
      cellCount: 4,
      startDate: '2025-01-01',
      days: DAYS,
      pollutants: ['pm25', 'no2'],
      counties: [{ code: '410402', name: '新华区' }],
      units: 'µg/m³',
    },
    cellIds: new Uint32Array([0, 1, 2, 3]),
    cellCounty: new Uint8Array(4),
    values: Uint16Array.from({ length: 2 * DAYS * 4 }, (_, i) => (i % 7 === 0 ? GRID_NO_DATA : 10 + (i % 50))),
  };
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  function chunkedSet(change: (values: Uint16Array) => void = () => undefined, dataDate = '2025-09-16', span = 20) {
    const g = { ...grid, values: grid.values.slice() };
    change(g.values);
    const files: Record<string, Uint8Array> = {};
    const chunks: GridChunk[] = [];
    for (const pollutant of g.header.pollutants) {
      for (let first = 0; first < DAYS; first += span) {
        const content = encodeGridChunk(g, pollutant, first, span);
        const file = `grid-${pollutant}-${first}.bin.gz`;
        files[file] = gzipSync(content);
        chunks.push({ key: `${pollutant}/${first}`, file, pollutant, first, days: span, bytes: content.length, hash: sha(content) });
      }
    }
    const index = encodeHotspotGrid(g, { index: true });
    files['grid.bin.gz'] = gzipSync(index);
    const entry: ManifestLayer = {
      id: 'hotspot-grid',
      title: '热点网格',
      file: 'grid.bin.gz',
      format: 'pdsgrid',
      featureCount: 4,
      bytes: index.length,
      hash: sha(index),
      chunks,
    };
    return { manifest: { demo: true, dataDate, name: 'test', layers: [entry] } as Manifest, files };
  }

  /** The last grid the app was given (first shown, or grown), by reading every event. */
  async function runGrid(first: string[] = []) {
    // `pm25Missing` is read when the event comes: the arrays fill in place as later chunks arrive.
    const grids: { grid: HotspotGrid; how: string; pm25Missing: [number, number] }[] = [];
    const at = (grid: HotspotGrid, how: string) =>
      grids.push({ grid, how, pm25Missing: [gridDaysMissing(grid, 'pm25', 0, 19), gridDaysMissing(grid, 'pm25', 20, 39)] });
    const notices: string[] = [];
    const notCached: NotStoredLayer[][] = [];
    const milestones: string[] = [];
    const events: SyncEvents = {
      onLayer: (r, origin) => r.ok && r.layer.kind === 'grid' && at(r.layer.grid, origin),
      onLayerGrew: (_id, layer) => layer.kind === 'grid' && at(layer.grid, 'grew'),
      onManifest: () => undefined,
      onNotice: (_k, t) => notices.push(t),
      onCacheChanged: (_l, missing) => notCached.push(missing),
      onConfirmNeeded: () => undefined,
      onMilestone: (m) => milestones.push(m),
    };
    await new DatasetSync(createHttpDataSource(BASE), cache, events, specFor, { firstChunks: () => first }).start();
    return { grids, notices, notCached, milestones };
  }

  const missing = (g: HotspotGrid) => gridDaysMissing(g, 'pm25', 0, DAYS - 1) + gridDaysMissing(g, 'no2', 0, DAYS - 1);

  it('first visit: the first view’s chunks before the grid is shown, the rest after; all stored; the values are the grid’s', async () => {
    const requests = serve(chunkedSet() as ReturnType<typeof makeDataSet>);
    const { grids, milestones } = await runGrid(['pm25/20']);
    // Shown once with the chunk its first view needs, then grown with the others.
    expect(grids.map((g) => g.how)).toEqual(['network', 'grew']);
    expect(grids[0].pm25Missing).toEqual([20, 0]);
    expect(requests.slice(0, 3)).toEqual(['manifest.json', 'grid.bin.gz', 'grid-pm25-20.bin.gz']);
    const last = grids.at(-1)!.grid;
    expect(missing(last)).toBe(0);
    expect([...last.values]).toEqual([...grid.values]);
    expect(last).not.toBe(grids[0].grid);
    expect((await cache.listChunks('hotspot-grid')).size).toBe(4);
    expect(milestones).toContain('cache-saved');
  });

  it('second visit offline: the whole grid from the cache, every day there', async () => {
    serve(chunkedSet() as ReturnType<typeof makeDataSet>);
    await runGrid(['pm25/20']);
    server.use(http.get(`${BASE}:name`, () => HttpResponse.error()));
    const { grids, milestones } = await runGrid(['pm25/20']);
    expect(grids[0].how).toBe('cache');
    expect(missing(grids.at(-1)!.grid)).toBe(0);
    expect([...grids.at(-1)!.grid.values]).toEqual([...grid.values]);
    expect(milestones).toContain('from-cache');
  });

  it('an update that changes one chunk downloads only that chunk; the rest comes from the cache', async () => {
    serve(chunkedSet() as ReturnType<typeof makeDataSet>);
    await runGrid();
    const newer = chunkedSet((v) => v.fill(99, 4 * DAYS + 20 * 4, 4 * DAYS + 40 * 4), '2025-10-01');
    const requests = serve(newer as ReturnType<typeof makeDataSet>);
    const { grids } = await runGrid();
    expect(requests.sort()).toEqual(['grid-no2-20.bin.gz', 'manifest.json']);
    const last = grids.at(-1)!.grid;
    expect(missing(last)).toBe(0);
    expect(gridDaySlice(last, 'no2', 39)[0]).toBe(99);
    expect(gridDaySlice(last, 'pm25', 39)[1]).toBe(grid.values[39 * 4 + 1]);
    // The days shown before keep their values: the update went into a new array, so what was computed from the old one (3 km blocks) is made again.
    const before = grids.at(-2)!.grid;
    expect(last.values).not.toBe(before.values);
    expect(gridDaySlice(before, 'no2', 39)[0]).toBe(grid.values[(DAYS + 39) * 4]);
    expect((await cache.listChunks('hotspot-grid')).get('no2/20')).toBe(newer.manifest.layers[0].chunks![3].hash);
  });

  it('a chunk that cannot be stored leaves the grid shown and says which part is not offline', async () => {
    serve(chunkedSet() as ReturnType<typeof makeDataSet>);
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    const write = cache.writeChunk.bind(cache);
    cache.writeChunk = (id, key, hash, bytes) => (key === 'no2/0' ? Promise.reject(quota) : write(id, key, hash, bytes));
    const { grids, notCached, milestones } = await runGrid();
    expect(missing(grids.at(-1)!.grid)).toBe(0);
    expect(notCached.at(-1)).toEqual([{ id: 'hotspot-grid', title: '热点网格', reason: '1 / 4 个时段数据块未存入：本机存储空间不足' }]);
    expect(milestones).not.toContain('cache-saved');
    // The stored manifest lists exactly the stored chunks.
    const stored = await cache.readManifest();
    expect(stored!.manifest.layers[0].chunks!.map((c) => c.key).sort()).toEqual(['no2/20', 'pm25/0', 'pm25/20']);
  });

  it('a disk too full for the manifest itself: one chunk of the oldest days is given up, and the manifest still describes what is stored', async () => {
    serve(chunkedSet() as ReturnType<typeof makeDataSet>);
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    const write = cache.writeManifest.bind(cache);
    let refused = 0;
    cache.writeManifest = (...args) => (refused++ === 0 ? Promise.reject(quota) : write(...args));
    const { notices, notCached } = await runGrid();
    const stored = await cache.readManifest();
    const keys = stored!.manifest.layers[0].chunks!.map((c) => c.key).sort();
    expect(keys).toHaveLength(3);
    expect([...(await cache.listChunks('hotspot-grid')).keys()].sort()).toEqual(keys);
    expect(keys).not.toContain('pm25/0');
    expect(notCached.at(-1)![0].reason).toBe('1 / 4 个时段数据块未存入：本机存储空间不足');
    expect(notices.join('\n')).not.toContain('本次直接从网络运行');
  });
  it('a period picked before its chunks arrived: they jump the queue, and the grid is shown again as soon as they land', async () => {
    // 16 chunks of 5 days; newest first would fetch no2/0 and pm25/0 last.
    const set = chunkedSet(undefined, '2025-09-16', 5);
    const requests: string[] = [];
    const shownWith: { no2First: number; pm25First: number; all: number }[] = [];
    let sync: DatasetSync | null = null;
    server.use(
      http.get(`${BASE}:name`, async ({ params }) => {
        const name = String(params.name);
        requests.push(name);
        // The analyst moves again while the first wanted chunk is on its way.
        if (name === 'grid-no2-0.bin.gz') sync!.prioritise('hotspot-grid', ['pm25/0']);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (name === 'manifest.json') return HttpResponse.json(set.manifest);
        return new HttpResponse(set.files[name]);
      }),
    );
    const record = (grid: HotspotGrid) =>
      shownWith.push({ no2First: gridDaysMissing(grid, 'no2', 0, 4), pm25First: gridDaysMissing(grid, 'pm25', 0, 4), all: missing(grid) });
    const events: SyncEvents = {
      onLayer: (r) => {
        if (!r.ok || r.layer.kind !== 'grid') return;
        record(r.layer.grid);
        // The analyst picks the first days of NO₂ as soon as the grid is on screen.
        sync!.prioritise('hotspot-grid', ['no2/0']);
      },
      onLayerGrew: (_id, layer) => layer.kind === 'grid' && record(layer.grid),
      onManifest: () => undefined,
      onNotice: () => undefined,
      onCacheChanged: () => undefined,
      onConfirmNeeded: () => undefined,
    };
    sync = new DatasetSync(createHttpDataSource(BASE), cache, events, specFor, { firstChunks: () => ['pm25/35'] });
    await sync.start();
    const chunkRequests = requests.filter((r) => r.startsWith('grid-'));
    expect(chunkRequests[0]).toBe('grid-pm25-35.bin.gz');
    // Wanted next, although it is the oldest NO₂ chunk.
    expect(chunkRequests[1]).toBe('grid-no2-0.bin.gz');
    // Picked while three fetches run: among the next three started.
    expect(chunkRequests.indexOf('grid-pm25-0.bin.gz')).toBeLessThanOrEqual(4);
    // Shown first with its first-view chunk only; then again once no2/0 landed, while most of the series was still missing.
    expect(shownWith[0]).toMatchObject({ no2First: 5, pm25First: 5 });
    expect(shownWith[1].no2First).toBe(0);
    expect(shownWith[1].all).toBeGreaterThan(40);
    expect(shownWith.find((s) => s.pm25First === 0)!.all).toBeGreaterThan(20);
    expect(shownWith.at(-1)!.all).toBe(0);
    // Not shown once per chunk: the others come together at the end.
    expect(shownWith.length).toBeLessThanOrEqual(4);
  });
});
