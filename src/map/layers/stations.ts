import type { Feature, FeatureCollection } from 'geojson';
import type { AirStationProperties, WaterSectionProperties } from '../../data/types';
import { aqiLevel, dailyAqi } from '../../spatial/aqi';
import type { AqiPollutant } from '../../spatial/aqi';
import { NO_DATA_COLOUR } from '../../symbology/air_quality';
import { WATER_CLASS_COLOURS } from '../../symbology/colours';
import { diamondIcon, triangleIcon } from '../icons';
import { LABEL_FONT } from './layer_bundle';
import type { LayerBundle } from './layer_bundle';

/** Latest day's AQI colour for an air station, latest month's class colour for a water section. */
export function stationColour(p: AirStationProperties | WaterSectionProperties): string {
  if (p.kind === 'water') {
    const latest = p.monthlyClass[p.monthlyClass.length - 1];
    return latest ? WATER_CLASS_COLOURS[latest] : NO_DATA_COLOUR;
  }
  const last = p.pm25.length - 1;
  const readings: Partial<Record<AqiPollutant, number>> = {};
  for (const k of ['pm25', 'pm10', 'o3', 'no2'] as const) if (p[k][last] != null) readings[k] = p[k][last]!;
  if (Object.keys(readings).length === 0) return NO_DATA_COLOUR;
  return aqiLevel(dailyAqi(readings).aqi).color;
}

/**
 * National stations: air stations as triangles, water sections as diamonds.
 * Only scalar properties go to the map (MapLibre would stringify the daily
 * arrays); cards read the full record from the loaded data by feature index.
 */
export function stationsBundle(collection: FeatureCollection): LayerBundle {
  const features = collection.features.map((f, i): Feature => {
    const p = f.properties as AirStationProperties | WaterSectionProperties;
    return { type: 'Feature', id: i, geometry: f.geometry, properties: { kind: p.kind, name: p.name, colour: stationColour(p) } };
  });
  const icon = (kind: string, image: string): LayerBundle['layers'][number] => ({
    id: `stations-${kind}`,
    type: 'symbol',
    source: 'stations',
    filter: ['==', ['get', 'kind'], kind],
    layout: {
      'icon-image': image,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 7, 0.55, 13, 0.9],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
    paint: { 'icon-color': ['get', 'colour'], 'icon-halo-color': '#1b1b1b', 'icon-halo-width': 1.5 },
  });
  return {
    sources: { stations: { type: 'geojson', data: { type: 'FeatureCollection', features } } },
    images: {
      'pds-triangle': { image: triangleIcon(), sdf: true },
      'pds-diamond': { image: diamondIcon(), sdf: true },
    },
    layers: [
      icon('air', 'pds-triangle'),
      icon('water', 'pds-diamond'),
      {
        id: 'stations-label',
        type: 'symbol',
        source: 'stations',
        minzoom: 10,
        layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
        paint: { 'text-color': '#222222', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
    clickable: ['stations-air', 'stations-water'],
  };
}
