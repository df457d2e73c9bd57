// The national hotspot programme ranks 3 km × 3 km cells; the data has ~1 km cells.
// Aggregating blocks of 3×3 cells lets the city's cells be compared with its lists.

import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { HotspotGrid } from '../data/hotspot_grid_format';

const NO_DATA = GRID_NO_DATA; // a local copy: an imported binding in the inner loop is slower

/**
 * A coarser grid of `factor`×`factor` blocks. A block exists where any of its cells
 * does; its county is the most common county of its cells, its township the most
 * common township of its cells in that county (ties: the lower index); a block-day has the
 * rounded mean of its cells' values when at least half of its cells have one, and is
 * no data when most of the block is no data (cloud over most of it says nothing of the block).
 */
export function aggregateGrid(grid: HotspotGrid, factor: number): HotspotGrid {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`网格合并倍数应为正整数，实为 ${factor}`);
  if (factor === 1) return grid;
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
  const slices = header.pollutants.length * header.days;
  const values = new Uint16Array(slices * n);
  const sums = new Float64Array(n);
  const counts = new Uint16Array(n);
  for (let s = 0; s < slices; s++) {
    const day = grid.values.subarray(s * header.cellCount, (s + 1) * header.cellCount);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < day.length; i++) {
      if (day[i] === NO_DATA) continue;
      sums[cellBlock[i]] += day[i];
      counts[cellBlock[i]]++;
    }
    const out = values.subarray(s * n, (s + 1) * n);
    for (let b = 0; b < n; b++) out[b] = counts[b] * 2 >= members[b] && counts[b] > 0 ? Math.round(sums[b] / counts[b]) : NO_DATA;
  }
  return {
    header: { ...header, cellSize: [header.cellSize[0] * factor, header.cellSize[1] * factor], cols, rows, cellCount: n },
    cellIds: blockIds,
    cellCounty,
    ...(cellTownship ? { cellTownship } : {}),
    values,
    // The blocks have the days their cells have: a copy, as the source's flags change as chunks arrive.
    ...(grid.loaded ? { loaded: grid.loaded.slice() } : {}),
  };
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

const cache = new WeakMap<HotspotGrid, Map<number, HotspotGrid>>();

/** The grid at a scale (1: the data itself), made once per grid and factor. */
export function gridAtScale(grid: HotspotGrid, factor: number): HotspotGrid {
  const byFactor = cache.get(grid) ?? new Map<number, HotspotGrid>();
  cache.set(grid, byFactor);
  let scaled = byFactor.get(factor);
  if (!scaled) {
    scaled = aggregateGrid(grid, factor);
    byFactor.set(factor, scaled);
  }
  return scaled;
}
