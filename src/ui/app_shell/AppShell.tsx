import { setPanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { FeatureCard } from '../feature_card/FeatureCard';
import { LayerPanel } from '../layer_panel/LayerPanel';
import { MapRegion } from '../map_region/MapRegion';
import { Notices } from '../notices/Notices';

/** Page layout: title bar, layer panel, map, feature card and notices. */
export function AppShell({ state, attachMap }: { state: AppState; attachMap: (element: HTMLElement) => () => void }) {
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
        <h1 class="topbar__title">平顶山生态环境一张图</h1>
        {manifest?.demo && (
          <span class="demo-badge" title="本数据为程序生成的演示数据，非真实排查台账">
            演示数据
          </span>
        )}
        {manifest && <span class="topbar__date">数据截至 {manifest.dataDate}</span>}
      </header>
      <main class="workspace">
        <LayerPanel state={state} />
        <MapRegion attach={attachMap} />
        <FeatureCard state={state} />
      </main>
      <Notices state={state} />
    </div>
  );
}
