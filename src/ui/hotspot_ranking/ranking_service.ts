// What the 热点排名 panel needs from the rest of the app: the ranking of a view,
// computed where the app chooses (src/app/ranking_client.ts: a worker, or the main
// thread where there is none). Declared on the UI's side so imports go app → ui.

import type { HotspotGrid } from '../../data/hotspot_grid_format';
import type { FirePointProperties } from '../../data/types';
import type { GridView } from '../../layers/grid_view';
import type { HotspotRanking } from '../../layers/hotspot_ranking';

export interface RankingAnswer {
  ranking: HotspotRanking;
  /** Where it ran: the panel says so in data-computed, which the e2e test checks. */
  computed: 'worker' | 'main';
}

export interface RankingService {
  /**
   * buildHotspotRanking(grid, view, fires), off the main thread where possible. Resolves
   * null when a later call superseded this one before it was answered (its answer would be
   * of a view no longer shown); rejects with the ranking's own error.
   */
  rank(grid: HotspotGrid, view: GridView, fires: readonly FirePointProperties[], within?: Uint8Array | null): Promise<RankingAnswer | null>;
}
