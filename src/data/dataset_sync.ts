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
import { applyGridChunk } from './hotspot_grid_format';
import type { GridChunk, HotspotGrid } from './hotspot_grid_format';
import type { LoadedLayer } from './loaded_layer';
import { decodeTransfer } from './transfer';
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
  /** More of a layer already shown arrived (chunks of the hotspot grid): the same data set, more days; the view stays. */
  onLayerGrew?(id: LayerId, layer: LoadedLayer): void;
  onManifest(manifest: Manifest): void;
  onNotice(kind: 'error' | 'warning' | 'info', text: string): void;
  /** The cache's contents changed (or were read for the first time); notStored names the layers missing from it and why. */
  onCacheChanged(layers: LayerInfoRecord[], notStored: NotStoredLayer[]): void;
  /** The server offers another data set: nothing was applied; acceptServerData() applies it. */
  onConfirmNeeded(change: DatasetChange): void;
  /** Milestones for tests and benchmarks: every layer came from the cache / every layer is now cached. */
  onMilestone?(name: 'from-cache' | 'cache-saved'): void;
}

export interface SyncOptions {
  /** The layers the first view is for (the outfalls): read from the cache or downloaded before the others. */
  first?(entry: ManifestLayer): boolean;
  /**
   * Resolves once those first layers are on screen: on a return visit the other layers are read
   * from the cache after it, so that decoding and parsing them does not hold up that frame
   * (measured: the outfalls drawn ~0.13 s sooner from the cache, bench/README.md).
   */
  firstOnScreen?(): Promise<void>;
  /** The chunks of a chunked grid that its first view needs: fetched before the grid is shown, the rest after every other layer. */
  firstChunks?(entry: ManifestLayer, grid: HotspotGrid): string[];
}

/** How many chunks are fetched at once: enough to fill the line, few enough that the first ones finish first. */
const CHUNK_CONCURRENCY = 3;

/** What became of one layer's download. */
type LayerOutcome = 'shown' | 'stored' | 'failed';

type NetworkOutcome = 'unavailable' | 'needs-confirmation' | 'unchanged' | 'changed' | 'failed';

const titles = (entries: { title: string }[]): string => entries.map((e) => e.title).join('、');
const describeSet = (s: { source: string | null; dataDate: string; demo: boolean }): string =>
  `${s.demo ? '演示数据' : '正式数据'}，数据日期 ${s.dataDate}${s.source ? `，来自 ${s.source}` : ''}`;

