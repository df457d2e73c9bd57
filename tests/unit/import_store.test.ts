// 导入数据 keeps each import of a layer; 撤销导入 goes back one import at a time, and a
// layer's imports never touch another's.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PdsDatabase } from '../../src/data/cache/database';
import { createImportStore } from '../../src/data/cache/import_store';
import type { ImportRecord } from '../../src/data/cache/database';

let n = 0;
const record = (layerId: string, fileName: string, text: string): Omit<ImportRecord, 'id'> => ({
  layerId,
  title: layerId,
  newLayer: false,
  importedAt: new Date(Date.UTC(2025, 8, 20, 0, n++)).toISOString(),
  fileName,
  mode: 'replace',
  counts: { read: 1, accepted: 1, rejected: 0, added: 1, updated: 0, unchanged: 0, untouched: 0 },
  format: 'geojson',
  bytes: new TextEncoder().encode(text).buffer,
});
const text = (bytes: ArrayBuffer | null) => (bytes ? new TextDecoder().decode(bytes) : null);

describe('the import store', () => {
  it('shows the newest import of each layer, and 撤销导入 steps back to the one before, then to none', async () => {
    const db = new PdsDatabase(`imports-${Math.random()}`);
    const store = createImportStore(db);
    await store.add(record('outfalls', '一月.csv', 'jan'));
    await store.add(record('parks', '园区.kml', 'parks'));
    const feb = await store.add(record('outfalls', '二月.csv', 'feb'));
    const current = await store.current();
    expect(current.map((i) => [i.layerId, i.fileName])).toEqual([
      ['parks', '园区.kml'],
      ['outfalls', '二月.csv'],
    ]);
    expect(text(await store.bytes(feb.id))).toBe('feb');
    expect('bytes' in current[0]).toBe(false);

    const back = await store.undo('outfalls');
    expect(back?.fileName).toBe('一月.csv');
    expect(text(await store.bytes(back!.id))).toBe('jan');
    expect(await store.undo('outfalls')).toBeNull();
    expect((await store.current()).map((i) => i.layerId)).toEqual(['parks']);
    db.close();
  });

  it('keeps imports across a reopen of the database (a reload)', async () => {
    const name = `imports-${Math.random()}`;
    const first = new PdsDatabase(name);
    await createImportStore(first).add(record('outfalls', '台账.xlsx', 'kept'));
    first.close();
    const again = new PdsDatabase(name);
    const [kept] = await createImportStore(again).current();
    expect(kept.fileName).toBe('台账.xlsx');
    expect(text(await createImportStore(again).bytes(kept.id))).toBe('kept');
    again.close();
  });
});
