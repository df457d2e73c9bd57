// Indexes over the loaded outfalls for search and nearest-neighbour queries.
// Each is a lazy computed signal: built on first use (the first keystroke, the
// first position fix), not at start-up, and rebuilt only when the outfall layer
// itself changes — never per keystroke or per fix.

import { computed, signal } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import type { OutfallProperties } from '../data/types';
import { createOutfallIndex } from '../spatial/nearest_outfalls';
import type { OutfallIndex } from '../spatial/nearest_outfalls';
import { createOutfallSearch } from '../spatial/outfall_search';
import type { OutfallSearch } from '../spatial/outfall_search';
import type { AppState } from '../state/app_state';
import { readyFeatures } from '../state/selectors';
import { OUTFALLS } from '../layers/outfalls';

export interface OutfallLookup {
  outfalls: ReadonlySignal<OutfallProperties[] | null>;
  /** Feature index in the loaded layer by outfall code: what a map selection needs. */
  indexByCode: ReadonlySignal<Map<string, number> | null>;
  search: ReadonlySignal<OutfallSearch | null>;
  nearest: ReadonlySignal<OutfallIndex | null>;
}

export function createOutfallLookup(state: AppState): OutfallLookup {
  // The pinyin dictionary is large: fetch it after start-up; search works without it meanwhile.
  const initials = signal<((text: string) => string) | null>(null);
  void import('../spatial/pinyin_initials').then((m) => (initials.value = m.pinyinInitials)).catch(() => undefined);
  const outfalls = computed(() => readyFeatures(state, OUTFALLS)?.map((f) => f.properties as OutfallProperties) ?? null);
  return {
    outfalls,
    indexByCode: computed(() => (outfalls.value ? new Map(outfalls.value.map((o, i) => [o.code, i])) : null)),
    search: computed(() => (outfalls.value ? createOutfallSearch(outfalls.value, initials.value ?? undefined) : null)),
    nearest: computed(() => (outfalls.value ? createOutfallIndex(outfalls.value) : null)),
  };
}
