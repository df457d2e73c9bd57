import circle from '@turf/circle';
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';

export const USER_POSITION_SOURCE = 'user-position';

const USER_BLUE = '#1a73e8';

/** The position dot and its accuracy circle (radius = the fix's 68 % accuracy). */
export function userPositionData(lon: number, lat: number, accuracyM: number): FeatureCollection {
  const accuracy = circle([lon, lat], Math.max(accuracyM, 1) / 1000, { steps: 64, units: 'kilometers' });
  return {
    type: 'FeatureCollection',
    features: [
      { ...accuracy, properties: { part: 'accuracy' } },
      { type: 'Feature', properties: { part: 'position' }, geometry: { type: 'Point', coordinates: [lon, lat] } },
    ],
  };
}

export const USER_POSITION_LAYERS: LayerSpecification[] = [
  {
    id: 'user-accuracy-fill',
    type: 'fill',
    source: USER_POSITION_SOURCE,
    filter: ['==', ['get', 'part'], 'accuracy'],
    paint: { 'fill-color': USER_BLUE, 'fill-opacity': 0.12 },
  },
  {
    id: 'user-accuracy-line',
    type: 'line',
    source: USER_POSITION_SOURCE,
    filter: ['==', ['get', 'part'], 'accuracy'],
    paint: { 'line-color': USER_BLUE, 'line-width': 1, 'line-opacity': 0.6 },
  },
  {
    id: 'user-position-dot',
    type: 'circle',
    source: USER_POSITION_SOURCE,
    filter: ['==', ['get', 'part'], 'position'],
    paint: { 'circle-color': USER_BLUE, 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
  },
];
