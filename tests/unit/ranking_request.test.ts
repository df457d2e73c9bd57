// 热点排名 in a worker gives the same tables as on the main thread: the grid the worker
// rebuilds from a request (only the needed days of one pollutant, transferred) ranks
// exactly like the whole grid, on the committed data: the first view, 变化 against
// 上一时段 and against a chosen base, the 3 km grid, a period none of whose days has
// arrived yet, a bad view. And what travels is those days, not the whole series.
import { describe, expect, it } from 'vitest';
import { applyGridChunk, decodeHotspotGrid } from '../../src/data/hotspot_grid_format';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import type { FirePointProperties } from '../../src/data/types';
import { firstGridView } from '../../src/layers/grid_view';
import type { GridView } from '../../src/layers/grid_view';
import { buildHotspotRanking } from '../../src/layers/hotspot_ranking';
import { packRankingRequest, unpackRankingRequest } from '../../src/layers/ranking_request';
import { gridAtScale } from '../../src/spatial/grid_aggregate';
import { readDataContent, readDemoGrid, readManifest } from '../helpers/data_files';

const grid = readDemoGrid();
const manifest = readManifest();
const fires = (
  JSON.parse(readDataContent(manifest.layers.find((l) => l.id === 'fire-points')!.file).toString('utf8')) as {
    features: { properties: FirePointProperties }[];
  }
).features.map((f) => f.properties);
const last = grid.header.days - 1;
const first: GridView = firstGridView(grid.header, null);

/** The request as the worker receives it: structured-cloned with its buffers transferred, then unpacked. */
function throughWorker(g: HotspotGrid, view: GridView, within: Uint8Array | null = null) {
  const { request, transfer } = packRankingRequest(g, view, fires, within);
  const received = structuredClone(request, { transfer });
  // Transferred, not copied: the main thread's copies are gone.
  expect(transfer.every((b) => b.byteLength === 0)).toBe(true);
  const unpacked = unpackRankingRequest(received);
  return buildHotspotRanking(unpacked.grid, unpacked.view, unpacked.fires, unpacked.within);
}

