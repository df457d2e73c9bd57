// The user's imports (导入数据) in IndexedDB: each import keeps the whole layer as it
// stood after it, so the app shows it on every start without the file, offline too.
// Nothing here is touched by 清除缓存: an import may be the only copy of the user's data.

import type { LayerId } from '../types';
import { PdsDatabase } from './database';
import type { ImportRecord } from './database';

/** What the app keeps in memory of an import: the record without its bytes. */
export type ImportInfo = Omit<ImportRecord, 'bytes'> & { id: number };

export interface ImportStore {
  /** The newest import of each layer that has one, oldest layer first. */
  current(): Promise<ImportInfo[]>;
  /** The bytes of one import. */
  bytes(id: number): Promise<ArrayBuffer | null>;
  add(record: Omit<ImportRecord, 'id'>): Promise<ImportInfo>;
  /** 撤销导入: delete the newest import of a layer; returns the one that is now the newest, or null. */
  undo(layerId: LayerId): Promise<ImportInfo | null>;
}

const info = ({ bytes: _, ...rest }: ImportRecord): ImportInfo => rest as ImportInfo;

export function createImportStore(db: PdsDatabase = new PdsDatabase()): ImportStore {
  const newestOf = async (layerId: LayerId): Promise<ImportRecord | undefined> => (await db.imports.where('layerId').equals(layerId).sortBy('id')).at(-1);
  return {
    async current() {
      const newest = new Map<LayerId, ImportRecord>();
      // By id: the newest of each layer comes last and wins.
      await db.imports.orderBy('id').each((record) => void newest.set(record.layerId, record));
      return [...newest.values()].sort((a, b) => a.id! - b.id!).map(info);
    },
    async bytes(id) {
      return (await db.imports.get(id))?.bytes ?? null;
    },
    async add(record) {
      const id = await db.imports.add(record as ImportRecord);
      return info({ ...record, id } as ImportRecord);
    },
    async undo(layerId) {
      return db.transaction('rw', db.imports, async () => {
        const newest = await newestOf(layerId);
        if (newest) await db.imports.delete(newest.id!);
        const previous = await newestOf(layerId);
        return previous ? info(previous) : null;
      });
    },
  };
}
