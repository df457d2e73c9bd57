// Reading the state: small lookups that several parts of the app need, written once.

import type { Feature } from 'geojson';
import type { LoadedLayer } from '../data/loaded_layer';
import type { LayerId } from '../data/types';
import type { LayerDescription } from '../layers/layer_description';
import type { AppState } from './app_state';

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
