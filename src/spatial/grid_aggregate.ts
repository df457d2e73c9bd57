// The national hotspot programme ranks 3 km × 3 km cells; the data has ~1 km cells.
// Aggregating blocks of 3×3 cells lets the city's cells be compared with its lists.

import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { HotspotGrid } from '../data/hotspot_grid_format';

const NO_DATA = GRID_NO_DATA; // a local copy: an imported binding in the inner loop is slower

/** The blocks of a coarser grid: which block each cell falls in, and each block's cells, county and township. */
interface Blocks {
  header: HotspotGrid['header'];
  cellIds: Uint32Array;
  cellCounty: Uint8Array;
  cellTownship?: Uint16Array;
  /** Per cell of the source grid: the index of its block. */
  cellBlock: Uint32Array;
  /** Per block: how many cells of the source grid it holds. */
  members: Uint16Array;
}

function blocksOf(grid: HotspotGrid, factor: number): Blocks {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`网格合并倍数应为正整数，实为 ${factor}`);
  const { header } = grid;
  const cols = Math.ceil(header.cols / factor);
  const rows = Math.ceil(header.rows / factor);
  // The block of every cell, and the blocks that exist, ascending (the format requires ascending ids).
  const blockOfCell = new Uint32Array(header.cellCount);
  for (let i = 0; i < header.cellCount; i++) {
    const row = Math.floor(grid.cellIds[i] / header.cols);
    const col = grid.cellIds[i] % header.cols;
    blockOfCell[i] = Math.floor(row / factor) * cols + Math.floor(col / factor);
  }
  const blockIds = Uint32Array.from(new Set(blockOfCell)).sort();
  const indexOfBlock = new Map<number, number>();
  blockIds.forEach((id, k) => indexOfBlock.set(id, k));
  const n = blockIds.length;
  const cellBlock = new Uint32Array(header.cellCount);
  const members = new Uint16Array(n);
  for (let i = 0; i < header.cellCount; i++) {
    cellBlock[i] = indexOfBlock.get(blockOfCell[i])!;
    members[cellBlock[i]]++;
  }
  const cellCounty = mostCommonPerBlock(grid.cellCounty, cellBlock, () => true, new Uint8Array(n));
  // Only the cells in the block's county vote for its township: a block on a county line
  // must not be shown in one county and a township of the other.
  const inBlockCounty = (i: number) => grid.cellCounty[i] === cellCounty[cellBlock[i]];
  const cellTownship = grid.cellTownship && mostCommonPerBlock(grid.cellTownship, cellBlock, inBlockCounty, new Uint16Array(n));
  return {
    header: { ...header, cellSize: [header.cellSize[0] * factor, header.cellSize[1] * factor], cols, rows, cellCount: n },
    cellIds: blockIds,
    cellCounty,
    ...(cellTownship ? { cellTownship } : {}),
    cellBlock,
    members,
  };
}

/** Aggregate slice `s` (one pollutant-day) of the source grid into `out`, which holds the blocks' slices. */
function aggregateSlice(grid: HotspotGrid, blocks: Blocks, out: Uint16Array, s: number, sums: Float64Array, counts: Uint16Array): void {
  const { cellBlock, members } = blocks;
  const cells = grid.header.cellCount;
  const n = blocks.header.cellCount;
  const day = grid.values.subarray(s * cells, (s + 1) * cells);
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < day.length; i++) {
    if (day[i] === NO_DATA) continue;
    sums[cellBlock[i]] += day[i];
    counts[cellBlock[i]]++;
  }
  const target = out.subarray(s * n, (s + 1) * n);
  for (let b = 0; b < n; b++) target[b] = counts[b] * 2 >= members[b] && counts[b] > 0 ? Math.round(sums[b] / counts[b]) : NO_DATA;
}

/** The coarser grid of `blocks` with these values, and the source's days (a copy: the source's flags change as chunks arrive). */
function scaledGrid(grid: HotspotGrid, blocks: Blocks, values: Uint16Array): HotspotGrid {
  const { header, cellIds, cellCounty, cellTownship } = blocks;
  return { header, cellIds, cellCounty, ...(cellTownship ? { cellTownship } : {}), values, ...(grid.loaded ? { loaded: grid.loaded.slice() } : {}) };
}

