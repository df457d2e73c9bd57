// Which chunks of the chunked hotspot grid the view on screen needs. The data sync
// fetches the first view's chunks before the grid is shown and the rest in the
// background; when the analyst moves to a period that has not arrived yet, its
// chunks jump the queue and the grid is shown again as soon as they land.

import { effect, untracked } from '@preact/signals';
import type { DatasetSync } from '../data/dataset_sync';
import type { GridChunk, GridHeader, HotspotGrid } from '../data/hotspot_grid_format';
import type { ManifestLayer } from '../data/types';
import { comparisonPeriod, firstGridView, gridViewFromParams } from '../layers/grid_view';
import type { GridView } from '../layers/grid_view';
import { HOTSPOT_GRID } from '../layers/hotspot_grid';
import type { AppState } from '../state/app_state';
import { readyLayer } from '../state/selectors';

/** The chunks holding the view's pollutant on the days of its period and, for a change map, of its comparison period. */
function chunksForView(entry: ManifestLayer, header: GridHeader, view: GridView): string[] {
  const base = view.colouring === 'change' ? comparisonPeriod(header, view) : null;
  const periods = base ? [view, base] : [view];
  const needed = (c: GridChunk) => c.pollutant === view.pollutant && periods.some((p) => c.first <= p.last && c.first + c.days - 1 >= p.first);
  return (entry.chunks ?? []).filter(needed).map((c) => c.key);
}

/** The chunks of the first view: the link's view, or the default first view (src/layers/grid_view.ts). */
export function firstChunkKeys(state: AppState, entry: ManifestLayer, grid: HotspotGrid): string[] {
  // No location outside a page (the loader runs in Node in tests): no link.
  const linked = gridViewFromParams(grid.header, new URLSearchParams(globalThis.location?.search ?? '')).view;
  return chunksForView(entry, grid.header, linked ?? firstGridView(grid.header, state.gridView.peek()));
}

/** Whenever the grid's view changes, tell the sync which chunks it needs first. */
export function connectChunkPriority(state: AppState, sync: DatasetSync): () => void {
  return effect(() => {
    const view = state.gridView.value;
    const entry = state.manifest.value?.layers.find((l) => l.id === HOTSPOT_GRID);
    // The grid's header, not its values: a grid that grows by a chunk must not re-run this.
    const layer = untracked(() => readyLayer(state, HOTSPOT_GRID));
    if (!view || !entry?.chunks || layer?.kind !== 'grid') return;
    sync.prioritise(HOTSPOT_GRID, chunksForView(entry, layer.grid.header, view));
  });
}
