// Which tiles of a Web Mercator tile pyramid (XYZ, "slippy map") cover a box over a range of
// zoom levels, how many there are and roughly how many bytes they take: what 下载离线底图 of
// an online basemap says before it starts, and the list it then downloads.

/** At most this many tiles per download (all its layers together): a phone's storage and a tile server's goodwill both have limits. */
export const TILE_BUDGET = 5_000;

/**
 * Assumed mean size of one 256 px raster tile, for the estimate before a download. Measured
 * tiles of a city's street map are 5–30 KB (PNG) and imagery 15–40 KB (JPEG); 20 KB is the middle.
 */
export const ESTIMATED_TILE_BYTES = 20_000;

/** Web Mercator reaches this latitude; beyond it there are no tiles. */
const MAX_LAT = 85.0511287798;

export type Box = [west: number, south: number, east: number, north: number];

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The column of the tile holding longitude `lon` at zoom `z`. */
function tileX(lon: number, z: number): number {
  const n = 2 ** z;
  return clamp(Math.floor(((lon + 180) / 360) * n), 0, n - 1);
}

/** The row of the tile holding latitude `lat` at zoom `z` (row 0 in the north). */
function tileY(lat: number, z: number): number {
  const n = 2 ** z;
  const rad = (clamp(lat, -MAX_LAT, MAX_LAT) * Math.PI) / 180;
  return clamp(Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n), 0, n - 1);
}

/** The tiles covering `box` at each zoom from `minZoom` to `maxZoom`, as column and row ranges. */
export function tileRanges(box: Box, minZoom: number, maxZoom: number): TileRange[] {
  const [west, south, east, north] = box;
  const ranges: TileRange[] = [];
  for (let z = Math.max(0, Math.floor(minZoom)); z <= Math.floor(maxZoom); z++) {
    ranges.push({ z, minX: tileX(west, z), maxX: tileX(east, z), minY: tileY(north, z), maxY: tileY(south, z) });
  }
  return ranges;
}

const rangeCount = (r: TileRange): number => (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);

export interface TilePlan {
  /** Tiles to fetch, every layer counted (a basemap with a label layer fetches each address twice). */
  count: number;
  /** Tiles per zoom level (one layer), from minZoom up. */
  perZoom: { z: number; tiles: number }[];
  /** Rough size before anything is fetched: count × ESTIMATED_TILE_BYTES. */
  estimatedBytes: number;
  /** More than TILE_BUDGET: the download is refused until the area or the zoom range is smaller. */
  overBudget: boolean;
}

/** What a download of `box` from `minZoom` to `maxZoom` of a basemap of `layers` tile layers would take. */
export function planTiles(box: Box, minZoom: number, maxZoom: number, layers = 1): TilePlan {
  const perZoom = tileRanges(box, minZoom, maxZoom).map((r) => ({ z: r.z, tiles: rangeCount(r) }));
  const count = perZoom.reduce((sum, p) => sum + p.tiles, 0) * layers;
  return { count, perZoom, estimatedBytes: count * ESTIMATED_TILE_BYTES, overBudget: count > TILE_BUDGET };
}

/** Every tile address of the plan, lowest zoom first (the overview is there even if the download is cut short). */
export function* tileAddresses(box: Box, minZoom: number, maxZoom: number): Generator<TileAddress> {
  for (const r of tileRanges(box, minZoom, maxZoom)) {
    for (let y = r.minY; y <= r.maxY; y++) for (let x = r.minX; x <= r.maxX; x++) yield { z: r.z, x, y };
  }
}

/**
 * The highest zoom level, from `minZoom` up to `maxZoom`, whose download stays within the budget:
 * what the panel proposes for the view on screen.
 */
export function highestZoomWithinBudget(box: Box, minZoom: number, maxZoom: number, layers = 1): number {
  let best = minZoom;
  for (let z = minZoom; z <= maxZoom; z++) {
    if (planTiles(box, minZoom, z, layers).overBudget) break;
    best = z;
  }
  return best;
}
