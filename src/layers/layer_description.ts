// A data layer described once: what the loaders, the map, the layer panel, the
// cards, search and filters need to know about it, in one module per layer
// (src/layers/*.ts) listed once in src/layers/registry.ts. Nothing else in the
// app tells layers apart by id: it asks their descriptions.

import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { DataLayerSpec } from '../data/layer_spec';
import type { LoadedLayer } from '../data/loaded_layer';
import type { GridView } from './grid_view';
import type { OutfallColouring } from './outfalls';
import type { LegendEntry } from '../symbology/colours';
import type { CardContext, FeatureDescription } from './card';

/** What a layer adds to the map: its sources, its MapLibre layers and the icons they use. */
export interface LayerBundle {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  /** Icons the layers use, added to the map before them. */
  images?: Record<string, { image: { width: number; height: number; data: Uint8Array }; sdf: boolean }>;
}

/**
 * Where a map layer draws, bottom to top. Bands rather than a list of ids, so a new
 * layer picks its band and needs no edit elsewhere; within a band, layers draw in
 * the order of the registry.
 */
export const STACK = {
  basemap: 0,
  /** The paper of the offline map and area fills that lie under everything (county fill). */
  ground: 10,
  /** The hotspot grid: over the ground, under every line and point. */
  grid: 20,
  boundaries: 30,
  /** Reservoir water and shores. */
  water: 40,
  /** Rivers, over the reservoirs they flow through. */
  rivers: 45,
  /** Parks and other areas of interest. */
  areas: 50,
  /** Satellite detections (fire points): under the permanent sites, which they must not hide. */
  detections: 55,
  /** Outfalls and stations. */
  points: 60,
  /** The user's own position: over every data point. */
  userPosition: 80,
  labels: 90,
} as const;

/**
 * A map layer's place in the drawing order: its band (STACK), then its layer's place
 * in the registry, then its place in its bundle. Numbers, so a layer added later
 * still finds its place among those already on the map.
 */
export function drawingRank(band: number, layerOrder: number, indexInBundle: number): number {
  return band * 1_000_000 + layerOrder * 1_000 + indexInBundle;
}

/** A map layer that answers a tap, and how: among points the nearest wins, among areas the one under the finger. */
export interface PickTarget {
  mapLayer: string;
  /** Lower answers first when several layers are under a tap: the most specific thing wins. */
  priority: number;
  geometry: 'point' | 'area';
  /** A feature whose feature value (featureValues) is this is drawn transparent: a tap must not find it. */
  hiddenValue?: number;
  /**
   * The selected feature is copied into this one-feature source of the bundle (its layers draw
   * it as selected) instead of getting feature-state `selected`. For a layer of 100,000 points:
   * MapLibre re-evaluates and re-uploads every feature-state-dependent paint property of the
   * whole layer at each state change, so each one costs every 筛选 step a full pass.
   */
  selectedSource?: string;
}

/** What the layer panel and cards know of the app's view beyond the layer itself. */
export interface LayerViewContext {
  gridView: GridView | null;
  /** The grid's period as ISO dates, for layers that follow the same time control (fire points). */
  period: { from: string; to: string } | null;
  /** 筛选: 1 for each outfall the filter selects (null: no filter), and what happens to the others. */
  outfallSelection?: { matches: Uint8Array; display: 'fade' | 'hide' } | null;
  /** 筛选's area, when the fire points and the grid's ranking keep to it; null: the whole city. */
  areaTest?: ((lon: number, lat: number) => boolean) | null;
  /** 排污口着色: what the outfalls are coloured by (category when absent). */
  outfallColouring?: OutfallColouring;
  /** The ISO date a deadline is passed against (逾期): the data date of the demo set, else today. */
  today?: string;
}

