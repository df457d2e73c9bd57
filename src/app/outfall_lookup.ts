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
import { FIRST_IDLE_MARK } from './bind_map';

/** Longest wait for the first view before loading what comes after it anyway (a map that never settles). */
const AFTER_FIRST_VIEW_MAX_MS = 10_000;

/** Run `then` once the map has marked its first idle (FIRST_IDLE_MARK), or after AFTER_FIRST_VIEW_MAX_MS. */
function afterFirstView(then: () => void): void {
  if (performance.getEntriesByName(FIRST_IDLE_MARK).length > 0) return then();
  const timer = setTimeout(done, AFTER_FIRST_VIEW_MAX_MS);
  const observer =
    typeof PerformanceObserver === 'undefined' ? null : new PerformanceObserver((list) => list.getEntriesByName(FIRST_IDLE_MARK).length > 0 && done());
  observer?.observe({ type: 'mark' });
  function done() {
    clearTimeout(timer);
    observer?.disconnect();
    then();
  }
}

export interface OutfallLookup {
  outfalls: ReadonlySignal<OutfallProperties[] | null>;
  /** Feature index in the loaded layer by outfall code: what a map selection needs. */
  indexByCode: ReadonlySignal<Map<string, number> | null>;
  search: ReadonlySignal<OutfallSearch | null>;
  nearest: ReadonlySignal<OutfallIndex | null>;
}

export function createOutfallLookup(state: AppState): OutfallLookup {
  // The pinyin dictionary is large (~30 ms to compile and run): it comes after the first view
  // (the map's first idle with every layer) or at the first search, whichever is sooner;
  // search works without it meanwhile and is rebuilt with it when it arrives.
  const initials = signal<((text: string) => string) | null>(null);
  let asked = false;
  const loadInitials = () => {
    if (asked) return;
    asked = true;
    void import('../spatial/pinyin_initials').then((m) => (initials.value = m.pinyinInitials)).catch(() => undefined);
  };
  afterFirstView(loadInitials);
  const outfalls = computed(() => readyFeatures(state, OUTFALLS)?.map((f) => f.properties as OutfallProperties) ?? null);
  return {
    outfalls,
    indexByCode: computed(() => (outfalls.value ? new Map(outfalls.value.map((o, i) => [o.code, i])) : null)),
    search: computed(() => {
      if (!outfalls.value) return null;
      loadInitials();
      return createOutfallSearch(outfalls.value, initials.value ?? undefined);
    }),
    nearest: computed(() => (outfalls.value ? createOutfallIndex(outfalls.value) : null)),
  };
}
