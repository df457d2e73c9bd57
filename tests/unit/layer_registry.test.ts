// Every built-in layer is described once (src/layers/*.ts) and listed once
// (src/layers/registry.ts); the map's drawing order and tap priority follow from
// the descriptions. Built from the real data set, so each bundle is what the app draws.
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_VIEW, readAllLayers } from '../helpers/data_files';
import type { LoadedLayer } from '../../src/data/loaded_layer';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import { SELECTED, STACK, drawingRank } from '../../src/layers/layer_description';
import type { LayerBundle, LayerDescription } from '../../src/layers/layer_description';
import { createGenericLayer } from '../../src/layers/generic';

let loaded = new Map<string, LoadedLayer>();
beforeAll(() => {
  loaded = readAllLayers();
});

const view = TEST_VIEW;
const bundleOf = (d: LayerDescription): LayerBundle => d.bundle(loaded.get(d.id)!, view);

/** Every map layer of the given layers, bottom to top, as MapView orders them. */
function drawingOrder(layers: readonly LayerDescription[]): string[] {
  const ranked = layers.flatMap((d, order) => bundleOf(d).layers.map((l, i) => ({ id: l.id, rank: drawingRank(d.stack[l.id], order, i) })));
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.id);
}

describe('the built-in layers', () => {
  it('are the ten layers of the panel, in its order, each with a title and a unique id', () => {
    expect(BUILT_IN_LAYERS.map((l) => l.title)).toEqual([
      '行政区划',
      '河流',
      '水库',
      '水源保护区',
      '排污口',
      '化工园区',
      '重点排污单位',
      '国控站点',
      '热点网格',
      '火点',
    ]);
    expect(new Set(BUILT_IN_LAYERS.map((l) => l.id)).size).toBe(10);
  });

  it('each give a band for every map layer they add, a tap target on their own layers, and a legend', () => {
    for (const d of BUILT_IN_LAYERS) {
      const ids = bundleOf(d).layers.map((l) => l.id);
      expect(Object.keys(d.stack).sort(), d.id).toEqual([...ids].sort());
      expect(d.pick.length, d.id).toBeGreaterThan(0);
      for (const p of d.pick) expect(ids, d.id).toContain(p.mapLayer);
      expect(d.legend.length, d.id).toBeGreaterThan(0);
    }
  });

  it('draw in the order the map has always had: areas under lines under points, labels on top', () => {
    expect(drawingOrder(BUILT_IN_LAYERS)).toEqual([
      'counties-fill',
      'hotspot-grid-fill',
      'hotspot-grid-outline',
      'counties-line',
      'source-protection-fill',
      'source-protection-line',
      'reservoirs-fill',
      'reservoirs-line',
      'rivers-line',
      'parks-fill',
      'parks-line',
      'fire-points-circle',
      'outfalls-circle',
      'outfalls-selected-ring',
      'enterprises-icon',
      'stations-air',
      'stations-water',
      'counties-label',
      'rivers-label',
      'reservoirs-label',
      'source-protection-label',
      'parks-label',
      'enterprises-label',
      'stations-label',
    ]);
  });

  it('answer a tap with the most specific thing under the finger first', () => {
    const picks = BUILT_IN_LAYERS.flatMap((d) => d.pick).sort((a, b) => a.priority - b.priority);
    expect(picks.map((p) => p.mapLayer)).toEqual([
      'outfalls-circle',
      'stations-air',
      'stations-water',
      'enterprises-icon',
      'fire-points-circle',
      'parks-fill',
      'reservoirs-fill',
      'rivers-line',
      'source-protection-fill',
      'hotspot-grid-fill',
      'counties-fill',
    ]);
    expect(picks.filter((p) => p.geometry === 'point').map((p) => p.mapLayer)).toEqual([
      'outfalls-circle',
      'stations-air',
      'stations-water',
      'enterprises-icon',
      'fire-points-circle',
    ]);
  });

  it('outline the feature whose card is open, through the one feature-state expression', () => {
    for (const id of ['parks', 'enterprises', 'fire-points', 'hotspot-grid']) {
      const paint = JSON.stringify(bundleOf(BUILT_IN_LAYERS.find((l) => l.id === id)!).layers.map((l) => ('paint' in l ? l.paint : null)));
      expect(paint, id).toContain(JSON.stringify(SELECTED));
    }
  });

  it('ring the selected outfall from a source of its own: no paint of the 100,000-point layer follows the selection', () => {
    const outfalls = BUILT_IN_LAYERS.find((l) => l.id === 'outfalls')!;
    const bundle = bundleOf(outfalls);
    const target = outfalls.pick.find((p) => p.mapLayer === 'outfalls-circle')!;
    expect(target.selectedSource).toBeDefined();
    expect(bundle.sources[target.selectedSource!]).toBeDefined();
    const ring = bundle.layers.find((l) => 'source' in l && l.source === target.selectedSource);
    expect(ring?.type).toBe('circle');
    const circles = bundle.layers.find((l) => l.id === 'outfalls-circle')!;
    const paint = 'paint' in circles ? (circles.paint as Record<string, unknown>) : {};
    expect(JSON.stringify(paint)).not.toContain('selected');
    // 筛选 re-colours through the feature value: two properties read it, no more (each is a pass over every outfall).
    expect(Object.keys(paint).filter((k) => JSON.stringify(paint[k]).includes('feature-state'))).toEqual(['circle-color', 'circle-stroke-opacity']);
  });
});

describe('a new layer', () => {
  // "One new module": a description, written as any layer's module would be.
  const wells: LayerDescription = {
    ...createGenericLayer({ id: 'wells', title: '地下水监测井', colour: '#00897b' }),
    stack: { 'wells-fill': STACK.areas, 'wells-line': STACK.areas, 'wells-circle': STACK.points },
  };

  it('takes its place in the drawing order from its bands, with no edit to the map', () => {
    loaded.set('wells', { kind: 'geojson', collection: { type: 'FeatureCollection', features: [] } });
    const order = drawingOrder([...BUILT_IN_LAYERS, wells]);
    // Its points over the built-in points, its areas over the parks, under every label.
    expect(order.indexOf('wells-circle')).toBe(order.indexOf('stations-water') + 1);
    expect(order.indexOf('wells-fill')).toBe(order.indexOf('parks-line') + 1);
    expect(order.indexOf('wells-circle')).toBeLessThan(order.indexOf('counties-label'));
  });

  it('has a card from its own fields, as text', () => {
    const layer: LoadedLayer = {
      kind: 'geojson',
      collection: {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: '1号井', 深度: 42, note: '<b>x</b>' }, geometry: { type: 'Point', coordinates: [113.3, 33.7] } }],
      },
    };
    const card = wells.describe(layer, 0, { parkName: () => undefined, countOutfalls: () => undefined })!;
    expect(card.title).toBe('1号井');
    expect(card.kind).toBe('地下水监测井');
    expect(card.rows).toEqual([
      ['name', '1号井'],
      ['深度', '42'],
      ['note', '<b>x</b>'],
    ]);
  });
});
