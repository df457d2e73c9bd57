// One field inspection of an outfall (巡查记录): what the form fills in, what is
// stored on the phone, and what is sent to the server. The record is made on the
// phone, so its id (uuid) is made there too: the server uses it as the
// idempotency key, and sending the same record twice can never make two.

import { REMEDIATION_STATUSES } from '../types';
import type { RemediationStatus } from '../types';

export const DISCHARGE_SEEN_OPTIONS = ['有', '无', '无法确认'] as const;
export type DischargeSeen = (typeof DISCHARGE_SEEN_OPTIONS)[number];

/** Suggestions for the form; appearance is free short text, so inspectors may type anything else. */
export const COLOUR_OPTIONS = ['无色', '浑浊', '黄色', '黑色', '其他'] as const;
export const ODOUR_OPTIONS = ['无味', '异味', '恶臭'] as const;
export const FOAM_OPTIONS = ['无', '少量', '大量'] as const;

/** Same words as the outfall's remediationStatus, so a card and an inspection read alike. */
export const REMEDIATION_PROGRESS_OPTIONS = REMEDIATION_STATUSES;

export const NOTES_MAX_LENGTH = 2000;
/** Photos are downscaled to at most this many pixels on their longer side before saving. */
export const MAX_PHOTO_SIDE = 1600;
export const APPEARANCE_MAX_LENGTH = 50;
export const INSPECTOR_MAX_LENGTH = 50;

export interface InspectionPosition {
  lon: number;
  lat: number;
  /** Radius of the phone's 68 % confidence circle, metres (GeolocationCoordinates.accuracy). */
  accuracyM: number;
}

export interface InspectionAppearance {
  colour: string;
  odour: string;
  foam: string;
}

/** What the form fills in. */
export interface InspectionDraft {
  outfallCode: string;
  inspector: string;
  dischargeSeen: DischargeSeen;
  appearance: InspectionAppearance;
  sampleTaken: boolean;
  remediationProgress: RemediationStatus;
  notes: string;
  /** Where the phone was when the record was made; null when no position was available. */
  position: InspectionPosition | null;
}

/** The inspection itself: the draft plus what the app adds when saving. This is what the server receives. */
export interface InspectionContent extends InspectionDraft {
  /** Made on the phone (crypto.randomUUID); the idempotency key of the upload. */
  uuid: string;
  /** ISO timestamp of the save. */
  createdAt: string;
  /** Ids of the photos in the photos table, in the order they were taken; each is also the photo's file name. */
  photoIds: string[];
}

export type SyncState = 'pending' | 'synced' | 'error';

/** Where the record is on its way to the server. Never sent. */
export interface InspectionSyncFields {
  /** pending: waiting to be sent (or to be retried); synced: the server acknowledged it; error: the server refused it. */
  syncState: SyncState;
  attempts: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  /** Chinese message of the last failure, shown on the record. */
  syncError: string | null;
  syncedAt: string | null;
}

export type InspectionRecord = InspectionContent & InspectionSyncFields;

export const SYNC_STATE_LABELS: Record<SyncState, string> = { pending: '待同步', synced: '已同步', error: '同步失败' };

/** The form's inputs an error can belong to. */
export type InspectionField = 'outfallCode' | 'inspector' | 'dischargeSeen' | 'colour' | 'odour' | 'foam' | 'sampleTaken' | 'remediationProgress' | 'notes' | 'position';
export type InspectionFieldErrors = Partial<Record<InspectionField, string>>;

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Check a draft before it is saved. Returns one Chinese message per faulty input
 * (empty object: valid). Checks the values at run time too, because a draft may
 * come from a form or from an older app's stored state, not only from typed code.
 */
