// The map follows the state through a port (src/app/bind_map.ts), so what the map is
// told can be checked without WebGL: a fake port records every call.
import { describe, expect, it } from 'vitest';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import { bindMapToState } from '../../src/app/bind_map';
import type { MapPort } from '../../src/app/bind_map';
import { createAppState } from '../../src/state/app_state';
import { registerLayer, setGridView, setLayerStatus, setLayerVisible, showLatestGridDay } from '../../src/state/actions';
import { HOTSPOT_GRID, HOTSPOT_GRID_SOURCE } from '../../src/layers/hotspot_grid';
import { createGenericLayer } from '../../src/layers/generic';
import type { LayerDescription } from '../../src/layers/layer_description';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';

/** A port that records what the map was asked to do. */
function fakeMap() {
  const calls = {
    added: [] as { id: string; order: number; mapLayers: string[] }[],
    values: [] as { source: string; values: number[] }[],
    visible: new Map<string, boolean>(),
  };
  const port: MapPort = {
    addBundle: async (description: LayerDescription, order, bundle) => {
      calls.added.push({ id: description.id, order, mapLayers: bundle.layers.map((l) => l.id) });
    },
    updateBundle: () => undefined,
    setLayerVisible: (id, visible) => void calls.visible.set(id, visible),
    setSelected: () => undefined,
    setFeatureValues: (source, values) => void calls.values.push({ source, values: Array.from(values) }),
    flyTo: () => undefined,
    setUserPosition: () => undefined,
    setBasemap: () => undefined,
    whenIdle: async () => undefined,
  };
  return { port, calls };
}

/** A 2-cell grid over `days` days: PM2.5 of cell c on day d is 10·(d+1)+c. */
function grid(days: number): HotspotGrid {
  const values = new Uint16Array(days * 2);
  for (let d = 0; d < days; d++) for (let c = 0; c < 2; c++) values[d * 2 + c] = 10 * (d + 1) + c;
  return {
    header: {
      version: 1,
      origin: [113, 33.5],
      cellSize: [0.01, 0.01],
      cols: 2,
      rows: 1,
      cellCount: 2,
      startDate: '2025-09-01',
      days,
      pollutants: ['pm25'],
      counties: [{ code: '410402', name: '新华区' }],
      units: 'µg/m³',
    },
    cellIds: new Uint32Array([0, 1]),
    cellCounty: new Uint8Array([0, 0]),
    values,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the map follows the grid view', () => {
  it('colours the day the state shows, and re-colours on every change of the view', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const g = grid(3);
    showLatestGridDay(state, g);
    setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid: g }, problems: [] });
    await flush();
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [30, 31] });

    // Another day chosen, with no new data: the map must follow.
    setGridView(state, { pollutant: 'pm25', day: 0 });
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [10, 11] });
  });

  it('a data update with more days colours the new latest day, never the old grid with the new day', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const before = grid(2);
    showLatestGridDay(state, before);
    setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid: before }, problems: [] });
    await flush();
    const after = grid(4);
    showLatestGridDay(state, after);
    setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid: after }, problems: [] });
    await flush();
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [40, 41] });
  });
});

describe('a layer added by its description', () => {
  it('is put on the map in its place in the registry, with its map layers, and follows its checkbox', async () => {
    const wells = createGenericLayer({ id: 'monitoring-wells', title: '地下水监测井' });
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    registerLayer(state, wells);
    setLayerStatus(state, wells.id, {
      state: 'ready',
      layer: {
        kind: 'geojson',
        collection: {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: { name: '1号井' }, geometry: { type: 'Point', coordinates: [113.3, 33.7] } }],
        },
      },
      problems: [],
    });
    await flush();
    expect(calls.added).toEqual([
      { id: 'monitoring-wells', order: BUILT_IN_LAYERS.length, mapLayers: ['monitoring-wells-fill', 'monitoring-wells-line', 'monitoring-wells-circle'] },
    ]);
    setLayerVisible(state, wells.id, false);
    expect(calls.visible.get('monitoring-wells')).toBe(false);
  });
});
