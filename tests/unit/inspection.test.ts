// The inspection form's rules, and ids that work on an HTTP intranet deployment too.
import { afterEach, describe, expect, it } from 'vitest';
import { inspectionContent, newInspectionUuid, normaliseDraft, photoId, validateInspectionDraft } from '../../src/data/inspections/inspection';
import type { InspectionDraft, InspectionRecord } from '../../src/data/inspections/inspection';
import { makeDraft } from './helpers/inspection_fixtures';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('validateInspectionDraft', () => {
  it('accepts a complete draft, and empty appearance, notes and position', () => {
    expect(validateInspectionDraft(makeDraft())).toEqual({});
    expect(validateInspectionDraft(makeDraft({ appearance: { colour: '', odour: '', foam: '' }, notes: '', position: null }))).toEqual({});
    expect(validateInspectionDraft(makeDraft({ notes: '字'.repeat(2000) }))).toEqual({});
  });

  it('names each faulty input in Chinese', () => {
    const bad = {
      outfallCode: ' ',
      inspector: '',
      dischargeSeen: '可能',
      appearance: { colour: '黑'.repeat(51), odour: '无味', foam: 3 },
      sampleTaken: 'yes',
      remediationProgress: '快好了',
      notes: '字'.repeat(2001),
      position: { lon: 200, lat: 33, accuracyM: 5 },
    } as unknown as InspectionDraft;
    expect(validateInspectionDraft(bad)).toEqual({
      outfallCode: '缺少排污口编码',
      inspector: '请填写巡查人',
      dischargeSeen: '请选择是否排水（有、无或无法确认）',
      colour: '颜色不能超过 50 个字',
      foam: '泡沫应为文字',
      sampleTaken: '请选择是否采样',
      remediationProgress: '请选择整治进展（未启动、整治中或已完成）',
      notes: '备注不能超过 2000 个字（现为 2001 个字）',
      position: '位置无效',
    });
  });

  it('trims what a phone keyboard adds', () => {
    const d = normaliseDraft(makeDraft({ inspector: ' 张伟  ', notes: '\n有油膜 ', appearance: { colour: ' 黑色', odour: '恶臭 ', foam: '' } }));
    expect([d.inspector, d.notes, d.appearance.colour, d.appearance.odour]).toEqual(['张伟', '有油膜', '黑色', '恶臭']);
  });
});

describe('ids', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis.crypto, 'randomUUID');
  afterEach(() => {
    if (original) Object.defineProperty(globalThis.crypto, 'randomUUID', original);
    else delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
  });

  it('makes v4 UUIDs, also where crypto.randomUUID is missing (plain HTTP)', () => {
    expect(newInspectionUuid()).toMatch(UUID_V4);
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    expect(crypto.randomUUID).toBeUndefined();
    const ids = new Set(Array.from({ length: 100 }, newInspectionUuid));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('photo ids are file names with the extension of the image type', () => {
    expect(photoId('u', 1, 'image/jpeg')).toBe('u-1.jpg');
    expect(photoId('u', 2, 'image/png')).toBe('u-2.png');
    expect(photoId('u', 3, '')).toBe('u-3.jpg');
  });

  it('the content sent to the server has no sync fields', () => {
    const record: InspectionRecord = {
      ...makeDraft(),
      uuid: 'u',
      createdAt: '2025-09-18T02:30:00.000Z',
      photoIds: ['u-1.jpg'],
      syncState: 'error',
      attempts: 3,
      lastAttemptAt: null,
      nextAttemptAt: null,
      syncError: 'x',
      syncedAt: null,
    };
    expect(Object.keys(inspectionContent(record)).sort()).toEqual(
      [
        'appearance',
        'createdAt',
        'dischargeSeen',
        'inspector',
        'notes',
        'outfallCode',
        'photoIds',
        'position',
        'remediationProgress',
        'sampleTaken',
        'uuid',
      ].sort(),
    );
  });
});
