// 下载离线底图 of an online basemap: the tiles of an area over a zoom range, how many, the
// estimate said before starting, and the budget that refuses a download too large.
import { describe, expect, it } from 'vitest';
import { ESTIMATED_TILE_BYTES, TILE_BUDGET, highestZoomWithinBudget, planTiles, tileAddresses, tileRanges } from '../../src/spatial/tile_plan';
import type { Box } from '../../src/spatial/tile_plan';

/** 平顶山's box (README: `pmtiles extract --bbox`). */
const CITY: Box = [112.24, 33.13, 113.69, 34.35];
/** About what a phone shows of the city centre at zoom 13. */
const CENTRE: Box = [113.27, 33.72, 113.33, 33.77];

describe('tile plan', () => {
  it('finds the tiles of a box as the XYZ scheme numbers them (row 0 in the north)', () => {
    // Zoom 0 is one tile; at zoom 1 the city (east, north) is in column 1, row 0.
    expect(tileRanges(CITY, 0, 1)).toEqual([
      { z: 0, minX: 0, maxX: 0, minY: 0, maxY: 0 },
      { z: 1, minX: 1, maxX: 1, minY: 0, maxY: 0 },
    ]);
    // 113.3 E, 33.745 N at zoom 12: x = (113.3 + 180) / 360 × 4096 = 3337.1, y = (1 − asinh(tan 33.745°) / π) / 2 × 4096 = 1639.7.
    const [z12] = tileRanges([113.3, 33.745, 113.3, 33.745], 12, 12);
    expect(z12).toEqual({ z: 12, minX: 3337, maxX: 3337, minY: 1639, maxY: 1639 });
  });

  it('counts each zoom level, every tile layer, and estimates the bytes before anything is fetched', () => {
    const one = planTiles(CENTRE, 12, 14);
    expect(one.perZoom.map((p) => p.z)).toEqual([12, 13, 14]);
    expect(one.count).toBe(one.perZoom.reduce((s, p) => s + p.tiles, 0));
    expect([...tileAddresses(CENTRE, 12, 14)]).toHaveLength(one.count);
    // Over a larger area each zoom level has about four times the tiles of the one before.
    const [z12, z13] = planTiles(CITY, 12, 13).perZoom;
    expect(z13.tiles / z12.tiles).toBeGreaterThan(3);
    expect(z13.tiles / z12.tiles).toBeLessThan(5);
    expect(one.estimatedBytes).toBe(one.count * ESTIMATED_TILE_BYTES);
    // A basemap with a label layer fetches every address twice.
    expect(planTiles(CENTRE, 12, 14, 2).count).toBe(one.count * 2);
    expect(one.overBudget).toBe(false);
  });

  it('refuses the whole city at street zoom: over the budget of 5,000 tiles', () => {
    expect(TILE_BUDGET).toBe(5_000);
    const city = planTiles(CITY, 8, 16);
    expect(city.count).toBeGreaterThan(TILE_BUDGET);
    expect(city.overBudget).toBe(true);
    // Exactly at the budget is allowed, one more is not.
    const within = planTiles(CITY, 8, highestZoomWithinBudget(CITY, 8, 16));
    expect(within.overBudget).toBe(false);
    expect(within.count).toBeLessThanOrEqual(TILE_BUDGET);
  });

  it('proposes the highest zoom that stays within the budget', () => {
    const z = highestZoomWithinBudget(CITY, 8, 16);
    expect(planTiles(CITY, 8, z).overBudget).toBe(false);
    expect(planTiles(CITY, 8, z + 1).overBudget).toBe(true);
    // A small area fits up to the highest zoom asked for.
    expect(highestZoomWithinBudget(CENTRE, 12, 15)).toBe(15);
  });

  it('keeps to the Web Mercator square beyond its edges', () => {
    const [r] = tileRanges([-200, -89, 200, 89], 2, 2);
    expect(r).toEqual({ z: 2, minX: 0, maxX: 3, minY: 0, maxY: 3 });
  });
});
