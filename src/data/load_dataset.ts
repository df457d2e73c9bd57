// Loads the manifest, then every layer independently: one broken or missing
// layer is reported and the others still load.

import type { LayerId, Manifest, ManifestLayer } from './types';
import type { DataSource } from './data_source';
import { DataSourceError } from './data_source';
import { decodeHotspotGrid, GridFormatError } from './hotspot_grid_format';
import type { LoadedLayer } from './loaded_layer';
import { parseJsonText, validateLayer, validateManifest } from './validate_layer';

export type LayerResult =
  | { id: LayerId; ok: true; layer: LoadedLayer; problems: string[]; warnings: string[] }
  | { id: LayerId; ok: false; message: string };

/** Parse one layer file's bytes per its manifest entry; throws with a Chinese message. */
export function parseLayer(entry: ManifestLayer, bytes: ArrayBuffer): { layer: LoadedLayer; problems: string[]; warnings: string[] } {
  if (entry.format === 'pdsgrid') return { layer: { kind: 'grid', grid: decodeHotspotGrid(bytes) }, problems: [], warnings: [] };
  const json = parseJsonText(new TextDecoder().decode(bytes), `${entry.title}（${entry.file}）`);
  const { collection, problems, warnings } = validateLayer(entry.id, json);
  return { layer: { kind: 'geojson', collection }, problems, warnings };
}

/**
 * Fetch and validate the manifest, then fetch all layers in parallel, calling
 * onLayer as each one finishes (so the map can draw the first layers early).
 */
export async function loadDataset(source: DataSource, onLayer: (result: LayerResult) => void): Promise<Manifest> {
  const manifest = validateManifest(await source.fetchManifest());
  await Promise.all(
    manifest.layers.map(async (entry) => {
      try {
        const { layer, problems, warnings } = parseLayer(entry, await source.fetchFile(entry.file));
        onLayer({ id: entry.id, ok: true, layer, problems, warnings });
      } catch (error) {
        onLayer({ id: entry.id, ok: false, message: describeLayerError(entry, error) });
      }
    }),
  );
  return manifest;
}

/** The Chinese message for a layer that could not be loaded, naming the layer once. */
export function describeLayerError(entry: ManifestLayer, error: unknown): string {
  if (error instanceof DataSourceError || error instanceof GridFormatError) return `${entry.title}：${error.message}`;
  // Validation errors already name the layer.
  return error instanceof Error ? error.message : `${entry.title}：加载失败（${String(error)}）`;
}
