// MapLibre is handed each GeoJSON source with only the properties its layers read
// (src/map/slim_source.ts). What the map draws must not change: every paint, layout
// and filter value of every built-in layer, evaluated the way MapLibre does, is the
// same on the slimmed features as on the full ones.
import { beforeAll, describe, expect, it } from 'vitest';
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import type { StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification } from 'maplibre-gl';
import { TEST_VIEW, readAllLayers } from '../helpers/data_files';
import type { LoadedLayer } from '../../src/data/loaded_layer';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import { propertiesRead, slimSourceData } from '../../src/map/slim_source';

let loaded = new Map<string, LoadedLayer>();
beforeAll(() => {
  loaded = readAllLayers();
});

const view = TEST_VIEW;

const layer = (paint: Record<string, unknown>, filter?: unknown): LayerSpecification =>
  ({ id: 'l', type: 'circle', source: 's', paint, ...(filter ? { filter } : {}) }) as LayerSpecification;

describe('propertiesRead', () => {
  it('lists the names read by get and has, however deeply nested, in paint, layout and filter', () => {
    const names = propertiesRead([
      layer({ 'circle-color': ['match', ['get', 'category'], 'a', '#000', ['case', ['has', 'flag'], '#111', '#222']] }, ['==', ['get', 'kind'], 'x']),
      { id: 't', type: 'symbol', source: 's', layout: { 'text-field': ['get', 'name'] } } as LayerSpecification,
    ]);
    expect([...(names ?? [])].sort()).toEqual(['category', 'flag', 'kind', 'name']);
  });

  it('does not take a lookup in an object literal for a feature property', () => {
    expect([...(propertiesRead([layer({ 'circle-radius': ['get', 'size', ['literal', { size: 3 }]] })]) ?? ['?'])]).toEqual([]);
  });

  it('gives up (keep everything) when an expression reads all properties or a computed name', () => {
    expect(propertiesRead([layer({ 'circle-color': ['to-color', ['get', ['concat', 'c', '1']]] })])).toBeNull();
    expect(propertiesRead([layer({ 'circle-radius': ['length', ['properties']] })])).toBeNull();
  });
});

describe('a built-in layer’s sources, slimmed', () => {
  const specOf = (type: string, group: 'paint' | 'layout', name: string): StylePropertySpecification | undefined =>
    (latest as unknown as Record<string, Record<string, StylePropertySpecification>>)[`${group}_${type}`]?.[name];

  it.each(BUILT_IN_LAYERS.filter((d) => d.id !== 'hotspot-grid').map((d) => [d.id, d] as const))('%s: draws every feature the same', (id, description) => {
    const bundle = description.bundle(loaded.get(id)!, view);
    let compared = 0;
    for (const [sourceId, source] of Object.entries(bundle.sources)) {
      if (source.type !== 'geojson') continue;
      const full = source.data as GeoJSON.FeatureCollection;
      const slim = slimSourceData(full, sourceId, bundle.layers) as GeoJSON.FeatureCollection;
      expect(slim.features).toHaveLength(full.features.length);
      for (const mapLayer of bundle.layers.filter((l) => 'source' in l && l.source === sourceId)) {
        const { paint = {}, layout = {}, filter } = mapLayer as { paint?: Record<string, unknown>; layout?: Record<string, unknown>; filter?: unknown };
        type Entry = [name: string, value: unknown, spec: StylePropertySpecification | undefined];
        const values: Entry[] = [
          ...Object.entries(paint).map(([name, value]): Entry => [name, value, specOf(mapLayer.type, 'paint', name)]),
          ...Object.entries(layout).map(([name, value]): Entry => [name, value, specOf(mapLayer.type, 'layout', name)]),
          ...(filter ? [['filter', filter, latest.filter as unknown as StylePropertySpecification] as Entry] : []),
        ];
        for (const [name, value, spec] of values) {
          if (!spec || !expression.isExpression(value)) continue;
          const compiled = expression.createExpression(value, name, spec);
          if (compiled.result !== 'success') throw new Error(`${mapLayer.id}: ${JSON.stringify(compiled.value)}`);
          full.features.forEach((feature, i) => {
            const evaluate = (f: GeoJSON.Feature) => JSON.stringify(compiled.value.evaluate({ zoom: 11 }, f as never, { selected: i === 0, v: 1 }));
            expect(evaluate(slim.features[i]), `${mapLayer.id} feature ${i}`).toBe(evaluate(feature));
            compared++;
          });
        }
      }
    }
    expect(compared, 'values compared').toBeGreaterThan(0);
  });

  it('the outfalls reach the map with only their category, a fraction of the record', () => {
    const outfalls = BUILT_IN_LAYERS.find((d) => d.id === 'outfalls')!;
    const bundle = outfalls.bundle(loaded.get('outfalls')!, view);
    const [sourceId, source] = Object.entries(bundle.sources)[0];
    const full = (source as { data: GeoJSON.FeatureCollection }).data;
    const slim = slimSourceData(full, sourceId, bundle.layers) as GeoJSON.FeatureCollection;
    expect(Object.keys(slim.features[0].properties ?? {})).toEqual(['category']);
    expect(slim.features.map((f) => f.id)).toEqual(full.features.map((f) => f.id));
    expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(full).length / 3);
  });
});
