// The IndexedDB database (Dexie) that keeps the data set for offline use.
//
// One record per layer, not per feature: writing 32k features one record each
// measured ~30× slower than one 7 MB record on the development machine. A layer's bytes
// are kept exactly as downloaded (text or binary), keyed by layer id and content
// hash, so a record can be checked against the manifest's SHA-256 when read.
//
// Every schema version stays listed in SCHEMA_VERSIONS with its upgrade, and
// tests/unit/cache_schema.test.ts opens a database written by each earlier version.

import Dexie from 'dexie';
import type { EntityTable } from 'dexie';
import type { LayerId, Manifest, ManifestLayer } from '../types';
import type { InspectionRecord } from '../inspections/inspection';
import type { Deck } from '../deck';

/** A user's deck as stored, with when it was last changed (the list shows the newest first). */
export interface DeckRecord extends Deck {
  updatedAt: string;
}

export const DATABASE_NAME = 'pds-eco-map';

/**
 * A data file the user imported into one layer (导入数据), as the layer stood after it:
 * the whole resulting layer, so a reload shows it without the file. Several per layer
 * are kept, newest last: 撤销导入 deletes the newest and the one before (or the data
 * set's own layer) shows again.
 */
export interface ImportRecord {
  /** Auto-incremented: the order of imports. */
  id?: number;
  layerId: LayerId;
  /** Title of the layer; for a layer the import created, the only place it is kept. */
  title: string;
  /** True when the import created a layer of its own (none of the data set's). */
  newLayer: boolean;
  /** ISO timestamp. */
  importedAt: string;
  fileName: string;
  mode: 'replace' | 'merge';
  /** Rows read, imported, refused; and what it did to the layer (merge counts). */
  counts: { read: number; accepted: number; rejected: number; added: number; updated: number; unchanged: number; untouched: number };
  /** The layer as it stands after the import: GeoJSON text (UTF-8) or a pdsgrid file. */
  format: 'geojson' | 'pdsgrid';
  bytes: ArrayBuffer;
}

/** What the status panel needs about a cached layer, without reading its bytes. */
export interface LayerInfoRecord {
  id: LayerId;
  hash: string;
  /** Bytes of the stored file. */
  size: number;
  /** ISO timestamp of when it was stored. */
  storedAt: string;
  /** The data set's date (manifest.dataDate) when it was stored. */
  dataDate: string;
  entry: ManifestLayer;
}

/** The file itself. */
export interface LayerDataRecord {
  id: LayerId;
  hash: string;
  bytes: ArrayBuffer;
}

/**
 * One photo of an inspection, kept as a Blob (IndexedDB stores Blobs natively in
 * every current browser, and fake-indexeddb on Node 20 clones them too, so no
 * conversion to ArrayBuffer is needed and the bytes are written exactly once).
 */
export interface PhotoRecord {
  /** <inspection uuid>-<n>.<ext>; also the file name in uploads and exports. */
  id: string;
  inspectionUuid: string;
  /** 1-based position among the inspection's photos. */
  n: number;
  blob: Blob;
}

export interface NotStoredLayer {
  id: LayerId;
  title: string;
  /** Chinese reason, e.g. 本机存储空间不足. */
  reason: string;
}

/**
 * Small records beside the layers: the manifest of exactly the layers stored (with
 * the data server it came from, to tell another data set from an update), and the
 * deployment's last config.json. Both are plain values on the existing 'key'
 * index, so adding them needed no schema version.
 */
export type MetaRecord =
  | {
      key: 'manifest';
      manifest: Manifest;
      /** Absolute base URL of the data server; absent in records written before it was kept. */
      source?: string;
      /** Layers of the data set that are not in the cache, and why (e.g. the storage was full). */
      notStored?: NotStoredLayer[];
      storedAt: string;
    }
  | { key: 'config'; json: unknown; storedAt: string };

/**
 * Table definitions per schema version, oldest first. Never edit a released entry: add one.
 * v2 adds the field inspections and their photos. Unlike the layer tables they are
 * not a cache: they may be the only copy of a user's work, so nothing may ever
 * delete this database as a whole (清除缓存 clears the layer tables only).
 */
