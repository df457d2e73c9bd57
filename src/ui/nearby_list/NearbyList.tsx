import { REMEDIATION_STATUSES } from '../../data/types';
import type { OutfallProperties, RemediationStatus } from '../../data/types';
import { setLocating, setNearbyStatus } from '../../state/actions';
import type { AppState } from '../../state/app_state';

export interface NearbyEntry {
  outfall: OutfallProperties;
  distanceM: number;
  direction: string;
}

function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(m < 10_000 ? 2 : 1)} 公里`;
}

/** 附近排污口: the nearest outfalls to the user, re-sorted as they move, with a status filter; numbered as on the map. */
export function NearbyList({ state, entries, onChoose }: { state: AppState; entries: NearbyEntry[] | null; onChoose: (outfall: OutfallProperties) => void }) {
  if (!state.locating.value) return null;
  const position = state.position.value;
  return (
    <section class="nearby" aria-labelledby="nearby-title">
      <header class="nearby__header">
        <h2 id="nearby-title">附近排污口</h2>
        <select
          aria-label="按整治状态筛选"
          value={state.nearbyStatus.value ?? ''}
          onChange={(e) => setNearbyStatus(state, (e.currentTarget.value || null) as RemediationStatus | null)}
        >
          <option value="">全部状态</option>
          {REMEDIATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="button" class="icon-button" aria-label="关闭附近排污口" onClick={() => setLocating(state, false)}>
          ×
        </button>
      </header>
      {!position && <p class="nearby__wait">正在定位…</p>}
      {position && <p class="nearby__accuracy">我的位置精度约 {Math.round(position.accuracyM)} 米</p>}
      {position && entries && (
        <ol class="nearby__list" aria-label="附近排污口列表">
          {entries.length === 0 && <li class="nearby__empty">没有符合条件的排污口</li>}
          {entries.map((entry, i) => (
            <li key={entry.outfall.code} class="nearby__entry">
              {/* The number the map shows at this outfall (src/map/field_marks.ts); the list's order says it to a screen reader already. */}
              <span class="nearby__number" aria-hidden="true">
                {i + 1}
              </span>
              <button type="button" class="nearby__item" onClick={() => onChoose(entry.outfall)}>
                <span class="nearby__distance">
                  {entry.direction} {formatDistance(entry.distanceM)}
                </span>
                <span class="nearby__name">{entry.outfall.name}</span>
                <span class="nearby__meta">
                  {entry.outfall.code} · {entry.outfall.remediationStatus}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
