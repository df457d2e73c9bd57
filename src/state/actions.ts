// Actions: the only functions that change AppState. Each takes the state and
// returns nothing, so UI and map code read the same signals and never race.

import type { BasemapInfoRecord, LayerInfoRecord, NotStoredLayer } from '../data/cache/database';
import type { GridView } from '../layers/grid_view';
import { HOTSPOT_GRID } from '../layers/hotspot_grid';
import { OUTFALLS } from '../layers/outfalls';
import type { OutfallColouring } from '../layers/outfalls';
import type { StorageStatus } from '../data/cache/storage_estimate';
import type { InspectionRecord } from '../data/inspections/inspection';
import type { LayerDescription } from '../layers/layer_description';
import type { LayerId, Manifest } from '../data/types';
import type {
  AppState,
  BasemapDownload,
  MapArea,
  ViewInset,
  AreaLimit,
  FilterDisplay,
  FilterScope,
  LayerLoadStatus,
  Notice,
  OutfallSelection,
  Selection,
  UserPosition,
} from './app_state';
import type { Deck } from '../data/deck';
import type { ImportInfo } from '../data/cache/import_store';
import type { FeatureCollection } from 'geojson';
import type { OutfallFilter } from '../spatial/filter/description';

let nextNoticeId = 1;

/** Show or hide one layer. */
export function setLayerVisible(state: AppState, id: LayerId, visible: boolean): void {
  state.visibility.value = { ...state.visibility.value, [id]: visible };
  // A card about a feature the user just hid would point at nothing on the map.
  if (!visible && state.selection.value?.layerId === id) state.selection.value = null;
}

/** Record how loading a layer ended. */
export function setLayerStatus(state: AppState, id: LayerId, status: LayerLoadStatus): void {
  state.layerStatus.value = { ...state.layerStatus.value, [id]: status };
}

export function selectFeature(state: AppState, selection: Selection | null): void {
  state.selection.value = selection;
}

/** Add a message for the user; returns its id so it can be dismissed. */
export function addNotice(state: AppState, kind: Notice['kind'], text: string, action?: Notice['action']): number {
  const id = nextNoticeId++;
  state.notices.value = [...state.notices.value, { id, kind, text, action }];
  return id;
}

export function dismissNotice(state: AppState, id: number): void {
  state.notices.value = state.notices.value.filter((n) => n.id !== id);
}

export function setPanelOpen(state: AppState, open: boolean): void {
  state.panelOpen.value = open;
}

export function setInspectionsPanelOpen(state: AppState, open: boolean): void {
  state.inspectionsPanelOpen.value = open;
}

export function setOfflinePanelOpen(state: AppState, open: boolean): void {
  state.offlinePanelOpen.value = open;
}

/** Move the map to a place (a new object each time, so asking twice for the same place moves twice). */
export function requestView(state: AppState, lon: number, lat: number, zoom: number): void {
  state.viewRequest.value = { lon, lat, zoom };
}

/** Fit the map to a box [west, south, east, north] (缩放到筛选结果). */
/** Fly to exactly this camera (a slide's), zooming out as well as in. */
export function requestCamera(state: AppState, lon: number, lat: number, zoom: number): void {
  state.viewRequest.value = { lon, lat, zoom, exact: true };
}

export function requestBounds(state: AppState, bounds: [number, number, number, number], inset?: ViewInset): void {
  state.viewRequest.value = inset ? { bounds, inset } : { bounds };
}

/** Show one outfall (feature `index` of the outfalls layer, at lon/lat): its layer on, the map there, its card open. */
export function showOutfall(state: AppState, index: number, lon: number, lat: number): void {
  // The user asked for this outfall: make sure its layer is on, or the card would point at nothing.
  setLayerVisible(state, OUTFALLS, true);
  requestView(state, lon, lat, 16);
  selectFeature(state, { layerId: OUTFALLS, featureIndex: index });
}

/** 排污口着色: 按类别 or 按整治状态. */
export function setOutfallColouring(state: AppState, colouring: OutfallColouring): void {
  state.outfallColouring.value = colouring;
}

export function setLocating(state: AppState, on: boolean): void {
  state.locating.value = on;
  if (!on) state.position.value = null;
}

export function setNearbyStatus(state: AppState, status: AppState['nearbyStatus']['value']): void {
  state.nearbyStatus.value = status;
}

/** Switch the basemap; null is the built-in offline one. */
export function setBasemap(state: AppState, id: string | null): void {
  state.basemapId.value = id;
}

/** What is stored of the configured basemaps for offline use. */
export function setOfflineBasemaps(state: AppState, stored: BasemapInfoRecord[]): void {
  state.offlineBasemaps.value = stored;
}

/** The basemap download's progress or end (null: forget the last one's message). */
export function setBasemapDownload(state: AppState, download: BasemapDownload | null): void {
  state.basemapDownload.value = download;
}

/** The map came to rest showing this area. */
export function setMapArea(state: AppState, area: MapArea): void {
  state.mapArea.value = area;
}

