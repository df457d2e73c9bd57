// Indexes over the loaded outfalls for search and nearest-neighbour queries,
// rebuilt only when the outfall layer itself changes (not per keystroke or fix).

import { computed, signal } from '@preact/signals';
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
  // The pinyin dictionary is large: fetch it after start-up; search works without it meanwhile.
  const initials = signal<((text: string) => string) | null>(null);
  void import('../spatial/pinyin_initials').then((m) => (initials.value = m.pinyinInitials)).catch(() => undefined);
  const outfalls = computed(() => {
    const status = state.layerStatus.value.outfalls;
    return status.state === 'ready' && status.layer.kind === 'geojson' ? status.layer.collection.features.map((f) => f.properties as OutfallProperties) : null;
  });
  const nearest = computed(() => (outfalls.value ? createOutfallIndex(outfalls.value) : null));
  const search = computed(() => (outfalls.value ? createOutfallSearch(outfalls.value, initials.value ?? undefined) : null));
  return computed(() => {
    const list = outfalls.value;
    if (!list || !nearest.value || !search.value) return null;
    return { outfalls: list, indexByCode: new Map(list.map((o, i) => [o.code, i])), search: search.value, nearest: nearest.value };
  });
}
