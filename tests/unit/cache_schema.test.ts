// Every schema version of the offline database must open what the previous one
// wrote. The fixtures below write each version's on-disk layout with the raw
// IndexedDB API (not with our Dexie class), as an older app release would have
// left it; the current PdsDatabase must then read it.
import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PdsDatabase, SCHEMA_VERSIONS } from '../../src/data/cache/database';
import { createDexieLayerCache } from '../../src/data/cache/layer_cache';
import type { Manifest } from '../../src/data/types';

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
      tx.objectStore('layerInfo').put({ id: 'rivers', hash: 'a'.repeat(64), size: 43, storedAt: '2025-09-17T08:00:00.000Z', dataDate: '2025-09-16', entry: manifest.layers[0] });
      tx.objectStore('meta').put({ key: 'manifest', manifest, storedAt: '2025-09-17T08:00:00.000Z' });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

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
    expect(await cache.readManifest()).toEqual(manifest);
    const bytes = await cache.readLayer('rivers', 'a'.repeat(64));
    expect(new TextDecoder().decode(bytes!)).toBe('{"type":"FeatureCollection","features":[]}');
    expect((await cache.listLayers()).map((l) => l.id)).toEqual(['rivers']);
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    db.close();
  });
});