/** What the offline cache holds, and which layers of the data set it lacks. */
export function setCacheContents(state: AppState, layers: LayerInfoRecord[], notCached: NotStoredLayer[]): void {
  state.cachedLayers.value = layers;
  state.notCachedLayers.value = notCached;
}

/** The service worker reported the app shell stored for offline use. */
export function setShellOfflineReady(state: AppState): void {
  state.shellOfflineReady.value = true;
}

/** The deployment's configuration, once read (from the server or the kept copy). */
export function setConfig(state: AppState, config: AppState['config']['value']): void {
  state.config.value = config;
}

/** Add a layer the app did not know (a data set's or an import's); a known id is left as it is. */
export function registerLayer(state: AppState, description: LayerDescription): void {
  if (state.layers.peek().some((l) => l.id === description.id)) return;
  state.layers.value = [...state.layers.peek(), description];
  state.layerStatus.value = { ...state.layerStatus.peek(), [description.id]: { state: 'loading' } };
  state.visibility.value = { ...state.visibility.peek(), [description.id]: true };
}

/** Take a layer away (an imported layer of its own, after 撤销导入): its checkbox, its status and its place on the map. */
export function unregisterLayer(state: AppState, id: LayerId): void {
  if (state.selection.peek()?.layerId === id) state.selection.value = null;
  state.layers.value = state.layers.peek().filter((l) => l.id !== id);
  const statuses = { ...state.layerStatus.peek() };
  delete statuses[id];
  state.layerStatus.value = statuses;
  const visibility = { ...state.visibility.peek() };
  delete visibility[id];
  state.visibility.value = visibility;
}

/** The manifest of the data set on screen. */
export function setManifest(state: AppState, manifest: Manifest): void {
  state.manifest.value = manifest;
}

export function setStorageStatus(state: AppState, status: StorageStatus): void {
  state.storage.value = status;
}

/** Whether a data update the user asked for is running (the 更新数据 button waits). */
export function setUpdating(state: AppState, updating: boolean): void {
  state.updating.value = updating;
}

/** Every inspection on this device, as last read from IndexedDB. */
export function setInspections(state: AppState, records: InspectionRecord[]): void {
  state.inspections.value = records;
}

/** The user's latest position fix while 定位 is on. */
export function setPosition(state: AppState, position: UserPosition): void {
  state.position.value = position;
}

/** What the hotspot grid shows: pollutant, period and colouring. */
export function setGridView(state: AppState, view: GridView): void {
  const previous = state.gridView.peek();
  // A cell's feature index means another cell at another scale: its card would describe the wrong place.
  if (previous && previous.scale !== view.scale && state.selection.peek()?.layerId === HOTSPOT_GRID) state.selection.value = null;
  state.gridView.value = view;
}

/** Whether the page is laid out for a phone (src/app/layout.ts watches the width). */
export function setPhoneLayout(state: AppState, phone: boolean): void {
  state.phoneLayout.value = phone;
}

export function setRankingOpen(state: AppState, open: boolean): void {
  state.rankingOpen.value = open;
}

/** 筛选: a new filter (the panel, a link, back/forward). */
export function setOutfallFilter(state: AppState, filter: OutfallFilter): void {
  state.outfallFilter.value = filter;
}

export function setFilterDisplay(state: AppState, display: FilterDisplay): void {
  state.filterDisplay.value = display;
}

export function setFilterScope(state: AppState, scope: FilterScope): void {
  state.filterScope.value = scope;
}

export function setOutfallSelection(state: AppState, selection: OutfallSelection | null): void {
  state.outfallSelection.value = selection;
}

export function setFilterPanelOpen(state: AppState, open: boolean): void {
  state.filterPanelOpen.value = open;
}

/** 画多边形范围 / 画矩形范围: the map starts drawing. */
export function requestDrawing(state: AppState, shape: 'polygon' | 'rectangle'): void {
  state.drawingRequest.value = { shape };
}

export function setAreaLimit(state: AppState, limit: AreaLimit | null): void {
  state.areaLimit.value = limit;
}

/** The first view's layer is drawn, or will not be (see AppState.firstLayerSettled). */
export function setFirstLayerSettled(state: AppState): void {
  state.firstLayerSettled.value = true;
}

export function setReportPanelOpen(state: AppState, open: boolean): void {
  state.reportPanelOpen.value = open;
}

export function setDecks(state: AppState, decks: Deck[]): void {
  state.decks.value = decks;
}

export function chooseDeck(state: AppState, deckId: string): void {
  state.chosenDeckId.value = deckId;
}

/** 演示模式: show slide `index` of the deck (starting, or stepping). */
export function showSlide(state: AppState, deckId: string, index: number): void {
  state.presentation.value = { deckId, index };
}

export function stopPresentation(state: AppState): void {
  state.presentation.value = null;
}

export function setImports(state: AppState, imports: ImportInfo[]): void {
  state.imports.value = imports;
}

export function setImportPanelOpen(state: AppState, open: boolean): void {
  state.importPanelOpen.value = open;
  if (!open) state.importPreview.value = null;
}

export function setImportPreview(state: AppState, preview: FeatureCollection | ArrayBuffer | null): void {
  state.importPreview.value = preview;
}
