// 离线底图 on the device: a PMTiles archive downloaded in parts into IndexedDB and read back
// through the pmtiles library as a Source over the stored Blob; a download cut short, refused or
// cancelled keeps what was there; an online basemap's tiles stored and counted.
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PMTiles } from 'pmtiles';
import { PdsDatabase } from '../../src/data/cache/database';
import { createBasemapStore } from '../../src/data/cache/basemap_store';
import { DownloadError, StoredArchiveSource, downloadArchive, downloadTiles, tileUrl } from '../../src/data/offline_basemap';
import { tileAddresses } from '../../src/spatial/tile_plan';
import { buildPmtilesArchive, testBasemapLayers } from '../helpers/pmtiles_archive';

const URL_ = 'http://pds.test/basemap/pingdingshan.pmtiles';

function freshStore(name: string) {
  const db = new PdsDatabase(name, { indexedDB: new IDBFactory(), IDBKeyRange });
  return { db, store: createBasemapStore(db) };
}

/** A fetch answering with `bytes` in chunks of `chunk` bytes; `failAfter` bytes, if given, then breaks the connection. */
function serving(bytes: Uint8Array, { chunk = 1000, failAfter }: { chunk?: number; failAfter?: number } = {}): typeof fetch {
  return (async (_url: unknown, init?: RequestInit) => {
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (init?.signal?.aborted) return controller.error(new DOMException('aborted', 'AbortError'));
        if (failAfter !== undefined && at >= failAfter) return controller.error(new TypeError('network error'));
        if (at >= bytes.byteLength) return controller.close();
        controller.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      },
    });
    return new Response(body, { headers: { 'content-length': String(bytes.byteLength) } });
  }) as typeof fetch;
}

