// Loads the data set and records each layer's outcome in the app state, with a
// Chinese notice for every failure and every rejected record.

import { loadDataset } from '../data/load_dataset';
import type { DataSource } from '../data/data_source';
import { LAYER_IDS } from '../data/types';
import { addNotice, setLayerStatus } from '../state/actions';
import type { AppState } from '../state/app_state';

/** How many per-record problems to list before summarising the rest. */
const MAX_PROBLEMS_SHOWN = 3;

function summarise(messages: string[]): string {
  const shown = messages.slice(0, MAX_PROBLEMS_SHOWN).join('；');
  return messages.length > MAX_PROBLEMS_SHOWN ? `${shown}；另有 ${messages.length - MAX_PROBLEMS_SHOWN} 条` : shown;
}

export async function loadIntoState(state: AppState, source: DataSource): Promise<void> {
  try {
    state.manifest.value = await loadDataset(source, (result) => {
      if (!result.ok) {
        setLayerStatus(state, result.id, { state: 'error', message: result.message });
        addNotice(state, 'error', result.message);
        return;
      }
      setLayerStatus(state, result.id, { state: 'ready', layer: result.layer, problems: result.problems });
      if (result.layer.kind === 'grid') state.gridView.value = { pollutant: 'pm25', day: result.layer.grid.header.days - 1 };
      if (result.problems.length > 0) addNotice(state, 'warning', `${summarise(result.problems)}。以上记录未显示，其余数据已正常加载。`);
      if (result.warnings.length > 0) addNotice(state, 'info', `${summarise(result.warnings)}。以上记录仍已显示，请核对。`);
    });
    // A manifest that omits a layer leaves it 'loading' forever; say so instead.
    for (const id of LAYER_IDS) {
      if (state.layerStatus.value[id].state === 'loading') {
        setLayerStatus(state, id, { state: 'error', message: '数据清单中没有该图层' });
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    for (const id of LAYER_IDS) setLayerStatus(state, id, { state: 'error', message });
    addNotice(state, 'error', `数据加载失败：${message}`);
  }
}
