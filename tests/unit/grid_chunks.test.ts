// Which chunks of the demo grid the view on screen asks the data sync for first.
import { describe, expect, it } from 'vitest';
import { connectChunkPriority, firstChunkKeys } from '../../src/app/grid_chunks';
import type { DatasetSync } from '../../src/data/dataset_sync';
import { gridDayDate } from '../../src/data/hotspot_grid_format';
import { firstGridView } from '../../src/layers/grid_view';
import { HOTSPOT_GRID } from '../../src/layers/hotspot_grid';
import { setGridView, setLayerStatus, setManifest } from '../../src/state/actions';
import { createAppState } from '../../src/state/app_state';
import { readDemoGrid, readManifest } from '../helpers/data_files';

const manifest = readManifest();
const entry = manifest.layers.find((l) => l.id === HOTSPOT_GRID)!;
const grid = readDemoGrid();
const first = firstGridView(grid.header, null);
const month = (day: number) => gridDayDate(grid.header, day).slice(0, 7);

function connected() {
  const asked: string[][] = [];
  const state = createAppState();
  setManifest(state, manifest);
  setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid }, problems: [] });
  const sync = { prioritise: (_id: string, keys: readonly string[]) => asked.push([...keys]) } as unknown as DatasetSync;
  connectChunkPriority(state, sync);
  return { state, asked };
}

describe('chunks of the view on screen', () => {
  it('the first view asks for the PM2.5 months of its last 30 days', () => {
    const keys = firstChunkKeys(createAppState(), entry, grid);
    const months = new Set([month(first.first), month(first.last)]);
    expect(keys.sort()).toEqual(
      entry
        .chunks!.filter((c) => c.pollutant === 'pm25' && months.has(c.key.slice(-7)))
        .map((c) => c.key)
        .sort(),
    );
    expect(keys.length).toBeGreaterThan(0);
  });

  it('moving to another pollutant and month asks the sync for exactly that chunk', () => {
    const { state, asked } = connected();
    setGridView(state, { ...first, pollutant: 'no2', mode: 'month', first: 0, last: 30 });
    // Days 0–30 are the first calendar month of the series: one chunk.
    expect(asked.at(-1)).toEqual([`no2/${month(0)}`]);
  });

  it('a change map asks for its comparison period too', () => {
    const { state, asked } = connected();
    const last = grid.header.days - 1;
    setGridView(state, { ...first, pollutant: 'o3', colouring: 'change', first: last, last, mode: 'day', base: { first: 0, last: 0 } });
    expect(asked.at(-1)!.sort()).toEqual(
      entry
        .chunks!.filter((c) => c.pollutant === 'o3' && (c.first === 0 || c.first + c.days - 1 >= last))
        .map((c) => c.key)
        .sort(),
    );
  });
});
