// Every schema version of the offline database must open what the previous one
// wrote. The fixtures below write each version's on-disk layout with the raw
// IndexedDB API (not with our Dexie class), as an older app release would have
// left it; the current PdsDatabase must then read it.
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PdsDatabase, SCHEMA_VERSIONS } from '../../src/data/cache/database';
import { createDexieLayerCache } from '../../src/data/cache/layer_cache';
import { createInspectionStore } from '../../src/data/inspections/inspection_store';
import type { InspectionDraft, InspectionRecord } from '../../src/data/inspections/inspection';
import type { Manifest } from '../../src/data/types';
import { createImportStore } from '../../src/data/cache/import_store';
import { createBasemapStore } from '../../src/data/cache/basemap_store';

/** Dexie stores version N as IndexedDB version N × 10. */
const idbVersion = (dexieVersion: number) => dexieVersion * 10;

const manifest: Manifest = {
  demo: true,
  dataDate: '2025-09-16',
  name: 'fixture',
  layers: [{ id: 'rivers', title: '河流', file: 'rivers.geojson', format: 'geojson', featureCount: 0, bytes: 43, hash: 'a'.repeat(64) }],
};
const riverBytes = new TextEncoder().encode('{"type":"FeatureCollection","features":[]}').buffer;

/** Schema v1 on disk: layerInfo (key id), layerData (key [id,hash], index id), meta (key key). */
function writeVersion1(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, idbVersion(1));
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('layerInfo', { keyPath: 'id' });
      db.createObjectStore('layerData', { keyPath: ['id', 'hash'] }).createIndex('id', 'id');
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['layerInfo', 'layerData', 'meta'], 'readwrite');
      tx.objectStore('layerData').put({ id: 'rivers', hash: 'a'.repeat(64), bytes: riverBytes });
      tx.objectStore('layerInfo').put({
        id: 'rivers',
        hash: 'a'.repeat(64),
        size: 43,
        storedAt: '2025-09-17T08:00:00.000Z',
        dataDate: '2025-09-16',
        entry: manifest.layers[0],
      });
      tx.objectStore('meta').put({ key: 'manifest', manifest, storedAt: '2025-09-17T08:00:00.000Z' });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Schema v2 on disk: v1's stores plus inspections (key uuid, three indexes) and photos (key id, index inspectionUuid). */
const v2Inspection: InspectionRecord = {
  uuid: '6f1c2b1e-0000-4000-8000-000000000002',
  outfallCode: 'PDS-ZH-0195',
  createdAt: '2025-09-18T02:30:00.000Z',
  inspector: '李娜',
  dischargeSeen: '有',
  appearance: { colour: '浑浊', odour: '异味', foam: '少量' },
  sampleTaken: true,
  remediationProgress: '整治中',
  notes: '下游 50 米有死鱼',
  photoIds: ['6f1c2b1e-0000-4000-8000-000000000002-1.jpg'],
  position: { lon: 113.31, lat: 33.74, accuracyM: 12 },
  syncState: 'pending',
  attempts: 2,
  lastAttemptAt: '2025-09-18T02:31:00.000Z',
  nextAttemptAt: '2025-09-18T02:31:10.000Z',
  syncError: '无法连接服务器（网络不可用），将自动重试',
  syncedAt: null,
};
const v2PhotoBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

function writeVersion2(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, idbVersion(2));
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('layerInfo', { keyPath: 'id' });
      db.createObjectStore('layerData', { keyPath: ['id', 'hash'] }).createIndex('id', 'id');
      db.createObjectStore('meta', { keyPath: 'key' });
      const inspections = db.createObjectStore('inspections', { keyPath: 'uuid' });
      for (const index of ['outfallCode', 'syncState', 'createdAt']) inspections.createIndex(index, index);
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('inspectionUuid', 'inspectionUuid');
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['layerInfo', 'layerData', 'meta', 'inspections', 'photos'], 'readwrite');
      tx.objectStore('layerData').put({ id: 'rivers', hash: 'a'.repeat(64), bytes: riverBytes });
      tx.objectStore('layerInfo').put({
        id: 'rivers',
        hash: 'a'.repeat(64),
        size: 43,
        storedAt: '2025-09-17T08:00:00.000Z',
        dataDate: '2025-09-16',
        entry: manifest.layers[0],
      });
      tx.objectStore('meta').put({ key: 'manifest', manifest, storedAt: '2025-09-17T08:00:00.000Z' });
      tx.objectStore('inspections').put(v2Inspection);
      tx.objectStore('photos').put({
        id: v2Inspection.photoIds[0],
        inspectionUuid: v2Inspection.uuid,
        n: 1,
        blob: new Blob([v2PhotoBytes], { type: 'image/jpeg' }),
      });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Schema v3 on disk: v2's stores plus decks (key id). */
