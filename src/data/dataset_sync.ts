// Offline-first loading of the data set: show what the IndexedDB cache holds at
// once, then ask the data server for its manifest in the background and download
// only the layers whose content hash changed. Every failure becomes a Chinese
// message, and the app keeps running with whatever it has.

import type { LayerCache } from './cache/layer_cache';
import type { LayerInfoRecord } from './cache/database';
import { describeStorageError, isQuotaError } from './cache/storage_errors';
import type { DataSource } from './data_source';
import { DataSourceError } from './data_source';
import { sha256Hex } from './hash';
import { describeLayerError, parseLayer } from './load_dataset';
import type { LayerResult } from './load_dataset';
import { validateManifest } from './validate_layer';
import type { LayerId, Manifest, ManifestLayer } from './types';

export type LayerOrigin = 'cache' | 'network';

export interface SyncEvents {
  /** A layer is ready (first time or updated in place) or failed. */
  onLayer(result: LayerResult, origin: LayerOrigin): void;
  onManifest(manifest: Manifest): void;
  onNotice(kind: 'error' | 'warning' | 'info', text: string): void;
  /** The cache's contents changed (or were read for the first time). */
  onCacheChanged(layers: LayerInfoRecord[]): void;
  /** Milestones for tests and benchmarks: every layer came from the cache / every layer is now cached. */
  onMilestone?(name: 'from-cache' | 'cache-saved'): void;
}

const titles = (entries: ManifestLayer[]): string => entries.map((e) => e.title).join('、');

