// Offline-first loading of the data set: show what the IndexedDB cache holds at
// once, then ask the data server for its manifest in the background and download
// only the layers whose content hash changed. Every failure becomes a Chinese
// message, and the app keeps running with whatever it has.
//
// Two rules keep a deployment's data from being lost:
// - The stored manifest describes exactly the bytes that are stored. A layer whose
//   download fails any check (network, hash, parse, storage) keeps its previous
//   bytes and its previous manifest entry, so it still opens offline.
// - A data set from another server, with an older data date or that is demo data
//   where the cache holds real data, is not applied until the user confirms.

import type { LayerCache, StoredManifest } from './cache/layer_cache';
import type { LayerInfoRecord, NotStoredLayer } from './cache/database';
import { describeStorageError, isQuotaError } from './cache/storage_errors';
import type { DataSource } from './data_source';
import { DataSourceError } from './data_source';
import { sha256Hex } from './hash';
import { describeLayerError, parseLayer } from './load_dataset';
import type { LayerResult } from './load_dataset';
import type { DataLayerSpec } from './layer_spec';
import { validateManifest } from './validate_layer';
import type { LayerId, Manifest, ManifestLayer } from './types';

export type LayerOrigin = 'cache' | 'network';

/** A data set on the server that differs from the one shown in a way the user must approve. */
export interface DatasetChange {
  /** Chinese sentence saying what would change. */
  text: string;
  current: { source: string | null; dataDate: string; demo: boolean };
  offered: { source: string; dataDate: string; demo: boolean };
}

export interface SyncEvents {
  /** A layer is ready (first time or updated in place) or failed. */
  onLayer(result: LayerResult, origin: LayerOrigin): void;
  onManifest(manifest: Manifest): void;
  onNotice(kind: 'error' | 'warning' | 'info', text: string): void;
  /** The cache's contents changed (or were read for the first time); notStored names the layers missing from it and why. */
  onCacheChanged(layers: LayerInfoRecord[], notStored: NotStoredLayer[]): void;
  /** The server offers another data set: nothing was applied; acceptServerData() applies it. */
  onConfirmNeeded(change: DatasetChange): void;
  /** Milestones for tests and benchmarks: every layer came from the cache / every layer is now cached. */
  onMilestone?(name: 'from-cache' | 'cache-saved'): void;
}

type NetworkOutcome = 'unavailable' | 'needs-confirmation' | 'unchanged' | 'changed' | 'failed';

const titles = (entries: { title: string }[]): string => entries.map((e) => e.title).join('、');
const describeSet = (s: { source: string | null; dataDate: string; demo: boolean }): string =>
  `${s.demo ? '演示数据' : '正式数据'}，数据日期 ${s.dataDate}${s.source ? `，来自 ${s.source}` : ''}`;

export class DatasetSync {
  /** The manifest whose layers are currently shown, and the server it came from. */
  private shown: Manifest | null = null;
  private shownSource: string | null = null;
  /** Hash of each layer as shown now, to tell an update from a first load. */
  private readonly shownHash = new Map<LayerId, string>();
  /** Why a layer of the current data set is not in the cache. */
  private readonly notStored = new Map<LayerId, NotStoredLayer>();
  private cacheWorks: boolean;
  private storageWarned = false;
  private quotaWarned = false;
  /** Why the last download or store of a layer failed, for the 离线与存储 panel. */
  private readonly failReason = new Map<LayerId, string>();
  private running: Promise<void> | null = null;

  constructor(
    private readonly network: DataSource,
    private readonly cache: LayerCache | null,
    private readonly events: SyncEvents,
    /** How to read and check each layer of the data set (src/layers/ describes them; the app supplies this). */
    private readonly specFor: (entry: ManifestLayer) => DataLayerSpec,
  ) {
    this.cacheWorks = cache !== null;
  }

  /** First load: from the cache if it has the data set, else from the network. */
  start(): Promise<void> {
    return this.exclusive(async () => {
      const cached = await this.readCachedManifest();
      if (!cached) {
        await this.loadFromNetwork(false, false);
        return;
      }
      this.shown = cached.manifest;
      this.shownSource = cached.source ?? this.network.source; // a record from before sources were kept: assume this server
      for (const layer of cached.notStored) this.notStored.set(layer.id, layer);
      this.events.onManifest(cached.manifest);
      await this.reportCache();
      const fromCache = await Promise.all(cached.manifest.layers.map((entry) => this.showCachedLayer(entry, cached.manifest.dataDate)));
      if (fromCache.length > 0 && fromCache.every(Boolean) && cached.notStored.length === 0) this.events.onMilestone?.('from-cache');
      await this.loadFromNetwork(false, false);
    });
  }