export const SCHEMA_VERSIONS: { version: number; stores: Record<string, string> }[] = [
  { version: 1, stores: { layerInfo: 'id', layerData: '[id+hash], id', meta: 'key' } },
  {
    version: 2,
    stores: {
      layerInfo: 'id',
      layerData: '[id+hash], id',
      meta: 'key',
      inspections: 'uuid, outfallCode, syncState, createdAt',
      photos: 'id, inspectionUuid',
    },
  },
  // v3 adds the presenter's decks (演示文稿). Like inspections, the user's own work: never cleared with the cache.
  {
    version: 3,
    stores: {
      layerInfo: 'id',
      layerData: '[id+hash], id',
      meta: 'key',
      inspections: 'uuid, outfallCode, syncState, createdAt',
      photos: 'id, inspectionUuid',
      decks: 'id',
    },
  },
  // v4 adds the user's imports (导入数据): the user's own data, never cleared with the cache.
  {
    version: 4,
    stores: {
      layerInfo: 'id',
      layerData: '[id+hash], id',
      meta: 'key',
      inspections: 'uuid, outfallCode, syncState, createdAt',
      photos: 'id, inspectionUuid',
      decks: 'id',
      imports: '++id, layerId',
    },
  },
  // v5 adds the offline basemaps (离线底图): what is stored of each configured basemap, a PMTiles
  // archive's bytes in parts, and the tiles of an online basemap. A cache like the layers, but not
  // cleared with them: 清除缓存 is about the data set, a basemap has its own 删除 button.
  {
    version: 5,
    stores: {
      layerInfo: 'id',
      layerData: '[id+hash], id',
      meta: 'key',
      inspections: 'uuid, outfallCode, syncState, createdAt',
      photos: 'id, inspectionUuid',
      decks: 'id',
      imports: '++id, layerId',
      basemapInfo: 'id',
      basemapParts: '[archive+n], archive',
      basemapTiles: '[basemap+key], basemap',
    },
  },
];

/**
 * What is stored of one configured basemap (by its id in config.json). A PMTiles archive is
 * complete or absent: its record is written in the transaction that makes its parts current.
 */
export interface BasemapInfoRecord {
  id: string;
  kind: 'archive' | 'tiles';
  /** The URL (archive) or first tile template it was downloaded from: a changed config.json makes it stale. */
  source: string;
  /** Bytes stored. */
  bytes: number;
  /** ISO timestamp of the last download. */
  storedAt: string;
  /** archive: the parts' key (a new download writes under a new one, so the old stays usable until the new is whole). */
  archive?: string;
  parts?: number;
  /** tiles: how many are stored, the zoom levels and the box of the last download. */
  tileCount?: number;
  zooms?: [number, number];
  bounds?: [number, number, number, number];
}

/**
 * One part of a stored PMTiles archive, in order (n = 0, 1, …). Parts of a few MB, not one Blob:
 * the download writes each as it arrives, so a 100 MB archive never sits whole in the page's memory.
 */
export interface BasemapPartRecord {
  archive: string;
  n: number;
  blob: Blob;
}

/** One tile of an online basemap, under "<source index>/<z>/<x>/<y>" (the label layer is source 1). */
export interface BasemapTileRecord {
  basemap: string;
  key: string;
  blob: Blob;
}

export class PdsDatabase extends Dexie {
  layerInfo!: EntityTable<LayerInfoRecord, 'id'>;
  layerData!: Dexie.Table<LayerDataRecord, [LayerId, string]>;
  // A plain Table: EntityTable's insert type does not accept a union of record shapes.
  meta!: Dexie.Table<MetaRecord, MetaRecord['key']>;
  inspections!: EntityTable<InspectionRecord, 'uuid'>;
  photos!: EntityTable<PhotoRecord, 'id'>;
  decks!: EntityTable<DeckRecord, 'id'>;
  imports!: EntityTable<ImportRecord, 'id'>;
  basemapInfo!: EntityTable<BasemapInfoRecord, 'id'>;
  basemapParts!: Dexie.Table<BasemapPartRecord, [string, number]>;
  basemapTiles!: Dexie.Table<BasemapTileRecord, [string, string]>;

  constructor(name = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    for (const { version, stores } of SCHEMA_VERSIONS) this.version(version).stores(stores);
  }
}
