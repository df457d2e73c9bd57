// The offline cache of the data set, behind a small interface so the loader does
// not care that it is Dexie (and tests can hand it a broken or full one).

import type { LayerId, Manifest, ManifestLayer } from '../types';
import { PdsDatabase } from './database';
import type { LayerInfoRecord } from './database';

export interface LayerCache {
  /** The manifest of the data set the cache was last brought up to date with, or null. */
  readManifest(): Promise<Manifest | null>;
  writeManifest(manifest: Manifest): Promise<void>;
  /** The stored bytes of one version of a layer, or null. */
  readLayer(id: LayerId, hash: string): Promise<ArrayBuffer | null>;
  /** Store a layer's file, replacing any other version of it, in one transaction. */
  writeLayer(entry: ManifestLayer, bytes: ArrayBuffer, dataDate: string): Promise<void>;
  deleteLayer(id: LayerId): Promise<void>;
  /** What is stored, for the status panel (no file bytes are read). */
  listLayers(): Promise<LayerInfoRecord[]>;
  /** Remove every cached layer and the manifest. */
  clear(): Promise<void>;
}

export function createDexieLayerCache(db: PdsDatabase = new PdsDatabase()): LayerCache {
  return {
    async readManifest() {
      return (await db.meta.get('manifest'))?.manifest ?? null;
    },
    async writeManifest(manifest) {
      await db.meta.put({ key: 'manifest', manifest, storedAt: new Date().toISOString() });
    },
    async readLayer(id, hash) {
      return (await db.layerData.get([id, hash]))?.bytes ?? null;
    },
    async writeLayer(entry, bytes, dataDate) {
      await db.transaction('rw', db.layerInfo, db.layerData, async () => {
        // The old version goes only if the new one is written: the transaction is all or nothing.
        await db.layerData.where('id').equals(entry.id).delete();
        await db.layerData.put({ id: entry.id, hash: entry.hash, bytes });
        await db.layerInfo.put({ id: entry.id, hash: entry.hash, size: bytes.byteLength, storedAt: new Date().toISOString(), dataDate, entry });
      });
    },
    async deleteLayer(id) {
      await db.transaction('rw', db.layerInfo, db.layerData, async () => {
        await db.layerData.where('id').equals(id).delete();
        await db.layerInfo.delete(id);
      });
    },
    async listLayers() {
      return db.layerInfo.toArray();
    },
    async clear() {
      await db.transaction('rw', db.layerInfo, db.layerData, db.meta, async () => {
        await Promise.all([db.layerInfo.clear(), db.layerData.clear(), db.meta.clear()]);
      });
    },
  };
}
