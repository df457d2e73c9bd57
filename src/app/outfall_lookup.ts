// Indexes over the loaded outfalls for search and nearest-neighbour queries,
// rebuilt only when the outfall layer itself changes (not per keystroke or fix).

import { computed } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import type { OutfallProperties } from '../data/types';
import { createOutfallIndex } from '../spatial/nearest_outfalls';
import { createOutfallSearch } from '../spatial/outfall_search';
import type { AppState } from '../state/app_state';

export interface OutfallLookup {
  outfalls: OutfallProperties[];
  /** Feature index in the loaded layer by outfall code: what a map selection needs. */
  indexByCode: Map<string, number>;
  search: ReturnType<typeof createOutfallSearch>;
  nearest: ReturnType<typeof createOutfallIndex>;
}

export function createOutfallLookup(state: AppState): ReadonlySignal<OutfallLookup | null> {
  return computed(() => {
    const status = state.layerStatus.value.outfalls;
    if (status.state !== 'ready' || status.layer.kind !== 'geojson') return null;
    const outfalls = status.layer.collection.features.map((f) => f.properties as OutfallProperties);
    return {
      outfalls,
      indexByCode: new Map(outfalls.map((o, i) => [o.code, i])),
      search: createOutfallSearch(outfalls),
      nearest: createOutfallIndex(outfalls),
    };
  });
}