describe('a PMTiles archive stored on the device', () => {
  const archive = buildPmtilesArchive(testBasemapLayers());

  it('is written in parts as it arrives and read back by pmtiles, tile for tile, as the file on the server', async () => {
    const { db, store } = freshStore('archive-read');
    const progress: number[] = [];
    const info = await downloadArchive(store, 'osm', URL_, { fetchImpl: serving(archive.bytes), partBytes: 2048, onProgress: (p) => progress.push(p.loaded) });
    expect(info).toMatchObject({ id: 'osm', kind: 'archive', source: URL_, bytes: archive.bytes.byteLength });
    // Several parts: the archive never had to be one buffer in memory.
    expect(info.parts).toBeGreaterThan(3);
    expect(await db.basemapParts.count()).toBe(info.parts);
    expect(progress.at(-1)).toBe(archive.bytes.byteLength);

    const blob = await store.archive('osm');
    expect(blob!.size).toBe(archive.bytes.byteLength);
    const pmtiles = new PMTiles(new StoredArchiveSource(URL_, blob!));
    const header = await pmtiles.getHeader();
    expect([header.minZoom, header.maxZoom]).toEqual([archive.minZoom, archive.maxZoom]);
    expect(header.minLon).toBeCloseTo(archive.bounds[0], 5);
    for (const [key, bytes] of archive.tiles) {
      const [z, x, y] = key.split('/').map(Number);
      const tile = await pmtiles.getZxy(z, x, y);
      expect(new Uint8Array(tile!.data), key).toEqual(bytes);
    }
    // A tile the archive does not have (the sea off Japan at zoom 10) is none, not someone else's bytes.
    expect(await pmtiles.getZxy(10, 900, 400)).toBeUndefined();
    expect(((await pmtiles.getMetadata()) as { attribution: string }).attribution).toBe('测试数据');
    db.close();
  });

  it('reads a range across two parts as one', async () => {
    const { db, store } = freshStore('archive-range');
    await downloadArchive(store, 'osm', URL_, { fetchImpl: serving(archive.bytes, { chunk: 700 }), partBytes: 1000 });
    const source = new StoredArchiveSource(URL_, (await store.archive('osm'))!);
    expect(source.getKey()).toBe(URL_);
    const { data } = await source.getBytes(900, 300);
    expect(new Uint8Array(data)).toEqual(archive.bytes.slice(900, 1200));
    // The header read asks for 16 KB of a smaller file: it gets the file.
    expect((await source.getBytes(0, 16_384)).data.byteLength).toBe(Math.min(16_384, archive.bytes.byteLength));
    db.close();
  });

  it('a download cut short, or not a PMTiles file, keeps the archive stored before and leaves no parts behind', async () => {
    const { db, store } = freshStore('archive-keep');
    const first = await downloadArchive(store, 'osm', URL_, { fetchImpl: serving(archive.bytes), partBytes: 2048 });

    const cut = downloadArchive(store, 'osm', URL_, { fetchImpl: serving(archive.bytes, { failAfter: 5000 }), partBytes: 2048 });
    await expect(cut).rejects.toThrow('无法下载：网络不可用或服务器无响应');
    const page = new TextEncoder().encode('<!doctype html><title>登录</title>'.repeat(20));
    await expect(downloadArchive(store, 'osm', URL_, { fetchImpl: serving(page) })).rejects.toThrow('不是 PMTiles 格式');
    const notFound = (async () => new Response('not found', { status: 404 })) as typeof fetch;
    await expect(downloadArchive(store, 'osm', URL_, { fetchImpl: notFound })).rejects.toThrow('服务器返回 404');

    expect(await store.list()).toEqual([first]);
    expect(await db.basemapParts.count()).toBe(first.parts);
    expect((await store.archive('osm'))!.size).toBe(archive.bytes.byteLength);
    db.close();
  });

  it('a cancelled download says so, and a new one replaces the old archive whole', async () => {
    const { db, store } = freshStore('archive-cancel');
    await downloadArchive(store, 'osm', URL_, { fetchImpl: serving(archive.bytes), partBytes: 2048 });
    const controller = new AbortController();
    const cancelled = downloadArchive(store, 'osm', URL_, {
      fetchImpl: serving(archive.bytes, { chunk: 500 }),
      signal: controller.signal,
      onProgress: (p) => p.loaded > 3000 && controller.abort(),
    });
    await expect(cancelled).rejects.toMatchObject({ name: 'DownloadError', cancelled: true, message: '已取消下载' });

    const bigger = buildPmtilesArchive(testBasemapLayers(), 6, 15);
    const second = await downloadArchive(store, 'osm', URL_, { fetchImpl: serving(bigger.bytes), partBytes: 4096 });
    expect((await store.archive('osm'))!.size).toBe(bigger.bytes.byteLength);
    expect(await db.basemapParts.count()).toBe(second.parts);
    await store.remove('osm');
    expect(await store.list()).toEqual([]);
    expect(await db.basemapParts.count()).toBe(0);
    db.close();
  });

  it('sweeps the parts of a download the page closed on', async () => {
    const { db, store } = freshStore('archive-sweep');
    const kept = await downloadArchive(store, 'osm', URL_, { fetchImpl: serving(archive.bytes), partBytes: 4096 });
    const orphan = store.beginArchive('osm');
    await orphan.putPart(new Blob([new Uint8Array(100)]));
    expect(await db.basemapParts.count()).toBe(kept.parts! + 1);
    await store.sweep();
    expect(await db.basemapParts.count()).toBe(kept.parts);
    expect((await store.archive('osm'))!.size).toBe(archive.bytes.byteLength);
    db.close();
  });
});

