// The national air station nearest a place: what a grid cell's series is read
// against (19 stations: a loop is the right tool, no index needed).

import type { Feature } from 'geojson';
import type { AirStationProperties, WaterSectionProperties } from '../data/types';

/** The nearest air station to (lon, lat) by great-circle distance, or undefined if there is none. */
export function nearestAirStation(stations: readonly Feature[], lon: number, lat: number): AirStationProperties | undefined {
  let best: AirStationProperties | undefined;
  let bestDistance = Infinity;
  const rad = Math.PI / 180;
  for (const f of stations) {
    const p = f.properties as AirStationProperties | WaterSectionProperties;
    if (p.kind !== 'air' || f.geometry?.type !== 'Point') continue;
    const [x, y] = f.geometry.coordinates;
    // Equirectangular distance: exact enough to order places a few tens of km apart.
    const d = ((x - lon) * Math.cos(lat * rad)) ** 2 + (y - lat) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = p;
    }
  }
  return best;
}
