// The offline cache of the data set, behind a small interface so the loader does
// not care that it is Dexie (and tests can hand it a broken or full one).

import type { LayerId, Manifest, ManifestLayer } from '../types';
import type { ConfigStore } from '../app_config';
import { PdsDatabase } from './database';
import type { LayerInfoRecord, MetaRecord, NotStoredLayer } from './database';

/** The manifest of the layers in the cache and the data server they came from (null: not recorded). */
export interface StoredManifest {
  manifest: Manifest;
  source: string | null;
  notStored: NotStoredLayer[];
}

export interface LayerCache {
  /** The manifest describing exactly the stored layers, or null. */
  readManifest(): Promise<StoredManifest | null>;
  writeManifest(manifest: Manifest, source: string, notStored?: NotStoredLayer[]): Promise<void>;
  /** The stored bytes of one version of a layer, or null. */
  readLayer(id: LayerId, hash: string): Promise<ArrayBuffer | null>;
  /** Store a layer's file, replacing any other version of it, in one transaction. */
  writeLayer(entry: ManifestLayer, bytes: ArrayBuffer, dataDate: string): Promise<void>;
  deleteLayer(id: LayerId): Promise<void>;
  /** What is stored, for the status panel (no file bytes are read). */
  listLayers(): Promise<LayerInfoRecord[]>;
  /** Remove every cached layer and the manifest (not the kept config.json, not the inspections). */
  clear(): Promise<void>;
}

export function createDexieLayerCache(db: PdsDatabase = new PdsDatabase()): LayerCache {
  return {
    async readManifest() {
      const record = await db.meta.get('manifest');
      return record?.key === 'manifest' ? { manifest: record.manifest, source: record.source ?? null, notStored: record.notStored ?? [] } : null;
    },
    async writeManifest(manifest, source, notStored = []) {
      const record: MetaRecord = { key: 'manifest', manifest, source, notStored, storedAt: new Date().toISOString() };
      await db.meta.put(record);
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
        await Promise.all([db.layerInfo.clear(), db.layerData.clear(), db.meta.delete('manifest')]);
      });
    },
  };
}

/** config.json as last read from the server, kept beside the data (see ConfigStore). */
export function createDexieConfigStore(db: PdsDatabase): ConfigStore {
  return {
    async read() {
      const record = await db.meta.get('config');
      return record?.key === 'config' ? { json: record.json, storedAt: record.storedAt } : null;
    },
    async write(json) {
      const record: MetaRecord = { key: 'config', json, storedAt: new Date().toISOString() };
      await db.meta.put(record);
    },
  };
}
