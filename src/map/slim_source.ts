// What MapLibre is handed of a GeoJSON source: the geometry, the id and only the
// properties its style reads. Every property is structured-cloned to MapLibre's
// worker and kept in each tile it builds; the outfalls carry ~30 fields of which
// the map draws one (2.2 MB of GeoJSON, of which ~0.3 MB is what the style needs),
// and on a return visit that copying held up the first frame. Cards, search and
// 筛选 read the app's own records by feature index, never the map's copy.

import type { LayerSpecification } from 'maplibre-gl';

/**
 * The property names the layers' expressions read (`['get', name]`, `['has', name]`),
 * or `null` when one of them reads properties in a way that cannot be listed
 * (`['properties']`, a computed name): then the source keeps every property.
 */
export function propertiesRead(layers: LayerSpecification[]): Set<string> | null {
  const names = new Set<string>();
  let unlisted = false;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) {
      if (value && typeof value === 'object') Object.values(value).forEach(visit);
      return;
    }
    const [op, arg] = value;
    if (op === 'properties') unlisted = true;
    // Two-argument forms only: ['get', name, object] reads an object, not the feature.
    if ((op === 'get' || op === 'has') && value.length === 2) {
      if (typeof arg === 'string') names.add(arg);
      else unlisted = true;
    }
    value.forEach(visit);
  };
  for (const layer of layers) {
    const { paint, layout, filter } = layer as { paint?: unknown; layout?: unknown; filter?: unknown };
    [paint, layout, filter].forEach(visit);
  }
  return unlisted ? null : names;
}

/** The collection with each feature's properties cut to `keep` (geometry and id untouched). */
export function withPropertiesOnly(collection: GeoJSON.FeatureCollection, keep: Set<string>): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => {
      const properties: Record<string, unknown> = {};
      for (const name of keep) if (feature.properties && name in feature.properties) properties[name] = feature.properties[name];
      return { ...feature, properties };
    }),
  };
}

/** A source's data as the map needs it: a FeatureCollection slimmed to what the layers drawing it read. */
export function slimSourceData(data: unknown, source: string, layers: LayerSpecification[]): unknown {
  if (!data || typeof data !== 'object' || (data as GeoJSON.GeoJSON).type !== 'FeatureCollection') return data;
  const keep = propertiesRead(layers.filter((layer) => 'source' in layer && layer.source === source));
  return keep ? withPropertiesOnly(data as GeoJSON.FeatureCollection, keep) : data;
}
