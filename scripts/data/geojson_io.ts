// GeoJSON output: RFC 7946 FeatureCollections, one feature per line (readable diffs),
// every feature with an integer top-level id (its index) for MapLibre's feature state.
import type { Feature } from 'geojson';

export function featureCollectionBytes(features: Feature[]): Uint8Array {
  const lines = features.map((f, i) => JSON.stringify({ type: 'Feature', id: i, properties: f.properties, geometry: f.geometry }));
  return new TextEncoder().encode(`{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
}
