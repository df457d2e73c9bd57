// The user's imports (导入数据) shown in place of the data set's layers. An imported layer
// stays imported across reloads, offline and data-set updates: the data set's version of
// it is kept aside (not shown) so that 撤销导入 can bring it back at once. An import that
// made a layer of its own (none of the data set's) appears through a generic layer
// description, and 撤销导入 of its only import removes it.

import { batch } from '@preact/signals';
import type { ImportInfo, ImportStore } from '../data/cache/import_store';
import { encodeHotspotGrid } from '../data/hotspot_grid_format';
import type { HotspotGrid } from '../data/hotspot_grid_format';
import { parseLayer } from '../data/load_dataset';
import type { LayerResult } from '../data/load_dataset';
import type { LoadedLayer } from '../data/loaded_layer';
import type { LayerId, ManifestLayer } from '../data/types';
import { createGenericLayer } from '../layers/generic';
import { addNotice, registerLayer, selectFeature, setGridView, setImports, setLayerStatus, unregisterLayer } from '../state/actions';
import type { AppState } from '../state/app_state';
import { viewForLoadedGrid } from './grid_url';

type ReadyResult = Extract<LayerResult, { ok: true }>;

/**
 * Between the data sync and the state: a data-set layer that an import replaces is kept
 * aside, not shown. Nothing of the data set is shown before the stored imports are known,
 * so an imported layer never flashes its demo version on a reload.
 */
export interface ImportGate {
  /** Runs `show` now if the stored imports are known, else once they are. */
  whenKnown(show: () => void): void;
  /** Whether the layer shows an import rather than the data set's version. */
  overrides(id: LayerId): boolean;
  /** Keep the data set's version of a layer (shown again by 撤销导入). */
  keepBase(result: ReadyResult): void;
}

/** No imports (tests of the data sync alone): every layer of the data set is shown as it comes. */
export const NO_IMPORTS: ImportGate = { whenKnown: (show) => show(), overrides: () => false, keepBase: () => undefined };

export interface ImportRequest {
  /** A layer of the data set, or, with `newLayer`, the id of a layer the import creates. */
  layerId: LayerId;
  title: string;
  newLayer: boolean;
  fileName: string;
  mode: 'replace' | 'merge';
  counts: ImportInfo['counts'];
  /** The layer after the import: as objects, or already as the bytes to store (made in the import worker). */
  layer:
    | { kind: 'geojson'; collection: GeoJSON.FeatureCollection }
    | { kind: 'grid'; grid: HotspotGrid }
    | { kind: 'bytes'; format: 'geojson' | 'pdsgrid'; bytes: ArrayBuffer };
}

export interface ImportActions {
  /** Store an import and show it; throws (with a Chinese message) if it cannot be stored: then nothing changed. */
  apply(request: ImportRequest): Promise<void>;
  /** 撤销导入: the layer goes back to its previous import, or to the data set's version, or (a layer of its own) away. */
  undo(layerId: LayerId): Promise<void>;
}

export function connectImports(state: AppState, store: ImportStore): { gate: ImportGate; actions: ImportActions } {
  let known = false;
  const waiting: (() => void)[] = [];
  const overridden = new Set<LayerId>();
  const base = new Map<LayerId, ReadyResult>();

  const gate: ImportGate = {
    whenKnown(show) {
      if (known) show();
      else waiting.push(show);
    },
    overrides: (id) => overridden.has(id),
    keepBase(result) {
      base.set(result.id, result);
    },
  };

  /** Parse stored bytes as the layer's spec reads its data-set file, and show them. */
  const show = async (info: ImportInfo, bytes?: ArrayBuffer): Promise<void> => {
    const data = bytes ?? (await store.bytes(info.id));
    if (!data) throw new Error(`${info.title}：找不到导入的数据`);
    if (info.newLayer && !state.layers.peek().some((l) => l.id === info.layerId))
      registerLayer(state, createGenericLayer({ id: info.layerId, title: info.title }));
    const spec = state.layers.peek().find((l) => l.id === info.layerId);
    if (!spec) throw new Error(`${info.title}：没有这个图层`);
    const entry: ManifestLayer = {
      id: info.layerId,
      title: info.title,
      file: info.fileName,
      format: info.format,
      featureCount: info.counts.accepted,
      bytes: data.byteLength,
      hash: '',
    };
    const { layer, problems } = parseLayer(entry, data, spec);
    overridden.add(info.layerId);
    showLayer(info.layerId, layer, problems);
  };

  const showLayer = (id: LayerId, layer: LoadedLayer, problems: string[]) => {
    if (state.selection.peek()?.layerId === id) selectFeature(state, null);
    batch(() => {
      if (layer.kind === 'grid') setGridView(state, viewForLoadedGrid(state, layer.grid, false));
      setLayerStatus(state, id, { state: 'ready', layer, problems });
    });
  };

  // At start: the stored imports, then whatever the data sync held back meanwhile.
  void store
    .current()
    .then(async (imports) => {
      setImports(state, imports);
      for (const info of imports) overridden.add(info.layerId);
      for (const info of imports) {
        await show(info).catch((error: unknown) => {
          overridden.delete(info.layerId);
          addNotice(state, 'error', `导入的${info.title}数据无法读取，已显示原有数据：${error instanceof Error ? error.message : String(error)}`);
        });
      }
    })
    .catch((error: unknown) => addNotice(state, 'error', `无法读取导入的数据：${error instanceof Error ? error.message : String(error)}`))
    .finally(() => {
      known = true;
      for (const run of waiting.splice(0)) run();
    });

  const actions: ImportActions = {
    async apply(request) {
      const { layer, ...rest } = request;
      const bytes =
        layer.kind === 'bytes'
          ? layer.bytes
          : layer.kind === 'grid'
            ? (encodeHotspotGrid(layer.grid).slice().buffer as ArrayBuffer)
            : (new TextEncoder().encode(JSON.stringify(layer.collection)).buffer as ArrayBuffer);
      const format = layer.kind === 'bytes' ? layer.format : layer.kind === 'grid' ? 'pdsgrid' : 'geojson';
      const info = await store.add({ ...rest, importedAt: new Date().toISOString(), format, bytes });
      setImports(state, [...state.imports.peek().filter((i) => i.layerId !== info.layerId), info]);
      await show(info, bytes);
    },
    async undo(layerId) {
      const previous = await store.undo(layerId);
      setImports(state, [...state.imports.peek().filter((i) => i.layerId !== layerId), ...(previous ? [previous] : [])]);
      if (previous) return show(previous);
      overridden.delete(layerId);
      const kept = base.get(layerId);
      if (kept) showLayer(layerId, kept.layer, kept.problems);
      else if (!state.manifest.peek()?.layers.some((l) => l.id === layerId)) unregisterLayer(state, layerId);
    },
  };
  return { gate, actions };
}
