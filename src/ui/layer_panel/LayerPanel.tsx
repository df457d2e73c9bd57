import { setFilterPanelOpen, setLayerVisible, setOutfallColouring, setPanelOpen } from '../../state/actions';
import { OUTFALLS } from '../../layers/outfalls';
import type { OutfallColouring } from '../../layers/outfalls';
import type { AppState, LayerLoadStatus } from '../../state/app_state';
import { layerTitle, layerViewContext } from '../../state/selectors';
import type { LayerDescription } from '../../layers/layer_description';
import { Legend } from './Legend';
import { BasemapSwitcher } from '../basemap_switcher/BasemapSwitcher';
import { FeatureList } from './FeatureList';

function statusText(status: LayerLoadStatus | undefined, description: LayerDescription): string {
  if (!status || status.state === 'loading') return '加载中…';
  if (status.state === 'error') return '加载失败';
  const count = status.layer.kind === 'grid' ? status.layer.grid.header.cellCount : status.layer.collection.features.length;
  return `${count.toLocaleString('zh-CN')} ${description.countUnit}`;
}

const COLOURING_LABELS: [OutfallColouring, string][] = [
  ['category', '按类别'],
  ['status', '按整治状态'],
];

/** 排污口着色: by category (the survey's view) or by remediation status with 逾期 ringed (the bureau's progress view). */
function OutfallColouringChoice({ state }: { state: AppState }) {
  return (
    <fieldset class="outfall-colouring" role="radiogroup" aria-label="排污口着色">
      <legend class="outfall-colouring__title">着色</legend>
      {COLOURING_LABELS.map(([value, label]) => (
        <label key={value} class="outfall-colouring__option">
          <input
            type="radio"
            name="outfall-colouring"
            value={value}
            checked={state.outfallColouring.value === value}
            onChange={() => setOutfallColouring(state, value)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** Every layer as a checkbox named by its Chinese title, with its count and legend. */
export function LayerPanel({ state, onExportImage, onImport }: { state: AppState; onExportImage?: () => void; onImport?: () => void }) {
  const view = layerViewContext(state);
  return (
    <nav id="layer-panel" class="layer-panel" aria-label="图层" hidden={!state.panelOpen.value}>
      <BasemapSwitcher state={state} />
      <h2 class="layer-panel__title">图层</h2>
      <ul class="layer-list">
        {state.layers.value.map((description) => {
          const { id } = description;
          const status = state.layerStatus.value[id];
          const visible = state.visibility.value[id] ?? true;
          const note = status?.state === 'ready' ? description.note?.(status.layer, view) : null;
          return (
            <li key={id} class={`layer-item${visible ? '' : ' layer-item--off'}`}>
              <div class="layer-item__row">
                {/* The label holds only the title: the checkbox's accessible name is the layer title. */}
                <label class="layer-item__toggle">
                  <input type="checkbox" checked={visible} onChange={(e) => setLayerVisible(state, id, e.currentTarget.checked)} />
                  <span class="layer-item__title">{layerTitle(state, id)}</span>
                </label>
                <span class={`layer-item__status layer-item__status--${status?.state ?? 'loading'}`}>{statusText(status, description)}</span>
                {status?.state === 'ready' && status.layer.kind === 'geojson' && (
                  <FeatureList state={state} description={description} collection={status.layer.collection} title={layerTitle(state, id)} />
                )}
              </div>
              {status?.state === 'error' && <p class="layer-item__error">{status.message}</p>}
              {note && <p class="layer-item__note">{note}</p>}
              {id === OUTFALLS && status?.state === 'ready' && (
                <button
                  type="button"
                  class="layer-item__filter"
                  onClick={() => {
                    setFilterPanelOpen(state, true);
                    // On a phone the layer sheet would cover the filter's.
                    if (state.phoneLayout.peek()) setPanelOpen(state, false);
                  }}
                >
                  筛选排污口{state.outfallSelection.value ? `（已选 ${state.outfallSelection.value.count.toLocaleString('zh-CN')} 个）` : ''}
                </button>
              )}
              {id === OUTFALLS && status?.state === 'ready' && <OutfallColouringChoice state={state} />}
              {visible && <Legend entries={description.legendFor?.(view) ?? description.legend} />}
            </li>
          );
        })}
      </ul>
      {onImport && (
        <button type="button" class="layer-panel__import" aria-expanded={state.importPanelOpen.value} aria-controls="import-panel" onClick={onImport}>
          导入数据
        </button>
      )}
      {/* The phone's top bar has no room for 导出图片: it is here instead (hidden on a wide screen, where the top bar has it). */}
      {onExportImage && (
        <button type="button" class="layer-panel__export" onClick={onExportImage}>
          导出图片
        </button>
      )}
    </nav>
  );
}
