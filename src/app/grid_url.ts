// The URL keeps what the hotspot grid shows (pollutant, period, colouring, base) in its
// query, beside MapLibre's #zoom/lat/lon, so a link opens the same grid. A link
// that does not fit the data (a pollutant it lacks, dates outside its series)
// opens the first view with a notice, never an empty map.

import { effect, untracked } from '@preact/signals';
import type { HotspotGrid } from '../data/hotspot_grid_format';
import { firstGridView, gridViewFromParams, gridViewToParams } from '../layers/grid_view';
import type { GridView } from '../layers/grid_view';
import { HOTSPOT_GRID } from '../layers/hotspot_grid';
import { addNotice } from '../state/actions';
import type { AppState } from '../state/app_state';
import { readyLayer } from '../state/selectors';
import { createUrlWriter } from './url_writer';

// Every parameter the view may write: a chosen base (bf, bt) that goes back to 上一时段 must leave the URL.
const GRID_PARAMS = ['p', 'mode', 'from', 'to', 'c', 't', 's', 'bf', 'bt'];

/** The view to show a newly loaded grid with: the link's on the first load, else the first view (keeping the pollutant). */
export function viewForLoadedGrid(state: AppState, grid: HotspotGrid, firstLoad: boolean): GridView {
  if (firstLoad) {
    const { view, problem } = gridViewFromParams(grid.header, new URLSearchParams(location.search));
    if (view) return view;
    if (problem) addNotice(state, 'warning', `${problem}，已显示默认的热点网格视图`);
  }
  return firstGridView(grid.header, state.gridView.peek());
}

/** Write the grid's view into the URL whenever it changes (replacing the entry: a slider must not fill the history). */
export function connectGridUrl(state: AppState): () => void {
  const writer = createUrlWriter();
  const stop = effect(() => {
    const view = state.gridView.value;
    const layer = untracked(() => readyLayer(state, HOTSPOT_GRID));
    if (!view || layer?.kind !== 'grid') return;
    writer.set(GRID_PARAMS, gridViewToParams(layer.grid.header, view), false);
  });
  return () => {
    stop();
    writer.dispose();
  };
}
