// Field inspections: saving (to IndexedDB, before the UI says 已保存), the sync
// queue to the configured API, and exports. Keeps state.inspections current.

import type { PdsDatabase } from '../data/cache/database';
import type { AppConfig } from '../data/app_config';
import type { InspectionDraft, InspectionRecord } from '../data/inspections/inspection';
import { createInspectionStore } from '../data/inspections/inspection_store';
import { createInspectionSync } from '../data/inspections/inspection_sync';
import { createCrossTabSignal } from '../data/inspections/cross_tab';
import type { OutfallProperties } from '../data/types';
import { untracked } from '@preact/signals';
import { OUTFALLS } from '../layers/outfalls';
import { addNotice, setInspections, setInspectionsPanelOpen, showOutfall } from '../state/actions';
import { readyFeatures } from '../state/selectors';
import type { AppState } from '../state/app_state';

export interface InspectionServices {
  /** Downscale the photos, then save; resolves only once IndexedDB has committed the record. */
  save(draft: InspectionDraft, photos: File[]): Promise<InspectionRecord>;
  retry(uuid: string): Promise<void>;
  syncNow(): Promise<void>;
  /** A zip of GeoJSON, CSV and photos of all or only the not yet synced inspections. */
  exportZip(which: 'all' | 'pending'): Promise<Blob>;
  /** Whether a sync endpoint is configured. */
  syncEnabled(): boolean;
  /** A record's photos as stored (downscaled JPEG), in the order taken. */
  photos(uuid: string): Promise<Blob[]>;
  /** 巡查记录 → 查看排污口: close the panel (it would cover the card), fly to the outfall and open its card. */
  openOutfall(code: string): void;
}

export function createInspectionServices(state: AppState, db: PdsDatabase, config: Promise<AppConfig>): InspectionServices {
  const store = createInspectionStore(db);
  const refresh = async () => {
    try {
      setInspections(state, await store.listAll());
    } catch (error) {
      addNotice(state, 'error', `无法读取本机的巡查记录：${error instanceof Error ? error.message : String(error)}`);
    }
  };
  void refresh();
  // One tab uploads at a time (the queue's lock); the others learn of the new states from it.
  const otherTabs = createCrossTabSignal(() => void refresh());
  let apiBase: string | null = null;
  const sync = config.then((c) => {
    apiBase = c.apiBase;
    const queue = createInspectionSync({
      store,
      apiBase: c.apiBase,
      onChange: () => {
        void refresh();
        otherTabs.notify();
      },
      onError: (message) => addNotice(state, 'error', message),
    });
    queue.start();
    return queue;
  });
  const outfallsByCode = () => {
    const list = (untracked(() => readyFeatures(state, OUTFALLS)) ?? []).map((f) => f.properties as OutfallProperties);
    return new Map(list.map((o) => [o.code, o]));
  };
  return {
    async save(draft, photos) {
      // Loaded with the first save (the service worker has it precached for offline use).
      const { downscalePhoto } = await import('../data/inspections/downscale_photo');
      const scaled = await Promise.all(photos.map((photo) => downscalePhoto(photo)));
      const record = await store.save(draft, scaled);
      otherTabs.notify();
      await refresh();
      // Send at once when we can; the queue retries later otherwise.
      void sync.then((queue) => queue.syncNow());
      return record;
    },
    async retry(uuid) {
      await (await sync).retry(uuid);
      await refresh();
    },
    async syncNow() {
      const result = await (await sync).syncNow();
      if (result.message) addNotice(state, result.failed > 0 ? 'warning' : 'info', result.message);
      await refresh();
    },
    async exportZip(which) {
      const [records, photos] = await Promise.all([store.listAll(), store.listPhotos()]);
      // Loaded on the first export: no one needs the CSV and zip writers to open the map.
      const { exportZip } = await import('../data/inspections/inspection_export');
      const bytes = await exportZip({ records, photos, outfallsByCode: outfallsByCode(), which });
      return new Blob([bytes as BlobPart], { type: 'application/zip' });
    },
    syncEnabled: () => apiBase !== null,
    // A stable function: the thumbnails load again only when their record changes.
    photos: async (uuid) => (await store.getPhotos(uuid)).map((p) => p.blob),
    openOutfall(code) {
      const features = untracked(() => readyFeatures(state, OUTFALLS)) ?? [];
      const index = features.findIndex((f) => (f.properties as OutfallProperties | null)?.code === code);
      if (index < 0) {
        // An outfall of an earlier data set or import: the record stays, the map has nowhere to go.
        addNotice(state, 'warning', `当前数据中没有排污口 ${code}`);
        return;
      }
      const o = features[index].properties as OutfallProperties;
      setInspectionsPanelOpen(state, false);
      showOutfall(state, index, o.lon, o.lat);
    },
  };
}
