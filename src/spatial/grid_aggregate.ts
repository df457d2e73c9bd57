// The national hotspot programme ranks 3 km × 3 km cells; the data has ~1 km cells.
// Aggregating blocks of 3×3 cells lets the city's cells be compared with its lists.

import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { HotspotGrid, Pollutant } from '../data/hotspot_grid_format';

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
  // The block of every cell, and the blocks that exist in ascending id (the format requires it):
  // typed arrays over the blocks' raster rather than a Set and a Map (100,000 cells: 25 → 5 ms).
  const blockOfCell = new Uint32Array(header.cellCount);
  const present = new Uint8Array(cols * rows);
  for (let i = 0; i < header.cellCount; i++) {
    const row = Math.floor(grid.cellIds[i] / header.cols);
    const col = grid.cellIds[i] % header.cols;
    blockOfCell[i] = Math.floor(row / factor) * cols + Math.floor(col / factor);
    present[blockOfCell[i]] = 1;
  }
  const indexOfBlock = new Int32Array(cols * rows);
  let n = 0;
  for (let id = 0; id < present.length; id++) if (present[id]) indexOfBlock[id] = n++;
  const blockIds = new Uint32Array(n);
  for (let id = 0; id < present.length; id++) if (present[id]) blockIds[indexOfBlock[id]] = id;
  const cellBlock = new Uint32Array(header.cellCount);
  const members = new Uint16Array(n);
  for (let i = 0; i < header.cellCount; i++) {
    cellBlock[i] = indexOfBlock[blockOfCell[i]];
    members[cellBlock[i]]++;
  }
  const byBlock = cellsByBlock(cellBlock, members);
  const cellCounty = mostCommonPerBlock(grid.cellCounty, byBlock, () => true, new Uint8Array(n));
  // Only the cells in the block's county vote for its township: a block on a county line
  // must not be shown in one county and a township of the other.
  const inBlockCounty = (i: number) => grid.cellCounty[i] === cellCounty[cellBlock[i]];
  const cellTownship = grid.cellTownship && mostCommonPerBlock(grid.cellTownship, byBlock, inBlockCounty, new Uint16Array(n));
  return {
    header: { ...header, cellSize: [header.cellSize[0] * factor, header.cellSize[1] * factor], cols, rows, cellCount: n },
    cellIds: blockIds,
    cellCounty,
    ...(cellTownship ? { cellTownship } : {}),
    cellBlock,
    members,
  };
}

/** The cells of each block, block after block: block b's are `cells[start[b]]` to `cells[start[b + 1] - 1]`. */
interface CellsByBlock {
  start: Uint32Array;
  cells: Uint32Array;
}

function cellsByBlock(cellBlock: Uint32Array, members: Uint16Array): CellsByBlock {
  const start = new Uint32Array(members.length + 1);
  for (let b = 0; b < members.length; b++) start[b + 1] = start[b] + members[b];
  const next = start.slice(0, members.length);
  const cells = new Uint32Array(cellBlock.length);
  for (let i = 0; i < cellBlock.length; i++) cells[next[cellBlock[i]]++] = i;
  return { start, cells };
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

/** The coarser grid of `blocks` with these values, and which of its pollutant-days hold them (if not all). */
function scaledGrid(blocks: Blocks, values: Uint16Array, loaded: Uint8Array | undefined): HotspotGrid {
  const { header, cellIds, cellCounty, cellTownship } = blocks;
  return { header, cellIds, cellCounty, ...(cellTownship ? { cellTownship } : {}), values, ...(loaded ? { loaded } : {}) };
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
  return scaledGrid(blocks, values, grid.loaded?.slice());
}

/**
 * Per block, into `out`: the most common of `labels` (a county or township index per cell)
 * among the block's cells that pass `counts` (ties: the lower index). A block none of whose
 * cells passes keeps 0. A block has at most factor² cells, so counting each candidate's
 * votes over them is cheaper than any map.
 */
function mostCommonPerBlock<T extends Uint8Array | Uint16Array>(
  labels: ArrayLike<number>,
  byBlock: CellsByBlock,
  counts: (cell: number) => boolean,
  out: T,
): T {
  const { start, cells } = byBlock;
  for (let b = 0; b < out.length; b++) {
    let best = -1;
    let bestVotes = 0;
    for (let j = start[b]; j < start[b + 1]; j++) {
      if (!counts(cells[j])) continue;
      const label = labels[cells[j]];
      let votes = 0;
      for (let k = start[b]; k < start[b + 1]; k++) if (labels[cells[k]] === label && counts(cells[k])) votes++;
      if (votes > bestVotes || (votes === bestVotes && label < best)) {
        best = label;
        bestVotes = votes;
      }
    }
    if (best >= 0) out[b] = best;
  }
  return out;
}

/**
 * The aggregation of one lineage of a grid at one factor. A chunked grid grows in place
 * (its values array stays, new days arrive in it), so its blocks are made once and each
 * pollutant-day is aggregated once, when it has arrived and a view asks for its pollutant:
 * a grown grid costs the new chunks' days, and a first switch to 3 km one pollutant's
 * series, not all four (100,000 cells × 60 days: ~25 ms rather than ~95).
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

/**
 * The grid at a scale (1: the data itself), made once per grid object and factor, with
 * `pollutant`'s days aggregated. Its `loaded` flags say which pollutant-days hold values:
 * another pollutant's days are filled in (and flagged) in place when a view asks for it,
 * so a reader must name the pollutant it reads.
 */
export function gridAtScale(grid: HotspotGrid, factor: number, pollutant: Pollutant): HotspotGrid {
  if (factor === 1) return grid;
  const { days, pollutants } = grid.header;
  const byFactor = aggregations.get(grid.values) ?? new Map<number, Aggregation>();
  aggregations.set(grid.values, byFactor);
  let a = byFactor.get(factor);
  if (!a) {
    const blocks = blocksOf(grid, factor);
    const n = blocks.header.cellCount;
    const slices = pollutants.length * days;
    a = { blocks, values: new Uint16Array(slices * n).fill(NO_DATA), done: new Uint8Array(slices), sums: new Float64Array(n), counts: new Uint16Array(n) };
    byFactor.set(factor, a);
  }
  const made = scaled.get(grid) ?? new Map<number, HotspotGrid>();
  scaled.set(grid, made);
  let result = made.get(factor);
  if (!result) {
    // What this version of the grid holds: the source's flags change as chunks arrive, so they are copied.
    const loaded = a.done.slice();
    if (grid.loaded) for (let s = 0; s < loaded.length; s++) loaded[s] &= grid.loaded[s];
    result = scaledGrid(a.blocks, a.values, loaded);
    made.set(factor, result);
  }
  const p = pollutants.indexOf(pollutant);
  for (let s = p * days; p >= 0 && s < (p + 1) * days; s++) {
    if (result.loaded![s] || (grid.loaded && !grid.loaded[s])) continue;
    if (!a.done[s]) aggregateSlice(grid, a.blocks, a.values, s, a.sums, a.counts);
    a.done[s] = 1;
    result.loaded![s] = 1;
  }
  return result;
}