export function validateInspectionDraft(draft: InspectionDraft): InspectionFieldErrors {
  const errors: InspectionFieldErrors = {};
  const d = draft as Partial<Record<keyof InspectionDraft, unknown>>;
  if (!isString(d.outfallCode) || d.outfallCode.trim() === '') errors.outfallCode = '缺少排污口编码';
  if (!isString(d.inspector) || d.inspector.trim() === '') errors.inspector = '请填写巡查人';
  else if (d.inspector.trim().length > INSPECTOR_MAX_LENGTH) errors.inspector = `巡查人不能超过 ${INSPECTOR_MAX_LENGTH} 个字`;
  if (!(DISCHARGE_SEEN_OPTIONS as readonly unknown[]).includes(d.dischargeSeen)) errors.dischargeSeen = '请选择是否排水（有、无或无法确认）';
  const appearance = (typeof d.appearance === 'object' && d.appearance !== null ? d.appearance : {}) as Partial<Record<keyof InspectionAppearance, unknown>>;
  const labels: Record<keyof InspectionAppearance, string> = { colour: '颜色', odour: '气味', foam: '泡沫' };
  for (const key of ['colour', 'odour', 'foam'] as const) {
    const value = appearance[key];
    if (!isString(value)) errors[key] = `${labels[key]}应为文字`;
    else if (value.trim().length > APPEARANCE_MAX_LENGTH) errors[key] = `${labels[key]}不能超过 ${APPEARANCE_MAX_LENGTH} 个字`;
  }
  if (typeof d.sampleTaken !== 'boolean') errors.sampleTaken = '请选择是否采样';
  if (!(REMEDIATION_PROGRESS_OPTIONS as readonly unknown[]).includes(d.remediationProgress)) errors.remediationProgress = '请选择整治进展（未启动、整治中或已完成）';
  if (!isString(d.notes)) errors.notes = '备注应为文字';
  else if (d.notes.length > NOTES_MAX_LENGTH) errors.notes = `备注不能超过 ${NOTES_MAX_LENGTH} 个字（现为 ${d.notes.length} 个字）`;
  if (d.position !== null) {
    const p = (typeof d.position === 'object' && d.position !== null ? d.position : {}) as Partial<Record<keyof InspectionPosition, unknown>>;
    const ok = isFiniteNumber(p.lon) && isFiniteNumber(p.lat) && isFiniteNumber(p.accuracyM) && Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90 && p.accuracyM >= 0;
    if (!ok) errors.position = '位置无效';
  }
  return errors;
}

/** The draft as it is stored: text trimmed (a trailing space from a phone keyboard is not data). */
export function normaliseDraft(draft: InspectionDraft): InspectionDraft {
  return {
    outfallCode: draft.outfallCode.trim(),
    inspector: draft.inspector.trim(),
    dischargeSeen: draft.dischargeSeen,
    appearance: { colour: draft.appearance.colour.trim(), odour: draft.appearance.odour.trim(), foam: draft.appearance.foam.trim() },
    sampleTaken: draft.sampleTaken,
    remediationProgress: draft.remediationProgress,
    notes: draft.notes.trim(),
    position: draft.position ? { lon: draft.position.lon, lat: draft.position.lat, accuracyM: draft.position.accuracyM } : null,
  };
}

/** The record without its sync fields: what the server receives and keeps. */
export function inspectionContent(record: InspectionRecord): InspectionContent {
  const { uuid, createdAt, photoIds, outfallCode, inspector, dischargeSeen, appearance, sampleTaken, remediationProgress, notes, position } = record;
  return { uuid, createdAt, outfallCode, inspector, dischargeSeen, appearance, sampleTaken, remediationProgress, notes, position, photoIds };
}

/**
 * A v4 UUID. crypto.randomUUID exists only in secure contexts (HTTPS or localhost);
 * an intranet deployment over plain HTTP still has crypto.getRandomValues, so
 * fall back to it rather than fail to save an inspection.
 */
export function newInspectionUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic', 'image/heif': 'heif', 'image/gif': 'gif' };

/**
 * A photo's id, which is also its file name in uploads and exports:
 * <uuid>-<n>.<ext>, n from 1 in the order taken. The extension follows the
 * image type (the form re-encodes camera photos as JPEG, so normally .jpg).
 */
export function photoId(inspectionUuid: string, n: number, type: string): string {
  return `${inspectionUuid}-${n}.${EXTENSIONS[type.toLowerCase()] ?? 'jpg'}`;
}
