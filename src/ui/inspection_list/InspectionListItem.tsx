import { SYNC_STATE_LABELS } from '../../data/inspections/inspection';
import type { InspectionRecord } from '../../data/inspections/inspection';
import { formatDateTime } from '../format';
import { PhotoThumbnails } from './PhotoThumbnails';

/**
 * One inspection in a list: when, who, what was seen, its sync state, and 重试 when the server refused it;
 * the photos as thumbnails when `photos` can read them, and a button to its outfall when `onOpen` is given.
 */
export function InspectionListItem({
  record,
  showOutfall,
  retry,
  photos,
  onOpen,
}: {
  record: InspectionRecord;
  showOutfall: boolean;
  retry: (uuid: string) => void;
  photos?: (uuid: string) => Promise<Blob[]>;
  onOpen?: (outfallCode: string) => void;
}) {
  return (
    <li class="inspection-list__item">
      <span>
        {formatDateTime(record.createdAt)}
        {showOutfall ? ` · ${record.outfallCode}` : ''} · {record.inspector} · 排水：{record.dischargeSeen}
        {record.photoIds.length > 0 ? ` · ${record.photoIds.length} 张照片` : ''}
      </span>
      <span class={`sync-state sync-state--${record.syncState}`}>{SYNC_STATE_LABELS[record.syncState]}</span>
      {((photos && record.photoIds.length > 0) || onOpen) && (
        <div class="inspection-list__extra">
          {photos && record.photoIds.length > 0 && <PhotoThumbnails uuid={record.uuid} count={record.photoIds.length} load={photos} />}
          {onOpen && (
            <button
              type="button"
              class="button inspection-list__open"
              aria-label={`查看排污口 ${record.outfallCode}`}
              onClick={() => onOpen(record.outfallCode)}
            >
              查看排污口
            </button>
          )}
        </div>
      )}
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
