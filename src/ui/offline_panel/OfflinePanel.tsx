import { useEffect, useState } from 'preact/hooks';
import { layerTitle } from '../../state/selectors';
import { setOfflinePanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { formatBytes, formatDateTime } from '../format';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import { OfflineBasemaps } from './OfflineBasemaps';
import type { BasemapOfflineActions } from './OfflineBasemaps';

export interface OfflineActions {
  updateData(): void;
  clearCache(): void;
  /** Ask the browser to keep the offline data under storage pressure: true granted, false refused, null cannot ask. */
  requestPersistence(): Promise<boolean | null>;
  basemaps: BasemapOfflineActions;
}

/** What the browser's answer to 申请持久存储 means, in plain words. */
export function persistenceAnswer(granted: boolean | null): string {
  if (granted) {
    return '浏览器已同意持久存储：即使手机或电脑存储空间不足，浏览器也不会自动删除本应用的离线数据（地图数据、离线底图、尚未同步的巡查记录）。只有您自己清除浏览器数据或卸载应用时才会删除。';
  }
  if (granted === false) {
    return '浏览器未同意持久存储：存储空间不足时，浏览器可能自动删除本应用的离线数据，包括尚未同步的巡查记录。要保住它们：把本应用安装到主屏幕或桌面（浏览器菜单中的“安装应用”或“添加到主屏幕”）并经常使用，浏览器通常会同意常用的已安装应用；巡查记录请在联网时及时同步。之后可以再申请一次。';
  }
  return '此浏览器不支持申请持久存储（或不允许本网页申请）：存储空间不足时，离线数据可能被浏览器删除。请把本应用安装到主屏幕并经常使用，巡查记录请在联网时及时同步。';
}

/** The day a layer was stored, as its version: "2025-09-17" (the hash is kept for the tooltip). */
const storedDay = (iso: string): string => formatDateTime(iso).slice(0, 10);

/** 离线与存储: what is cached, how much space it takes, the buttons to refresh or clear it, persistent storage and the offline basemaps. */
export function OfflinePanel({ state, actions }: { state: AppState; actions: OfflineActions }) {
  const [confirming, setConfirming] = useState(false);
  const [asking, setAsking] = useState(false);
  const [answer, setAnswer] = useState<boolean | null | undefined>(undefined);
  const online = useOnline();
  if (!state.offlinePanelOpen.value) return null;
  const cached = new Map(state.cachedLayers.value.map((l) => [l.id, l]));
  const notCached = new Map(state.notCachedLayers.value.map((l) => [l.id, l]));
  const ids = state.layers.value.map((l) => l.id);
  // A chunked grid can be stored in part (some of its days did not fit): not complete, and named with what is missing.
  const complete = (id: string) => cached.has(id) && !notCached.has(id);
  const missing = ids.filter((id) => !complete(id));
  const cachedBytes = state.cachedLayers.value.reduce((sum, l) => sum + l.size, 0);
  const shownHash = new Map((state.manifest.value?.layers ?? []).map((l) => [l.id, l.hash]));
  const storage = state.storage.value;
  const cachedCount = ids.filter(complete).length;
  const unsynced = state.unsyncedCount.value;
  const ask = async () => {
    setAsking(true);
    try {
      setAnswer(await actions.requestPersistence());
    } finally {
      setAsking(false);
    }
  };
  return (
    <section id="offline-panel" class="side-panel" role="dialog" aria-labelledby="offline-panel-title">
      <SidePanelHeader id="offline-panel-title" title="离线与存储" onClose={() => setOfflinePanelOpen(state, false)} />
      <div class="side-panel__body">
        <p class="side-panel__summary">
          {cachedCount === ids.length
            ? '全部图层已存入本机，断网也能打开。'
            : `${cachedCount} / ${ids.length} 个图层已存入本机，断网时可用；未存入：${missing.map((id) => layerTitle(state, id) + (notCached.get(id) ? `（${notCached.get(id)!.reason}）` : '')).join('、')}。`}
        </p>
        <table class="cache-table">
          <thead>
            <tr>
              <th scope="col">图层</th>
              <th scope="col">状态</th>
              <th scope="col" title="存入本机的日期">
                版本
              </th>
              <th scope="col">数据日期</th>
              <th scope="col">大小</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const record = cached.get(id);
              const stale = record && shownHash.get(id) && shownHash.get(id) !== record.hash;
              return (
                <tr key={id}>
                  <th scope="row">{layerTitle(state, id)}</th>
                  <td class={record ? 'cache-table__yes' : 'cache-table__no'}>
                    {record ? (stale ? '已缓存（旧版本）' : complete(id) ? '已缓存' : '部分缓存') : '未缓存'}
                    {notCached.get(id) && <span class="cache-table__reason">（{notCached.get(id)!.reason}）</span>}
                  </td>
                  <td title={record ? `存入于 ${formatDateTime(record.storedAt)}；校验码 ${record.hash}` : undefined}>
                    {record ? storedDay(record.storedAt) : '—'}
                  </td>
                  <td>{record?.dataDate ?? '—'}</td>
                  <td>{record ? formatBytes(record.size) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <dl class="fields">
          <div class="fields__row">
            <dt>本机已用</dt>
            <dd>{formatBytes(storage?.usage)}</dd>
          </div>
          <div class="fields__row">
            <dt>可用空间</dt>
            <dd>{storage?.quota != null && storage.usage != null ? formatBytes(storage.quota - storage.usage) : '未知'}</dd>
          </div>
          <div class="fields__row">
            <dt>持久存储</dt>
            <dd>
              {storage?.persisted ? '已开启（浏览器不会自动清除）' : storage?.persisted === false ? '未开启（空间不足时浏览器可能清除离线数据）' : '未知'}
            </dd>
          </div>
        </dl>
        <div class="persist">
          <button type="button" class="button" disabled={asking} onClick={() => void ask()}>
            {asking ? '正在申请…' : '申请持久存储'}
          </button>
          {answer !== undefined && (
            <p role="status" class={`persist__answer ${answer ? 'persist__answer--yes' : 'persist__answer--no'}`}>
              {persistenceAnswer(answer)}
            </p>
          )}
        </div>
        <div class="side-panel__actions">
          <button type="button" class="button button--primary" disabled={state.updating.value} onClick={() => actions.updateData()}>
            {state.updating.value ? '正在检查…' : '更新数据'}
          </button>
          <button type="button" class="button" aria-expanded={confirming} disabled={confirming || cachedCount === 0} onClick={() => setConfirming(true)}>
            清除缓存
          </button>
        </div>
        {confirming && (
          <div class="confirm-box" role="alertdialog" aria-labelledby="clear-cache-title" aria-describedby="clear-cache-text">
            <p id="clear-cache-title" class="confirm-box__title">
              清除本机的离线地图数据（{formatBytes(cachedBytes)}）？
            </p>
            {unsynced > 0 && (
              <p class="confirm-box__unsynced">
                本机有 {unsynced} 条巡查记录尚未同步到服务器。清除缓存不会删除它们：巡查记录和照片另行保存，清除缓存从不触及；联网后会继续上传。
              </p>
            )}
            <p id="clear-cache-text">
              {online
                ? '清除后，断网时将无法打开地图，直到下次联网重新下载。'
                : '当前没有网络：清除后，一旦刷新或重新打开，地图将是空的，排污口也无从选择，直到联网重新下载数据。'}
              巡查记录不会被删除，离线底图也不受影响（可在下方单独删除）。
            </p>
            <div class="side-panel__actions">
              <button
                type="button"
                class="button button--danger"
                onClick={() => {
                  setConfirming(false);
                  actions.clearCache();
                }}
              >
                确认清除
              </button>
              <button type="button" class="button" autoFocus onClick={() => setConfirming(false)}>
                取消
              </button>
            </div>
          </div>
        )}
        <p class="side-panel__note">清除缓存只删除地图数据，不会删除巡查记录。</p>
        <OfflineBasemaps state={state} actions={actions.basemaps} />
      </div>
    </section>
  );
}

/** navigator.onLine, kept current by the online/offline events. */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
