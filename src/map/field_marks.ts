// Marks of the field work over the outfalls: the outfalls this device has inspected (a ring
// and a tick), and the numbers of the 附近排污口 list at the outfalls it lists. Each is a
// small source of its own, one point per mark, set whole when its list changes: the
// outfalls' own source (100,000 points) gets no feature-state for them, which would add a
// pass over all of it at every 筛选 step.

import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { LABEL_FONT } from '../layers/layer_description';

export const INSPECTED_SOURCE = 'inspected-outfalls';
export const NEARBY_SOURCE = 'nearby-numbers';

/** Teal: no layer's legend uses it, and it is not the selection's black, 逾期's red or 定位's blue. */
const INSPECTED_COLOUR = '#00897b';
/** 定位's blue (src/map/user_position.ts): the numbers belong to the list of what is near the user. */
const NEARBY_COLOUR = '#1a73e8';

/** A mark's place, and its number for a numbered one. */
export interface MarkPoint {
  lon: number;
  lat: number;
  n?: number;
}

export function markCollection(points: readonly MarkPoint[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: points.map(({ lon, lat, n }) => ({
      type: 'Feature',
      properties: n === undefined ? {} : { n },
      geometry: { type: 'Point', coordinates: [lon, lat] },
    })),
  };
}

export const INSPECTED_LAYERS: LayerSpecification[] = [
  {
    // Around the outfall's dot (src/layers/outfalls.ts RADIUS), a little wider at every zoom.
    id: 'inspected-ring',
    type: 'circle',
    source: INSPECTED_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 3, 10, 4.5, 13, 8, 16, 12],
      'circle-opacity': 0,
      'circle-stroke-color': INSPECTED_COLOUR,
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 13, 2, 16, 2.5],
    },
  },
  {
    // A tick beside the ring where a dot is big enough to tell apart (from street zoom).
    id: 'inspected-tick',
    type: 'symbol',
    source: INSPECTED_SOURCE,
    minzoom: 13,
    layout: {
      'text-field': '✓',
      'text-font': LABEL_FONT,
      'text-size': 15,
      'text-offset': [0.9, -0.9],
      'text-allow-overlap': true,
      'text-ignore-placement': true,
    },
    paint: { 'text-color': INSPECTED_COLOUR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  },
];

/** 1 drawn over 2 over 3…: where badges overlap, the nearest one's number is read. */
const NEAREST_ON_TOP = ['-', 100, ['to-number', ['get', 'n']]];

export const NEARBY_LAYERS: LayerSpecification[] = [
  {
    id: 'nearby-badge',
    type: 'circle',
    source: NEARBY_SOURCE,
    layout: { 'circle-sort-key': NEAREST_ON_TOP as never },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 7, 15, 10],
      'circle-color': NEARBY_COLOUR,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: 'nearby-number',
    type: 'symbol',
    source: NEARBY_SOURCE,
    layout: {
      'text-field': ['to-string', ['get', 'n']],
      'text-font': LABEL_FONT,
      'text-size': ['interpolate', ['linear'], ['zoom'], 10, 10, 15, 12],
      // Every number shows, however close the outfalls: the list names all twenty.
      'text-allow-overlap': true,
      'text-ignore-placement': true,
      'symbol-sort-key': NEAREST_ON_TOP as never,
    },
    paint: { 'text-color': '#ffffff' },
  },
];
