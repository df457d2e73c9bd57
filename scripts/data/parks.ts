// The six chemical parks of the city's report. Outlines are invented (plausible size,
// near the real towns); names and wastewater statuses are the report's; the numbers of
// enterprises and of those connected to a working treatment facility are invented.
import { readFileSync } from 'node:fs';
import type { FeatureCollection, Polygon } from 'geojson';
import { PARK_WASTEWATER_STATUSES, type ParkFeature, type ParkProperties } from '../../src/data/types.ts';
import type { City } from './counties.ts';
import { ringCentroid, roundPosition } from './geo.ts';

type SourceProps = Omit<ParkProperties, 'countyCode' | 'countyName'>;

export function loadParks(city: City): ParkFeature[] {
  const source = JSON.parse(readFileSync(new URL('../sources/chemical-parks.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon, SourceProps>;
  return source.features.map((f) => {
    const ring = f.geometry.coordinates[0];
    const county = city.countyAt(ringCentroid(ring));
    if (!county) throw new Error(`park ${f.properties.id} lies outside the city`);
    if (!(PARK_WASTEWATER_STATUSES as readonly string[]).includes(f.properties.wastewaterStatus)) {
      throw new Error(`park ${f.properties.id}: unknown status ${f.properties.wastewaterStatus}`);
    }
    const properties: ParkProperties = {
      id: f.properties.id,
      name: f.properties.name,
      countyCode: county.properties.code,
      countyName: county.properties.name,
      wastewaterStatus: f.properties.wastewaterStatus,
      facility: f.properties.facility,
      expectedCompletion: f.properties.expectedCompletion,
      enterprises: f.properties.enterprises,
      enterprisesConnected: f.properties.enterprisesConnected,
    };
    if (!(properties.enterprisesConnected >= 0 && properties.enterprisesConnected <= properties.enterprises)) {
      throw new Error(`park ${f.properties.id}: ${properties.enterprisesConnected} connected of ${properties.enterprises} enterprises`);
    }
    return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring.map(roundPosition)] } };
  });
}
