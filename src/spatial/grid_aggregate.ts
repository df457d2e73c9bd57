// The national hotspot programme ranks 3 km × 3 km cells; the data has ~1 km cells.
// Aggregating blocks of 3×3 cells lets the city's cells be compared with its lists.

import { GRID_NO_DATA } from '../data/hotspot_grid_format';
import type { HotspotGrid } from '../data/hotspot_grid_format';

const NO_DATA = GRID_NO_DATA; // a local copy: an imported binding in the inner loop is slower

/**
 * A coarser grid of `factor`×`factor` blocks. A block exists where any of its cells
 * does; its county is the most common county of its cells; a block-day has the
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
  // County of a block: the most common among its cells (ties: the lower county index).
  const votes = new Map<number, Map<number, number>>();
  for (let i = 0; i < header.cellCount; i++) {
    const byCounty = votes.get(cellBlock[i]) ?? new Map<number, number>();
    byCounty.set(grid.cellCounty[i], (byCounty.get(grid.cellCounty[i]) ?? 0) + 1);
    votes.set(cellBlock[i], byCounty);
  }
  const cellCounty = new Uint8Array(n);
  for (const [block, byCounty] of votes) {
    let best = -1;
    let bestVotes = -1;
    for (const [county, count] of byCounty) {
      if (count > bestVotes || (count === bestVotes && county < best)) {
        best = county;
        bestVotes = count;
      }
    }
    cellCounty[block] = best;
  }
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
    values,
    // The blocks have the days their cells have: a copy, as the source's flags change as chunks arrive.
    ...(grid.loaded ? { loaded: grid.loaded.slice() } : {}),
  };
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
