import { useEffect, useState } from 'preact/hooks';
import { layerTitle } from '../../state/selectors';
import { setOfflinePanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { formatBytes, formatDateTime } from '../format';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';

export interface OfflineActions {
  updateData(): void;
  clearCache(): void;
}

/** 离线与存储: what is cached, how much space it takes, and the buttons to refresh or clear it. */
export function OfflinePanel({ state, actions }: { state: AppState; actions: OfflineActions }) {
  const [confirming, setConfirming] = useState(false);
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
              <th scope="col">版本</th>
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
                  <td>
                    <code title={record?.hash}>{record ? record.hash.slice(0, 8) : '—'}</code>
                  </td>
                  <td title={record ? `存入于 ${formatDateTime(record.storedAt)}` : undefined}>{record?.dataDate ?? '—'}</td>
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
            <p id="clear-cache-text">
              {online
                ? '清除后，断网时将无法打开地图，直到下次联网重新下载。'
                : '当前没有网络：清除后，一旦刷新或重新打开，地图将是空的，排污口也无从选择，直到联网重新下载数据。'}
              巡查记录不会被删除。
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