describe("an online basemap's tiles stored on the device", () => {
  const box: [number, number, number, number] = [113.27, 33.72, 113.33, 33.77];
  const addresses = [...tileAddresses(box, 12, 13)];
  const png = (url: string) => new Blob([new TextEncoder().encode(`PNG ${url}`)], { type: 'image/png' });
  const tileServer = (fail: (url: string) => boolean = () => false) =>
    (async (url: string) =>
      fail(url) ? new Response('no', { status: 500 }) : new Response(png(url), { headers: { 'content-type': 'image/png' } })) as unknown as typeof fetch;

  it('fills {z}/{x}/{y}, spreads tiles over the hosts, and stores every tile of every layer', async () => {
    expect(tileUrl(['https://t0/{z}/{x}/{y}.png', 'https://t1/{z}/{x}/{y}.png'], 12, 3337, 1639)).toBe('https://t0/12/3337/1639.png');
    expect(tileUrl(['https://t0/{z}/{x}/{y}.png', 'https://t1/{z}/{x}/{y}.png'], 12, 3338, 1639)).toBe('https://t1/12/3338/1639.png');
    const { db, store } = freshStore('tiles-all');
    const sources = [['http://tiles.test/base/{z}/{x}/{y}.png'], ['http://tiles.test/labels/{z}/{x}/{y}.png']];
    const seen: number[] = [];
    const { info, failed } = await downloadTiles(
      store,
      'xyz',
      sources,
      addresses,
      { zooms: [12, 13], bounds: box },
      { fetchImpl: tileServer(), onProgress: (p) => seen.push(p.done) },
    );
    expect(failed).toBe(0);
    expect(info).toMatchObject({ id: 'xyz', kind: 'tiles', tileCount: addresses.length * 2, zooms: [12, 13], bounds: box });
    expect(seen.at(-1)).toBe(addresses.length * 2);
    const { z, x, y } = addresses[0];
    const label = await store.tile('xyz', `1/${z}/${x}/${y}`);
    expect(await label!.text()).toBe(`PNG http://tiles.test/labels/${z}/${x}/${y}.png`);
    expect(await store.tile('xyz', '0/1/0/0')).toBeNull();
    db.close();
  });

  it('skips tiles that fail, counts them, and stops when most fail, keeping what was stored', async () => {
    const { db, store } = freshStore('tiles-fail');
    const sources = [['http://tiles.test/{z}/{x}/{y}.png']];
    const some = await downloadTiles(
      store,
      'xyz',
      sources,
      addresses,
      { zooms: [12, 13], bounds: box },
      { fetchImpl: tileServer((u) => u.endsWith(`/${addresses[1].y}.png`) && u.includes(`/${addresses[1].x}/`)) },
    );
    expect(some.failed).toBe(1);
    expect(some.info!.tileCount).toBe(addresses.length - 1);

    const { db: db2, store: store2 } = freshStore('tiles-dead');
    const dead = downloadTiles(
      store2,
      'xyz',
      sources,
      [...tileAddresses(box, 12, 15)],
      { zooms: [12, 15], bounds: box },
      { fetchImpl: tileServer((u) => !u.includes('/12/')) },
    );
    await expect(dead).rejects.toThrow(/大部分瓦片无法下载.*已保存的 \d+ 张瓦片仍可离线使用/);
    expect((await store2.list())[0].tileCount).toBeGreaterThan(0);
    db.close();
    db2.close();
  });

  it('a cancelled download keeps the tiles it stored and says it was cancelled', async () => {
    const { db, store } = freshStore('tiles-cancel');
    const controller = new AbortController();
    const run = downloadTiles(
      store,
      'xyz',
      [['http://tiles.test/{z}/{x}/{y}.png']],
      [...tileAddresses(box, 12, 15)],
      { zooms: [12, 15], bounds: box },
      {
        fetchImpl: tileServer(),
        signal: controller.signal,
        concurrency: 1,
        onProgress: (p) => p.done === 30 && controller.abort(),
      },
    );
    const error = (await run.catch((e: unknown) => e)) as DownloadError;
    expect(error).toBeInstanceOf(DownloadError);
    expect(error.cancelled).toBe(true);
    expect(error.message).toMatch(/^已取消下载；已保存的 \d+ 张瓦片仍可离线使用$/);
    const [info] = await store.list();
    expect(info.tileCount).toBeGreaterThanOrEqual(24);
    expect(info.tileCount).toBeLessThanOrEqual(30);
    db.close();
  });
});
