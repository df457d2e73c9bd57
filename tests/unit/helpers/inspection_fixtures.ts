// Inspection drafts and photos for tests, and a fresh in-memory database per test.

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PdsDatabase } from '../../../src/data/cache/database';
import type { InspectionDraft } from '../../../src/data/inspections/inspection';

export function makeDraft(overrides: Partial<InspectionDraft> = {}): InspectionDraft {
  return {
    outfallCode: 'PDS-ZH-0195',
    inspector: '张伟',
    dischargeSeen: '有',
    appearance: { colour: '浑浊', odour: '异味', foam: '少量' },
    sampleTaken: true,
    remediationProgress: '整治中',
    notes: '排口下方有油膜',
    position: { lon: 113.3101, lat: 33.7402, accuracyM: 8 },
    ...overrides,
  };
}

/** A small "JPEG" (JPEG magic bytes, then a marker so each photo differs). */
export function makePhoto(marker: number): Blob {
  return new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, marker, marker, 0xff, 0xd9])], { type: 'image/jpeg' });
}

/** A database on its own IndexedDB; `reopen` gives a new connection to the same data, as after a reload. */
export function freshDatabase(name = 'pds-test') {
  const factory = new IDBFactory();
  const open = () => new PdsDatabase(name, { indexedDB: factory, IDBKeyRange });
  return { db: open(), reopen: open };
}
