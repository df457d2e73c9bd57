// The 热点排名 worker: the same buildHotspotRanking as the main thread, on the grid a
// request carries (src/layers/ranking_request.ts), so both give the same tables.

import { buildHotspotRanking } from '../layers/hotspot_ranking';
import type { HotspotRanking } from '../layers/hotspot_ranking';
import { unpackRankingRequest } from '../layers/ranking_request';
import type { RankingRequest } from '../layers/ranking_request';

export interface RankingTask {
  id: number;
  request: RankingRequest;
}

/** The ranking, or the message of the error it threw (a RangeError for a bad view, as on the main thread). */
export type RankingReply = { id: number; ranking: HotspotRanking } | { id: number; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = ({ data }: MessageEvent<RankingTask>) => {
  let reply: RankingReply;
  try {
    const { grid, view, fires, within } = unpackRankingRequest(data.request);
    reply = { id: data.id, ranking: buildHotspotRanking(grid, view, fires, within) };
  } catch (error) {
    reply = { id: data.id, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
