import { useState } from 'preact/hooks';
import { setInspectionsPanelOpen } from '../../state/actions';
import { InspectionListItem } from '../inspection_list/InspectionListItem';
import { download } from '../download';
import type { AppState } from '../../state/app_state';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';

export interface InspectionsPanelActions {
  syncNow(): Promise<void>;
  exportZip(which: 'all' | 'pending'): Promise<Blob>;
  retry(uuid: string): Promise<void>;
  syncEnabled(): boolean;
  /** The record's photos, in the order taken. */
  photos(uuid: string): Promise<Blob[]>;
  /** Fly to the outfall and open its card. */
  openOutfall(code: string): void;
}

/** 巡查记录: every inspection on this device, its sync state, 立即同步 and the exports. */
export function InspectionsPanel({ state, actions }: { state: AppState; actions: InspectionsPanelActions }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!state.inspectionsPanelOpen.value) return null;
  const records = [...state.inspections.value].reverse();
  const run = async (label: string, task: () => Promise<void>) => {
    setBusy(label);
    setMessage(null);
    try {
      await task();
    } catch (error) {
      setMessage(`${label}失败：${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(null);
    }
  };
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <section id="inspections-panel" class="side-panel" role="dialog" aria-labelledby="inspections-panel-title">
      <SidePanelHeader id="inspections-panel-title" title="巡查记录" onClose={() => setInspectionsPanelOpen(state, false)} />
      <div class="side-panel__body">
        <p class="side-panel__summary">
          本机共 {records.length} 条，{state.unsyncedCount.value} 条未同步。
          {actions.syncEnabled()
            ? '联网时自动上传。'
            : state.config.value.invalid.apiBase
              ? `同步服务器配置有误：${state.config.value.invalid.apiBase}。请定期导出。`
              : '未配置同步服务器（config.json 的 apiBase），记录只保存在本机，请定期导出。'}
        </p>
        <div class="side-panel__actions">
          <button
            type="button"
            class="button button--primary"
            disabled={busy !== null || !actions.syncEnabled()}
            onClick={() => void run('同步', actions.syncNow)}
          >
            {busy === '同步' ? '正在同步…' : '立即同步'}
          </button>
          <button
            type="button"
            class="button"
            disabled={busy !== null || records.length === 0}
            onClick={() => void run('导出', async () => download(await actions.exportZip('all'), `巡查记录-全部-${stamp}.zip`))}
          >
            导出全部
          </button>
          <button
            type="button"
            class="button"
            disabled={busy !== null || state.unsyncedCount.value === 0}
            onClick={() => void run('导出', async () => download(await actions.exportZip('pending'), `巡查记录-未同步-${stamp}.zip`))}
          >
            导出未同步
          </button>
        </div>
        <p class="side-panel__note">导出为 ZIP：inspections.geojson、inspections.csv（Excel 可直接打开）和照片。</p>
        {message && (
          <p class="form-status form-status--failed" role="alert">
            {message}
          </p>
        )}
        <ul class="inspection-list" aria-label="全部巡查记录">
          {records.map((r) => (
            <InspectionListItem
              key={r.uuid}
              record={r}
              showOutfall
              retry={(uuid) => void actions.retry(uuid)}
              photos={actions.photos}
              onOpen={actions.openOutfall}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}
