// Saving an inspection on the phone: it is there after a reload, photos and all;
// a save that cannot complete (full disk, invalid form) says so in Chinese and
// leaves nothing half-written.
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import type { DBCore } from 'dexie';
import type { PdsDatabase } from '../../src/data/cache/database';
import { createInspectionStore, InspectionNotSavedError, QUOTA_NOT_SAVED_MESSAGE } from '../../src/data/inspections/inspection_store';
import { freshDatabase, makeDraft, makePhoto } from './helpers/inspection_fixtures';

const bytes = async (blob: Blob) => Array.from(new Uint8Array(await blob.arrayBuffer()));

/** Make every write to `table` fail with `error`, as a full disk would, after the transaction has begun. */
function failWrites(db: PdsDatabase, table: string, error: () => Error) {
  db.use({
    stack: 'dbcore',
    name: 'fail-writes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return name === table ? { ...t, mutate: () => Promise.reject(error()) } : t;
      },
    }),
  });
}

const open: PdsDatabase[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

describe('saving an inspection', () => {
  it('is still there with its photos after the app is closed and opened again', async () => {
    const { db, reopen } = freshDatabase();
    let t = Date.parse('2025-09-18T02:30:00Z');
    const store = createInspectionStore(db, { now: () => new Date((t += 1000)) });
    const saved = await store.save(makeDraft({ inspector: '  张伟 ', notes: '第一次' }), [makePhoto(1), makePhoto(2)]);
    await store.save(makeDraft({ outfallCode: 'PDS-LS-0001', notes: '别的排口' }), []);
    db.close();

    const after = reopen();
    open.push(after);
    const reloaded = createInspectionStore(after);
    const list = await reloaded.listForOutfall('PDS-ZH-0195');
    expect(list).toEqual([saved]);
    expect(saved.inspector).toBe('张伟');
    expect(saved.syncState).toBe('pending');
    expect(saved.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(saved.photoIds).toEqual([`${saved.uuid}-1.jpg`, `${saved.uuid}-2.jpg`]);
    const photos = await reloaded.getPhotos(saved.uuid);
    expect(photos.map((p) => p.id)).toEqual(saved.photoIds);
    expect(photos[0].blob).toBeInstanceOf(Blob);
    expect(photos[0].blob.type).toBe('image/jpeg');
    expect(await bytes(photos[1].blob)).toEqual(await bytes(makePhoto(2)));
    expect(await reloaded.countPending()).toBe(2);
    expect((await reloaded.listAll()).map((r) => r.notes)).toEqual(['第一次', '别的排口']);
  });

  it.each([
    ['QuotaExceededError', () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
    [
      'QuotaExceededError inside an AbortError',
      () => new Dexie.AbortError('Transaction aborted', new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
    ],
  ])('a full disk (%s) rejects the save with the Chinese message and writes neither record nor photos', async (_name, quota) => {
    const { db, reopen } = freshDatabase();
    // The photos are written first, then the record fails: the photos must be rolled back with it.
    failWrites(db, 'inspections', quota);
    const store = createInspectionStore(db);
    const error = await store.save(makeDraft(), [makePhoto(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InspectionNotSavedError);
    expect((error as Error).message).toBe(QUOTA_NOT_SAVED_MESSAGE);
    expect((error as Error).message).toContain('未保存');
    db.close();

    const after = reopen();
    open.push(after);
    expect(await after.inspections.count()).toBe(0);
    expect(await after.photos.count()).toBe(0);
  });

  it('any other storage failure also says the record was not saved', async () => {
    const { db } = freshDatabase();
    open.push(db);
    failWrites(db, 'photos', () => Object.assign(new Error('disk I/O error'), { name: 'UnknownError' }));
    const error = await createInspectionStore(db)
      .save(makeDraft(), [makePhoto(1)])
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^巡查记录未保存：本地存储出错/);
    expect(await db.inspections.count()).toBe(0);
  });

  it('an invalid form is not saved and each input gets its Chinese error', async () => {
    const { db } = freshDatabase();
    open.push(db);
    const store = createInspectionStore(db);
    const error = await store.save(makeDraft({ inspector: '   ', notes: '长'.repeat(2001) }), [makePhoto(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InspectionNotSavedError);
    expect((error as InspectionNotSavedError).fieldErrors).toEqual({ inspector: '请填写巡查人', notes: '备注不能超过 2000 个字（现为 2001 个字）' });
    expect((error as Error).message).toBe('巡查记录未保存：请填写巡查人；备注不能超过 2000 个字（现为 2001 个字）');
    expect(await db.inspections.count()).toBe(0);
    expect(await db.photos.count()).toBe(0);
  });
});

describe('sync state on the stored record', () => {
  it('retry, refusal and acknowledgement change the state but never remove the record', async () => {
    const { db } = freshDatabase();
    open.push(db);
    const store = createInspectionStore(db);
    const { uuid } = await store.save(makeDraft(), [makePhoto(1)]);

    await store.markRetry(uuid, '2025-09-18T02:31:10.000Z', '无法连接服务器（网络不可用），将自动重试', '2025-09-18T02:31:00.000Z');
    expect(await store.get(uuid)).toMatchObject({
      syncState: 'pending',
      attempts: 1,
      nextAttemptAt: '2025-09-18T02:31:10.000Z',
      syncError: '无法连接服务器（网络不可用），将自动重试',
    });

    await store.markError(uuid, '服务器拒绝：排污口编码不存在');
    expect(await store.get(uuid)).toMatchObject({ syncState: 'error', attempts: 2, nextAttemptAt: null, syncError: '服务器拒绝：排污口编码不存在' });
    expect(await store.countPending()).toBe(1);

    await store.resetToPending(uuid);
    expect(await store.get(uuid)).toMatchObject({ syncState: 'pending', nextAttemptAt: null });

    await store.markSynced(uuid, '2025-09-18T03:00:00.000Z');
    expect(await store.get(uuid)).toMatchObject({ syncState: 'synced', syncedAt: '2025-09-18T03:00:00.000Z', syncError: null, attempts: 3 });
    expect(await store.countPending()).toBe(0);
    expect(await store.listPending()).toEqual([]);

    // A synced record is not put back in the queue by a stray retry.
    await store.resetToPending(uuid);
    expect((await store.get(uuid))?.syncState).toBe('synced');
    expect(await db.inspections.count()).toBe(1);
    expect(await db.photos.count()).toBe(1);
  });
});
