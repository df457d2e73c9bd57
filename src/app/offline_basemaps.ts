// 离线底图: what the 离线与存储 panel does with the configured basemaps — download a PMTiles
// archive or an online basemap's tiles over the map's area, cancel, delete — and the choice of
// basemap kept over reloads, so that an inspector who picked the downloaded basemap finds it
// again when the app starts with no network.

import { effect } from '@preact/signals';
import type { BasemapConfig } from '../data/app_config';
import type { BasemapStore } from '../data/cache/basemap_store';
import { requestPersistentStorage } from '../data/cache/storage_estimate';
import { DownloadError, archiveSize, downloadArchive, downloadTiles } from '../data/offline_basemap';
import { basemapSources } from '../map/basemaps';
import type { MapView } from '../map/map_view';
import { planTiles, tileAddresses } from '../spatial/tile_plan';
import { setBasemap, setBasemapDownload, setMapArea, setOfflineBasemaps } from '../state/actions';
import type { AppState, BasemapDownload } from '../state/app_state';
import type { BasemapOfflineActions } from '../ui/offline_panel/OfflineBasemaps';

/** localStorage key of the basemap last chosen (its id; absent: the built-in one). */
const CHOICE_KEY = 'pds:basemap';

/** Progress is shown at most this often: a fast download reports thousands of chunks. */
const PROGRESS_INTERVAL_MS = 150;

/** Which configured basemaps can be stored, and why the others cannot (Chinese), for the panel. */
export function offlineSupport(basemap: BasemapConfig): { ok: true } | { ok: false; reason: string } {
  // 天地图's terms forbid bulk downloading, and a key's daily quota would not last a city at street zoom.
  if (basemap.type === 'tianditu') return { ok: false, reason: '天地图的服务条款不允许批量下载瓦片，只能在线使用' };
  return { ok: true };
}

function readChoice(): string | null {
  try {
    return globalThis.localStorage?.getItem(CHOICE_KEY) ?? null;
  } catch {
    return null;
  }
}

function writeChoice(id: string | null): void {
  try {
    if (id) globalThis.localStorage?.setItem(CHOICE_KEY, id);
    else globalThis.localStorage?.removeItem(CHOICE_KEY);
  } catch {
    // Storage blocked (a private window): the choice simply is not kept.
  }
}

/**
 * Wire the offline basemaps: returns the panel's actions and `attach`, which hands over the
 * map view (its area is what an online basemap's download stores).
 */
export function connectOfflineBasemaps(state: AppState, store: BasemapStore): { actions: BasemapOfflineActions; attach: (view: MapView) => () => void } {
  let view: MapView | null = null;
  let controller: AbortController | null = null;
  const refresh = async () => setOfflineBasemaps(state, await store.list().catch(() => []));
  // Parts left by a download the page closed on are removed before anything is listed or written.
  const ready = store
    .sweep()
    .catch(() => undefined)
    .then(refresh);

  // The basemap chosen last time, once config.json says it still exists; then every change is kept.
  let restored = false;
  effect(() => {
    const config = state.config.value;
    const chosen = state.basemapId.value;
    if (!restored) {
      const remembered = readChoice();
      if (remembered && config.basemaps.some((b) => b.id === remembered)) {
        restored = true;
        if (chosen === null) setBasemap(state, remembered);
        return;
      }
      // config.json not read yet (the built-in default until it is): wait for it before forgetting the choice.
      if (config.basemaps.length === 0 && chosen === null) return;
      restored = true;
    }
    writeChoice(chosen);
  });

  let lastShown = 0;
  const report = (download: BasemapDownload, force = false) => {
    const now = Date.now();
    if (!force && now - lastShown < PROGRESS_INTERVAL_MS) return;
    lastShown = now;
    setBasemapDownload(state, download);
  };

  const download = async (basemap: BasemapConfig, zooms: [number, number] | undefined, signal: AbortSignal): Promise<void> => {
    if (basemap.type === 'pmtiles') {
      const url = new URL(basemap.url ?? '', location.href).href;
      const base: BasemapDownload = { basemapId: basemap.id, state: 'running', unit: 'bytes', done: 0, total: null, bytes: 0, failed: 0 };
      report(base, true);
      const info = await downloadArchive(store, basemap.id, url, {
        signal,
        onProgress: ({ loaded, total }) => report({ ...base, done: loaded, total, bytes: loaded }),
      });
      report({ ...base, state: 'done', done: info.bytes, total: info.bytes, bytes: info.bytes }, true);
      return;
    }
    const area = view?.area() ?? state.mapArea.peek();
    if (!area || !zooms) throw new DownloadError('地图尚未显示，无法确定下载范围');
    const sources = basemapSources(basemap).map((s) => s.tiles ?? []);
    const plan = planTiles(area.bounds, zooms[0], zooms[1], sources.length);
    if (plan.overBudget) throw new DownloadError(`所选范围需要 ${plan.count} 张瓦片，超过上限：请缩小地图范围或减少缩放级别`);
    const addresses = [...tileAddresses(area.bounds, zooms[0], zooms[1])];
    const base: BasemapDownload = { basemapId: basemap.id, state: 'running', unit: 'tiles', done: 0, total: plan.count, bytes: 0, failed: 0 };
    report(base, true);
    const { failed } = await downloadTiles(
      store,
      basemap.id,
      sources,
      addresses,
      { zooms, bounds: area.bounds },
      { signal, onProgress: (p) => report({ ...base, done: p.done, bytes: p.bytes, failed: p.failed }) },
    );
    const stored = (await store.list()).find((b) => b.id === basemap.id);
    report({ ...base, state: 'done', done: plan.count, bytes: stored?.bytes ?? 0, failed }, true);
  };

  const actions: BasemapOfflineActions = {
    support: offlineSupport,
    async size(id) {
      const basemap = state.config.peek().basemaps.find((b) => b.id === id);
      return basemap?.type === 'pmtiles' ? archiveSize(new URL(basemap.url ?? '', location.href).href) : null;
    },
    download(id, zooms) {
      const basemap = state.config.peek().basemaps.find((b) => b.id === id);
      if (!basemap || controller || !offlineSupport(basemap).ok) return;
      const current = new AbortController();
      controller = current;
      // Someone who stores a basemap for the field wants it kept: ask the browser (once granted, this is silent).
      void requestPersistentStorage();
      void ready
        .then(() => download(basemap, zooms, current.signal))
        .catch((error: unknown) => {
          const failure = error instanceof DownloadError ? error : new DownloadError(String(error));
          const previous = state.basemapDownload.peek();
          const progress =
            previous?.basemapId === id
              ? previous
              : { unit: basemap.type === 'pmtiles' ? ('bytes' as const) : ('tiles' as const), done: 0, total: null, bytes: 0, failed: 0 };
          report({ ...progress, basemapId: id, state: failure.cancelled ? 'cancelled' : 'failed', message: failure.message }, true);
        })
        .finally(() => {
          controller = null;
          void refresh();
        });
    },
    cancel() {
      controller?.abort();
    },
    remove(id) {
      void store
        .remove(id)
        .catch(() => undefined)
        .then(() => {
          if (state.basemapDownload.peek()?.basemapId === id) setBasemapDownload(state, null);
          return refresh();
        });
    },
  };

  const attach = (mapView: MapView) => {
    view = mapView;
    const update = () => setMapArea(state, mapView.area());
    const off = mapView.onMoveEnd(update);
    update();
    return () => {
      off();
      view = null;
    };
  };
  return { actions, attach };
}
