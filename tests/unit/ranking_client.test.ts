// The 热点排名 service: rankings from the worker, the latest request only, and the main
// thread whenever there is no worker or it fails, so the panel always gets an answer.
// The worker here is a stand-in (tests/unit/helpers/fake_worker.ts) that does what
// src/app/ranking.worker.ts does (unpack, buildHotspotRanking).
import { describe, expect, it, vi } from 'vitest';
import { fakeWorkers } from './helpers/fake_worker';
import type { Behaviour } from './helpers/fake_worker';
import { createRankingService } from '../../src/app/ranking_client';
import type { RankingReply, RankingTask } from '../../src/app/ranking.worker';
import { firstGridView } from '../../src/layers/grid_view';
import type { GridView } from '../../src/layers/grid_view';
import { buildHotspotRanking } from '../../src/layers/hotspot_ranking';
import { unpackRankingRequest } from '../../src/layers/ranking_request';
import { readDemoGrid } from '../helpers/data_files';

const grid = readDemoGrid();
const view = firstGridView(grid.header, null);
const other: GridView = { ...view, pollutant: 'no2' };

/** What src/app/ranking.worker.ts does with a task. */
const rankingWorker = () => (task: RankingTask) => {
  let reply: RankingReply;
  try {
    const { grid, view, fires } = unpackRankingRequest(task.request);
    reply = { id: task.id, ranking: buildHotspotRanking(grid, view, fires) };
  } catch (error) {
    reply = { id: task.id, error: (error as Error).message };
  }
  return { reply };
};

function serviceWith(behaviour: Behaviour) {
  const { start, workers } = fakeWorkers<RankingTask, RankingReply>(behaviour, rankingWorker);
  return { service: createRankingService(start), start, workers };
}

describe('the ranking service', () => {
  it('ranks in the worker, started once on first use, with the main thread’s result', async () => {
    const { service, start } = serviceWith('answer');
    expect(start).not.toHaveBeenCalled();
    const answer = await service.rank(grid, view, []);
    expect(answer?.computed).toBe('worker');
    expect(answer?.ranking).toEqual(buildHotspotRanking(grid, view, []));
    await service.rank(grid, other, []);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('answers only the latest request: an earlier one hears null and its answer is dropped', async () => {
    const { service, workers } = serviceWith('answer');
    const earlier = service.rank(grid, view, []);
    const later = service.rank(grid, other, []);
    expect(await earlier).toBeNull();
    const answer = await later;
    expect(answer?.ranking.caption).toContain('NO₂');
    // The worker did answer both; the first answer went nowhere.
    expect(workers[0].received.map((t) => t.id)).toEqual([1, 2]);
  });

  it('passes on the ranking’s own error, as the main thread would throw it', async () => {
    const { service } = serviceWith('answer');
    const bad = { ...view, last: grid.header.days + 3 };
    await expect(service.rank(grid, bad, [])).rejects.toThrow(/超出热点网格的日期范围/);
  });

  it('ranks on the main thread when the worker fails, that request and every later one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { service, start, workers } = serviceWith('crash');
    const answer = await service.rank(grid, view, []);
    expect(answer?.computed).toBe('main');
    expect(answer?.ranking).toEqual(buildHotspotRanking(grid, view, []));
    expect(workers[0].terminated).toBe(true);
    expect((await service.rank(grid, other, []))?.computed).toBe('main');
    expect(start).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('ranks on the main thread when no worker can be started', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refused = createRankingService(() => {
      throw new DOMException('Workers are not allowed here', 'SecurityError');
    });
    expect((await refused.rank(grid, view, []))?.computed).toBe('main');
    warn.mockRestore();
    // Node has no Worker at all: the default service ranks here.
    expect(typeof Worker).toBe('undefined');
    expect((await createRankingService().rank(grid, view, []))?.computed).toBe('main');
  });
});
