// 筛选 in a worker (src/app/filter_client.ts, src/app/filter.worker.ts): the outfalls go
// over once per data version as columns (src/spatial/filter/columns.ts), each filter
// is answered with a mask, only the latest waiting request is sent, and without a
// worker, or when it fails, the main thread answers the same.
// The worker here is a stand-in (tests/unit/helpers/fake_worker.ts) doing what
// filter.worker.ts does (unpack, index, evaluate, summarise).
import { describe, expect, it, vi } from 'vitest';
import { fakeWorkers } from './helpers/fake_worker';
import type { Behaviour } from './helpers/fake_worker';
import type { FeatureCollection } from 'geojson';
import { createFilterService } from '../../src/app/filter_client';
import type { FilterData } from '../../src/app/filter_client';
import type { FilterReply, FilterTask } from '../../src/app/filter.worker';
import type { CountyFeature, OutfallProperties, ParkFeature, RemediationMeasure, ReservoirFeature, RiverFeature } from '../../src/data/types';
import { packOutfalls, unpackOutfalls } from '../../src/spatial/filter/columns';
import type { OutfallFilter } from '../../src/spatial/filter/description';
import { createFilterIndex, evaluateFilter } from '../../src/spatial/filter/evaluate';
import { summariseSelection } from '../../src/spatial/filter/summary';
import type { FilterIndex } from '../../src/spatial/filter/evaluate';
import { readDataContent } from '../helpers/data_files';

const features = <F>(file: string): F[] => (JSON.parse(readDataContent(file).toString('utf8')) as FeatureCollection).features as F[];
const outfalls = features<{ properties: OutfallProperties }>('outfalls.geojson.gz').map((f) => f.properties);
const data: FilterData = {
  outfalls,
  places: {
    counties: features<CountyFeature>('counties.geojson.gz'),
    parks: features<ParkFeature>('parks.geojson.gz'),
    reservoirs: features<ReservoirFeature>('reservoirs.geojson.gz'),
    rivers: features<RiverFeature>('rivers.geojson.gz'),
  },
};
const TODAY = '2025-09-16';
const index = createFilterIndex(outfalls, data.places);
const river = data.places.rivers[0].properties.id;
const park = data.places.parks[0].properties.id;

/** Filters that between them read every field that travels: lists, stages, overdue, survey dates, areas. */
const FILTERS: OutfallFilter[] = [
  { categories: ['工业排污口'], statuses: ['未启动', '整治中'] },
  { counties: [outfalls[7].countyCode], stages: ['查', '测', '溯'], townships: [outfalls[7].township] },
  { overdue: true, subtypes: [outfalls[3].subtype], measures: [outfalls[3].remediationMeasure as RemediationMeasure] },
  { surveyFrom: outfalls[11].surveyDate, surveyTo: outfalls[11].surveyDate.replace(/^(\d+)/, (y) => String(Number(y) + 1)), waters: [outfalls[11].river] },
  { areas: [{ kind: 'near-river', river, distanceM: 1500 }], categories: ['城镇污水处理厂排污口', '工业排污口'] },
  { areas: [{ kind: 'within', layer: 'parks', id: park, distanceM: 1000 }] },
];
const mask = (indexes: Uint32Array, n = outfalls.length) => {
  const m = new Uint8Array(n);
  for (const i of indexes) m[i] = 1;
  return m;
};
const expected = (filter: OutfallFilter) => mask(evaluateFilter(index, filter, { today: TODAY }).matches);

describe('the outfalls as columns', () => {
  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))('select what the objects select: %s', (_, filter) => {
    const { columns, transfer } = packOutfalls(outfalls);
    const received = structuredClone(columns, { transfer });
    const result = evaluateFilter(createFilterIndex(unpackOutfalls(received), data.places), filter, { today: TODAY });
    expect(result.matches.length, 'some outfalls selected').toBeGreaterThan(0);
    expect(mask(result.matches)).toEqual(expected(filter));
  });

  it('carry no field a filter does not read, and every one it does, value for value', () => {
    const [back] = unpackOutfalls(packOutfalls([outfalls[42]]).columns);
    expect(back).not.toHaveProperty('name');
    expect(back).not.toHaveProperty('responsibleUnit');
    for (const [key, value] of Object.entries(back)) expect(value, key).toEqual(outfalls[42][key as keyof OutfallProperties]);
    expect(back.monitored).toBe(outfalls[42].monitored);
  });
});