const v3Deck = {
  id: 'deck-1',
  title: '周例会',
  updatedAt: '2025-09-19T01:00:00.000Z',
  slides: [{ title: '尼龙新材料园区', camera: { lon: 113.4, lat: 33.7, zoom: 12 } }],
};

function writeVersion3(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, idbVersion(3));
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('layerInfo', { keyPath: 'id' });
      db.createObjectStore('layerData', { keyPath: ['id', 'hash'] }).createIndex('id', 'id');
      db.createObjectStore('meta', { keyPath: 'key' });
      const inspections = db.createObjectStore('inspections', { keyPath: 'uuid' });
      for (const index of ['outfallCode', 'syncState', 'createdAt']) inspections.createIndex(index, index);
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('inspectionUuid', 'inspectionUuid');
      db.createObjectStore('decks', { keyPath: 'id' });
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['meta', 'inspections', 'decks'], 'readwrite');
      tx.objectStore('meta').put({ key: 'manifest', manifest, storedAt: '2025-09-17T08:00:00.000Z' });
      tx.objectStore('inspections').put(v2Inspection);
      tx.objectStore('decks').put(v3Deck);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Schema v4 on disk: v3's stores plus imports (auto-increment key id, index layerId). */
function writeVersion4(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, idbVersion(4));
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('layerInfo', { keyPath: 'id' });
      db.createObjectStore('layerData', { keyPath: ['id', 'hash'] }).createIndex('id', 'id');
      db.createObjectStore('meta', { keyPath: 'key' });
      const inspections = db.createObjectStore('inspections', { keyPath: 'uuid' });
      for (const index of ['outfallCode', 'syncState', 'createdAt']) inspections.createIndex(index, index);
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('inspectionUuid', 'inspectionUuid');
      db.createObjectStore('decks', { keyPath: 'id' });
      db.createObjectStore('imports', { keyPath: 'id', autoIncrement: true }).createIndex('layerId', 'layerId');
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['layerInfo', 'layerData', 'meta', 'inspections', 'imports'], 'readwrite');
      tx.objectStore('layerData').put({ id: 'rivers', hash: 'a'.repeat(64), bytes: riverBytes });
      tx.objectStore('layerInfo').put({
        id: 'rivers',
        hash: 'a'.repeat(64),
        size: 43,
        storedAt: '2025-09-17T08:00:00.000Z',
        dataDate: '2025-09-16',
        entry: manifest.layers[0],
      });
      tx.objectStore('meta').put({ key: 'manifest', manifest, storedAt: '2025-09-17T08:00:00.000Z' });
      tx.objectStore('inspections').put(v2Inspection);
      tx.objectStore('imports').put(v4Import);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

const v4Import = {
  layerId: 'outfalls',
  title: '排污口',
  newLayer: false,
  importedAt: '2025-09-20T00:00:00.000Z',
  fileName: '台账.xlsx',
  mode: 'replace',
  counts: { read: 3, accepted: 2, rejected: 1, added: 2, updated: 0, unchanged: 0, untouched: 0 },
  format: 'geojson',
  bytes: riverBytes,
};

const draft: InspectionDraft = {
  outfallCode: 'PDS-ZH-0195',
  inspector: '王强',
  dischargeSeen: '无',
  appearance: { colour: '无色', odour: '无味', foam: '无' },
  sampleTaken: false,
  remediationProgress: '已完成',
  notes: '',
  position: null,
};