/**
 * A coarser grid of `factor`×`factor` blocks. A block exists where any of its cells
 * does; its county is the most common county of its cells, its township the most
 * common township of its cells in that county (ties: the lower index); a block-day has the
 * rounded mean of its cells' values when at least half of its cells have one, and is
 * no data when most of the block is no data (cloud over most of it says nothing of the block).
 */
export function aggregateGrid(grid: HotspotGrid, factor: number): HotspotGrid {
  if (factor === 1) return grid;
  const blocks = blocksOf(grid, factor);
  const n = blocks.header.cellCount;
  const slices = grid.header.pollutants.length * grid.header.days;
  const values = new Uint16Array(slices * n);
  const sums = new Float64Array(n);
  const counts = new Uint16Array(n);
  for (let s = 0; s < slices; s++) aggregateSlice(grid, blocks, values, s, sums, counts);
  return scaledGrid(grid, blocks, values);
}

/**
 * Per block, into `out`: the most common of `labels` (a county or township index per cell)
 * among the block's cells that pass `counts` (ties: the lower index). A block none of whose
 * cells passes keeps 0.
 */
function mostCommonPerBlock<T extends Uint8Array | Uint16Array>(
  labels: ArrayLike<number>,
  cellBlock: Uint32Array,
  counts: (cell: number) => boolean,
  out: T,
): T {
  const votes = new Map<number, Map<number, number>>();
  for (let i = 0; i < labels.length; i++) {
    if (!counts(i)) continue;
    const byLabel = votes.get(cellBlock[i]) ?? new Map<number, number>();
    byLabel.set(labels[i], (byLabel.get(labels[i]) ?? 0) + 1);
    votes.set(cellBlock[i], byLabel);
  }
  for (const [block, byLabel] of votes) {
    let best = -1;
    let bestVotes = -1;
    for (const [label, count] of byLabel) {
      if (count > bestVotes || (count === bestVotes && label < best)) {
        best = label;
        bestVotes = count;
      }
    }
    out[block] = best;
  }
  return out;
}

/**
 * The aggregation of one lineage of a grid at one factor. A chunked grid grows in place
 * (its values array stays, new days arrive in it), so its blocks are made once and each
 * pollutant-day is aggregated once, when it has arrived: a grown grid costs the new
 * chunks' days, not the whole series again (a whole 100,000-cell series takes ~170 ms).
 */
interface Aggregation {
  blocks: Blocks;
  values: Uint16Array;
  /** Per pollutant-day: 1 once aggregated. */
  done: Uint8Array;
  sums: Float64Array;
  counts: Uint16Array;
}

/** By the source's values array: every version of a grid that grew in place shares it (a replaced chunk makes a new one, see DatasetSync). */
const aggregations = new WeakMap<Uint16Array, Map<number, Aggregation>>();
/** By grid object: the same object at the same factor is the same scaled object (memos downstream key on it). */
const scaled = new WeakMap<HotspotGrid, Map<number, HotspotGrid>>();

/** The grid at a scale (1: the data itself), made once per grid object and factor. */
export function gridAtScale(grid: HotspotGrid, factor: number): HotspotGrid {
  if (factor === 1) return grid;
  const made = scaled.get(grid) ?? new Map<number, HotspotGrid>();
  scaled.set(grid, made);
  const known = made.get(factor);
  if (known) return known;
  const byFactor = aggregations.get(grid.values) ?? new Map<number, Aggregation>();
  aggregations.set(grid.values, byFactor);
  let a = byFactor.get(factor);
  const slices = grid.header.pollutants.length * grid.header.days;
  if (!a) {
    const blocks = blocksOf(grid, factor);
    const n = blocks.header.cellCount;
    a = { blocks, values: new Uint16Array(slices * n).fill(NO_DATA), done: new Uint8Array(slices), sums: new Float64Array(n), counts: new Uint16Array(n) };
    byFactor.set(factor, a);
  }
  for (let s = 0; s < slices; s++) {
    if (a.done[s] || (grid.loaded && !grid.loaded[s])) continue;
    aggregateSlice(grid, a.blocks, a.values, s, a.sums, a.counts);
    a.done[s] = 1;
  }
  const result = scaledGrid(grid, a.blocks, a.values);
  made.set(factor, result);
  return result;
}