/** What src/app/filter.worker.ts does: an index per data message, a mask and summary per evaluation. */
const filterWorker = () => {
  let index: FilterIndex | null = null;
  return (task: FilterTask) => {
    if (task.kind === 'data') {
      index = createFilterIndex(unpackOutfalls(task.columns), task.places);
      return null;
    }
    const result = evaluateFilter(index!, task.filter, { today: task.today });
    const matches = mask(result.matches, index!.outfalls.length);
    const summary = summariseSelection(index!.outfalls, matches, task.today);
    const reply: FilterReply = { id: task.id, matches, count: result.matches.length, unknown: result.unknown, summary };
    return { reply, transfer: [matches.buffer] };
  };
};

function serviceWith(behaviour: Behaviour) {
  const { start, workers } = fakeWorkers<FilterTask, FilterReply>(behaviour, filterWorker);
  return { service: createFilterService(start), start, workers };
}
const dataMessages = (w: { received: FilterTask[] }) => w.received.filter((t) => t.kind === 'data').length;
const evaluations = (w: { received: FilterTask[] }) => w.received.filter((t) => t.kind === 'evaluate').length;

describe('the filter service', () => {
  it('evaluates in the worker, started once, sending the outfalls once for every filter', async () => {
    const { service, start, workers } = serviceWith('answer');
    for (const filter of FILTERS) {
      const answer = await service.evaluate(data, filter, TODAY);
      expect(answer?.computed).toBe('worker');
      expect(answer?.matches).toEqual(expected(filter));
      expect(answer?.count).toBe(expected(filter).reduce((s, v) => s + v, 0));
      // 统计 comes with it, as the panel would have made it from the full records.
      expect(answer?.summary).toEqual(summariseSelection(outfalls, expected(filter), TODAY));
    }
    expect(start).toHaveBeenCalledTimes(1);
    expect(dataMessages(workers[0])).toBe(1);
    // New data (another version of the layers) goes over again.
    const fewer = { ...data, outfalls: outfalls.slice(0, 100) };
    const answer = await service.evaluate(fewer, FILTERS[0], TODAY);
    expect(answer?.matches).toHaveLength(100);
    expect(dataMessages(workers[0])).toBe(2);
  });

  it('while one is evaluated, only the latest of those asked meanwhile is sent; the others hear null', async () => {
    const { service, workers } = serviceWith('answer');
    const distances = [100, 200, 300, 400, 500];
    const answers = await Promise.all(distances.map((d) => service.evaluate(data, { areas: [{ kind: 'near-river', river, distanceM: d }] }, TODAY)));
    expect(answers.map((a) => a === null)).toEqual([false, true, true, true, false]);
    expect(evaluations(workers[0])).toBe(2);
    expect(answers[4]?.matches).toEqual(expected({ areas: [{ kind: 'near-river', river, distanceM: 500 }] }));
    expect(answers[0]?.matches).toEqual(expected({ areas: [{ kind: 'near-river', river, distanceM: 100 }] }));
  });

  it('a worker that fails: the request it held is answered on the main thread, and so is every later one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { service, start } = serviceWith('crash');
    const answer = await service.evaluate(data, FILTERS[4], TODAY);
    expect(answer?.computed).toBe('main');
    expect(answer?.matches).toEqual(expected(FILTERS[4]));
    expect((await service.evaluate(data, FILTERS[1], TODAY))?.computed).toBe('main');
    expect(start).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('筛选改在主线程计算'));
    warn.mockRestore();
  });

  it('without a Worker (as in Node) the main thread answers', async () => {
    const answer = await createFilterService(null).evaluate(data, FILTERS[2], TODAY);
    expect(answer?.computed).toBe('main');
    expect(answer?.matches).toEqual(expected(FILTERS[2]));
    expect(answer?.summary).toEqual(summariseSelection(outfalls, expected(FILTERS[2]), TODAY));
  });
});
