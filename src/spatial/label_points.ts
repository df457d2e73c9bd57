// A label point inside each polygon: the centre of a concave county can lie
// outside it, so use the pole of inaccessibility (polylabel) of the largest part.

import polylabel from 'polylabel';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';

/** Approximate area of a ring in square degrees; only compared between parts. */
function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(sum / 2);
}

/** Point features at each polygon's label position, keeping the polygon's properties. */
export function buildLabelPoints<P>(collection: FeatureCollection<Polygon | MultiPolygon, P>): FeatureCollection<Point, P> {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature, index): Feature<Point, P> => {
      const parts = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      const largest = parts.reduce((a, b) => (ringArea(b[0]) > ringArea(a[0]) ? b : a));
      const [x, y] = polylabel(largest as [number, number][][], 0.0005);
      return { type: 'Feature', id: index, properties: feature.properties, geometry: { type: 'Point', coordinates: [x, y] } };
    }),
  };
}
