// Reading the state: small lookups that several parts of the app need, written once.

import type { Feature } from 'geojson';
import type { LoadedLayer } from '../data/loaded_layer';
import type { LayerId } from '../data/types';
import type { LayerDescription, LayerViewContext } from '../layers/layer_description';
import { HOTSPOT_GRID } from '../layers/hotspot_grid';
import { gridDayDate } from '../data/hotspot_grid_format';
import type { AppState, AreaLimit } from './app_state';

/** The loaded data of a layer that is ready, else null (loading, failed or unknown). */
export function readyLayer(state: AppState, id: LayerId): LoadedLayer | null {
  const status = state.layerStatus.value[id];
  return status?.state === 'ready' ? status.layer : null;
}

/** The features of a ready GeoJSON layer, else null. */
export function readyFeatures(state: AppState, id: LayerId): Feature[] | null {
  const layer = readyLayer(state, id);
  return layer?.kind === 'geojson' ? layer.collection.features : null;
}

/** The description of a layer by id. */
export function layerDescription(state: AppState, id: LayerId): LayerDescription | undefined {
  return state.layers.value.find((l) => l.id === id);
}

/** The title a layer is shown by: the data set's own (its manifest), else its module's. */
export function layerTitle(state: AppState, id: LayerId): string {
  return state.manifest.value?.layers.find((l) => l.id === id)?.title ?? layerDescription(state, id)?.title ?? id;
}

/** The grid's period as ISO dates (for layers that follow the same time control), or null before the grid is shown. */
export function gridPeriod(state: AppState): { from: string; to: string } | null {
  const view = state.gridView.value;
  const grid = readyLayer(state, HOTSPOT_GRID);
  if (!view || grid?.kind !== 'grid' || view.last >= grid.grid.header.days) return null;
  return { from: gridDayDate(grid.grid.header, view.first), to: gridDayDate(grid.grid.header, view.last) };
}

/**
 * One test function per area limit: a layer's view inputs (LayerDescription.followsView) are
 * compared by identity, and a new function for the same area would make the fire points
 * re-coloured at every 筛选 step.
 */
const areaTests = new WeakMap<AreaLimit, (lon: number, lat: number) => boolean>();
function areaTestOf(area: AreaLimit): (lon: number, lat: number) => boolean {
  let test = areaTests.get(area);
  if (!test) areaTests.set(area, (test = (lon, lat) => area.test(lon, lat)));
  return test;
}

/** What the layers' panel entries, cards and map styles know of the view. */
export function layerViewContext(state: AppState): LayerViewContext {
  const selection = state.outfallSelection.value;
  const area = state.areaLimit.value;
  return {
    gridView: state.gridView.value,
    period: gridPeriod(state),
    outfallSelection: selection && { matches: selection.matches, display: state.filterDisplay.value },
    areaTest: area ? areaTestOf(area) : null,
    outfallColouring: state.outfallColouring.value,
    today: referenceDate(state),
  };
}

/** The date a deadline is "passed" against: the data date for the demo set (its days are frozen), else today. */
export function referenceDate(state: AppState): string {
  const manifest = state.manifest.value;
  if (manifest?.demo) return manifest.dataDate;
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