/** The committed grid with only some chunks arrived, as the app has it part-way through the download. */
function partlyLoaded(keys: string[]): HotspotGrid {
  const entry = manifest.layers.find((l) => l.format === 'pdsgrid')!;
  const bytes = readDataContent(entry.file);
  const g = decodeHotspotGrid(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  for (const chunk of entry.chunks!.filter((c) => keys.includes(c.key))) {
    const content = readDataContent(chunk.file);
    applyGridChunk(g, chunk, content.buffer.slice(content.byteOffset, content.byteOffset + content.byteLength) as ArrayBuffer);
  }
  return g;
}

describe('the ranking from a packed request', () => {
  const cases: [string, HotspotGrid, GridView][] = [
    ['the first view (热点, last 30 days)', grid, first],
    ['the whole series, PM10', grid, { ...first, pollutant: 'pm10', first: 0, last }],
    ['变化 against 上一时段', grid, { ...first, colouring: 'change' }],
    ['变化 against a chosen base overlapping the period', grid, { ...first, colouring: 'change', base: { first: last - 40, last: last - 10 } }],
    ['变化 against a chosen base before the period', grid, { ...first, pollutant: 'o3', colouring: 'change', base: { first: 0, last: 27 } }],
    ['the 3 km grid, 变化', gridAtScale(grid, 3, first.pollutant), { ...first, scale: 3, colouring: 'change' }],
  ];
  it.each(cases)('equals the main thread’s: %s', (_, g, view) => {
    const ranking = buildHotspotRanking(g, view, fires);
    expect(ranking.cells.length).toBeGreaterThan(0);
    expect(throughWorker(g, view)).toEqual(ranking);
  });

  it('equals the main thread’s on a grid part-way through its download, for a period with no day arrived', () => {
    const partial = partlyLoaded(['pm25/2025-09']);
    const january: GridView = { ...first, mode: 'month', first: 0, last: 30, colouring: 'change', base: { first: last - 9, last } };
    const ranking = buildHotspotRanking(partial, january, fires);
    // Nothing to rank in January, and so nothing to compare; the counties still listed.
    expect(ranking.cells).toEqual([]);
    expect(ranking.change?.cells).toEqual([]);
    expect(ranking.counties.every((c) => c.mean === null)).toBe(true);
    expect(throughWorker(partial, january)).toEqual(ranking);
    const { request } = packRankingRequest(partial, january, fires);
    expect(request.loaded).toEqual(partial.loaded);
  });

  it('limited to 筛选’s area: the worker ranks the same cells as the main thread, only those inside', () => {
    const within = Uint8Array.from({ length: grid.header.cellCount }, (_, c) => (c % 4 === 1 ? 1 : 0));
    const view: GridView = { ...first, colouring: 'change' };
    const ranking = buildHotspotRanking(grid, view, fires, within);
    expect(throughWorker(grid, view, within)).toEqual(ranking);
    expect(ranking.cells.length).toBeGreaterThan(0);
    expect(ranking.cells.every((c) => within[c.index] === 1)).toBe(true);
    expect(ranking.change!.cells.every((c) => within[c.index] === 1)).toBe(true);
    expect(ranking.caption).toContain('限于筛选范围');
    expect(ranking.cells).not.toEqual(buildHotspotRanking(grid, view, fires).cells);
  });

  it('throws the main thread’s error for a period outside the data', () => {
    const bad = { ...first, first: last - 2, last: last + 5 };
    expect(() => buildHotspotRanking(grid, bad, fires)).toThrow(RangeError);
    const message = (() => {
      try {
        buildHotspotRanking(grid, bad, fires);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(() => throughWorker(grid, bad)).toThrow(message);
  });
});

describe('what a request transfers', () => {
  const n = grid.header.cellCount;

  it('for a 30-day view: those 30 days of one pollutant and the cells, a few per cent of the values', () => {
    const { request, transfer } = packRankingRequest(grid, first, fires);
    const bytes = transfer.reduce((sum, b) => sum + b.byteLength, 0);
    expect(request.ranges).toHaveLength(1);
    expect(request.ranges[0].values.length).toBe(30 * n);
    expect(request.ranges[0].start).toBe((grid.header.pollutants.indexOf('pm25') * grid.header.days + last - 29) * n);
    // The values' own 30 days, the cell ids, counties and townships and the arrival flags: nothing else.
    const townships = grid.cellTownship ? n * 2 : 0;
    expect(townships).toBeGreaterThan(0);
    expect(bytes).toBe(30 * n * 2 + n * 4 + n + townships + grid.header.pollutants.length * grid.header.days);
    expect(bytes).toBeLessThan(grid.values.byteLength / 25);
    // Every transferred buffer holds only its own array (a view would take the whole file's buffer along).
    for (const array of [request.cellIds, request.cellCounty, request.cellTownship!, ...request.ranges.map((r) => r.values)]) {
      expect(array.buffer.byteLength).toBe(array.byteLength);
    }
  });

  it('in 变化, the period and its base; once where they overlap or touch', () => {
    const apart = packRankingRequest(grid, { ...first, colouring: 'change', base: { first: 0, last: 27 } }, fires).request;
    expect(apart.ranges.map((r) => r.values.length)).toEqual([28 * n, 30 * n]);
    // 上一时段 ends the day before the period begins: one range of 60 days.
    const previous = packRankingRequest(grid, { ...first, colouring: 'change' }, fires).request;
    expect(previous.ranges.map((r) => r.values.length)).toEqual([60 * n]);
    const overlapping = packRankingRequest(grid, { ...first, colouring: 'change', base: { first: last - 40, last: last - 10 } }, fires).request;
    expect(overlapping.ranges.map((r) => r.values.length)).toEqual([41 * n]);
    // Outside 变化 the base is not read, so not sent.
    expect(packRankingRequest(grid, { ...first, base: { first: 0, last: 9 } }, fires).request.ranges).toHaveLength(1);
  });

  it('leaves the grid as it was', () => {
    const before = grid.values.slice(0, 10);
    packRankingRequest(grid, first, fires);
    expect(grid.values.slice(0, 10)).toEqual(before);
    expect(grid.cellIds.length).toBe(n);
  });
});
