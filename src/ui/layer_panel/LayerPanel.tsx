import { LAYER_IDS, LAYER_TITLES } from '../../data/types';
import { gridDayDate } from '../../data/hotspot_grid_format';
import { POLLUTANT_NAMES } from '../../symbology/air_quality';
import { LEGENDS } from '../../symbology/legends';
import { setLayerVisible } from '../../state/actions';
import type { AppState, LayerLoadStatus } from '../../state/app_state';
import { Legend } from './Legend';
import { BasemapSwitcher } from '../basemap_switcher/BasemapSwitcher';

function statusText(status: LayerLoadStatus): string {
  if (status.state === 'loading') return '加载中…';
  if (status.state === 'error') return '加载失败';
  const count = status.layer.kind === 'grid' ? status.layer.grid.header.cellCount : status.layer.collection.features.length;
  return `${count.toLocaleString('zh-CN')} ${status.layer.kind === 'grid' ? '格' : '个'}`;
}

/** Every layer as a checkbox named by its Chinese title, with its count and legend. */
export function LayerPanel({ state }: { state: AppState }) {
  const titles = Object.fromEntries((state.manifest.value?.layers ?? []).map((l) => [l.id, l.title]));
  const grid = state.layerStatus.value['hotspot-grid'];
  const gridView = state.gridView.value;
  return (
    <nav id="layer-panel" class="layer-panel" aria-label="图层" hidden={!state.panelOpen.value}>
      <BasemapSwitcher state={state} />
      <h2 class="layer-panel__title">图层</h2>
      <ul class="layer-list">
        {LAYER_IDS.map((id) => {
          const status = state.layerStatus.value[id];
          const title = titles[id] ?? LAYER_TITLES[id];
          const visible = state.visibility.value[id];
          return (
            <li key={id} class={`layer-item${visible ? '' : ' layer-item--off'}`}>
              <div class="layer-item__row">
                {/* The label holds only the title: the checkbox's accessible name is the layer title. */}
                <label class="layer-item__toggle">
                  <input type="checkbox" checked={visible} onChange={(e) => setLayerVisible(state, id, e.currentTarget.checked)} />
                  <span class="layer-item__title">{title}</span>
                </label>
                <span class={`layer-item__status layer-item__status--${status.state}`}>{statusText(status)}</span>
              </div>
              {status.state === 'error' && <p class="layer-item__error">{status.message}</p>}
              {id === 'hotspot-grid' && grid.state === 'ready' && grid.layer.kind === 'grid' && gridView && (
                <p class="layer-item__note">
                  {POLLUTANT_NAMES[gridView.pollutant]} 日均浓度（µg/m³）· {gridDayDate(grid.layer.grid.header, gridView.day)}
                </p>
              )}
              {visible && <Legend entries={LEGENDS[id]} />}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
