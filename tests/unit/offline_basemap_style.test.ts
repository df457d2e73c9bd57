// The offline basemaps' looks: the vector basemap's style is valid for MapLibre, has no glyph
// server (labels from the device's fonts), draws roads by class from both tile schemas the
// README's tools write; and the built-in offline basemap's places come from the data set.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { expression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FilterSpecification, StyleSpecification, StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { ROAD_COLOURS, WATER_COLOUR, vectorBasemapLayers } from '../../src/map/vector_basemap';
import { buildPlaces } from '../../src/spatial/places';
import { readDemoGrid } from '../helpers/data_files';
import { metres } from '../e2e/browser';

const layers = vectorBasemapLayers('basemap-0');
const layer = (id: string) => {
  const found = layers.find((l) => l.id === id);
  if (!found) throw new Error(`no layer ${id}`);
  return found as { filter?: unknown; paint?: Record<string, unknown>; layout?: Record<string, unknown>; 'source-layer'?: string };
};

const colourSpec = {
  type: 'color',
  'property-type': 'data-driven',
  expression: { interpolated: true, parameters: ['zoom', 'feature'] },
} as unknown as StylePropertySpecification;

/** The colour a line layer paints a feature with these properties, as #rrggbb. */
function lineColour(id: string, properties: Record<string, unknown>): string {
  const compiled = expression.createExpression(layer(id).paint!['line-color'], 'line-color', colourSpec);
  if (compiled.result !== 'success') throw new Error(JSON.stringify(compiled.value));
  const c = compiled.value.evaluate({ zoom: 12 }, { type: 'LineString', properties } as never) as { r: number; g: number; b: number };
  return `#${[c.r, c.g, c.b]
    .map((v) =>
      Math.round(v * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Whether a layer's filter keeps a feature at a zoom. */
function keeps(id: string, zoom: number, type: 'Point' | 'LineString' | 'Polygon', properties: Record<string, unknown>): boolean {
  const filter = featureFilter(layer(id).filter as FilterSpecification, `layers[${layers.indexOf(layer(id) as never)}].filter`);
  const geometryType = { Point: 1, LineString: 2, Polygon: 3 }[type];
  return filter.filter({ zoom }, { type: geometryType, properties } as never);
}

describe('the vector basemap style', () => {
  it('is a valid MapLibre style with no glyphs URL: labels use the device fonts', () => {
    const style: StyleSpecification = { version: 8, sources: { 'basemap-0': { type: 'vector', url: 'pmtiles://http://x/a.pmtiles' } }, layers };
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(layers.every((l) => l.id.startsWith('basemap-'))).toBe(true);
    for (const l of layers.filter((l) => l.type === 'symbol')) expect((l.layout as Record<string, unknown>)['text-font'], l.id).toEqual(['sans-serif']);
  });

  it('colours roads by class in the OpenMapTiles schema (Planetiler, tilemaker)', () => {
    expect(layer('basemap-omt-road-fill')['source-layer']).toBe('transportation');
    expect(lineColour('basemap-omt-road-fill', { class: 'motorway' })).toBe(ROAD_COLOURS.motorway.fill);
    expect(lineColour('basemap-omt-road-fill', { class: 'primary' })).toBe(ROAD_COLOURS.primary.fill);
    expect(lineColour('basemap-omt-road-fill', { class: 'tertiary' })).toBe(ROAD_COLOURS.secondary.fill);
    expect(lineColour('basemap-omt-road-casing', { class: 'motorway' })).toBe(ROAD_COLOURS.motorway.casing);
    expect(keeps('basemap-omt-road-fill', 12, 'LineString', { class: 'rail' })).toBe(false);
    expect(keeps('basemap-omt-road-rail', 12, 'LineString', { class: 'rail' })).toBe(true);
  });

  it('colours roads by class in the Protomaps schema too', () => {
    expect(layer('basemap-pm-road-fill')['source-layer']).toBe('roads');
    expect(lineColour('basemap-pm-road-fill', { kind: 'highway' })).toBe(ROAD_COLOURS.motorway.fill);
    expect(lineColour('basemap-pm-road-fill', { kind: 'major_road', kind_detail: 'trunk' })).toBe(ROAD_COLOURS.trunk.fill);
    expect(lineColour('basemap-pm-road-fill', { kind: 'major_road', kind_detail: 'primary' })).toBe(ROAD_COLOURS.primary.fill);
    expect(lineColour('basemap-pm-road-fill', { kind: 'minor_road' })).toBe(ROAD_COLOURS.minor.fill);
  });

  it('names places in Chinese where the archive has it, cities first and villages only close up', () => {
    const text = expression.createExpression(layer('basemap-place').layout!['text-field'], 'text-field', {
      type: 'formatted',
      'property-type': 'data-driven',
      expression: { interpolated: false, parameters: ['zoom', 'feature'] },
    } as unknown as StylePropertySpecification);
    if (text.result !== 'success') throw new Error('text-field');
    const name = (properties: Record<string, unknown>) => String(text.value.evaluate({ zoom: 10 }, { type: 'Point', properties } as never));
    expect(name({ name: 'Pingdingshan', 'name:zh': '平顶山市' })).toBe('平顶山市');
    expect(name({ name: '滍阳镇' })).toBe('滍阳镇');
    expect(keeps('basemap-place', 6, 'Point', { class: 'city' })).toBe(true);
    expect(keeps('basemap-place', 8, 'Point', { class: 'town' })).toBe(false);
    expect(keeps('basemap-place', 9, 'Point', { class: 'town' })).toBe(true);
    expect(keeps('basemap-place', 11, 'Point', { class: 'village' })).toBe(false);
    expect(keeps('basemap-place', 12, 'Point', { class: 'village' })).toBe(true);
    expect(keeps('basemap-pm-place', 8, 'Point', { kind: 'locality' })).toBe(true);
    expect((layer('basemap-water').paint as Record<string, unknown>)['fill-color']).toBe(WATER_COLOUR);
  });
});

describe("the built-in offline basemap's places, made from the data set", () => {
  const places = buildPlaces(readDemoGrid());
  const seats = places.features.filter((f) => f.properties.kind === 'seat');
  const townships = places.features.filter((f) => f.properties.kind === 'township');

  it('has a seat for each county and county-level city, and none for the city districts', () => {
    expect(seats.map((f) => f.properties.name).sort()).toEqual(['叶县城', '宝丰县城', '汝州市区', '舞钢市区', '郏县城', '鲁山县城'].sort());
  });

  it('puts each seat within 2 km of the seat towns of scripts/sources/townships.json, and names every township once', () => {
    const sources = JSON.parse(readFileSync('scripts/sources/townships.json', 'utf8')) as Record<string, [string, number, number, number][]>;
    const seatTowns: Record<string, [string, string[]]> = {
      宝丰县城: ['410421', ['城关镇']],
      叶县城: ['410422', ['昆阳街道', '九龙街道', '盐都街道']],
      鲁山县城: ['410423', ['琴台街道', '露峰街道', '汇源街道', '城关镇']],
      郏县城: ['410425', ['城关镇']],
      舞钢市区: ['410481', ['垭口街道', '寺坡街道', '院岭街道', '矿建街道', '朱兰街道']],
      汝州市区: ['410482', ['钟楼街道', '煤山街道', '风穴路街道', '洗耳河街道', '汝南街道']],
    };
    for (const seat of seats) {
      const [county, towns] = seatTowns[seat.properties.name];
      const [lon, lat] = seat.geometry.coordinates;
      const nearest = Math.min(...sources[county].filter(([n]) => towns.includes(n)).map(([, tLon, tLat]) => metres(lon, lat, tLon, tLat)));
      expect(nearest, seat.properties.name).toBeLessThan(2_000);
    }
    const total = Object.entries(sources)
      .filter(([k]) => !k.startsWith('_'))
      .flatMap(([, list]) => list).length;
    // One label per township the grid names: 123 of the 124 in townships.json have a cell (data/README.md).
    expect(townships.length).toBe(readDemoGrid().header.townships!.length);
    expect(new Set(townships.map((t) => t.properties.name)).size).toBeGreaterThan(total - 10);
    expect(townships.length).toBeGreaterThanOrEqual(total - 1);
  });

  it('places each township label inside the city, and is empty for a grid without townships', () => {
    for (const t of townships) {
      const [lon, lat] = t.geometry.coordinates;
      expect(lon).toBeGreaterThan(112.2);
      expect(lon).toBeLessThan(113.8);
      expect(lat).toBeGreaterThan(33.0);
      expect(lat).toBeLessThan(34.4);
    }
    const grid = readDemoGrid();
    delete grid.cellTownship;
    delete grid.header.townships;
    expect(buildPlaces(grid).features).toEqual([]);
  });
});
