import { useState } from 'preact/hooks';
import { SYNC_STATE_LABELS } from '../../data/inspections/inspection';
import type { InspectionDraft, InspectionPosition, InspectionRecord } from '../../data/inspections/inspection';
import type { OutfallProperties } from '../../data/types';
import { formatDateTime } from '../format';
import { InspectionForm } from '../inspection_form/InspectionForm';
import { NavigateMenu } from '../navigate_menu/NavigateMenu';
import type { NavigationLink } from '../navigate_menu/NavigateMenu';

export interface DownstreamSection {
  name: string;
  latestClass: string | null;
  month: string | null;
  distanceM: number | null;
}

export interface OutfallExtrasServices {
  navigationLinks(outfall: OutfallProperties): NavigationLink[];
  downstreamSection(outfall: OutfallProperties): DownstreamSection | null;
  inspectionsFor(code: string): InspectionRecord[];
  position(): InspectionPosition | null;
  save(draft: InspectionDraft, photos: File[]): Promise<unknown>;
  retry(uuid: string): Promise<void>;
}

/** The field part of an outfall's card: navigate there, the water downstream, its inspections, 记录巡查. */
export function OutfallExtras({ outfall, services }: { outfall: OutfallProperties; services: OutfallExtrasServices }) {
  const [formOpen, setFormOpen] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const inspections = services.inspectionsFor(outfall.code);
  const downstream = services.downstreamSection(outfall);
  return (
    <div class="outfall-extras">
      <NavigateMenu links={services.navigationLinks(outfall)} />
      <h3>下游水质断面</h3>
      {downstream ? (
        <p class="downstream">
          {downstream.name}：{downstream.latestClass ? `${downstream.latestClass}类` : '无数据'}
          {downstream.month ? `（${downstream.month}）` : ''}
          {downstream.distanceM != null ? ` · 沿河约 ${(downstream.distanceM / 1000).toFixed(1)} 公里` : ''}
        </p>
      ) : (
        <p class="downstream downstream--none">同一河流下游没有国控/省控断面</p>
      )}
      <h3>巡查记录（{inspections.length}）</h3>
      {savedAt && (
        <p class="form-status form-status--saved" role="status">
          已保存（{savedAt}），{services.inspectionsFor(outfall.code)[0]?.syncState === 'synced' ? '已同步' : '联网后自动同步'}
        </p>
      )}
      {inspections.length > 0 && (
        <ul class="inspection-list" aria-label="本排污口的巡查记录">
          {inspections.map((r) => (
            <li key={r.uuid} class="inspection-list__item">
              <span>
                {formatDateTime(r.createdAt)} · {r.inspector} · 排水：{r.dischargeSeen}
                {r.photoIds.length > 0 ? ` · ${r.photoIds.length} 张照片` : ''}
              </span>
              <span class={`sync-state sync-state--${r.syncState}`}>{SYNC_STATE_LABELS[r.syncState]}</span>
              {r.syncState === 'error' && (
                <span class="inspection-list__error">
                  {r.syncError}
                  <button type="button" class="link-button" onClick={() => void services.retry(r.uuid)}>
                    重试
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {formOpen ? (
        <InspectionForm
          outfall={outfall}
          position={services.position()}
          save={services.save}
          onSaved={() => {
            setFormOpen(false);
            setSavedAt(formatDateTime(new Date().toISOString()));
          }}
          onCancel={() => setFormOpen(false)}
        />
      ) : (
        <button type="button" class="button button--primary" onClick={() => { setFormOpen(true); setSavedAt(null); }}>
          记录巡查
        </button>
      )}
    </div>
  );
}
