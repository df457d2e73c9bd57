// The application's state as signals, built by a factory (not module globals) so
// that tests and future features can make their own. Nothing here touches the DOM,
// MapLibre or the network: actions only change signals.

import { computed, signal } from '@preact/signals';
import type { ReadonlySignal, Signal } from '@preact/signals';
import { BUILT_IN_LAYERS } from '../layers/registry';
import type { LayerDescription } from '../layers/layer_description';
import type { OutfallColouring } from '../layers/outfalls';
import type { LayerId, Manifest, RemediationStatus } from '../data/types';
import type { LoadedLayer } from '../data/loaded_layer';
import type { GridView } from '../layers/grid_view';
import type { BasemapInfoRecord, LayerInfoRecord, NotStoredLayer } from '../data/cache/database';
import type { StorageStatus } from '../data/cache/storage_estimate';
import type { AppConfig } from '../data/app_config';
import type { InspectionRecord } from '../data/inspections/inspection';
import { DEFAULT_CONFIG } from '../data/app_config';
import type { OutfallFilter } from '../spatial/filter/description';
import type { SelectionSummary } from '../spatial/filter/summary';
import type { Deck } from '../data/deck';
import type { ImportInfo } from '../data/cache/import_store';
import type { FeatureCollection } from 'geojson';

/** The id of the deck made from the data: 化工园区污水处理设施覆盖情况. */
export const BUILT_IN_DECK_ID = 'built-in-parks';

export type LayerLoadStatus = { state: 'loading' } | { state: 'ready'; layer: LoadedLayer; problems: string[] } | { state: 'error'; message: string };

export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  text: string;
  /** An optional button on the notice, e.g. 更新 for a new app version. */
  action?: { label: string; run: () => void };
}

/** What the user clicked on the map: the layer and the feature's index in that layer's data. */
export interface Selection {
  layerId: LayerId;
  featureIndex: number;
}

