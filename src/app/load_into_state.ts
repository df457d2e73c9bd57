// Runs the offline-first data sync and records what happens in the app state:
// layers as they arrive (from the cache or the network), the cache's contents,
// storage figures, and a Chinese notice for every failure and rejected record.

import { batch, effect } from '@preact/signals';
import { DatasetSync } from '../data/dataset_sync';
import type { DataSource } from '../data/data_source';
import type { LayerCache } from '../data/cache/layer_cache';
import { readStorageStatus, requestPersistentStorage } from '../data/cache/storage_estimate';
import type { ManifestLayer } from '../data/types';
import type { DataLayerSpec } from '../data/layer_spec';
import { createGenericLayer } from '../layers/generic';
import { viewForLoadedGrid } from './grid_url';
import { connectChunkPriority, firstChunkKeys } from './grid_chunks';
import {
  addNotice,
  registerLayer,
  selectFeature,
  setCacheContents,
  setLayerStatus,
  setManifest,
  setStorageStatus,
  setUpdating,
  setGridView,
} from '../state/actions';
import type { AppState } from '../state/app_state';
import type { LayerResult } from '../data/load_dataset';
import { NO_IMPORTS } from './imports';
import type { ImportGate } from './imports';

/** How many per-record problems to list before summarising the rest. */
const MAX_PROBLEMS_SHOWN = 3;

/** Performance marks that tests and the benchmark wait for. */
export const FROM_CACHE_MARK = 'pds:from-cache';
export const CACHE_SAVED_MARK = 'pds:cache-saved';

function summarise(messages: string[]): string {
  const shown = messages.slice(0, MAX_PROBLEMS_SHOWN).join('；');
  return messages.length > MAX_PROBLEMS_SHOWN ? `${shown}；另有 ${messages.length - MAX_PROBLEMS_SHOWN} 条` : shown;
}

async function refreshStorage(state: AppState): Promise<void> {
  setStorageStatus(state, await readStorageStatus());
}

/**
 * The spec a layer of the data set is read by: its module's, or, for a layer the app
 * has no module for, a generic one registered now so that it has a checkbox, a
 * legend, a place on the map and cards like any other.
 */
function specFor(state: AppState, entry: ManifestLayer): DataLayerSpec {
  const known = state.layers.peek().find((l) => l.id === entry.id);
  if (known) return known;
  const generic = createGenericLayer({ id: entry.id, title: entry.title });
  registerLayer(state, generic);
  return generic;
}

/** The longest the other cached layers wait for the first view's layer to be drawn. */
const FIRST_LAYER_WAIT_MS = 3000;

/** Resolves once the first view's layer is drawn or will not be (AppState.firstLayerSettled), or after FIRST_LAYER_WAIT_MS. */
function firstLayerSettled(state: AppState): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, FIRST_LAYER_WAIT_MS);
    const stop = effect(() => {
      if (state.firstLayerSettled.value) done();
    });
    function done(): void {
      clearTimeout(timer);
      // The effect runs once at once: it may call this before `stop` exists.
      queueMicrotask(() => stop());
      resolve();
    }
  });
}

/** Start loading; returns the sync object whose methods the 离线与存储 buttons call. */
export function startDataSync(
  state: AppState,
  network: DataSource | Promise<DataSource>,
  cache: LayerCache | null,
  gate: ImportGate = NO_IMPORTS,
): { sync: DatasetSync; started: Promise<void> } {
  const showResult = (result: LayerResult) => {
    if (!result.ok) {
      setLayerStatus(state, result.id, { state: 'error', message: result.message });
      addNotice(state, 'error', result.message);
      return;
    }
    // An imported layer stays: the data set's version waits aside for 撤销导入.
    if (gate.overrides(result.id)) return gate.keepBase(result);
    // An update replaces the records: a card open on this layer may point at another feature now.
    if (state.selection.peek()?.layerId === result.id) selectFeature(state, null);
    // One change: the map must never see the new grid with the old day, or the old grid with the new one.
    batch(() => {
      if (result.layer.kind === 'grid') setGridView(state, viewForLoadedGrid(state, result.layer.grid, state.gridView.peek() === null));
      setLayerStatus(state, result.id, { state: 'ready', layer: result.layer, problems: result.problems });
    });
    if (result.problems.length > 0) addNotice(state, 'warning', `${summarise(result.problems)}。以上记录未显示，其余数据已正常加载。`);
    if (result.warnings.length > 0) addNotice(state, 'info', `${summarise(result.warnings)}。以上记录仍已显示，请核对。`);
  };
  const sync = new DatasetSync(
    network,
    cache,
    {
      onLayer(result) {
        gate.whenKnown(() => showResult(result));
      },
      onLayerGrew(id, layer) {
        // More days of the grid shown: the same cells and view, so the selection and the period stay.
        gate.whenKnown(() => {
          if (gate.overrides(id)) gate.keepBase({ id, ok: true, layer, problems: [], warnings: [] });
          else setLayerStatus(state, id, { state: 'ready', layer, problems: [] });
        });
      },
      onManifest(manifest) {
        setManifest(state, manifest);
      },
      onNotice(kind, text) {
        addNotice(state, kind, text);
      },
      onCacheChanged(layers, notCached) {
        setCacheContents(state, layers, notCached);
        void refreshStorage(state);
      },
      onConfirmNeeded(change) {
        // Not a dialog: an inspector in the field may not be the person to decide, and the map keeps working meanwhile.
        addNotice(state, 'warning', change.text, { label: '改用服务器数据', run: () => void sync.acceptServerData() });
      },
      onMilestone(name) {
        performance.mark(name === 'from-cache' ? FROM_CACHE_MARK : CACHE_SAVED_MARK);
        if (name === 'cache-saved') void requestPersistentStorage().then(() => refreshStorage(state));
      },
    },
    (entry) => specFor(state, entry),
    {
      firstChunks: (entry, grid) => firstChunkKeys(state, entry, grid),
      first: (entry) => state.layers.peek().some((l) => l.id === entry.id && l.drawnFirst),
      firstOnScreen: () => firstLayerSettled(state),
    },
  );
  connectChunkPriority(state, sync);
  const started = sync.start().then(
    () =>
      new Promise<void>((resolve) =>
        // After the layers held back for the imports are shown.
        gate.whenKnown(() => {
          // A layer neither cached nor on the server stays 'loading' forever otherwise.
          for (const { id } of state.layers.peek()) {
            if (state.layerStatus.peek()[id]?.state === 'loading')
              setLayerStatus(state, id, { state: 'error', message: '无法获取该图层（数据清单中没有，或无法下载）' });
          }
          resolve();
        }),
      ),
  );
  return { sync, started };
}

/** The 更新数据 button. */
export async function updateData(state: AppState, sync: DatasetSync): Promise<void> {
  setUpdating(state, true);
  try {
    await sync.checkForUpdates();
  } finally {
    setUpdating(state, false);
  }
}
