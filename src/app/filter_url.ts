// The URL keeps the 筛选 filter, the layers switched off and 排污口着色, beside the grid's view and
// MapLibre's #zoom/lat/lon, so a link opens the same selection in another browser. Each
// change of the filter is a history entry (back and forward step through them); changes
// in quick succession (a distance slider being dragged) make one (url_writer.ts). A link
// whose filter cannot be read opens the map with a notice and the rest of the filter.

import { effect } from '@preact/signals';
import { FILTER_PARAMS, filterFromParams, filterToParams } from '../spatial/filter/url';
import { addNotice, setLayerVisible, setOutfallColouring, setOutfallFilter } from '../state/actions';
import { OUTFALL_COLOURINGS } from '../layers/outfalls';
import type { AppState } from '../state/app_state';
import { createUrlWriter } from './url_writer';

/** The layers switched off, by id, comma-separated. */
const HIDDEN_LAYERS_PARAM = 'lh';
/** 排污口着色 when not the default 按类别: `oc=status`. */
const COLOURING_PARAM = 'oc';

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
  const colouring = OUTFALL_COLOURINGS.find((c) => c === new URLSearchParams(location.search).get(COLOURING_PARAM));
  if (colouring) setOutfallColouring(state, colouring);
  const writer = createUrlWriter();
  let restoring = false;
  const onPop = () => {
    // What was waiting to be written belongs to the entry the user just left.
    writer.cancel();
    restoring = true;
    try {
      readFilter(state);
    } finally {
      restoring = false;
    }
  };
  window.addEventListener('popstate', onPop);
  const stopFilter = effect(() => {
    writer.set(FILTER_PARAMS, filterToParams(state.outfallFilter.value), !restoring);
  });
  const stopLayers = effect(() => {
    const hidden = Object.entries(state.visibility.value)
      .filter(([, visible]) => !visible)
      .map(([id]) => id);
    writer.set([HIDDEN_LAYERS_PARAM], hidden.length > 0 ? { [HIDDEN_LAYERS_PARAM]: hidden.join(',') } : {}, false);
  });
  // Like the layers switched off: part of the link, not a step of history.
  const stopColouring = effect(() => {
    const value = state.outfallColouring.value;
    writer.set([COLOURING_PARAM], value === 'category' ? {} : { [COLOURING_PARAM]: value }, false);
  });
  return () => {
    window.removeEventListener('popstate', onPop);
    stopFilter();
    stopLayers();
    stopColouring();
    writer.dispose();
  };
}
