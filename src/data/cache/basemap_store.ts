// The offline basemaps (离线底图) in IndexedDB: a PMTiles archive kept in parts, and the tiles
// of an online basemap. IndexedDB rather than the Cache API: the Cache API exists only on
// HTTPS (and localhost), and the bureau's intranet servers are often plain http, where the
// data set already lives in IndexedDB too. Blobs, not ArrayBuffers: the browser keeps a large
// Blob on disk and reads only the slice asked for, so a tile is read without the archive.

import { PdsDatabase } from './database';
import type { BasemapInfoRecord } from './database';

export interface ArchiveWriter {
  /** Append the next part of the archive. */
  putPart(blob: Blob): Promise<void>;
  /** Make the parts written the basemap's archive (replacing any older one) and return its record. */
  commit(source: string): Promise<BasemapInfoRecord>;
  /** Forget the parts written (a failed or cancelled download); the older archive, if any, stays. */
  discard(): Promise<void>;
}

export interface BasemapStore {
  /** What is stored, per basemap. */
  list(): Promise<BasemapInfoRecord[]>;
  /** The stored archive of a basemap as one Blob (its parts joined; no bytes are read), or null. */
  archive(id: string): Promise<Blob | null>;
  /** Start writing a new archive for a basemap; the old one stays usable until `commit`. */
  beginArchive(id: string): ArchiveWriter;
  /** One stored tile ("<source>/<z>/<x>/<y>"), or null. */
  tile(id: string, key: string): Promise<Blob | null>;
  putTiles(id: string, tiles: { key: string; blob: Blob }[]): Promise<void>;
  /** Count what is stored of a basemap's tiles after a download (whole or cut short) and record it; null if none. */
  finishTiles(id: string, details: { source: string; zooms: [number, number]; bounds: [number, number, number, number] }): Promise<BasemapInfoRecord | null>;
  /** Delete everything stored of a basemap. */
  remove(id: string): Promise<void>;
  /** Delete archive parts no record points at (a download cut short by closing the page). */
  sweep(): Promise<void>;
}

const newArchiveKey = (id: string): string => `${id}@${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export function createBasemapStore(db: PdsDatabase = new PdsDatabase()): BasemapStore {
  const partsOf = (archive: string) => db.basemapParts.where('archive').equals(archive);
  return {
    list: () => db.basemapInfo.toArray(),
    async archive(id) {
      const info = await db.basemapInfo.get(id);
      if (info?.kind !== 'archive' || !info.archive) return null;
      const parts = await partsOf(info.archive).sortBy('n');
      // A part missing (storage evicted in between?) would shift every later byte: refuse rather than misread.
      if (parts.length !== info.parts || parts.some((p, i) => p.n !== i)) return null;
      return new Blob(
        parts.map((p) => p.blob),
        { type: 'application/vnd.pmtiles' },
      );
    },
    beginArchive(id) {
      const archive = newArchiveKey(id);
      let n = 0;
      let bytes = 0;
      return {
        async putPart(blob) {
          await db.basemapParts.put({ archive, n, blob });
          n++;
          bytes += blob.size;
        },
        async commit(source) {
          const record: BasemapInfoRecord = { id, kind: 'archive', source, bytes, storedAt: new Date().toISOString(), archive, parts: n };
          await db.transaction('rw', db.basemapInfo, db.basemapParts, db.basemapTiles, async () => {
            const old = await db.basemapInfo.get(id);
            if (old?.archive) await partsOf(old.archive).delete();
            await db.basemapTiles.where('basemap').equals(id).delete();
            await db.basemapInfo.put(record);
          });
          return record;
        },
        async discard() {
          await partsOf(archive).delete();
        },
      };
    },
    async tile(id, key) {
      return (await db.basemapTiles.get([id, key]))?.blob ?? null;
    },
    async putTiles(id, tiles) {
      await db.basemapTiles.bulkPut(tiles.map(({ key, blob }) => ({ basemap: id, key, blob })));
    },
    async finishTiles(id, { source, zooms, bounds }) {
      let tileCount = 0;
      let bytes = 0;
      await db.basemapTiles
        .where('basemap')
        .equals(id)
        .each((t) => {
          tileCount++;
          bytes += t.blob.size;
        });
      if (tileCount === 0) {
        await db.basemapInfo.delete(id);
        return null;
      }
      const record: BasemapInfoRecord = { id, kind: 'tiles', source, bytes, storedAt: new Date().toISOString(), tileCount, zooms, bounds };
      await db.basemapInfo.put(record);
      return record;
    },
    async remove(id) {
      await db.transaction('rw', db.basemapInfo, db.basemapParts, db.basemapTiles, async () => {
        const old = await db.basemapInfo.get(id);
        if (old?.archive) await partsOf(old.archive).delete();
        await db.basemapTiles.where('basemap').equals(id).delete();
        await db.basemapInfo.delete(id);
      });
    },
    async sweep() {
      await db.transaction('rw', db.basemapInfo, db.basemapParts, async () => {
        const current = new Set((await db.basemapInfo.toArray()).map((i) => i.archive).filter(Boolean));
        const keys = await db.basemapParts.toCollection().primaryKeys();
        const orphans = keys.filter(([archive]) => !current.has(archive));
        if (orphans.length > 0) await db.basemapParts.bulkDelete(orphans);
      });
    },
  };
}