export interface LayerDescription extends DataLayerSpec {
  /** How the layer panel counts features, e.g. 个 or 格. */
  countUnit: string;
  /** Each MapLibre layer this layer adds, with its band in STACK. */
  stack: Record<string, number>;
  /** Which of its map layers answer a tap. */
  pick: PickTarget[];
  /** The MapLibre sources and layers for the loaded data. */
  bundle(layer: LoadedLayer, view: LayerViewContext): LayerBundle;
  /** What the bundle's geometry depends on in the view (the grid's scale): a change rebuilds the sources. */
  bundleKey?(view: LayerViewContext): string;
  /** The swatches under the layer's checkbox. */
  legend: LegendEntry[];
  /** The swatches for the current view, when they depend on it (the grid's colouring). */
  legendFor?(view: LayerViewContext): LegendEntry[];
  /** Paint that follows the view (the grid's colour ramp, its hotspot outline). */
  paint?(view: LayerViewContext): { mapLayer: string; property: string; value: unknown }[];
  /** A line under the layer's title (e.g. which day the grid shows), or null. */
  note?(layer: LoadedLayer, view: LayerViewContext): string | null;
  /** The card of feature `index`, or null if there is none. */
  describe(layer: LoadedLayer, index: number, context: CardContext): FeatureDescription | null;
  /** Properties a text search looks in. */
  searchable?: readonly string[];
  /** Properties a filter can choose values of. */
  filterable?: readonly string[];
  /**
   * Per-feature values the map colours through feature-state `v` (the grid's day),
   * for the current view; recomputed whenever the layer or the view changes. A new array
   * each call: the map keeps it to tell the next call's changed values. `perFrame`: at most
   * that many changed values reach the map per frame, the rest in the next frames (for a
   * layer of many points whose frames grow with the number changed; see src/map/feature_values.ts).
   */
  featureValues?(layer: LoadedLayer, view: LayerViewContext): { source: string; values: ArrayLike<number>; perFrame?: number } | null;
  /**
   * What featureValues and paint read of the view, compared by identity: while these stay
   * the same for the same data, the map does not ask again when another part of the view
   * changes (the grid's period means are not recomputed at each step of 筛选's distance
   * slider). Without it, both are asked at every change of the view.
   */
  followsView?(view: LayerViewContext): readonly unknown[];
  /**
   * Added to the map only once the layers added before it are drawn: a layer whose
   * sources keep the map's worker busy for a while (the grid's 7,932 squares) would
   * otherwise hold up the outfalls an inspector is waiting for.
   */
  drawnAfterOthers?: boolean;
  /**
   * The layer the first view is for (the outfalls an inspector opens the map to see): the
   * other layers are added to the map once it is drawn, or once it is known not to come
   * (hidden, failed). Its frame then links only its own WebGL programs, not those of every
   * layer under it: on the bench machine the outfalls were drawn 0.24 s sooner from the cache
   * and 0.85 s sooner on a first visit (bench/README.md, first view).
   */
  drawnFirst?: boolean;
  /** Map paint properties that change when an online basemap is under the data (the offline map's paper must turn clear). */
  overBasemap?: { mapLayer: string; property: string; offline: unknown; online: unknown }[];
}

/** True for a feature whose card is open: the one expression every layer's selected style tests. */
export const SELECTED = ['boolean', ['feature-state', 'selected'], false];

/** A paint value that is `selected` for the feature whose card is open and `normal` otherwise. */
export function whenSelected<T>(selected: T, normal: T): unknown {
  return ['case', SELECTED, selected, normal];
}

/** Copy features with id = index so a clicked feature leads back to its record. */
export function withIndexIds<T extends GeoJSON.FeatureCollection>(collection: T): T {
  return { ...collection, features: collection.features.map((f, i) => ({ ...f, id: i })) };
}

/** Text labels drawn with the device's own fonts (no glyph server: the style has no `glyphs`). */
export const LABEL_FONT = ['sans-serif'];

/** The features of a GeoJSON layer, or an empty list for a grid. */
export function featuresOf(layer: LoadedLayer): GeoJSON.Feature[] {
  return layer.kind === 'geojson' ? layer.collection.features : [];
}
