// 热点排名 in a Web Worker. buildHotspotRanking blocks for 18 ms on the city grid and
// 75–150 ms on 100,000 cells (Node), over the ~50 ms a main-thread task may take; the
// request the main thread packs and posts instead costs 1–5 ms (bench/grid_steps.ts).
// One worker, started on the first ranking, so a session that never opens the panel
// pays nothing. Only the latest request matters: the panel asks again whenever the
// view, the grid (a chunk arrived) or the fire points change.

import type { HotspotGrid } from '../data/hotspot_grid_format';
import type { FirePointProperties } from '../data/types';
import type { GridView } from '../layers/grid_view';
import { buildHotspotRanking } from '../layers/hotspot_ranking';
import { packRankingRequest } from '../layers/ranking_request';
import type { RankingAnswer, RankingService } from '../ui/hotspot_ranking/ranking_service';
import type { RankingReply, RankingTask } from './ranking.worker';

type Args = [grid: HotspotGrid, view: GridView, fires: readonly FirePointProperties[], within?: Uint8Array | null];

interface Waiting {
  id: number;
  args: Args;
  resolve: (answer: RankingAnswer | null) => void;
  reject: (error: unknown) => void;
}

// Written out here, in this form, so that Vite bundles the worker as a chunk of its own.
const startWorker = (): Worker => new Worker(new URL('./ranking.worker.ts', import.meta.url), { type: 'module' });

function onMainThread(args: Args): Promise<RankingAnswer> {
  try {
    return Promise.resolve({ ranking: buildHotspotRanking(...args), computed: 'main' });
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The panel's RankingService. `start` makes the worker; without one (Node and happy-dom
 * have no Worker) every ranking runs on the main thread, as it did before the worker.
 */
export function createRankingService(start: (() => Worker) | null = typeof Worker === 'undefined' ? null : startWorker): RankingService {
  // undefined: not started yet; null: none, or given up on: rank on the main thread.
  let worker: Worker | null | undefined = start ? undefined : null;
  let lastId = 0;
  let waiting: Waiting | null = null;

  const take = (): Waiting | null => {
    const asked = waiting;
    waiting = null;
    return asked;
  };
  const here = (asked: Waiting | null) => void (asked && onMainThread(asked.args).then(asked.resolve, asked.reject));

  /** The worker failed (see below): it is not asked again, and the request it held is ranked here, so the panel is never left on 计算中. */
  function giveUp(reason: string): void {
    console.warn(`热点排名改在主线程计算：${reason}`);
    worker?.terminate();
    worker = null;
    here(take());
  }

  function theWorker(): Worker | null {
    if (worker !== undefined) return worker;
    try {
      const w = start!();
      w.onmessage = ({ data }: MessageEvent<RankingReply>) => {
        // An answer to a request a later one replaced: its view is no longer shown.
        if (data.id !== waiting?.id) return;
        const asked = take()!;
        if ('error' in data) asked.reject(new Error(data.error));
        else asked.resolve({ ranking: data.ranking, computed: 'worker' });
      };
      // The script did not load (a browser without module workers, a server or policy that
      // refuses it) or the worker died: an ErrorEvent, and nothing will ever answer.
      w.onerror = (event) => {
        event.preventDefault();
        giveUp(event.message || '后台线程出错');
      };
      // An answer that could not be read back: that one request is ranked here; the worker stays.
      w.onmessageerror = () => here(take());
      worker = w;
    } catch (error) {
      // new Worker throws (SecurityError) where the page may not start one, e.g. from file://.
      worker = null;
      console.warn('热点排名改在主线程计算：', error);
    }
    return worker;
  }

  return {
    rank(...args) {
      // A later view supersedes a waiting request: its caller hears null now and its answer is dropped when it comes.
      take()?.resolve(null);
      const w = theWorker();
      if (!w) return onMainThread(args);
      const id = ++lastId;
      const { request, transfer } = packRankingRequest(...args);
      return new Promise<RankingAnswer | null>((resolve, reject) => {
        waiting = { id, args, resolve, reject };
        try {
          w.postMessage({ id, request } satisfies RankingTask, transfer);
        } catch {
          // A request that cannot be sent (DataCloneError) is ranked here; the next one tries the worker again.
          here(take());
        }
      });
    },
  };
}
