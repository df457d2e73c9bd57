// The 3 km grid: blocks of 3×3 cells, checked against a plain reference on a small
// grid with partial blocks, cloud and mixed counties, and on the real grid.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GRID_NO_DATA, decodeHotspotGrid } from '../../src/data/hotspot_grid_format';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import { aggregateGrid, gridAtScale } from '../../src/spatial/grid_aggregate';

/** Plain reference: for each block, the cells in it, and per day the mean of their valid values if at least half are valid. */
function reference(grid: HotspotGrid, factor: number) {
  const { header } = grid;
  const cols = Math.ceil(header.cols / factor);
  const blocks = new Map<number, number[]>();
  for (let i = 0; i < header.cellCount; i++) {
    const id = grid.cellIds[i];
    const block = Math.floor(Math.floor(id / header.cols) / factor) * cols + Math.floor((id % header.cols) / factor);
    blocks.set(block, [...(blocks.get(block) ?? []), i]);
  }
  const ids = [...blocks.keys()].sort((a, b) => a - b);
  const values: number[][] = []; // [slice][block]
  for (let s = 0; s < header.pollutants.length * header.days; s++) {
    values.push(
      ids.map((id) => {
        const members = blocks.get(id)!;
        const valid = members.map((i) => grid.values[s * header.cellCount + i]).filter((v) => v !== GRID_NO_DATA);
        return valid.length > 0 && valid.length * 2 >= members.length ? Math.round(valid.reduce((a, b) => a + b, 0) / valid.length) : GRID_NO_DATA;
      }),
    );
  }
  return { ids, values, blocks };
}

/** A 5×4 grid (partial blocks on the east and north), 18 cells present, 2 days, one pollutant, two counties. */
function smallGrid(): HotspotGrid {
  const cellIds = Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].filter((id) => id !== 7 && id !== 19));
  const n = cellIds.length;
  const values = new Uint16Array(2 * n);
  for (let i = 0; i < n; i++) {
    values[i] = 10 + cellIds[i];
    // Day 1: cloud over most of the first block (ids 0, 1, 2, 5, 6, 10, 11, 12 → 5 of 8 cloudy).
    values[n + i] = [0, 1, 2, 5, 6].includes(cellIds[i]) ? GRID_NO_DATA : 50 + cellIds[i];
  }
  return {
    header: {
      version: 1,
      origin: [113, 33.5],
      cellSize: [0.01, 0.01],
      cols: 5,
      rows: 4,
      cellCount: n,
      startDate: '2025-09-01',
      days: 2,
      pollutants: ['pm25'],
      counties: [
        { code: '410402', name: '新华区' },
        { code: '410404', name: '石龙区' },
      ],
      units: 'µg/m³',
    },
    cellIds,
    cellCounty: Uint8Array.from(cellIds, (id) => (id % 5 >= 2 ? 1 : 0)),
    values,
  };
}

