import { setOfflinePanelOpen, setPanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { FeatureCard } from '../feature_card/FeatureCard';
import { LayerPanel } from '../layer_panel/LayerPanel';
import { MapRegion } from '../map_region/MapRegion';
import { Notices } from '../notices/Notices';
import { OfflinePanel } from '../offline_panel/OfflinePanel';
import type { OfflineActions } from '../offline_panel/OfflinePanel';

/** Page layout: title bar, layer panel, map, feature card and notices. */
export function AppShell({
  state,
  attachMap,
  offlineActions,
}: {
  state: AppState;
  attachMap: (element: HTMLElement) => () => void;
  offlineActions: OfflineActions;
}) {
  const manifest = state.manifest.value;
  return (
    <div class="app">
      <header class="topbar">
        <button
          type="button"
          class="topbar__layers"
          aria-expanded={state.panelOpen.value}
          aria-controls="layer-panel"
          onClick={() => setPanelOpen(state, !state.panelOpen.value)}
        >
          图层
        </button>
        <h1 class="topbar__title">
          <span class="topbar__title-full">平顶山生态环境一张图</span>
          <span class="topbar__title-short" aria-hidden="true">
            生态一张图
          </span>
        </h1>
        {manifest?.demo && (
          <span class="demo-badge" title="本数据为程序生成的演示数据，非真实排查台账">
            演示数据
          </span>
        )}
        <div class="topbar__end">
        {manifest && <span class="topbar__date">数据截至 {manifest.dataDate}</span>}
        <button
          type="button"
          class="topbar__button"
          aria-expanded={state.offlinePanelOpen.value}
          aria-controls="offline-panel"
          onClick={() => setOfflinePanelOpen(state, !state.offlinePanelOpen.value)}
          aria-label="离线与存储"
        >
          <span class="topbar__button-long">离线与存储</span>
          <span class="topbar__button-short" aria-hidden="true">
            离线
          </span>
        </button>
        </div>
      </header>
      <main class="workspace">
        <LayerPanel state={state} />
        <MapRegion attach={attachMap} />
        <FeatureCard state={state} />
        <OfflinePanel state={state} actions={offlineActions} />
      </main>
      <Notices state={state} />
    </div>
  );
}
