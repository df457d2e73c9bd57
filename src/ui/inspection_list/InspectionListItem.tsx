import { SYNC_STATE_LABELS } from '../../data/inspections/inspection';
import type { InspectionRecord } from '../../data/inspections/inspection';
import { formatDateTime } from '../format';

/** One inspection in a list: when, who, what was seen, its sync state, and 重试 when the server refused it. */
export function InspectionListItem({ record, showOutfall, retry }: { record: InspectionRecord; showOutfall: boolean; retry: (uuid: string) => void }) {
  return (
    <li class="inspection-list__item">
      <span>
        {formatDateTime(record.createdAt)}
        {showOutfall ? ` · ${record.outfallCode}` : ''} · {record.inspector} · 排水：{record.dischargeSeen}
        {record.photoIds.length > 0 ? ` · ${record.photoIds.length} 张照片` : ''}
      </span>
      <span class={`sync-state sync-state--${record.syncState}`}>{SYNC_STATE_LABELS[record.syncState]}</span>
      {record.syncState === 'error' && (
        <span class="inspection-list__error">
          {record.syncError}
          <button type="button" class="link-button" onClick={() => retry(record.uuid)}>
            重试
          </button>
        </span>
      )}
    </li>
  );
}
