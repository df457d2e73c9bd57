// data/manifest.json: the list of layers with their files, counts and hashes.
//
// Every file the app fetches travels gzip-compressed (`.gz`, level 9), so that the
// data set is small on the wire on any static server (src/data/transfer.ts decodes it).
// The plain files stay beside them for people and tools. The hotspot grid is split
// into an index and one chunk per pollutant and calendar month, so that the first
// view fetches about a tenth of it (src/data/dataset_sync.ts).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { LayerId, Manifest, ManifestLayer } from '../../src/data/types.ts';
import { encodeGridChunk, encodeHotspotGrid, gridDayDate } from '../../src/data/hotspot_grid_format.ts';
import type { GridChunk, HotspotGrid } from '../../src/data/hotspot_grid_format.ts';
import { BUILT_IN_LAYERS } from '../../src/layers/registry.ts';
import { DATA_DATE } from './calendar.ts';

/** The plain files, for people and tools (the app fetches the `.gz` copies listed in the manifest). */
export const LAYER_FILES: Record<LayerId, string> = {
  counties: 'counties.geojson',
  rivers: 'rivers.geojson',
  reservoirs: 'reservoirs.geojson',
  'source-protection': 'source-protection.geojson',
  outfalls: 'outfalls.geojson',
  parks: 'parks.geojson',
  enterprises: 'enterprises.geojson',
  stations: 'stations.geojson',
  // The whole grid in one file (pdsgrid with values), as tools and the tests read it.
  'hotspot-grid': 'hotspot-grid.bin',
  'fire-points': 'fire-points.geojson',
};

const GRID_INDEX_FILE = 'hotspot-grid-index.bin';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Level 9: the files are compressed once, here, and fetched many times. Node's gzip writes no timestamp, so the bytes are deterministic. */
const gzip = (bytes: Uint8Array): Uint8Array => new Uint8Array(gzipSync(bytes, { level: 9 }));

export type LayerContent = { bytes: Uint8Array; featureCount: number } | { grid: HotspotGrid };

/** One chunk per pollutant and calendar month of the series. */
function gridChunks(grid: HotspotGrid, files: Map<string, Uint8Array>): GridChunk[] {
  const { header } = grid;
  const chunks: GridChunk[] = [];
  for (const pollutant of header.pollutants) {
    let first = 0;
    while (first < header.days) {
      const month = gridDayDate(header, first).slice(0, 7);
      let days = 1;
      while (first + days < header.days && gridDayDate(header, first + days).startsWith(month)) days++;
      const content = encodeGridChunk(grid, pollutant, first, days);
      const file = `hotspot-grid-${pollutant}-${month}.bin.gz`;
      files.set(file, gzip(content));
      chunks.push({ key: `${pollutant}/${month}`, file, pollutant, first, days, bytes: content.length, hash: sha256(content) });
      first += days;
    }
  }
  return chunks;
}

/**
 * Every built-in layer, in the app's order, with its title and format from its module
 * (src/layers/); adds to `files` what the manifest lists (the `.gz` files) and the plain copies.
 */
export function buildManifest(layers: Map<LayerId, LayerContent>, files: Map<string, Uint8Array>): Manifest {
  const entries: ManifestLayer[] = BUILT_IN_LAYERS.map(({ id, title, format }) => {
    const content = layers.get(id);
    if (!content) throw new Error(`layer ${id} was not generated`);
    if ('grid' in content) {
      const { grid } = content;
      files.set(LAYER_FILES[id], encodeHotspotGrid(grid));
      const index = encodeHotspotGrid(grid, { index: true });
      files.set(`${GRID_INDEX_FILE}.gz`, gzip(index));
      const chunks = gridChunks(grid, files);
      return { id, title, file: `${GRID_INDEX_FILE}.gz`, format, featureCount: grid.header.cellCount, bytes: index.length, hash: sha256(index), chunks };
    }
    files.set(LAYER_FILES[id], content.bytes);
    files.set(`${LAYER_FILES[id]}.gz`, gzip(content.bytes));
    return { id, title, file: `${LAYER_FILES[id]}.gz`, format, featureCount: content.featureCount, bytes: content.bytes.length, hash: sha256(content.bytes) };
  });
  return { demo: true, dataDate: DATA_DATE, name: '平顶山生态环境一张图 演示数据集（确定性生成）', layers: entries };
}
