// Wires the app state to the map: each loaded layer becomes a bundle on the map,
// visibility and selection signals drive the map, and map clicks drive selection.

import { effect } from '@preact/signals';
import type { LayerId } from '../data/types';
import type { LoadedLayer } from '../data/loaded_layer';
import { MapView } from '../map/map_view';
import { countiesBundle } from '../map/layers/counties';
import { riversBundle } from '../map/layers/rivers';
import { reservoirsBundle } from '../map/layers/reservoirs';
import { outfallsBundle } from '../map/layers/outfalls';
import { parksBundle } from '../map/layers/parks';
import { stationsBundle } from '../map/layers/stations';
import { firePointsBundle } from '../map/layers/fire_points';
import { gridDayValues, hotspotGridBundle } from '../map/layers/hotspot_grid';
import type { LayerBundle } from '../map/layers/layer_bundle';
import { addNotice, selectFeature, setBasemap } from '../state/actions';
import type { AppState } from '../state/app_state';

/** Mark the first moment the map is idle with every layer on it; tests and the benchmark read it. */
export const FIRST_IDLE_MARK = 'pds:first-idle';

function bundleFor(id: LayerId, layer: LoadedLayer, state: AppState): LayerBundle {
  if (layer.kind === 'grid') return hotspotGridBundle(layer.grid, state.gridView.value?.pollutant ?? 'pm25');
  const builders: Record<Exclude<LayerId, 'hotspot-grid'>, (c: GeoJSON.FeatureCollection) => LayerBundle> = {
    counties: countiesBundle,
    rivers: riversBundle,
    reservoirs: reservoirsBundle,
    outfalls: outfallsBundle,
    parks: parksBundle,
    stations: stationsBundle,
    'fire-points': firePointsBundle,
  };
  return builders[id as Exclude<LayerId, 'hotspot-grid'>](layer.collection);
}

/** Create the map in `container` and keep it in step with `state`; returns a disposer. */
export function connectMap(state: AppState, container: HTMLElement): () => void {
  const view = new MapView({ container, onPick: (pick) => selectFeature(state, pick) });
  /** What each layer's map sources were last built from, to tell a data update from nothing new. */
  const added = new Map<LayerId, LoadedLayer>();
  const disposers: (() => void)[] = [];

  disposers.push(
    effect(() => {
      const statuses = state.layerStatus.value;
      for (const [id, status] of Object.entries(statuses) as [LayerId, (typeof statuses)[LayerId]][]) {
        if (status.state !== 'ready' || added.get(id) === status.layer) continue;
        const colourGrid = () => {
          const gridView = state.gridView.peek();
          if (status.layer.kind === 'grid' && gridView) view.setGridValues(gridDayValues(status.layer.grid, gridView.pollutant, gridView.day));
        };
        if (added.has(id)) {
          // A newer version of the layer: same styling and place, new data.
          added.set(id, status.layer);
          view.updateBundle(bundleFor(id, status.layer, state));
          colourGrid();
          continue;
        }
        added.set(id, status.layer);
        void view.addBundle(id, bundleFor(id, status.layer, state), () => state.visibility.peek()[id]).then(colourGrid).catch((error: unknown) => {
          const title = state.manifest.peek()?.layers.find((l) => l.id === id)?.title ?? id;
          addNotice(state, 'error', `${title}无法显示在地图上：${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }),
  );
  disposers.push(
    effect(() => {
      for (const [id, visible] of Object.entries(state.visibility.value) as [LayerId, boolean][]) view.setLayerVisible(id, visible);
    }),
  );
  disposers.push(effect(() => view.setSelected(state.selection.value)));
  disposers.push(
    effect(() => {
      const target = state.viewRequest.value;
      if (target) view.flyTo(target.lon, target.lat, target.zoom);
    }),
  );
  disposers.push(effect(() => view.setUserPosition(state.position.value)));
  disposers.push(
    effect(() => {
      const basemap = state.config.value.basemaps.find((b) => b.id === state.basemapId.value) ?? null;
      view.setBasemap(basemap, () => {
        setBasemap(state, null);
        addNotice(state, 'warning', `底图「${basemap?.title}」无法访问，已切换回离线底图`);
      });
    }),
  );

  let marked = false;
  disposers.push(
    effect(() => {
      if (!state.allLayersSettled.value || marked) return;
      marked = true;
      void view.whenIdle().then(() => performance.mark(FIRST_IDLE_MARK));
    }),
  );

  return () => {
    disposers.forEach((dispose) => dispose());
    view.destroy();
  };
}