export interface AppState {
  /** Every layer the app knows, in panel order: the built-in ones and any a data set brought. */
  layers: Signal<readonly LayerDescription[]>;
  manifest: Signal<Manifest | null>;
  layerStatus: Signal<Record<LayerId, LayerLoadStatus>>;
  visibility: Signal<Record<LayerId, boolean>>;
  selection: Signal<Selection | null>;
  notices: Signal<Notice[]>;
  /** Whether the page is laid out for a phone (narrow screen): panels become sheets. */
  phoneLayout: Signal<boolean>;
  /** Whether the layer panel is open; on a phone it starts closed. */
  panelOpen: Signal<boolean>;
  /** What the hotspot grid shows (pollutant, period, colouring); set when the grid loads, before its status. */
  gridView: Signal<GridView | null>;
  /** True once every layer has either loaded or failed. */
  allLayersSettled: ReadonlySignal<boolean>;
  /** What the offline cache holds, per layer. */
  cachedLayers: Signal<LayerInfoRecord[]>;
  /** Layers of the data set that are not in the offline cache, and why. */
  notCachedLayers: Signal<NotStoredLayer[]>;
  /** The service worker has stored the app shell: the page itself opens offline. */
  shellOfflineReady: Signal<boolean>;
  storage: Signal<StorageStatus | null>;
  /** Whether the 离线与存储 panel is open. */
  offlinePanelOpen: Signal<boolean>;
  /** True while a data update the user asked for is running. */
  updating: Signal<boolean>;
  /** The deployment's config.json. */
  config: Signal<AppConfig>;
  /** Id of the basemap shown; null is the built-in 离线底图. */
  basemapId: Signal<string | null>;
  /** The user's position while 定位 is on. */
  position: Signal<UserPosition | null>;
  /** Whether 定位 is on (the position is being watched). */
  locating: Signal<boolean>;
  /** 排污口着色: the outfalls coloured by category (按类别) or by remediation status with 逾期 flagged (按整治状态). */
  outfallColouring: Signal<OutfallColouring>;
  /** Remediation status the 附近排污口 list is filtered by; null shows all. */
  nearbyStatus: Signal<RemediationStatus | null>;
  /** A place the map should move to (set by search, 定位, the nearby list); the map clears nothing, it just follows. */
  viewRequest: Signal<{ lon: number; lat: number; zoom: number; exact?: boolean } | { bounds: [number, number, number, number]; inset?: ViewInset } | null>;
  /** Every inspection recorded on this device, oldest first. */
  inspections: Signal<InspectionRecord[]>;
  /** Inspections the server has not acknowledged yet (pending or refused). */
  unsyncedCount: ReadonlySignal<number>;
  /** Whether the 热点排名 panel is open. */
  rankingOpen: Signal<boolean>;
  /** Whether the 巡查记录 panel is open. */
  inspectionsPanelOpen: Signal<boolean>;
  /** 筛选: which outfalls the analyst asks for ({} = all of them). */
  outfallFilter: Signal<OutfallFilter>;
  /** What the map does with the outfalls the filter leaves out. */
  filterDisplay: Signal<FilterDisplay>;
  /** What else keeps to the selection besides the map. */
  filterScope: Signal<FilterScope>;
  /** The outfalls the filter selects (src/app/outfall_selection.ts computes it); null while nothing is filtered. */
  outfallSelection: Signal<OutfallSelection | null>;
  /** Whether the 筛选 panel is open. */
  filterPanelOpen: Signal<boolean>;
  /** The filter's area, for the grid's ranking and the fire points; null: the whole city. */
  areaLimit: Signal<AreaLimit | null>;
  /**
   * The layer the first view is for (LayerDescription.drawnFirst, the outfalls) is drawn, or
   * will not be (hidden, failed): the other layers are read and added to the map after it.
   */
  firstLayerSettled: Signal<boolean>;
  /** The user asked to draw a shape on the map (a new object each time, so the same shape twice is two requests). */
  drawingRequest: Signal<{ shape: 'polygon' | 'rectangle' } | null>;
  /** Whether the 汇报 panel (园区污水处理 and the decks) is open. */
  reportPanelOpen: Signal<boolean>;
  /** The user's decks (演示文稿), as stored; the built-in deck is made from the data (src/app/presentation.ts). */
  decks: Signal<Deck[]>;
  /** The deck chosen in the 汇报 panel, which 演示模式 shows. */
  chosenDeckId: Signal<string>;
  /** 演示模式: the deck and the slide shown, or null when not presenting. */
  presentation: Signal<{ deckId: string; index: number } | null>;
  /** 导入数据: the newest import of each layer that has one (the layer shows it instead of the data set's). */
  imports: Signal<ImportInfo[]>;
  /** Whether the 导入数据 panel is open. */
  importPanelOpen: Signal<boolean>;
  /** The rows an import would bring, drawn over the map while the user checks them (GeoJSON, or its UTF-8 bytes); null: none. */
  importPreview: Signal<FeatureCollection | ArrayBuffer | null>;
  /** What is stored of each configured basemap for offline use (离线底图). */
  offlineBasemaps: Signal<BasemapInfoRecord[]>;
  /** The basemap download running or last ended (one at a time); null: none since the start. */
  basemapDownload: Signal<BasemapDownload | null>;
  /** The map's view when it last came to rest: what 下载离线底图 of an online basemap would store. */
  mapArea: Signal<MapArea | null>;
}

/** A basemap download (下载离线底图), as the 离线与存储 panel shows it. */
export interface BasemapDownload {
  basemapId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** 'bytes' for an archive, 'tiles' for an online basemap's tiles. */
  unit: 'bytes' | 'tiles';
  /** Bytes or tiles so far, and of how many (null: the server did not say). */
  done: number;
  total: number | null;
  /** Bytes stored so far. */
  bytes: number;
  /** Tiles that could not be fetched. */
  failed: number;
  /** Why it failed (Chinese), when it did. */
  message?: string;
}

export interface MapArea {
  /** [west, south, east, north] of what the map shows. */
  bounds: [number, number, number, number];
  zoom: number;
}

