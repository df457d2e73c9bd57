// A layer the app has no module for — one a data set or (later) an import brings —
// described from what the data says: drawn in one colour by geometry (areas, lines,
// points), listed in the panel with one swatch, and carded with its own properties
// as text. This is the path by which any new layer reaches the map without code.

import { featuresOf, STACK, whenSelected, withIndexIds } from './layer_description';
import type { LayerDescription } from './layer_description';
import type { Row } from './card';

/** Colours for generic layers, none of them used by a built-in layer. */
const PALETTE = ['#8e24aa', '#00897b', '#f4511e', '#3949ab', '#c0ca33', '#6d4c41', '#d81b60', '#039be5'];

function colourFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Property values as card text; nested values as compact JSON. */
function asText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The feature's name if it has one under a usual key. */
function nameOf(properties: Record<string, unknown>): string | null {
  for (const key of ['name', '名称', 'title', '标题', 'NAME']) {
    const v = properties[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return null;
}

export function createGenericLayer(options: { id: string; title: string; colour?: string }): LayerDescription {
  const { id, title } = options;
  const colour = options.colour ?? colourFor(id);
  const source = id;
  const fill = `${id}-fill`;
  const line = `${id}-line`;
  const circle = `${id}-circle`;
  const isArea = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
  const isLine = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']]];
  const isPoint = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
  return {
    id,
    title,
    format: 'geojson',
    countUnit: '个',
    stack: { [fill]: STACK.areas, [line]: STACK.areas, [circle]: STACK.points },
    pick: [
      { mapLayer: circle, priority: 15, geometry: 'point' },
      { mapLayer: fill, priority: 45, geometry: 'area' },
      { mapLayer: line, priority: 55, geometry: 'area' },
    ],
    legend: [{ label: title, colour, shape: 'dot' }],
    bundle(layer) {
      return {
        sources: { [source]: { type: 'geojson', data: withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) } },
        layers: [
          { id: fill, type: 'fill', source, filter: isArea as never, paint: { 'fill-color': colour, 'fill-opacity': 0.3 } },
          { id: line, type: 'line', source, filter: isLine as never, paint: { 'line-color': colour, 'line-width': whenSelected(4, 2) as never } },
          {
            id: circle,
            type: 'circle',
            source,
            filter: isPoint as never,
            paint: {
              'circle-color': colour,
              'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 3, 13, 7],
              'circle-stroke-color': whenSelected('#000000', '#ffffff') as never,
              'circle-stroke-width': whenSelected(3, 1.5) as never,
            },
          },
        ],
      };
    },
    describe(layer, index) {
      const feature = featuresOf(layer)[index];
      if (!feature) return null;
      const properties = (feature.properties ?? {}) as Record<string, unknown>;
      const rows: Row[] = Object.entries(properties).map(([key, value]) => [key, asText(value)]);
      return { title: nameOf(properties) ?? `${title} 第 ${index + 1} 个`, kind: title, rows };
    },
  };
}
