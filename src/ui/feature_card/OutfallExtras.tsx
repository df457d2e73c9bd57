import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { InspectionDraft, InspectionPosition, InspectionRecord } from '../../data/inspections/inspection';
import type { OutfallProperties } from '../../data/types';
import { formatDateTime } from '../format';
import { InspectionForm } from '../inspection_form/InspectionForm';
import { InspectionListItem } from '../inspection_list/InspectionListItem';
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
  /** An inspection's photos, shown as thumbnails in its list. */
  photos?(uuid: string): Promise<Blob[]>;
}

/**
 * The field part of an outfall's card: navigate there, the water downstream, its inspections, 记录巡查.
 * `onFormOpen` lets the card make room for the form (a phone's sheet goes full height).
 */
export function OutfallExtras({ outfall, services, onFormOpen }: { outfall: OutfallProperties; services: OutfallExtrasServices; onFormOpen?: () => void }) {
  const [formOpen, setFormOpen] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const saved = useRef<HTMLParagraphElement>(null);
  // The form (and its 保存, which had focus) is gone once saved: focus, and the view, go to 已保存.
  useLayoutEffect(() => {
    if (savedAt) saved.current?.focus();
  }, [savedAt]);
  // 取消 takes the form (and the focus in it) away: back to the button that opened it.
  const recordButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  useLayoutEffect(() => {
    if (!formOpen && cancelled.current) recordButton.current?.focus();
    cancelled.current = false;
  }, [formOpen]);
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
        <p ref={saved} tabIndex={-1} class="form-status form-status--saved" role="status">
          已保存（{savedAt}），{services.inspectionsFor(outfall.code)[0]?.syncState === 'synced' ? '已同步' : '联网后自动同步'}
        </p>
      )}
      {inspections.length > 0 && (
        <ul class="inspection-list" aria-label="本排污口的巡查记录">
          {inspections.map((r) => (
            <InspectionListItem key={r.uuid} record={r} showOutfall={false} retry={(uuid) => void services.retry(uuid)} photos={services.photos} />
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
          onCancel={() => {
            cancelled.current = true;
            setFormOpen(false);
          }}
        />
      ) : (
        <button
          ref={recordButton}
          type="button"
          class="button button--primary"
          onClick={() => {
            setFormOpen(true);
            setSavedAt(null);
            onFormOpen?.();
          }}
        >
          记录巡查
        </button>
      )}
    </div>
  );
}
