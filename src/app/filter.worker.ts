// 筛选's worker: the same evaluateFilter as the main thread, on the outfalls a data
// message carries as columns (src/spatial/filter/columns.ts), so both select the same.
// The index is built once per data version; each evaluation answers with a mask and
// the selection's summary (统计).

import { unpackOutfalls } from '../spatial/filter/columns';
import type { OutfallColumns } from '../spatial/filter/columns';
import type { OutfallFilter } from '../spatial/filter/description';
import { createFilterIndex, evaluateFilter } from '../spatial/filter/evaluate';
import type { FilterIndex, FilterPlaces } from '../spatial/filter/evaluate';
import { summariseSelection } from '../spatial/filter/summary';
import type { SelectionSummary } from '../spatial/filter/summary';

export type FilterTask =
  | { kind: 'data'; version: number; columns: OutfallColumns; places: FilterPlaces }
  | { kind: 'evaluate'; id: number; version: number; filter: OutfallFilter; today: string };

/** 1 per selected outfall (by index), how many, the unknown places and the summary; or the message of the error evaluateFilter threw. */
export type FilterReply = { id: number; matches: Uint8Array; count: number; unknown: string[]; summary: SelectionSummary } | { id: number; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
let data: { version: number; index: FilterIndex } | null = null;

scope.onmessage = ({ data: task }: MessageEvent<FilterTask>) => {
  if (task.kind === 'data') {
    data = { version: task.version, index: createFilterIndex(unpackOutfalls(task.columns), task.places) };
    return;
  }
  let reply: FilterReply;
  try {
    if (data?.version !== task.version) throw new Error('后台线程没有这一版数据');
    const result = evaluateFilter(data.index, task.filter, { today: task.today });
    const matches = new Uint8Array(data.index.outfalls.length);
    for (const i of result.matches) matches[i] = 1;
    // The summary too: on 100,000 outfalls it takes ~30 ms, which the main thread would pay per answer.
    const summary = summariseSelection(data.index.outfalls, matches, task.today);
    reply = { id: task.id, matches, count: result.matches.length, unknown: result.unknown, summary };
  } catch (error) {
    reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply, 'matches' in reply ? [reply.matches.buffer] : []);
};
