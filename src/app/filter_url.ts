// The URL keeps the 筛选 filter and the layers switched off, beside the grid's view and
// MapLibre's #zoom/lat/lon, so a link opens the same selection in another browser. Each
// change of the filter is a history entry (back and forward step through them); changes
// in quick succession (a distance slider being dragged) make one. A link whose filter
// cannot be read opens the map with a notice and the rest of the filter.

import { effect } from '@preact/signals';
import { FILTER_PARAMS, filterFromParams, filterToParams } from '../spatial/filter/url';
import { addNotice, setLayerVisible, setOutfallFilter } from '../state/actions';
import type { AppState } from '../state/app_state';

/** Changes closer together than this share one history entry. */
const COALESCE_MS = 800;
/** The layers switched off, by id, comma-separated. */
const HIDDEN_LAYERS_PARAM = 'lh';

function readFilter(state: AppState): void {
  const { filter, problems } = filterFromParams(new URLSearchParams(location.search));
  setOutfallFilter(state, filter);
  for (const problem of problems) addNotice(state, 'warning', problem);
}

export function connectFilterUrl(state: AppState): () => void {
  readFilter(state);
  for (const id of new URLSearchParams(location.search).get(HIDDEN_LAYERS_PARAM)?.split(',') ?? []) {
    if (state.layers.peek().some((l) => l.id === id)) setLayerVisible(state, id, false);
  }
  let restoring = false;
  let lastPush = 0;
  const onPop = () => {
    restoring = true;
    try {
      readFilter(state);
    } finally {
      restoring = false;
    }
  };
  window.addEventListener('popstate', onPop);
  const write = (url: URL, entry: boolean) => {
    if (url.href === location.href) return;
    const now = performance.now();
    if (entry && !restoring && now - lastPush > COALESCE_MS) history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
    if (entry && !restoring) lastPush = now;
  };
  const stopFilter = effect(() => {
    const filter = state.outfallFilter.value;
    const url = new URL(location.href);
    for (const key of FILTER_PARAMS) url.searchParams.delete(key);
    for (const [key, value] of Object.entries(filterToParams(filter))) url.searchParams.set(key, value);
    write(url, true);
  });
  const stopLayers = effect(() => {
    const hidden = Object.entries(state.visibility.value)
      .filter(([, visible]) => !visible)
      .map(([id]) => id);
    const url = new URL(location.href);
    if (hidden.length > 0) url.searchParams.set(HIDDEN_LAYERS_PARAM, hidden.join(','));
    else url.searchParams.delete(HIDDEN_LAYERS_PARAM);
    write(url, false);
  });
  return () => {
    window.removeEventListener('popstate', onPop);
    stopFilter();
    stopLayers();
  };
}
