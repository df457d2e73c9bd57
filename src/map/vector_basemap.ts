// The app's own small style for a vector basemap (a PMTiles archive a deployment supplies):
// land, water, roads by class, railways, road names and places. Two tile schemas are read,
// so that the archives the usual tools make draw without a style of their own:
//   - OpenMapTiles (Planetiler's and tilemaker's default): `water`, `waterway`, `landcover`,
//     `transportation` and `transportation_name` with `class`, `place` with `class`;
//   - Protomaps (the daily builds `pmtiles extract` cuts from): `water`, `roads` with `kind`
//     and `kind_detail`, `places` with `kind`.
// A layer whose source layer is not in the archive simply draws nothing. Text uses the device's
// fonts like every label of the app (LABEL_FONT, the map's localIdeographFontFamily, no glyphs).

import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { LABEL_FONT } from '../layers/layer_description';

/** The land under everything: OpenStreetMap's familiar light grey-beige. */
export const LAND_COLOUR = '#f2efe9';
export const WATER_COLOUR = '#aad3df';

/** Road colours by class, fill and casing; the motorway's pink is no colour of the data layers. */
export const ROAD_COLOURS = {
  motorway: { fill: '#e8889b', casing: '#c4586f' },
  trunk: { fill: '#f4a683', casing: '#cf7a56' },
  primary: { fill: '#f9cf86', casing: '#c99a4a' },
  secondary: { fill: '#f6f0a6', casing: '#b7ae62' },
  minor: { fill: '#ffffff', casing: '#cdc6b4' },
} as const;

type RoadClass = keyof typeof ROAD_COLOURS;
const ROAD_CLASSES = Object.keys(ROAD_COLOURS) as RoadClass[];

/** One road class per feature, in the OpenMapTiles words, from either schema. */
const OPENMAPTILES_CLASS: ExpressionSpecification = [
  'match',
  ['get', 'class'],
  'motorway',
  'motorway',
  'trunk',
  'trunk',
  'primary',
  'primary',
  ['secondary', 'tertiary'],
  'secondary',
  ['minor', 'service', 'residential', 'living_street', 'unclassified', 'busway'],
  'minor',
  ['path', 'track', 'footway', 'cycleway', 'steps', 'pedestrian', 'bridleway'],
  'path',
  ['rail', 'transit'],
  'rail',
  'other',
];
const PROTOMAPS_CLASS: ExpressionSpecification = [
  'match',
  ['get', 'kind'],
  'highway',
  'motorway',
  'major_road',
  ['match', ['get', 'kind_detail'], 'trunk', 'trunk', ['secondary', 'tertiary'], 'secondary', 'primary'],
  'minor_road',
  'minor',
  'path',
  'path',
  'rail',
  'rail',
  'other',
];

/** A value per road class (the others get `fallback`). */
const byClass = (roadClass: ExpressionSpecification, values: Record<RoadClass, number | string>, fallback: number | string): ExpressionSpecification =>
  ['match', roadClass, ...ROAD_CLASSES.flatMap((c) => [c, values[c]]), fallback] as ExpressionSpecification;

/** Road width in pixels at zoom 8, 12 and 16 (MapLibre interpolates between). */
const ROAD_WIDTH: Record<RoadClass, [number, number, number]> = {
  motorway: [1.2, 3.5, 12],
  trunk: [1, 3, 10],
  primary: [0.6, 2.5, 9],
  secondary: [0.3, 1.8, 7],
  minor: [0, 0.8, 5],
};

function roadWidth(roadClass: ExpressionSpecification, extra: number): ExpressionSpecification {
  const at = (i: 0 | 1 | 2) => byClass(roadClass, Object.fromEntries(ROAD_CLASSES.map((c) => [c, ROAD_WIDTH[c][i] + extra])) as Record<RoadClass, number>, 0);
  return ['interpolate', ['exponential', 1.5], ['zoom'], 8, at(0), 12, at(1), 16, at(2)];
}

const isRoad = (roadClass: ExpressionSpecification): ExpressionSpecification => ['match', roadClass, ROAD_CLASSES, true, false];

