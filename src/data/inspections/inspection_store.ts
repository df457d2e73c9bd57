// Where inspections live on the phone: the inspections and photos tables of the
// offline database. A save is one transaction (record and photos together or
// nothing) and resolves only after IndexedDB committed it, so the form may say
// 已保存 when the promise resolves and must say it was not saved when it rejects.
// Nothing here deletes a record: a record leaves the phone only in an export.

import type { PdsDatabase, PhotoRecord } from '../cache/database';
import { describeStorageError, isQuotaError } from '../cache/storage_errors';
import { newInspectionUuid, normaliseDraft, photoId, validateInspectionDraft } from './inspection';
import type { InspectionDraft, InspectionFieldErrors, InspectionRecord } from './inspection';

export const QUOTA_NOT_SAVED_MESSAGE = '存储空间不足，巡查记录未保存，请清理空间后重试';

/** A save that did not happen. The message is Chinese and says so; fieldErrors is set when the draft was invalid. */
export class InspectionNotSavedError extends Error {
  readonly fieldErrors: InspectionFieldErrors | null;
  constructor(message: string, options: { cause?: unknown; fieldErrors?: InspectionFieldErrors } = {}) {
    super(message, { cause: options.cause });
    this.name = 'InspectionNotSavedError';
    this.fieldErrors = options.fieldErrors ?? null;
  }
}

export interface InspectionStore {
  /** Validate, then write the record and its photos in one transaction; resolves after commit. Rejects with InspectionNotSavedError. */
  save(draft: InspectionDraft, photos: Blob[]): Promise<InspectionRecord>;
  get(uuid: string): Promise<InspectionRecord | undefined>;
  /** Newest first, for the outfall's card. */
  listForOutfall(outfallCode: string): Promise<InspectionRecord[]>;
  /** Oldest first. */
  listAll(): Promise<InspectionRecord[]>;
  /** Records the server has not acknowledged (syncState pending or error), oldest first. */
  listPending(): Promise<InspectionRecord[]>;
  /** How many records the server has not acknowledged (pending or error): the badge. */
  countPending(): Promise<number>;
  /** The record's photos in the order taken. */
  getPhotos(uuid: string): Promise<PhotoRecord[]>;
  /** Every stored photo, for an export. */
  listPhotos(): Promise<PhotoRecord[]>;
  /** The server acknowledged the record. */
  markSynced(uuid: string, at: string): Promise<void>;
  /** The server refused the record: kept, not retried automatically. */
  markError(uuid: string, message: string, at?: string): Promise<void>;
  /** A failed attempt worth repeating: stays pending until nextAttemptAt. */
  markRetry(uuid: string, nextAttemptAt: string, message: string, at?: string): Promise<void>;
  /** The user asked to try again: pending and due now (keeps the attempt count). */
  resetToPending(uuid: string): Promise<void>;
}

export interface InspectionStoreOptions {
  now?: () => Date;
  uuid?: () => string;
}

const byCreatedAt = (a: InspectionRecord, b: InspectionRecord) => a.createdAt.localeCompare(b.createdAt);

export function createInspectionStore(db: PdsDatabase, options: InspectionStoreOptions = {}): InspectionStore {
  const now = options.now ?? (() => new Date());
  const makeUuid = options.uuid ?? newInspectionUuid;

  /**
   * Change the sync fields of an existing record, read and written in one
   * transaction so a count of attempts is never lost to a concurrent change. A
   * missing record is a bug in the caller: reported, never re-created half-empty.
   */
  async function change(uuid: string, changes: (record: InspectionRecord) => Partial<InspectionRecord> | null): Promise<void> {
    await db.transaction('rw', db.inspections, async () => {
      const record = await db.inspections.get(uuid);
      if (!record) throw new Error(`找不到巡查记录 ${uuid}`);
      const update = changes(record);
      if (update) await db.inspections.update(uuid, update);
    });
  }

  return {
    async save(draft, photos) {
      const fieldErrors = validateInspectionDraft(draft);
      if (Object.keys(fieldErrors).length > 0) {
        throw new InspectionNotSavedError(`巡查记录未保存：${Object.values(fieldErrors).join('；')}`, { fieldErrors });
      }
      const uuid = makeUuid();
      const photoRecords: PhotoRecord[] = photos.map((blob, i) => ({ id: photoId(uuid, i + 1, blob.type), inspectionUuid: uuid, n: i + 1, blob }));
      const record: InspectionRecord = {
        ...normaliseDraft(draft),
        uuid,
        createdAt: now().toISOString(),
        photoIds: photoRecords.map((p) => p.id),
        syncState: 'pending',
        attempts: 0,
        lastAttemptAt: null,
        nextAttemptAt: null,
        syncError: null,
        syncedAt: null,
      };
      try {
        // Dexie resolves db.transaction() on the IndexedDB 'complete' event, i.e. after commit.
        await db.transaction('rw', db.inspections, db.photos, async () => {
          await db.photos.bulkAdd(photoRecords);
          await db.inspections.add(record);
        });
      } catch (error) {
        if (isQuotaError(error)) throw new InspectionNotSavedError(QUOTA_NOT_SAVED_MESSAGE, { cause: error });
        throw new InspectionNotSavedError(`巡查记录未保存：${describeStorageError(error)}`, { cause: error });
      }
      return record;
    },

    get: (uuid) => db.inspections.get(uuid),

    async listForOutfall(outfallCode) {
      const list = await db.inspections.where('outfallCode').equals(outfallCode).toArray();
      return list.sort(byCreatedAt).reverse();
    },

    listAll: () => db.inspections.orderBy('createdAt').toArray(),

    async listPending() {
      const list = await db.inspections.where('syncState').anyOf('pending', 'error').toArray();
      return list.sort(byCreatedAt);
    },

    countPending: () => db.inspections.where('syncState').anyOf('pending', 'error').count(),

    async getPhotos(uuid) {
      const list = await db.photos.where('inspectionUuid').equals(uuid).toArray();
      return list.sort((a, b) => a.n - b.n);
    },

    listPhotos: () => db.photos.toArray(),

    markSynced: (uuid, at) =>
      change(uuid, (r) => ({ syncState: 'synced', syncedAt: at, lastAttemptAt: at, attempts: r.attempts + 1, nextAttemptAt: null, syncError: null })),

    markError: (uuid, message, at = now().toISOString()) =>
      change(uuid, (r) => ({ syncState: 'error', syncError: message, lastAttemptAt: at, attempts: r.attempts + 1, nextAttemptAt: null })),

    markRetry: (uuid, nextAttemptAt, message, at = now().toISOString()) =>
      change(uuid, (r) => ({ syncState: 'pending', syncError: message, lastAttemptAt: at, attempts: r.attempts + 1, nextAttemptAt })),

    // A synced record stays synced: sending it again could only make a duplicate on the server.
    resetToPending: (uuid) => change(uuid, (r) => (r.syncState === 'synced' ? null : { syncState: 'pending', nextAttemptAt: null })),
  };
}