describe('the 3 km grid', () => {
  it('has one block per 3×3 cells that has any cell, three times the cell size', () => {
    const grid = smallGrid();
    const coarse = aggregateGrid(grid, 3);
    const ref = reference(grid, 3);
    expect([...coarse.cellIds]).toEqual(ref.ids);
    expect(coarse.header).toMatchObject({ cols: 2, rows: 2, cellCount: ref.ids.length, cellSize: [0.03, 0.03], days: 2, pollutants: ['pm25'] });
  });

  it('averages the valid cells of a block, and is no data where most of the block is cloud', () => {
    const grid = smallGrid();
    const coarse = aggregateGrid(grid, 3);
    const ref = reference(grid, 3);
    expect([...coarse.values.subarray(0, coarse.header.cellCount)]).toEqual(ref.values[0]);
    expect([...coarse.values.subarray(coarse.header.cellCount)]).toEqual(ref.values[1]);
    // The first block on day 1: 5 of its 8 cells cloudy → no data, not the mean of the other three.
    expect(coarse.values[coarse.header.cellCount]).toBe(GRID_NO_DATA);
  });

  it('gives a block the county most of its cells are in', () => {
    const coarse = aggregateGrid(smallGrid(), 3);
    // Block 0: columns 0–2, where columns 0 and 1 are 新华区 (0) and column 2 石龙区 (1).
    expect(coarse.header.counties[coarse.cellCounty[0]].name).toBe('新华区');
    // Block 1: columns 3–4, all 石龙区.
    expect(coarse.header.counties[coarse.cellCounty[1]].name).toBe('石龙区');
  });

  it("gives a block the township most of its cells in the block's county are in, ties to the lower index", () => {
    const grid = smallGrid();
    // 龙河街道, 高庄街道 and 人民路街道 are 石龙区's (columns 2–4), the others 新华区's (columns 0–1).
    const townships = ['龙河街道', '焦店镇', '滍阳镇', '西高皇街道', '高庄街道', '人民路街道'];
    // Township of each cell id (7 and 19 are missing). Block 0: the 新华区 cells tie 2–2–2 between
    // 焦店镇, 滍阳镇 and 西高皇街道, and its two 石龙区 cells (2, 12) are 龙河街道, the lowest index.
    // Block 1 (all 石龙区): 人民路街道 3, 高庄街道 2, 龙河街道 1.
    const byId = [1, 2, 0, 5, 4, 3, 1, -1, 5, 4, 2, 3, 0, 5, 0, 1, 1, 0, 4, -1];
    const fine: HotspotGrid = { ...grid, header: { ...grid.header, townships }, cellTownship: Uint16Array.from(grid.cellIds, (id) => byId[id]) };
    const coarse = aggregateGrid(fine, 3);
    const ref = reference(fine, 3);
    /** Reference: the township with most cells among `members`, then the lowest index. */
    const mostCommon = (members: number[]): number => {
      const votes = new Map<number, number>();
      for (const i of members) votes.set(fine.cellTownship![i], (votes.get(fine.cellTownship![i]) ?? 0) + 1);
      return [...votes].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0][0];
    };
    ref.ids.forEach((id, b) => {
      const inCounty = ref.blocks.get(id)!.filter((i) => fine.cellCounty[i] === coarse.cellCounty[b]);
      expect(coarse.cellTownship![b], `block ${id}`).toBe(mostCommon(inCounty));
    });
    expect(coarse.header.townships).toEqual(townships);
    // Block 0 is 新华区's: the tie goes to 焦店镇, not to 石龙区's 龙河街道, which a vote of all its cells would pick.
    expect(coarse.header.counties[coarse.cellCounty[0]].name).toBe('新华区');
    expect(townships[mostCommon(ref.blocks.get(ref.ids[0])!)]).toBe('龙河街道');
    expect(townships[coarse.cellTownship![0]]).toBe('焦店镇');
    // Block 1: the majority wins over a lower index.
    expect(townships[coarse.cellTownship![1]]).toBe('人民路街道');
    // Without townships (a file from before) the blocks have none either.
    expect(aggregateGrid(grid, 3).cellTownship).toBeUndefined();
  });

  it('on the real grid: every cell is in one block, the values match the reference, and it is made once', () => {
    const bytes = readFileSync('data/hotspot-grid.bin');
    const grid = decodeHotspotGrid(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const last = grid.header.pollutants.at(-1)!;
    const coarse = gridAtScale(grid, 3, last);
    const ref = reference(grid, 3);
    expect(coarse.header.cellCount).toBe(ref.ids.length);
    expect([...ref.blocks.values()].reduce((sum, m) => sum + m.length, 0)).toBe(grid.header.cellCount);
    const lastSlice = (grid.header.pollutants.length * grid.header.days - 1) * coarse.header.cellCount;
    expect([...coarse.values.subarray(lastSlice)]).toEqual(ref.values.at(-1));
    // Each block's township is that of one of its cells in the block's county.
    ref.ids.forEach((id, b) => {
      const inCounty = ref.blocks.get(id)!.filter((i) => grid.cellCounty[i] === coarse.cellCounty[b]);
      const townships = inCounty.map((i) => grid.cellTownship![i]);
      expect(townships, `block ${id}`).toContain(coarse.cellTownship![b]);
    });
    expect(gridAtScale(grid, 3, last)).toBe(coarse);
    expect(gridAtScale(grid, 1, last)).toBe(grid);
  });

  it('a grid that grows chunk by chunk: each new day is aggregated as it arrives, and equals the whole grid aggregated', () => {
    const bytes = readFileSync('data/hotspot-grid.bin');
    const whole = decodeHotspotGrid(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const expected = aggregateGrid(whole, 3);
    const n = whole.header.cellCount;
    const m = expected.header.cellCount;
    const slices = whole.header.pollutants.length * whole.header.days;
    // As a chunked grid arrives: no data and no day until a chunk fills its days in place.
    const growing: HotspotGrid = { ...whole, values: new Uint16Array(whole.values.length).fill(GRID_NO_DATA), loaded: new Uint8Array(slices) };
    const arrive = (from: number, to: number) => {
      growing.values.set(whole.values.subarray(from * n, to * n), from * n);
      growing.loaded!.fill(1, from, to);
    };
    const slice = (g: HotspotGrid, s: number) => [...g.values.subarray(s * m, (s + 1) * m)];
    // A view of every pollutant in turn asks for each: the same scaled object each time.
    const everyPollutant = (g: HotspotGrid) => whole.header.pollutants.map((p) => gridAtScale(g, 3, p)).at(-1)!;
    arrive(slices - 30, slices);
    const first = everyPollutant(growing);
    expect(slice(first, slices - 1)).toEqual(slice(expected, slices - 1));
    expect(slice(first, 0).every((v) => v === GRID_NO_DATA)).toBe(true);
    // The next version (a new object, the same arrays grown in place) has the new days too; the first keeps its own record of which days it had.
    arrive(0, 40);
    const grown = everyPollutant({ ...growing });
    expect(grown).not.toBe(first);
    for (const s of [0, 39, slices - 30, slices - 1]) expect(slice(grown, s), `slice ${s}`).toEqual(slice(expected, s));
    expect(slice(grown, 40).every((v) => v === GRID_NO_DATA)).toBe(true);
    expect(first.loaded![0]).toBe(0);
    expect(grown.loaded![0]).toBe(1);
    // A new values array (a chunk replaced by an update) is aggregated afresh, not read from the old one.
    const changed = { ...growing, values: growing.values.map((v) => (v === GRID_NO_DATA ? v : v + 10)) };
    expect(slice(everyPollutant(changed), slices - 1)).toEqual(slice(aggregateGrid(changed, 3), slices - 1));
    expect(slice(everyPollutant(changed), slices - 1)).not.toEqual(slice(expected, slices - 1));
  });

  it('aggregates only the pollutant a view asks for, and another one in place when it is asked for', () => {
    const bytes = readFileSync('data/hotspot-grid.bin');
    const grid = decodeHotspotGrid(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const expected = aggregateGrid(grid, 3);
    const { days, pollutants } = grid.header;
    const m = expected.header.cellCount;
    const days_ = (g: HotspotGrid, p: number) => [...g.values.subarray(p * days * m, (p + 1) * days * m)];
    const flags = (g: HotspotGrid, p: number) => [...g.loaded!.subarray(p * days, (p + 1) * days)];
    const pm10 = pollutants.indexOf('pm10');
    const o3 = pollutants.indexOf('o3');
    const coarse = gridAtScale(grid, 3, 'pm10');
    expect(days_(coarse, pm10)).toEqual(days_(expected, pm10));
    expect(flags(coarse, pm10).every((f) => f === 1)).toBe(true);
    // O₃ not yet: flagged as not there (readers treat it like days still downloading), no values.
    expect(flags(coarse, o3).every((f) => f === 0)).toBe(true);
    expect(days_(coarse, o3).every((v) => v === GRID_NO_DATA)).toBe(true);
    // Asked for, it is filled into the same object (memos of PM10 keyed on it stay right).
    expect(gridAtScale(grid, 3, 'o3')).toBe(coarse);
    expect(days_(coarse, o3)).toEqual(days_(expected, o3));
    expect(flags(coarse, o3).every((f) => f === 1)).toBe(true);
  });

  it('refuses a factor that is not a positive whole number', () => {
    expect(() => aggregateGrid(smallGrid(), 0)).toThrow('网格合并倍数应为正整数');
    expect(() => aggregateGrid(smallGrid(), 2.5)).toThrow(RangeError);
  });
});