/** Shares of the map's width (left, right) and height (top, bottom) that something covers: a fitted box keeps clear of them. */
export interface ViewInset {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The outfalls a filter leaves out: drawn faint, or not drawn at all. */
export type FilterDisplay = 'fade' | 'hide';

export interface FilterScope {
  /** The search box lists only selected outfalls. */
  search: boolean;
  /** 附近排污口 lists only selected outfalls. */
  nearby: boolean;
  /** 热点排名 and the fire points keep to the filter's area (its spatial conditions). */
  grid: boolean;
}

/** The filter's area as a test of any point (hotspot cells, fire points), while 同时限定 asks for it. */
export interface AreaLimit {
  test(lon: number, lat: number): boolean;
}

export interface OutfallSelection {
  /** 1 for each outfall (by index in the outfalls layer) the filter selects. */
  matches: Uint8Array;
  count: number;
  /** Why part of the filter could not be applied (an unknown place, a shape that does not close…), in Chinese. */
  problems: string[];
  /** 统计: the selection by category, status, stage and county. */
  summary: SelectionSummary;
  /** Where it was evaluated: in 筛选's worker, or on the main thread where there is none. */
  computed: 'worker' | 'main';
}

export interface UserPosition {
  lon: number;
  lat: number;
  /** Radius of 68 % confidence, metres (Geolocation API `accuracy`). */
  accuracyM: number;
  /** When the fix was taken (ms since epoch). */
  at: number;
}

/** Build a fresh state: every layer visible and loading, nothing selected. */
export function createAppState(options: { phoneLayout?: boolean; layers?: readonly LayerDescription[] } = {}): AppState {
  const inspections = signal<InspectionRecord[]>([]);
  const layers = signal(options.layers ?? BUILT_IN_LAYERS);
  const layerStatus = signal<Record<LayerId, LayerLoadStatus>>(Object.fromEntries(layers.peek().map((l) => [l.id, { state: 'loading' }])));
  return {
    layers,
    manifest: signal(null),
    layerStatus,
    visibility: signal<Record<LayerId, boolean>>(Object.fromEntries(layers.peek().map((l) => [l.id, true]))),
    selection: signal(null),
    notices: signal([]),
    phoneLayout: signal(options.phoneLayout ?? false),
    // On a phone the panel would cover the map: it starts closed there.
    panelOpen: signal(!(options.phoneLayout ?? false)),
    gridView: signal(null),
    allLayersSettled: computed(() => layers.value.every((l) => layerStatus.value[l.id]?.state !== 'loading')),
    cachedLayers: signal([]),
    notCachedLayers: signal([]),
    shellOfflineReady: signal(false),
    storage: signal(null),
    offlinePanelOpen: signal(false),
    updating: signal(false),
    config: signal(DEFAULT_CONFIG),
    basemapId: signal(null),
    position: signal(null),
    locating: signal(false),
    outfallColouring: signal<OutfallColouring>('category'),
    nearbyStatus: signal(null),
    viewRequest: signal(null),
    inspections,
    unsyncedCount: computed(() => inspections.value.filter((r) => r.syncState !== 'synced').length),
    inspectionsPanelOpen: signal(false),
    rankingOpen: signal(false),
    outfallFilter: signal<OutfallFilter>({}),
    filterDisplay: signal<FilterDisplay>('fade'),
    filterScope: signal<FilterScope>({ search: false, nearby: false, grid: false }),
    areaLimit: signal<AreaLimit | null>(null),
    firstLayerSettled: signal(false),
    outfallSelection: signal<OutfallSelection | null>(null),
    filterPanelOpen: signal(false),
    drawingRequest: signal(null),
    reportPanelOpen: signal(false),
    decks: signal([]),
    chosenDeckId: signal(BUILT_IN_DECK_ID),
    presentation: signal(null),
    imports: signal([]),
    importPanelOpen: signal(false),
    importPreview: signal(null),
    offlineBasemaps: signal([]),
    basemapDownload: signal(null),
    mapArea: signal(null),
  };
}