/** Move the wanted chunks to the front of a queue, in place; the others keep their order (newest first). */
function sortWantedFirst(queue: GridChunk[], wanted: ReadonlySet<string>): void {
  // Array.prototype.sort is stable.
  queue.sort((a, b) => Number(wanted.has(b.key)) - Number(wanted.has(a.key)));
}

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
  /** Each chunked grid shown: the hash of its index and the chunks applied to it (key → hash). */
  private readonly grids = new Map<LayerId, { hash: string; grid: HotspotGrid; applied: Map<string, string> }>();
  /** Per grid: the chunks the view on screen needs (prioritise), fetched before the others and shown as soon as each lands. */
  private readonly wanted = new Map<LayerId, Set<string>>();
  /** Per grid: the chunks still waiting to be loaded, live, so that prioritise can move the wanted ones to the front. */
  private readonly pending = new Map<LayerId, GridChunk[]>();

  constructor(
    /**
     * The data server; a promise while config.json (which may name another server) is
     * still on its way: the cached data set is shown meanwhile, so a return visit does
     * not wait a round trip for it.
     */
    network: DataSource | Promise<DataSource>,
    private readonly cache: LayerCache | null,
    private readonly events: SyncEvents,
    /** How to read and check each layer of the data set (src/layers/ describes them; the app supplies this). */
    private readonly specFor: (entry: ManifestLayer) => DataLayerSpec,
    private readonly options: SyncOptions = {},
  ) {
    this.cacheWorks = cache !== null;
    this.networkReady = Promise.resolve(network).then((n) => {
      this.network = n;
    });
  }

  /** Set once networkReady resolves; every use of it comes after `await this.networkReady`. */
  private network!: DataSource;
  private readonly networkReady: Promise<void>;

  /** First load: from the cache if it has the data set, else from the network. */
  start(): Promise<void> {
    return this.exclusive(async () => {
      // Asked now, not once the cache has been read: on a first visit opening IndexedDB takes
      // a few hundred ms, which the manifest's round trip overlaps (a return visit asks anyway).
      const early = this.networkReady.then(() => this.network.fetchManifest());
      early.catch(() => {}); // handled where it is awaited, in loadFromNetwork
      const cached = await this.readCachedManifest();
      if (!cached) {
        await this.loadFromNetwork(false, false, early);
        return;
      }
      this.shown = cached.manifest;
      this.shownSource = cached.source;
      for (const layer of cached.notStored) this.notStored.set(layer.id, layer);
      this.events.onManifest(cached.manifest);
      await this.reportCache();
      // The outfalls an inspector needs first, then the other plain layers, then the grids, whose chunks take longer to read and decode.
      const show = (entries: ManifestLayer[]) => Promise.all(entries.map((entry) => this.showCachedLayer(entry, cached.manifest.dataDate)));
      const fromCache: boolean[] = [];
      const [first, ...rest] = this.inOrder(cached.manifest.layers);
      fromCache.push(...(await show(first)));
      if (first.length > 0 && fromCache.every(Boolean)) await this.options.firstOnScreen?.();
      for (const part of rest) fromCache.push(...(await show(part)));
      // The rest of each grid's stored chunks, before the network is asked: offline, this is all there will be.
      for (const entry of cached.manifest.layers) if (entry.chunks) await this.growGrid(entry, false);
      if (fromCache.length > 0 && fromCache.every(Boolean) && cached.notStored.length === 0) this.events.onMilestone?.('from-cache');
      await this.networkReady;
      this.shownSource ??= this.network.source; // a record from before sources were kept: assume this server
      await this.loadFromNetwork(false, false, early);
    });
  }

  /** The layers in the order they are read or downloaded: the first view's (SyncOptions.first), the other plain layers, the grids. */
  private inOrder(entries: readonly ManifestLayer[]): ManifestLayer[][] {
    const first = (e: ManifestLayer) => !e.chunks && (this.options.first?.(e) ?? false);
    return [entries.filter(first), entries.filter((e) => !e.chunks && !first(e)), entries.filter((e) => e.chunks)];
  }

  /**
   * The view on screen needs these chunks of a grid (e.g. the analyst picked a month
   * that has not arrived yet): fetch them before the other chunks still waiting, and
   * show the grid again as soon as each of them is in, not after the whole series.
   */
  prioritise(id: LayerId, keys: readonly string[]): void {
    const wanted = new Set(keys);
    this.wanted.set(id, wanted);
    const queue = this.pending.get(id);
    if (queue) sortWantedFirst(queue, wanted);
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
      const content = await decodeTransfer(bytes);
      if ((await sha256Hex(content)) !== entry.hash) throw new Error('校验值不符');
      parsed = parseLayer(entry, content, this.specFor(entry));
    } catch (error) {
      this.events.onNotice('warning', `${entry.title}的离线缓存已损坏（${error instanceof Error ? error.message : String(error)}），已丢弃，正在重新下载（数据日期 ${dataDate}）`);
      await this.cache.deleteLayer(entry.id).catch(() => undefined);
      await this.reportCache();
      return false;
    }
    this.shownHash.set(entry.id, entry.hash);
    await this.firstChunks(entry, parsed.layer, false);
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
  private async loadFromNetwork(userAsked: boolean, accepted: boolean, asked?: Promise<unknown>): Promise<NetworkOutcome> {
    await this.networkReady;
    let manifest: Manifest;
    try {
      manifest = validateManifest(await (asked ?? this.network.fetchManifest()));
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
    // The outfalls an inspector needs, alone on the line; then every other plain layer; then the grids' indexes and first chunks, then their other chunks.
    const download = (entries: ManifestLayer[]) => Promise.all(entries.map((entry) => this.downloadLayer(entry, manifest.dataDate, isShown(entry))));
    const parts = this.inOrder(wanted);
    const ordered = parts.flat();
    const results: LayerOutcome[] = [];
    for (const part of parts) results.push(...(await download(part)));
    for (const entry of manifest.layers) if (entry.chunks && (await this.growGrid(entry, true)) === 'failed') results.push('failed');
    const updated = ordered.filter((e, i) => results[i] === 'shown' && before.has(e.id));
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
  private async downloadLayer(entry: ManifestLayer, dataDate: string, alreadyShown: boolean): Promise<LayerOutcome> {
    const hadPrevious = this.shownHash.has(entry.id);
    const fail = (message: string): 'failed' => {
      if (hadPrevious) this.events.onNotice('warning', `${message}；继续显示此前的数据`);
      else this.emitLayer({ id: entry.id, ok: false, message }, 'network', entry.title);
      this.failReason.set(entry.id, message.replace(`${entry.title}：`, ''));
      return 'failed';
    };
    let bytes: ArrayBuffer;
    let content: ArrayBuffer;
    try {
      bytes = await this.network.fetchFile(entry.file);
      content = await decodeTransfer(bytes);
    } catch (error) {
      return fail(describeLayerError(entry, error));
    }
    // The hash is of the content, so a .gz file checks the same whether the server or the app decoded it.
    const hashMatches = (await sha256Hex(content)) === entry.hash;
    // A file that is not what the manifest says is never stored, and never replaces a version that was checked.
    if (!hashMatches && hadPrevious) return fail(`${entry.title}：下载的文件与数据清单的校验值不符，未采用`);
    if (alreadyShown) {
      await this.storeLayer(entry, bytes, dataDate);
      return 'stored';
    }
    let parsed: ReturnType<typeof parseLayer>;
    try {
      parsed = parseLayer(entry, content, this.specFor(entry));
    } catch (error) {
      return fail(describeLayerError(entry, error));
    }
    this.shownHash.set(entry.id, entry.hash);
    await this.firstChunks(entry, parsed.layer, true);
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

  /** A chunked grid about to be shown: register it and fill in the chunks its first view needs (from the cache, or the network if allowed). */
  private async firstChunks(entry: ManifestLayer, layer: LoadedLayer, network: boolean): Promise<void> {
    if (!entry.chunks || layer.kind !== 'grid') return;
    const grids = { hash: entry.hash, grid: layer.grid, applied: new Map<string, string>() };
    this.grids.set(entry.id, grids);
    const first = new Set(this.options.firstChunks?.(entry, layer.grid) ?? []);
    await this.loadChunks(entry, entry.chunks.filter((c) => first.has(c.key)), network);
  }

  /**
   * The other chunks of a grid that is shown: from the cache, then (if allowed) the
   * network, newest first; the app gets the grown grid once they are in. 'failed' if
   * a chunk could not be had from either.
   */
  private async growGrid(entry: ManifestLayer, network: boolean): Promise<'grown' | 'unchanged' | 'failed'> {
    const shown = this.grids.get(entry.id);
    if (!shown || shown.hash !== entry.hash || !entry.chunks) return 'unchanged';
    const todo = entry.chunks.filter((c) => shown.applied.get(c.key) !== c.hash).sort((a, b) => b.first + b.days - (a.first + a.days));
    if (todo.length === 0) return 'unchanged';
    let unshown = 0;
    const show = () => {
      unshown = 0;
      // A new object: what was computed from the grid before (3 km blocks, rankings) is computed again with the new days.
      shown.grid = { ...shown.grid };
      try {
        this.events.onLayerGrew?.(entry.id, { kind: 'grid', grid: shown.grid });
      } catch (error) {
        this.events.onNotice('error', `${entry.title}：显示时出错（${error instanceof Error ? error.message : String(error)}）`);
      }
    };
    const { added, failed } = await this.loadChunks(entry, todo, network, (chunk) => {
      unshown++;
      // A chunk the view on screen waits for is shown at once; the others together at the end (each showing re-colours the whole grid).
      if (this.wanted.get(entry.id)?.has(chunk.key)) show();
    });
    if (unshown > 0) show();
    if (failed.length > 0 && network) {
      this.failReason.set(entry.id, `${failed.length} 个时段数据块未能下载`);
      this.events.onNotice('warning', `${entry.title}：${failed.length} 个时段数据块未能下载（${failed[0]}），这些日期显示为无数据；联网后点“更新数据”重试`);
      return 'failed';
    }
    return added > 0 ? 'grown' : 'unchanged';
  }

  /** Apply chunks to the shown grid, a few at a time: each from the cache if it holds that version, else from the network (and then stored). */
  private async loadChunks(
    entry: ManifestLayer,
    chunks: GridChunk[],
    network: boolean,
    onApplied: (chunk: GridChunk) => void = () => undefined,
  ): Promise<{ added: number; failed: string[] }> {
    const shown = this.grids.get(entry.id)!;
    const queue = [...chunks];
    const wanted = this.wanted.get(entry.id);
    if (wanted) sortWantedFirst(queue, wanted);
    this.pending.set(entry.id, queue);
    let added = 0;
    const failed: string[] = [];
    /** Days already shown are about to change (an update of a chunk): a new values array, so what was computed from the old one (3 km blocks) is computed again. */
    const apply = (chunk: GridChunk, content: ArrayBuffer) => {
      if (shown.applied.has(chunk.key)) shown.grid = { ...shown.grid, values: shown.grid.values.slice() };
      applyGridChunk(shown.grid, chunk, content);
    };
    const one = async (chunk: GridChunk): Promise<void> => {
      let content = await this.cachedChunk(entry.id, chunk);
      if (!content) {
        if (!network) return;
        try {
          const bytes = await this.network.fetchFile(chunk.file);
          content = await decodeTransfer(bytes);
          if ((await sha256Hex(content)) !== chunk.hash) throw new Error('与数据清单的校验值不符');
          apply(chunk, content);
          await this.storeChunk(entry, chunk, bytes);
        } catch (error) {
          failed.push(`${chunk.key}：${error instanceof Error ? error.message : String(error)}`);
          return;
        }
      } else {
        apply(chunk, content);
      }
      shown.applied.set(chunk.key, chunk.hash);
      added++;
      onApplied(chunk);
    };
    const worker = async () => {
      for (let chunk = queue.shift(); chunk; chunk = queue.shift()) await one(chunk);
    };
    await Promise.all(Array.from({ length: CHUNK_CONCURRENCY }, worker));
    if (this.pending.get(entry.id) === queue) this.pending.delete(entry.id);
    return { added, failed };
  }

  /** A chunk's checked content from the cache, or null (absent, unreadable or altered: it is fetched again). */
  private async cachedChunk(id: LayerId, chunk: GridChunk): Promise<ArrayBuffer | null> {
    if (!this.cache || !this.cacheWorks) return null;
    try {
      const bytes = await this.cache.readChunk(id, chunk.key, chunk.hash);
      if (!bytes) return null;
      const content = await decodeTransfer(bytes);
      return (await sha256Hex(content)) === chunk.hash ? content : null;
    } catch {
      return null;
    }
  }

  private async storeChunk(entry: ManifestLayer, chunk: GridChunk, bytes: ArrayBuffer): Promise<void> {
    if (!this.cache || !this.cacheWorks) return;
    try {
      await this.cache.writeChunk(entry.id, chunk.key, chunk.hash, bytes);
    } catch (error) {
      if (isQuotaError(error)) this.failReason.set(entry.id, QUOTA_REASON);
      else this.storageFailed(error);
    }
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
    // A full disk may leave no room even for the manifest record: give up one stored chunk (the oldest days) and try again.
    for (let attempt = 0; this.cache && this.cacheWorks; attempt++) {
      const { record, notStored, partial } = await this.describeStored(manifest);
      const full = notStored.filter((l) => l.reason.endsWith(QUOTA_REASON));
      if (full.length > 0 && !this.quotaWarned) {
        this.quotaWarned = true;
        const what = full.map((l) => (partial.has(l.id) ? `${l.title}的部分时段` : l.title)).join('、');
        this.events.onNotice('warning', `本机存储空间不足：${what}未能存入离线缓存，断网时不可用；其余图层已存入。请清理手机存储空间后点“更新数据”。`);
      }
      try {
        await this.cache.writeManifest(record, this.network.source, [...this.notStored.values()]);
        if (notStored.length === 0) this.events.onMilestone?.('cache-saved');
        break;
      } catch (error) {
        if (isQuotaError(error) && attempt < 3 && (await this.evictOneChunk(record))) continue;
        this.storageFailed(error);
        break;
      }
    }
    await this.reportCache();
  }

  /** The manifest of exactly what is stored, and what of `manifest` is not (also kept in this.notStored). */
  private async describeStored(manifest: Manifest): Promise<{ record: Manifest; notStored: NotStoredLayer[]; partial: Set<LayerId> }> {
    const stored = await this.storedLayers();
    const chunks = await this.storedChunks(manifest);
    const layers = manifest.layers.flatMap((e) => {
      const record = stored.get(e.id);
      if (!record) return [];
      const entry = record.hash === e.hash ? e : record.entry;
      // A grid's stored entry lists the chunks stored, so that it, too, describes exactly the stored bytes.
      return [entry.chunks ? { ...entry, chunks: entry.chunks.filter((c) => chunks.get(e.id)?.get(c.key) === c.hash) } : entry];
    });
    const missingChunks = (e: ManifestLayer) => (e.chunks ?? []).filter((c) => chunks.get(e.id)?.get(c.key) !== c.hash).length;
    const partial = new Set<LayerId>();
    const notStored = manifest.layers
      .filter((e) => stored.get(e.id)?.hash !== e.hash || missingChunks(e) > 0)
      .map((e) => {
        const reason = this.failReason.get(e.id) ?? '未能下载';
        if (stored.get(e.id)?.hash !== e.hash) return { id: e.id, title: e.title, reason };
        partial.add(e.id);
        return { id: e.id, title: e.title, reason: `${missingChunks(e)} / ${e.chunks!.length} 个时段数据块未存入：${reason}` };
      });
    this.notStored.clear();
    for (const l of notStored) if (!stored.has(l.id) || partial.has(l.id)) this.notStored.set(l.id, l);
    return { record: { ...manifest, layers }, notStored, partial };
  }

  /** Delete the stored chunk with the oldest days, to make room; false if there is none. */
  private async evictOneChunk(record: Manifest): Promise<boolean> {
    const candidates = record.layers.flatMap((e) => (e.chunks ?? []).map((c) => ({ id: e.id, chunk: c })));
    if (candidates.length === 0 || !this.cache) return false;
    const { id, chunk } = candidates.reduce((a, b) => (b.chunk.first < a.chunk.first ? b : a));
    try {
      await this.cache.deleteChunk(id, chunk.key);
      this.failReason.set(id, QUOTA_REASON);
      return true;
    } catch {
      return false;
    }
  }

  /** For each chunked layer of the manifest, the chunks the cache holds (key → hash). */
  private async storedChunks(manifest: Manifest): Promise<Map<LayerId, Map<string, string>>> {
    const out = new Map<LayerId, Map<string, string>>();
    if (!this.cache || !this.cacheWorks) return out;
    for (const e of manifest.layers) {
      if (!e.chunks) continue;
      try {
        out.set(e.id, await this.cache.listChunks(e.id));
      } catch (error) {
        this.storageFailed(error);
      }
    }
    return out;
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
    // A chunked grid may be stored in part: its index is there, some of its days are not.
    const chunked = new Set((this.shown?.layers ?? []).filter((e) => e.chunks).map((e) => e.id));
    for (const l of this.notStored.values()) if (!stored.has(l.id) || chunked.has(l.id)) missing.set(l.id, l);
    for (const e of this.shown?.layers ?? []) {
      if (!stored.has(e.id)) missing.set(e.id, { id: e.id, title: e.title, reason: this.failReason.get(e.id) ?? missing.get(e.id)?.reason ?? '未能下载' });
    }
    this.events.onCacheChanged(layers, [...missing.values()]);
  }
}

const QUOTA_REASON = '本机存储空间不足';
