// Turning one layer file's bytes into a loaded layer, by its spec: the grid is
// decoded, GeoJSON is parsed and checked feature by feature.

import type { LayerId, ManifestLayer } from './types';
import { DataSourceError } from './data_source';
import { checkGridChunk, decodeHotspotGrid, GridFormatError } from './hotspot_grid_format';
import type { DataLayerSpec } from './layer_spec';
import { TransferError } from './transfer';
import type { LoadedLayer } from './loaded_layer';
import { parseJsonText, validateLayer } from './validate_layer';

export type LayerResult =
  | { id: LayerId; ok: true; layer: LoadedLayer; problems: string[]; warnings: string[] }
  | { id: LayerId; ok: false; message: string };

/** Parse one layer file's bytes per its manifest entry and spec; throws with a Chinese message. */
export function parseLayer(entry: ManifestLayer, bytes: ArrayBuffer, spec: DataLayerSpec): { layer: LoadedLayer; problems: string[]; warnings: string[] } {
  if (entry.format !== spec.format) throw new Error(`${entry.title}（${entry.file}）的格式应为 ${spec.format}，数据清单写的是 ${entry.format}`);
  if (entry.format === 'pdsgrid') {
    const grid = decodeHotspotGrid(bytes);
    // An index without its chunk list (or a whole grid with one) would show an empty or half-read grid.
    if (!!entry.chunks !== !!grid.header.chunked) {
      throw new GridFormatError(grid.header.chunked ? '网格文件只有索引，数据清单却没有列出数据块（chunks）' : '数据清单列出了数据块（chunks），网格文件却不是分块索引');
    }
    for (const chunk of entry.chunks ?? []) checkGridChunk(grid.header, chunk);
    return { layer: { kind: 'grid', grid }, problems: [], warnings: [] };
  }
  const json = parseJsonText(new TextDecoder().decode(bytes), `${entry.title}（${entry.file}）`);
  // The data set's title names the layer in messages (it may differ from the module's).
  const { collection, problems, warnings } = validateLayer({ ...spec, title: entry.title }, json);
  return { layer: { kind: 'geojson', collection }, problems, warnings };
}

/** The Chinese message for a layer that could not be loaded, naming the layer once. */
export function describeLayerError(entry: ManifestLayer, error: unknown): string {
  if (error instanceof DataSourceError || error instanceof GridFormatError || error instanceof TransferError) return `${entry.title}：${error.message}`;
  // Validation errors already name the layer.
  return error instanceof Error ? error.message : `${entry.title}：加载失败（${String(error)}）`;
}
