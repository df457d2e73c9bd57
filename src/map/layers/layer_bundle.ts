// What each data layer contributes to the map: its sources, its MapLibre layers
// (in drawing order within the bundle) and which of them answer clicks.

import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

export interface LayerBundle {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  /** MapLibre layer ids whose features open a card when clicked. */
  clickable: string[];
  /** Icons the layers use, added to the map before them. */
  images?: Record<string, { image: { width: number; height: number; data: Uint8Array }; sdf: boolean }>;
}

/** Copy features with id = index so a clicked feature leads back to its record. */
export function withIndexIds<T extends GeoJSON.FeatureCollection>(collection: T): T {
  return { ...collection, features: collection.features.map((f, i) => ({ ...f, id: i })) };
}

/** Text labels drawn with the device's own fonts (no glyph server: the style has no `glyphs`). */
export const LABEL_FONT = ['sans-serif'];
