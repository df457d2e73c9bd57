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
  /** Remove a layer and every chunk of it. */
  deleteLayer(id: LayerId): Promise<void>;
  /** One chunk of a chunked layer (the hotspot grid's values), as downloaded, or null. */
  readChunk(id: LayerId, key: string, hash: string): Promise<ArrayBuffer | null>;
  /** Store a chunk, replacing any other version of the same chunk. */
  writeChunk(id: LayerId, key: string, hash: string, bytes: ArrayBuffer): Promise<void>;
  deleteChunk(id: LayerId, key: string): Promise<void>;
  /** The chunks stored for a layer: key → hash (no bytes are read). */
  listChunks(id: LayerId): Promise<Map<string, string>>;
  /** What is stored, for the status panel (no file bytes are read). */
  listLayers(): Promise<LayerInfoRecord[]>;
  /** Remove every cached layer and the manifest (not the kept config.json, not the inspections). */
  clear(): Promise<void>;
}

/**
 * Chunks live in the layer table beside their layer, under "<layer id>:<chunk key>":
 * layer ids cannot hold ':' (validateManifest), so a chunk never collides with a
 * layer, and no schema version was needed.
 */
const chunkPrefix = (id: LayerId): string => `${id}:`;

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
        await db.layerData.where('id').startsWith(chunkPrefix(id)).delete();
        await db.layerInfo.delete(id);
      });
    },
    async readChunk(id, key, hash) {
      return (await db.layerData.get([chunkPrefix(id) + key, hash]))?.bytes ?? null;
    },
    async writeChunk(id, key, hash, bytes) {
      await db.transaction('rw', db.layerData, async () => {
        await db.layerData.where('id').equals(chunkPrefix(id) + key).delete();
        await db.layerData.put({ id: chunkPrefix(id) + key, hash, bytes });
      });
    },
    async deleteChunk(id, key) {
      await db.layerData.where('id').equals(chunkPrefix(id) + key).delete();
    },
    async listChunks(id) {
      // Primary keys only: listing must not read megabytes of values.
      const keys = await db.layerData.where('id').startsWith(chunkPrefix(id)).primaryKeys();
      return new Map(keys.map(([chunkId, hash]) => [chunkId.slice(chunkPrefix(id).length), hash]));
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
