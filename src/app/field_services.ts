// What the field inspector's controls need from the data: search results, the
// nearest outfalls to the current position, and "go to this outfall".

import { computed, untracked } from '@preact/signals';
import type { OutfallProperties } from '../data/types';
import { nearestOutfalls } from '../spatial/nearest_outfalls';
import { searchOutfalls, searchOutfallsCounted } from '../spatial/outfall_search';
import { showOutfall } from '../state/actions';
import type { AppState } from '../state/app_state';
import type { FieldServices } from '../ui/field_services';
import { createOutfallLookup } from './outfall_lookup';

/** How many outfalls the 附近排污口 list shows. */
export const NEARBY_COUNT = 20;

export function createFieldServices(state: AppState): FieldServices {
  const lookup = createOutfallLookup(state);
  /** 筛选 with 同时限定 ticked for this list: only the outfalls it selects, else null (all). */
  const selectedOnly = (scope: 'search' | 'nearby'): ((o: OutfallProperties) => boolean) | null => {
    const selection = state.outfallSelection.value;
    const byCode = lookup.indexByCode.value;
    if (!selection || !byCode || !state.filterScope.value[scope]) return null;
    return (o) => selection.matches[byCode.get(o.code) ?? -1] === 1;
  };
  return {
    ready: computed(() => lookup.outfalls.value !== null),
    search(query, limit) {
      const search = lookup.search.peek();
      if (!search) return { hits: [], total: 0 };
      const keep = untracked(() => selectedOnly('search'));
      if (!keep) {
        const { results, total } = searchOutfallsCounted(search, query, limit);
        return { hits: results, total };
      }
      // Ranked over every match, then the selected ones kept: the best of the selection, not of all.
      const kept = searchOutfalls(search, query, lookup.outfalls.peek()?.length ?? 0).filter((hit) => keep(hit.outfall));
      return { hits: kept.slice(0, limit), total: kept.length };
    },
    nearby: computed(() => {
      const position = state.position.value;
      const index = position ? lookup.nearest.value : null;
      if (!index || !position) return null;
      const status = state.nearbyStatus.value;
      const keep = selectedOnly('nearby');
      const ofStatus = status ? (o: OutfallProperties) => o.remediationStatus === status : null;
      return nearestOutfalls(index, position.lon, position.lat, {
        count: NEARBY_COUNT,
        filter: keep && ofStatus ? (o) => keep(o) && ofStatus(o) : (keep ?? ofStatus ?? undefined),
      });
    }),
    chooseOutfall(outfall) {
      const index = lookup.indexByCode.peek()?.get(outfall.code);
      if (index !== undefined) showOutfall(state, index, outfall.lon, outfall.lat);
    },
  };
}