/** The road layers of one schema: casings, then fills, motorways drawn over smaller roads; paths and railways dashed. */
function roadLayers(source: string, sourceLayer: string, roadClass: ExpressionSpecification, prefix: string): LayerSpecification[] {
  const sortKey = byClass(roadClass, { motorway: 5, trunk: 4, primary: 3, secondary: 2, minor: 1 }, 0);
  const line = { type: 'line' as const, source, 'source-layer': sourceLayer };
  return [
    {
      ...line,
      id: `${prefix}-path`,
      minzoom: 13,
      filter: ['==', roadClass, 'path'],
      paint: { 'line-color': '#a89f8a', 'line-width': 1, 'line-dasharray': [2, 1.5] },
    },
    {
      ...line,
      id: `${prefix}-rail`,
      minzoom: 9,
      filter: ['==', roadClass, 'rail'],
      paint: { 'line-color': '#8f8f8f', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 15, 2], 'line-dasharray': [3, 2] },
    },
    {
      ...line,
      id: `${prefix}-casing`,
      filter: isRoad(roadClass),
      layout: { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': sortKey },
      paint: {
        'line-color': byClass(roadClass, Object.fromEntries(ROAD_CLASSES.map((c) => [c, ROAD_COLOURS[c].casing])) as Record<RoadClass, string>, '#cdc6b4'),
        'line-width': roadWidth(roadClass, 1.5),
      },
    },
    {
      ...line,
      id: `${prefix}-fill`,
      filter: isRoad(roadClass),
      layout: { 'line-cap': 'round', 'line-join': 'round', 'line-sort-key': sortKey },
      paint: {
        'line-color': byClass(roadClass, Object.fromEntries(ROAD_CLASSES.map((c) => [c, ROAD_COLOURS[c].fill])) as Record<RoadClass, string>, '#ffffff'),
        'line-width': roadWidth(roadClass, 0),
      },
    },
  ];
}

/** A feature's name as a Chinese reader wants it: the Chinese name where the archive has one, else the local name. */
const NAME: ExpressionSpecification = ['coalesce', ['get', 'name:zh'], ['get', 'name_zh'], ['get', 'name:zh-Hans'], ['get', 'name']];

const TEXT_PAINT = { 'text-color': '#333333', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 };

/** Place labels: cities from the start, towns from zoom 9, villages and quarters from 12 (filters are read at whole zooms). */
function placeLayer(source: string, sourceLayer: string, kind: string, id: string): LayerSpecification {
  const place = ['get', kind] as ExpressionSpecification;
  const rank: ExpressionSpecification = ['match', place, ['city', 'locality'], 3, ['town'], 2, 1];
  return {
    id,
    type: 'symbol',
    source,
    'source-layer': sourceLayer,
    filter: [
      'any',
      ['match', place, ['city', 'locality'], true, false],
      ['all', ['==', place, 'town'], ['>=', ['zoom'], 9]],
      ['all', ['match', place, ['village', 'suburb', 'neighbourhood', 'hamlet', 'quarter', 'macrohood'], true, false], ['>=', ['zoom'], 12]],
    ],
    layout: {
      'text-field': NAME,
      'text-font': LABEL_FONT,
      'text-size': ['match', rank, 3, 16, 2, 13, 11.5],
      'symbol-sort-key': ['-', 0, rank],
      'text-max-width': 8,
    },
    paint: TEXT_PAINT,
  };
}

/** The layers of a vector basemap whose tiles come from `source`, bottom first; ids start with `basemap-`. */
export function vectorBasemapLayers(source: string): LayerSpecification[] {
  const fill = (id: string, sourceLayer: string, paint: Record<string, unknown>, filter?: unknown): LayerSpecification =>
    ({ id, type: 'fill', source, 'source-layer': sourceLayer, paint, ...(filter ? { filter } : {}) }) as LayerSpecification;
  return [
    { id: 'basemap-land', type: 'background', paint: { 'background-color': LAND_COLOUR } },
    fill('basemap-wood', 'landcover', { 'fill-color': '#d8e8c8', 'fill-opacity': 0.7 }, ['match', ['get', 'class'], ['wood', 'forest'], true, false]),
    fill('basemap-water', 'water', { 'fill-color': WATER_COLOUR }, ['==', ['geometry-type'], 'Polygon']),
    {
      id: 'basemap-waterway',
      type: 'line',
      source,
      'source-layer': 'waterway',
      paint: { 'line-color': WATER_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 3] },
    },
    // Protomaps keeps rivers as lines in its `water` layer.
    {
      id: 'basemap-water-line',
      type: 'line',
      source,
      'source-layer': 'water',
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': WATER_COLOUR, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 3] },
    },
    ...roadLayers(source, 'transportation', OPENMAPTILES_CLASS, 'basemap-omt-road'),
    ...roadLayers(source, 'roads', PROTOMAPS_CLASS, 'basemap-pm-road'),
    {
      id: 'basemap-road-name',
      type: 'symbol',
      source,
      'source-layer': 'transportation_name',
      minzoom: 13,
      layout: { 'symbol-placement': 'line', 'text-field': NAME, 'text-font': LABEL_FONT, 'text-size': 11.5 },
      paint: TEXT_PAINT,
    },
    {
      id: 'basemap-pm-road-name',
      type: 'symbol',
      source,
      'source-layer': 'roads',
      minzoom: 13,
      layout: { 'symbol-placement': 'line', 'text-field': NAME, 'text-font': LABEL_FONT, 'text-size': 11.5 },
      paint: TEXT_PAINT,
    },
    placeLayer(source, 'place', 'class', 'basemap-place'),
    placeLayer(source, 'places', 'kind', 'basemap-pm-place'),
  ];
}
