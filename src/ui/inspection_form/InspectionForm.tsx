import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  COLOUR_OPTIONS,
  DISCHARGE_SEEN_OPTIONS,
  FOAM_OPTIONS,
  INSPECTOR_MAX_LENGTH,
  MAX_PHOTO_SIDE,
  NOTES_MAX_LENGTH,
  ODOUR_OPTIONS,
  REMEDIATION_PROGRESS_OPTIONS,
  validateInspectionDraft,
} from '../../data/inspections/inspection';
import type { DischargeSeen, InspectionDraft, InspectionFieldErrors, InspectionPosition } from '../../data/inspections/inspection';
import { UNFILLED } from '../../data/types';
import type { OutfallProperties, RemediationStatus } from '../../data/types';

/** The inspector's name is remembered on the device: it is the same person all day. */
const INSPECTOR_KEY = 'pds.inspector';

function rememberedInspector(): string {
  try {
    return localStorage.getItem(INSPECTOR_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * 记录巡查: what the inspector saw at the outfall. The time is taken when saving;
 * photos come from the camera. 已保存 is shown only after the record is in IndexedDB.
 */
export function InspectionForm({
  outfall,
  position,
  save,
  onSaved,
  onCancel,
}: {
  outfall: OutfallProperties;
  position: InspectionPosition | null;
  save: (draft: InspectionDraft, photos: File[]) => Promise<unknown>;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [inspector, setInspector] = useState(rememberedInspector);
  const [dischargeSeen, setDischargeSeen] = useState<DischargeSeen | ''>('');
  const [colour, setColour] = useState('');
  const [odour, setOdour] = useState('');
  const [foam, setFoam] = useState('');
  const [sampleTaken, setSampleTaken] = useState(false);
  // An imported outfall whose ledger gave no status (未填) starts with none chosen: the inspector says what they see.
  const [progress, setProgress] = useState<RemediationStatus | ''>(outfall.remediationStatus === UNFILLED ? '' : outfall.remediationStatus);
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [errors, setErrors] = useState<InspectionFieldErrors>({});
  const [status, setStatus] = useState<{ kind: 'saving' | 'failed'; text: string } | null>(null);
  // The 记录巡查 button that opened the form is gone: its heading takes focus (not a field, which
  // would open a phone's keyboard over the form).
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const draft: InspectionDraft = {
      outfallCode: outfall.code,
      inspector,
      dischargeSeen: dischargeSeen as DischargeSeen,
      appearance: { colour, odour, foam },
      sampleTaken,
      remediationProgress: progress as RemediationStatus,
      notes,
      position,
    };
    const found = validateInspectionDraft(draft);
    if (!dischargeSeen) found.dischargeSeen = '请选择是否看到排水';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setStatus({ kind: 'failed', text: '请先更正标出的内容' });
      return;
    }
    setStatus({ kind: 'saving', text: '正在保存…' });
    try {
      await save(draft, photos);
      try {
        localStorage.setItem(INSPECTOR_KEY, inspector.trim());
      } catch {
        // Remembering the name is a convenience; the record itself is saved.
      }
      setStatus(null);
      onSaved();
    } catch (error) {
      setStatus({ kind: 'failed', text: error instanceof Error ? error.message : String(error) });
    }
  };

  const select = (label: string, value: string, set: (v: string) => void, options: readonly string[]) => (
    <label class="form-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">未填写</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form class="inspection-form" aria-label="记录巡查" onSubmit={submit} noValidate>
      <h3 ref={heading} tabIndex={-1}>
        记录巡查
      </h3>
      <p class="inspection-form__hint">时间在保存时自动记录{position ? `；位置精度约 ${Math.round(position.accuracyM)} 米` : '；未获取到位置'}。</p>
      <label class="form-field">
        <span>巡查人</span>
        <input
          type="text"
          value={inspector}
          maxLength={INSPECTOR_MAX_LENGTH}
          autoComplete="name"
          onInput={(e) => setInspector(e.currentTarget.value)}
          aria-invalid={!!errors.inspector}
        />
        {errors.inspector && <span class="form-error">{errors.inspector}</span>}
      </label>
      <fieldset class="form-field">
        <legend>是否看到排水</legend>
        <div class="radio-row">
          {DISCHARGE_SEEN_OPTIONS.map((o) => (
            <label key={o} class="radio">
              <input type="radio" name="dischargeSeen" value={o} checked={dischargeSeen === o} onChange={() => setDischargeSeen(o)} />
              {o}
            </label>
          ))}
        </div>
        {errors.dischargeSeen && <span class="form-error">{errors.dischargeSeen}</span>}
      </fieldset>
      <div class="form-grid">
        {select('颜色', colour, setColour, COLOUR_OPTIONS)}
        {select('气味', odour, setOdour, ODOUR_OPTIONS)}
        {select('泡沫', foam, setFoam, FOAM_OPTIONS)}
      </div>
      <label class="form-field form-field--inline">
        <input type="checkbox" checked={sampleTaken} onChange={(e) => setSampleTaken(e.currentTarget.checked)} />
        <span>已采样</span>
      </label>
      <label class="form-field">
        <span>整治进展</span>
        <select value={progress} onChange={(e) => setProgress(e.currentTarget.value as RemediationStatus)}>
          {progress === '' && <option value="">请选择</option>}
          {REMEDIATION_PROGRESS_OPTIONS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {errors.remediationProgress && <span class="form-error">{errors.remediationProgress}</span>}
      </label>
      <label class="form-field">
        <span>备注</span>
        <textarea rows={3} maxLength={NOTES_MAX_LENGTH} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        {errors.notes && <span class="form-error">{errors.notes}</span>}
      </label>
      <label class="form-field">
        <span>照片</span>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          onChange={(e) => setPhotos([...photos, ...Array.from(e.currentTarget.files ?? [])])}
        />
      </label>
      {photos.length > 0 && (
        <p class="inspection-form__photos">
          已选 {photos.length} 张照片（保存时压缩到 {MAX_PHOTO_SIDE} 像素以内）
          <button type="button" class="link-button" onClick={() => setPhotos([])}>
            清除照片
          </button>
        </p>
      )}
      <div class="inspection-form__actions">
        <button type="submit" class="button button--primary" disabled={status?.kind === 'saving'}>
          保存
        </button>
        <button type="button" class="button" onClick={onCancel}>
          取消
        </button>
      </div>
      {status && (
        <p class={`form-status form-status--${status.kind}`} role={status.kind === 'failed' ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </form>
  );
}