  /** Ask the server for newer data now (the 更新数据 button). */
  checkForUpdates(): Promise<void> {
    return this.exclusive(async () => {
      const outcome = await this.loadFromNetwork(true, false);
      if (outcome === 'unchanged' && this.shown) this.events.onNotice('info', `数据已是最新（数据日期 ${this.shown.dataDate}）`);
    });
  }

  /** The user confirmed the data set that onConfirmNeeded described: download and apply it. */
  acceptServerData(): Promise<void> {
    return this.exclusive(async () => {
      await this.loadFromNetwork(true, true);
    });
  }

  /** Remove the offline copy; what is on screen stays until the page closes. */
  clearCache(): Promise<void> {
    return this.exclusive(async () => {
      if (!this.cache) return;
      try {
        await this.cache.clear();
        this.notStored.clear();
        this.events.onNotice('info', '离线缓存已清除。当前显示的数据在关闭页面前仍可使用；联网时点“更新数据”或刷新页面即重新下载。');
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

  private async readCachedManifest(): Promise<StoredManifest | null> {
    if (!this.cache) return null;
    try {
      const stored = await this.cache.readManifest();
      if (!stored) await this.reportCache();
      return stored ? { ...stored, manifest: validateManifest(stored.manifest) } : null;
    } catch (error) {
      this.storageFailed(error);
      return null;
    }
  }

  /** Hand a layer to the app; a listener that throws must not stop the sync (the cache would not be saved). */
  private emitLayer(result: LayerResult, origin: LayerOrigin, title: string): void {
    try {
      this.events.onLayer(result, origin);
    } catch (error) {
      this.events.onNotice('error', `${title}：显示时出错（${error instanceof Error ? error.message : String(error)}）`);
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
    let parsed: ReturnType<typeof parseLayer>;
    try {
      if ((await sha256Hex(bytes)) !== entry.hash) throw new Error('校验值不符');
      parsed = parseLayer(entry, bytes, this.specFor(entry));
    } catch (error) {
      this.events.onNotice('warning', `${entry.title}的离线缓存已损坏（${error instanceof Error ? error.message : String(error)}），已丢弃，正在重新下载（数据日期 ${dataDate}）`);
      await this.cache.deleteLayer(entry.id).catch(() => undefined);
      await this.reportCache();
      return false;
    }
    this.shownHash.set(entry.id, entry.hash);
    this.emitLayer({ id: entry.id, ok: true, ...parsed }, 'cache', entry.title);
    return true;
  }

  /** What the cache holds now, by layer (empty if it cannot be read). */
  private async storedLayers(): Promise<Map<LayerId, LayerInfoRecord>> {
    if (!this.cache || !this.cacheWorks) return new Map();
    try {
      return new Map((await this.cache.listLayers()).map((l) => [l.id, l]));
    } catch (error) {
      this.storageFailed(error);
      return new Map();
    }
  }

  /**
   * Fetch the server's manifest; when it offers the data set being shown (or the
   * user accepted another), download every layer that is not shown or not stored
   * in the version the manifest lists.
   */
  private async loadFromNetwork(userAsked: boolean, accepted: boolean): Promise<NetworkOutcome> {
    let manifest: Manifest;
    try {
      manifest = validateManifest(await this.network.fetchManifest());
    } catch (error) {
      this.networkUnavailable(error, userAsked);
      return 'unavailable';
    }
    if (this.shown && !accepted) {
      const change = this.describeChange(manifest);
      if (change) {
        this.events.onConfirmNeeded(change);
        return 'needs-confirmation';
      }
    }
    const stored = await this.storedLayers();
    const before = new Map(this.shownHash);
    const isShown = (e: ManifestLayer) => before.get(e.id) === e.hash;
    const wanted = manifest.layers.filter((e) => !isShown(e) || (this.cacheWorks && stored.get(e.id)?.hash !== e.hash));
    this.shown = manifest;
    this.shownSource = this.network.source;
    this.events.onManifest(manifest);
    const results = await Promise.all(wanted.map((entry) => this.downloadLayer(entry, manifest.dataDate, isShown(entry))));
    const updated = wanted.filter((e, i) => results[i] === 'shown' && before.has(e.id));
    if (updated.length > 0) this.events.onNotice('info', `数据已更新（数据日期 ${manifest.dataDate}）：${titles(updated)}`);
    await this.saveManifest(manifest);
    if (results.includes('failed')) return 'failed';
    return results.includes('shown') ? 'changed' : 'unchanged';
  }

  /** Why the offered data set must not replace the shown one silently, or null if it may. */
  private describeChange(offered: Manifest): DatasetChange | null {
    const shown = this.shown!;
    const current = { source: this.shownSource, dataDate: shown.dataDate, demo: shown.demo };
    const next = { source: this.network.source, dataDate: offered.dataDate, demo: offered.demo };
    const reasons: string[] = [];
    if (current.source && current.source !== next.source) reasons.push('来自另一个数据服务器');
    if (next.dataDate < current.dataDate) reasons.push(`数据日期 ${next.dataDate} 早于本机的 ${current.dataDate}`);
    if (next.demo && !current.demo) reasons.push('服务器上的是演示数据，本机的是正式数据');
    if (reasons.length === 0) return null;
    const counts = offered.layers.flatMap((e) => {
      const before = shown.layers.find((l) => l.id === e.id);
      return before && before.featureCount !== e.featureCount ? [`${e.title} ${before.featureCount.toLocaleString('en-US')} → ${e.featureCount.toLocaleString('en-US')}`] : [];
    });
    return {
      text:
        `数据服务器提供的数据与本机的不同（${reasons.join('；')}），未自动替换。本机：${describeSet(current)}；服务器：${describeSet(next)}。` +
        (counts.length > 0 ? `替换后要素数量将变化：${counts.join('，')}。` : ''),
      current,
      offered: next,
    };
  }

  /**
   * Download, check, show and cache one layer. 'shown': new content is on screen;
   * 'stored': the content already shown is now in the cache too; 'failed': nothing
   * changed (the previous version, if any, stays on screen and in the cache).
   */
  private async downloadLayer(entry: ManifestLayer, dataDate: string, alreadyShown: boolean): Promise<'shown' | 'stored' | 'failed'> {
    const hadPrevious = this.shownHash.has(entry.id);
    const fail = (message: string): 'failed' => {
      if (hadPrevious) this.events.onNotice('warning', `${message}；继续显示此前的数据`);
      else this.emitLayer({ id: entry.id, ok: false, message }, 'network', entry.title);
      this.failReason.set(entry.id, message.replace(`${entry.title}：`, ''));
      return 'failed';
    };
    let bytes: ArrayBuffer;
    try {
      bytes = await this.network.fetchFile(entry.file);
    } catch (error) {
      return fail(describeLayerError(entry, error));
    }
    const hashMatches = (await sha256Hex(bytes)) === entry.hash;
    // A file that is not what the manifest says is never stored, and never replaces a version that was checked.
    if (!hashMatches && hadPrevious) return fail(`${entry.title}：下载的文件与数据清单的校验值不符，未采用`);
    if (alreadyShown) {
      await this.storeLayer(entry, bytes, dataDate);
      return 'stored';
    }
    let parsed: ReturnType<typeof parseLayer>;
    try {
      parsed = parseLayer(entry, bytes, this.specFor(entry));
    } catch (error) {
      return fail(describeLayerError(entry, error));
    }
    this.shownHash.set(entry.id, entry.hash);
    this.emitLayer({ id: entry.id, ok: true, ...parsed }, 'network', entry.title);
    if (!hashMatches) {
      // Nothing better to show, and it parsed and validated: shown, but not kept; the next start tries again.
      this.failReason.set(entry.id, '下载的文件与数据清单的校验值不符');
      this.events.onNotice('warning', `${entry.title}：下载的文件与数据清单的校验值不符，已显示但未存入离线缓存`);
      return 'shown';
    }
    await this.storeLayer(entry, bytes, dataDate);
    return 'shown';
  }

  private async storeLayer(entry: ManifestLayer, bytes: ArrayBuffer, dataDate: string): Promise<void> {
    if (!this.cache || !this.cacheWorks) return;
    try {
      await this.cache.writeLayer(entry, bytes, dataDate);
      this.failReason.delete(entry.id);
    } catch (error) {
      // A full disk fails this layer only: smaller layers may still fit, and those stored stay usable offline.
      if (isQuotaError(error)) this.failReason.set(entry.id, QUOTA_REASON);
      else this.storageFailed(error);
    }
  }

  /**
   * Store the manifest of exactly what the cache holds: for each layer of `manifest`,
   * the entry of the version stored (the new one, or the previous one when the new
   * one could not be stored), and the layers with no stored version and why.
   */
  private async saveManifest(manifest: Manifest): Promise<void> {
    if (!this.cache || !this.cacheWorks) return;
    const stored = await this.storedLayers();
    const layers = manifest.layers.flatMap((e) => {
      const record = stored.get(e.id);
      return record ? [record.hash === e.hash ? e : record.entry] : [];
    });
    const notStored = manifest.layers
      .filter((e) => stored.get(e.id)?.hash !== e.hash)
      .map((e) => ({ id: e.id, title: e.title, reason: this.failReason.get(e.id) ?? '未能下载' }));
    const full = notStored.filter((l) => l.reason === QUOTA_REASON);
    if (full.length > 0 && !this.quotaWarned) {
      this.quotaWarned = true;
      this.events.onNotice('warning', `本机存储空间不足：${titles(full)}未能存入离线缓存，断网时不可用；其余图层已存入。请清理手机存储空间后点“更新数据”。`);
    }
    this.notStored.clear();
    for (const l of notStored) if (!stored.has(l.id)) this.notStored.set(l.id, l);
    try {
      await this.cache.writeManifest({ ...manifest, layers }, this.network.source, [...this.notStored.values()]);
      if (notStored.length === 0) this.events.onMilestone?.('cache-saved');
    } catch (error) {
      this.storageFailed(error);
    }
    await this.reportCache();
  }

  private networkUnavailable(error: unknown, userAsked: boolean): void {
    const reason = error instanceof Error ? error.message : String(error);
    // validateManifest throws a plain Error: the server answered, with a manifest the app cannot use.
    const kind = error instanceof DataSourceError ? error.kind : 'invalid';
    const cached = this.shown;
    // config.json's own problem is already on screen (src/main.tsx): repeat it only when the user asks or nothing can be shown.
    if (kind === 'config' && cached && !userAsked) {
      this.failMissing(reason);
      return;
    }
    if (!cached) {
      const next = kind === 'config' ? '请修正 config.json 后刷新页面' : kind === 'network' ? '请联网后刷新页面' : '请联系数据管理员';
      const what = kind === 'invalid' ? `数据服务器提供的数据清单无效（${reason}）` : kind === 'config' ? reason : `无法下载数据：${reason}`;
      this.events.onNotice('error', `${what}。本机还没有离线数据，${next}。`);
      return;
    }
    const missing = this.failMissing(reason);
    const offline = `正在使用离线数据（数据日期 ${cached.dataDate}）`;
    if (kind === 'network') {
      if (userAsked || missing > 0) this.events.onNotice(userAsked ? 'warning' : 'info', `当前无法连接数据服务器，${offline}`);
    } else if (kind === 'server') {
      this.events.onNotice('warning', `数据服务器出错（${reason}），${offline}`);
    } else if (kind === 'invalid') {
      this.events.onNotice('warning', `数据服务器提供的数据清单无效（${reason}），未作任何更新，${offline}`);
    } else {
      this.events.onNotice('error', `${reason}。${offline}，不会更新。`);
    }
  }

  /** Report every layer of the data set that is neither shown nor obtainable now; returns how many. */
  private failMissing(reason: string): number {
    const known = new Map<LayerId, string>();
    for (const l of this.shown?.layers ?? []) known.set(l.id, l.title);
    for (const l of this.notStored.values()) known.set(l.id, l.title);
    let count = 0;
    for (const [id, title] of known) {
      if (this.shownHash.has(id)) continue;
      const why = this.notStored.get(id)?.reason;
      this.emitLayer({ id, ok: false, message: `${title}：本机没有离线数据${why ? `（此前${why}）` : ''}，且无法下载（${reason}）` }, 'network', title);
      count++;
    }
    return count;
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
    let layers: LayerInfoRecord[] = [];
    try {
      layers = await this.cache.listLayers();
    } catch {
      layers = [];
    }
    const stored = new Set(layers.map((l) => l.id));
    const missing = new Map<LayerId, NotStoredLayer>();
    for (const l of this.notStored.values()) if (!stored.has(l.id)) missing.set(l.id, l);
    for (const e of this.shown?.layers ?? []) {
      if (!stored.has(e.id)) missing.set(e.id, { id: e.id, title: e.title, reason: this.failReason.get(e.id) ?? missing.get(e.id)?.reason ?? '未能下载' });
    }
    this.events.onCacheChanged(layers, [...missing.values()]);
  }
}

const QUOTA_REASON = '本机存储空间不足';
