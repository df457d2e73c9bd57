// An import replaces a layer of the data set on screen, on every start (before the data
// set's version could flash), and 撤销导入 steps back: to the import before, then to the
// data set's own layer; an imported layer of its own goes away.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFileSync } from 'node:fs';
import type { FeatureCollection } from 'geojson';
import { effect } from '@preact/signals';
import { createHttpDataSource } from '../../src/data/data_source';
import { startDataSync } from '../../src/app/load_into_state';
import { connectImports } from '../../src/app/imports';
import type { ImportRequest } from '../../src/app/imports';
import { PdsDatabase } from '../../src/data/cache/database';
import { createImportStore } from '../../src/data/cache/import_store';
import { createAppState } from '../../src/state/app_state';
import type { AppState } from '../../src/state/app_state';
import type { OutfallFeature } from '../../src/data/types';

const BASE = 'http://pds.test/data/';
const server = setupServer(
  http.get(
    `${BASE}:name`,
    ({ params }) => new HttpResponse(readFileSync(`data/${String(params.name)}`), { headers: { 'Content-Type': 'application/octet-stream' } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const demo = (JSON.parse(readFileSync('data/outfalls.geojson', 'utf8')) as { features: OutfallFeature[] }).features;
const ledger = (n: number, name: string): FeatureCollection => ({
  type: 'FeatureCollection',
  features: demo.slice(0, n).map((f) => ({ ...f, properties: { ...f.properties, name } })),
});
const request = (collection: FeatureCollection, fileName: string): ImportRequest => ({
  layerId: 'outfalls',
  title: '排污口',
  newLayer: false,
  fileName,
  mode: 'replace',
  counts: {
    read: collection.features.length,
    accepted: collection.features.length,
    rejected: 0,
    added: collection.features.length,
    updated: 0,
    unchanged: 0,
    untouched: 0,
  },
  layer: { kind: 'geojson', collection },
});

/** Start the app's data path as main.tsx does: imports first, then the data set through the gate. */
async function start(dbName: string, watch?: (state: AppState) => void): Promise<{ state: AppState; imports: ReturnType<typeof connectImports> }> {
  const state = createAppState();
  watch?.(state);
  const imports = connectImports(state, createImportStore(new PdsDatabase(dbName)));
  await startDataSync(state, createHttpDataSource(BASE), null, imports.gate).started;
  return { state, imports };
}
const outfallNames = (state: AppState): string[] => {
  const status = state.layerStatus.value.outfalls;
  return status.state === 'ready' && status.layer.kind === 'geojson' ? status.layer.collection.features.map((f) => String(f.properties?.name)) : [];
};

describe('imports shown in place of the data set', () => {
  it('shows an import at once, keeps it over a restart, and 撤销导入 goes back one import, then to the demo outfalls', async () => {
    const dbName = `imports-${Math.random()}`;
    const first = await start(dbName);
    expect(outfallNames(first.state)).toHaveLength(demo.length);
    await first.imports.actions.apply(request(ledger(5, '一月台账'), '一月.csv'));
    await first.imports.actions.apply(request(ledger(7, '二月台账'), '二月.xlsx'));
    expect(outfallNames(first.state)).toEqual(Array(7).fill('二月台账'));
    expect(first.state.imports.value.map((i) => i.fileName)).toEqual(['二月.xlsx']);

    // A reload: the import, never the demo set, even though the data set arrives too.
    // Every outfall layer the state ever shows on this start: the data set's version is held back.
    const seen: number[] = [];
    const again = await start(dbName, (state) =>
      effect(() => void (state.layerStatus.value.outfalls?.state === 'ready' && seen.push(outfallNames(state).length))),
    );
    expect(outfallNames(again.state)).toEqual(Array(7).fill('二月台账'));
    expect([...new Set(seen)]).toEqual([7]);

    await again.imports.actions.undo('outfalls');
    expect(outfallNames(again.state)).toEqual(Array(5).fill('一月台账'));
    expect(again.state.imports.value.map((i) => i.fileName)).toEqual(['一月.csv']);
    await again.imports.actions.undo('outfalls');
    expect(outfallNames(again.state)).toHaveLength(demo.length);
    expect(again.state.imports.value).toEqual([]);
  });

  it('an import into a layer of its own adds it with its title, and 撤销导入 removes it', async () => {
    const { state, imports } = await start(`imports-${Math.random()}`);
    const wells: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { 名称: '1号井' }, geometry: { type: 'Point', coordinates: [113.3, 33.7] } }],
    };
    await imports.actions.apply({ ...request(wells, '监测井.kml'), layerId: 'import-wells', title: '地下水监测井', newLayer: true });
    expect(state.layers.value.find((l) => l.id === 'import-wells')?.title).toBe('地下水监测井');
    expect(state.layerStatus.value['import-wells']?.state).toBe('ready');
    await imports.actions.undo('import-wells');
    expect(state.layers.value.some((l) => l.id === 'import-wells')).toBe(false);
  });
});