export class DatasetSync {
  /** The manifest whose layers are currently shown. */
  private shown: Manifest | null = null;
  /** Hash of each layer as shown now, to tell an update from a first load. */
  private readonly shownHash = new Map<LayerId, string>();
  private cacheWorks: boolean;
  private storageWarned = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly network: DataSource,
    private readonly cache: LayerCache | null,
    private readonly events: SyncEvents,
  ) {
    this.cacheWorks = cache !== null;
  }

  /** First load: from the cache if it has the data set, else from the network. */
  start(): Promise<void> {
    return this.exclusive(async () => {
      const cached = await this.readCachedManifest();
      if (!cached) {
        await this.loadFromNetwork(null);
        return;
      }
      this.shown = cached;
      this.events.onManifest(cached);
      const fromCache = await Promise.all(cached.layers.map((entry) => this.showCachedLayer(entry, cached.dataDate)));
      if (fromCache.every(Boolean)) this.events.onMilestone?.('from-cache');
      await this.loadFromNetwork(cached);
    });
  }

  /** Ask the server for newer data now (the 更新数据 button). */
  checkForUpdates(): Promise<void> {
    return this.exclusive(async () => {
      const before = this.shown;
      const changed = await this.loadFromNetwork(before, true);
      if (changed === 0 && this.shown && before === this.shown && this.shown.layers.every((l) => this.shownHash.get(l.id) === l.hash)) {
        this.events.onNotice('info', `数据已是最新（数据日期 ${this.shown.dataDate}）`);
      }
    });
  }

  /** Remove the offline copy; what is on screen stays until the page closes. */
  clearCache(): Promise<void> {
    return this.exclusive(async () => {
      if (!this.cache) return;
      try {
        await this.cache.clear();
        this.events.onNotice('info', '离线缓存已清除。当前显示的数据在关闭页面前仍可使用；下次联网打开时将重新下载。');
      } catch (error) {
        this.events.onNotice('error', `清除离线缓存失败：${describeStorageError(error)}`);
      }
      await this.reportCache();
    });
  }

  /** One load or update at a time: a second click on 更新数据 waits for the first. */
  private async exclusive(task: () => Promise<void>): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = task();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  private async readCachedManifest(): Promise<Manifest | null> {
    if (!this.cache) return null;
    try {
      const manifest = await this.cache.readManifest();
      await this.reportCache();
      return manifest ? validateManifest(manifest) : null;
    } catch (error) {
      this.storageFailed(error);
      return null;
    }
  }

  /** Show one layer from the cache; a missing, altered or unreadable record is discarded (and fetched later). */
  private async showCachedLayer(entry: ManifestLayer, dataDate: string): Promise<boolean> {
    if (!this.cache || !this.cacheWorks) return false;
    let bytes: ArrayBuffer | null;
    try {
      bytes = await this.cache.readLayer(entry.id, entry.hash);
    } catch (error) {
      this.storageFailed(error);
      return false;
    }
    if (!bytes) return false;
    try {
      if ((await sha256Hex(bytes)) !== entry.hash) throw new Error('校验值不符');
      const { layer, problems, warnings } = parseLayer(entry, bytes);
      this.shownHash.set(entry.id, entry.hash);
      this.events.onLayer({ id: entry.id, ok: true, layer, problems, warnings }, 'cache');
      return true;
    } catch (error) {
      this.events.onNotice('warning', `${entry.title}的离线缓存已损坏（${error instanceof Error ? error.message : String(error)}），已丢弃，正在重新下载（数据日期 ${dataDate}）`);
      await this.cache.deleteLayer(entry.id).catch(() => undefined);
      await this.reportCache();
      return false;
    }
  }

  /**
   * Fetch the server's manifest and download every layer that is not shown yet or
   * whose hash changed. Returns how many layers were downloaded, null if the server could not be asked.
   */
  private async loadFromNetwork(cached: Manifest | null, userAsked = false): Promise<number | null> {
    let manifest: Manifest;
    try {
      manifest = validateManifest(await this.network.fetchManifest());
    } catch (error) {
      this.networkUnavailable(cached, error, userAsked);
      return null;
    }
    const wanted = manifest.layers.filter((entry) => this.shownHash.get(entry.id) !== entry.hash);
    if (wanted.length === 0) {
      await this.saveManifest(manifest, cached);
      return 0;
    }
    const updates = wanted.filter((entry) => this.shownHash.has(entry.id));
    this.shown = manifest;
    this.events.onManifest(manifest);
    const downloaded = await Promise.all(wanted.map((entry) => this.downloadLayer(entry, manifest.dataDate)));
    const updatedOk = updates.filter((entry) => downloaded[wanted.indexOf(entry)]);
    if (updatedOk.length > 0) this.events.onNotice('info', `数据已更新（数据日期 ${manifest.dataDate}）：${titles(updatedOk)}`);
    // Layers that failed to download keep their previous cached version in the stored manifest.
    const failed = new Set(wanted.filter((_, i) => !downloaded[i]).map((e) => e.id));
    await this.saveManifest(manifest, cached, failed);
    return downloaded.filter(Boolean).length;
  }

  /** Download, check, show and cache one layer; false if it could not be shown. */
  private async downloadLayer(entry: ManifestLayer, dataDate: string): Promise<boolean> {
    let bytes: ArrayBuffer;
    let parsed: ReturnType<typeof parseLayer>;
    try {
      bytes = await this.network.fetchFile(entry.file);
      parsed = parseLayer(entry, bytes);
    } catch (error) {
      if (!this.shownHash.has(entry.id)) this.events.onLayer({ id: entry.id, ok: false, message: describeLayerError(entry, error) }, 'network');
      else this.events.onNotice('warning', `${describeLayerError(entry, error)}；继续显示此前的数据`);
      return false;
    }
    this.shownHash.set(entry.id, entry.hash);
    this.events.onLayer({ id: entry.id, ok: true, ...parsed }, 'network');
    if ((await sha256Hex(bytes)) !== entry.hash) {
      // Shown (it parsed and validated) but not kept: the next start will try again.
      this.events.onNotice('warning', `${entry.title}：下载的文件与数据清单的校验值不符，已显示但未存入离线缓存`);
      return true;
    }
    await this.storeLayer(entry, bytes, dataDate);
    return true;
  }

  private async storeLayer(entry: ManifestLayer, bytes: ArrayBuffer, dataDate: string): Promise<void> {
    if (!this.cache || !this.cacheWorks) return;
    try {
      await this.cache.writeLayer(entry, bytes, dataDate);
    } catch (error) {
      this.storageFailed(error);
    }
    await this.reportCache();
  }

  private async saveManifest(manifest: Manifest, previous: Manifest | null, failed = new Set<LayerId>()): Promise<void> {
    if (!this.cache || !this.cacheWorks) return;
    const layers = manifest.layers.flatMap((entry) => {
      if (!failed.has(entry.id)) return [entry];
      const old = previous?.layers.find((l) => l.id === entry.id);
      return old ? [old] : [];
    });
    try {
      await this.cache.writeManifest({ ...manifest, layers });
      const stored = new Set((await this.cache.listLayers()).map((l) => `${l.id}:${l.hash}`));
      if (manifest.layers.every((l) => stored.has(`${l.id}:${l.hash}`))) this.events.onMilestone?.('cache-saved');
    } catch (error) {
      this.storageFailed(error);
    }
  }

  private networkUnavailable(cached: Manifest | null, error: unknown, userAsked: boolean): void {
    const reason = error instanceof DataSourceError || error instanceof Error ? error.message : String(error);
    const missing = (cached?.layers ?? []).filter((entry) => !this.shownHash.has(entry.id));
    if (!cached) {
      this.events.onNotice('error', `无法下载数据：${reason}。本机还没有离线数据，请联网后刷新页面。`);
      return;
    }
    for (const entry of missing) {
      this.events.onLayer({ id: entry.id, ok: false, message: `${entry.title}：本地缓存不可用，且无法联网下载（${reason}）` }, 'network');
    }
    if (userAsked || missing.length > 0) this.events.onNotice(userAsked ? 'warning' : 'info', `当前无法连接数据服务器，正在使用离线数据（数据日期 ${cached.dataDate}）`);
  }

  /** The cache cannot be used: say so once, and run from the network from now on. */
  private storageFailed(error: unknown): void {
    if (!this.storageWarned) {
      const advice = isQuotaError(error) ? '请清理手机存储空间后刷新' : '断网后将无法打开';
      this.events.onNotice('warning', `${describeStorageError(error)}，数据未能存入离线缓存：本次直接从网络运行，${advice}。`);
    }
    this.storageWarned = true;
    this.cacheWorks = false;
  }

  private async reportCache(): Promise<void> {
    if (!this.cache) return;
    try {
      this.events.onCacheChanged(await this.cache.listLayers());
    } catch {
      this.events.onCacheChanged([]);
    }
  }
}
