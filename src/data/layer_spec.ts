// What the data side needs to know about a layer to load and check its file: its
// id, title and format, the geometry its features may have, and the rules for
// their properties. Each layer's module in src/layers/ provides this as part of
// its LayerDescription; the loaders receive it rather than knowing the layers.

import type { Geometry } from 'geojson';
import type { LayerId } from './types';

/** Checks one property value; returns a Chinese reason or null when it is fine. */
export type PropertyCheck = (value: unknown, properties: Record<string, unknown>) => string | null;

export interface DataLayerSpec {
  id: LayerId;
  /** Chinese title, e.g. 排污口: shown in the layer panel and in every message about the layer. */
  title: string;
  format: 'geojson' | 'pdsgrid';
  /** The geometry types its features may have; absent: any. */
  geometryTypes?: readonly Geometry['type'][];
  /** The property naming a feature in messages (e.g. code), also checked for duplicates. */
  featureKey?: string;
  /** The checks of a feature's properties (may depend on the feature, e.g. air or water station). */
  propertyChecks?(properties: Record<string, unknown>): Record<string, PropertyCheck>;
  /** Chinese names of the properties, for messages and cards. */
  fieldLabels?: Record<string, string>;
  /** Warnings about a feature that is kept (e.g. its attributes disagree with its geometry). */
  featureWarnings?(properties: Record<string, unknown>, geometry: Geometry): string[];
}