describe('offline database schema', () => {
  it('lists its versions in ascending order', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('opens a database written by schema version 1 and reads its layers and manifest', async () => {
    const factory = new IDBFactory();
    await writeVersion1(factory, 'pds-v1');
    const db = new PdsDatabase('pds-v1', { indexedDB: factory, IDBKeyRange });
    const cache = createDexieLayerCache(db);
    expect(await cache.readManifest()).toEqual({ manifest, source: null, notStored: [] });
    const bytes = await cache.readLayer('rivers', 'a'.repeat(64));
    expect(new TextDecoder().decode(bytes!)).toBe('{"type":"FeatureCollection","features":[]}');
    expect((await cache.listLayers()).map((l) => l.id)).toEqual(['rivers']);
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    db.close();
  });

  it('an app update from schema 1 to 2 keeps the cached layers and manifest and can then store an inspection', async () => {
    const factory = new IDBFactory();
    await writeVersion1(factory, 'pds-v1-up');
    const db = new PdsDatabase('pds-v1-up', { indexedDB: factory, IDBKeyRange });
    const cache = createDexieLayerCache(db);
    expect(await cache.readManifest()).toEqual({ manifest, source: null, notStored: [] });
    expect((await cache.listLayers()).map((l) => l.id)).toEqual(['rivers']);
    const store = createInspectionStore(db);
    const saved = await store.save(draft, [new Blob([v2PhotoBytes], { type: 'image/jpeg' })]);
    db.close();

    // Reopen, as after a reload: the inspection and the cache are both there.
    const again = new PdsDatabase('pds-v1-up', { indexedDB: factory, IDBKeyRange });
    expect(await createInspectionStore(again).listAll()).toEqual([saved]);
    expect((await createDexieLayerCache(again).listLayers()).map((l) => l.id)).toEqual(['rivers']);
    again.close();
  });

  // The pattern for the next schema version: write this version's layout raw, open it with the current class.
  it('opens a database written by schema version 2 with its layers, inspections and photos', async () => {
    const factory = new IDBFactory();
    await writeVersion2(factory, 'pds-v2');
    const db = new PdsDatabase('pds-v2', { indexedDB: factory, IDBKeyRange });
    expect(await createDexieLayerCache(db).readManifest()).toEqual({ manifest, source: null, notStored: [] });
    const store = createInspectionStore(db);
    expect(await store.listAll()).toEqual([v2Inspection]);
    expect(await store.listForOutfall('PDS-ZH-0195')).toEqual([v2Inspection]);
    expect(await store.countPending()).toBe(1);
    const photos = await store.getPhotos(v2Inspection.uuid);
    expect(photos.map((p) => p.id)).toEqual(v2Inspection.photoIds);
    expect(new Uint8Array(await photos[0].blob.arrayBuffer())).toEqual(v2PhotoBytes);
    expect(photos[0].blob.type).toBe('image/jpeg');
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    db.close();
  });

  it('opens a database written by schema version 3 with its inspections and decks, and keeps imports in the new table', async () => {
    const factory = new IDBFactory();
    await writeVersion3(factory, 'pds-v3');
    const db = new PdsDatabase('pds-v3', { indexedDB: factory, IDBKeyRange });
    expect(await createInspectionStore(db).listAll()).toEqual([v2Inspection]);
    expect(await db.decks.toArray()).toEqual([v3Deck]);
    const imports = createImportStore(db);
    expect(await imports.current()).toEqual([]);
    const saved = await imports.add({
      layerId: 'outfalls',
      title: '排污口',
      newLayer: false,
      importedAt: '2025-09-20T00:00:00.000Z',
      fileName: '台账.xlsx',
      mode: 'replace',
      counts: { read: 3, accepted: 2, rejected: 1, added: 2, updated: 0, unchanged: 0, untouched: 0 },
      format: 'geojson',
      bytes: riverBytes,
    });
    expect((await imports.current()).map((i) => i.id)).toEqual([saved.id]);
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    db.close();
  });

  it('opens a database written by schema version 4, keeps its layers, inspections and imports, and stores offline basemaps in the new tables', async () => {
    const factory = new IDBFactory();
    await writeVersion4(factory, 'pds-v4');
    const db = new PdsDatabase('pds-v4', { indexedDB: factory, IDBKeyRange });
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    expect(await createInspectionStore(db).listAll()).toEqual([v2Inspection]);
    expect((await createImportStore(db).current()).map((i) => i.fileName)).toEqual(['台账.xlsx']);
    expect((await createDexieLayerCache(db).listLayers()).map((l) => l.id)).toEqual(['rivers']);

    const basemaps = createBasemapStore(db);
    expect(await basemaps.list()).toEqual([]);
    const writer = basemaps.beginArchive('osm');
    await writer.putPart(new Blob([new TextEncoder().encode('PMTiles')]));
    await writer.putPart(new Blob([new Uint8Array([3, 0, 0])]));
    const record = await writer.commit('http://pds.test/basemap/pingdingshan.pmtiles');
    await basemaps.putTiles('xyz', [{ key: '0/12/3337/1639', blob: new Blob([v2PhotoBytes], { type: 'image/png' }) }]);
    await basemaps.finishTiles('xyz', { source: 'http://tiles.test/{z}/{x}/{y}.png', zooms: [12, 12], bounds: [113.2, 33.7, 113.4, 33.8] });
    db.close();

    // Reopen, as after a reload: the basemaps are there, and 清除缓存 (the layer tables) leaves them and the user's work alone.
    const again = new PdsDatabase('pds-v4', { indexedDB: factory, IDBKeyRange });
    await createDexieLayerCache(again).clear();
    const stored = createBasemapStore(again);
    expect((await stored.list()).map((b) => [b.id, b.kind, b.bytes])).toEqual([
      ['osm', 'archive', 10],
      ['xyz', 'tiles', v2PhotoBytes.byteLength],
    ]);
    expect(record.parts).toBe(2);
    expect(new Uint8Array(await (await stored.archive('osm'))!.arrayBuffer())).toEqual(new Uint8Array([0x50, 0x4d, 0x54, 0x69, 0x6c, 0x65, 0x73, 3, 0, 0]));
    expect(new Uint8Array(await (await stored.tile('xyz', '0/12/3337/1639'))!.arrayBuffer())).toEqual(v2PhotoBytes);
    expect(await createInspectionStore(again).listAll()).toEqual([v2Inspection]);
    expect(await createDexieLayerCache(again).listLayers()).toEqual([]);
    again.close();
  });
});
