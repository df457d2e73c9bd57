// Downloading a basemap for offline use (离线与存储 → 下载离线底图): a PMTiles archive whole,
// or the tiles of an online basemap over an area and zoom range; and reading a stored archive
// back as a pmtiles `Source`. The bytes go to the BasemapStore (IndexedDB); every failure is
// a DownloadError with a Chinese message the panel shows as it is.

import type { RangeResponse, Source } from 'pmtiles';
import type { BasemapInfoRecord } from './cache/database';
import type { BasemapStore } from './cache/basemap_store';
import { describeStorageError, isQuotaError } from './cache/storage_errors';

/** Parts of this size are written while the archive downloads (see BasemapPartRecord). */
const ARCHIVE_PART_BYTES = 4 * 1024 * 1024;

/** Tiles fetched at once: under the six connections a browser opens to one server. */
const TILE_CONCURRENCY = 4;

/** Tiles written to IndexedDB per transaction: one per tile measured several times slower. */
const TILE_WRITE_BATCH = 24;

/** A tile download stops when this share of the tiles tried failed (wrong server, no network): it is not going to work. */
const TILE_FAILURE_LIMIT = 0.5;

export class DownloadError extends Error {
  /** True when the user pressed 取消. */
  readonly cancelled: boolean;
  constructor(message: string, cancelled = false) {
    super(message);
    this.name = 'DownloadError';
    this.cancelled = cancelled;
  }
}

const isAbort = (error: unknown): boolean => (error as { name?: string })?.name === 'AbortError';

/** The Chinese reason a download failed. */
function failure(error: unknown, signal?: AbortSignal): DownloadError {
  if (error instanceof DownloadError) return error;
  if (signal?.aborted || isAbort(error)) return new DownloadError('已取消下载', true);
  if (isQuotaError(error)) return new DownloadError('本机存储空间不足，离线底图未能保存（可删除其他离线底图或清除缓存后再试）');
  if (error instanceof TypeError) return new DownloadError('无法下载：网络不可用或服务器无响应');
  return new DownloadError(`离线底图未能保存：${describeStorageError(error)}`);
}

/** An archive stored on the device, read through the pmtiles library as if it were the file on the server. */
export class StoredArchiveSource implements Source {
  /**
   * `key` is the archive's URL: the pmtiles protocol finds an archive by it, so the map's
   * source URL stays the same whether the bytes come from the server or from the device.
   */
  constructor(
    private readonly key: string,
    private readonly blob: Blob,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    signal?.throwIfAborted();
    // The header read asks for 16 KB even of a smaller file; slice() simply stops at the end.
    return { data: await this.blob.slice(offset, offset + length).arrayBuffer() };
  }
}

export interface ArchiveProgress {
  loaded: number;
  /** From Content-Length; null when the server does not say (a compressed answer). */
  total: number | null;
}

/** The size of the archive on the server (HEAD), or null when it cannot be had. */
export async function archiveSize(url: string, fetchImpl: typeof fetch = fetch): Promise<number | null> {
  try {
    const response = await fetchImpl(url, { method: 'HEAD', cache: 'no-cache' });
    const length = Number(response.headers.get('content-length'));
    return response.ok && length > 0 ? length : null;
  } catch {
    return null;
  }
}

/** The first bytes of every PMTiles archive: "PMTiles" and the spec version 3. */
const PMTILES_MAGIC = [0x50, 0x4d, 0x54, 0x69, 0x6c, 0x65, 0x73];

/**
 * Download the archive at `url` into the store as basemap `id`. The parts are written as they
 * arrive; only a whole download that starts like a PMTiles archive replaces what was stored.
 */
export async function downloadArchive(
  store: BasemapStore,
  id: string,
  url: string,
  options: { signal?: AbortSignal; onProgress?: (progress: ArchiveProgress) => void; fetchImpl?: typeof fetch; partBytes?: number } = {},
): Promise<BasemapInfoRecord> {
  const { signal, onProgress, fetchImpl = fetch, partBytes = ARCHIVE_PART_BYTES } = options;
  const writer = store.beginArchive(id);
  try {
    // no-cache: a new archive under the same name must not come from the HTTP cache.
    const response = await fetchImpl(url, { signal, cache: 'no-cache' });
    if (!response.ok || !response.body) throw new DownloadError(`无法下载离线底图（服务器返回 ${response.status}）`);
    const declared = Number(response.headers.get('content-length'));
    const total = declared > 0 && !response.headers.get('content-encoding') ? declared : null;
    const reader = response.body.getReader();
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let loaded = 0;
    let checked = false;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const blob = new Blob(pending as BlobPart[]);
      pending = [];
      pendingBytes = 0;
      await writer.putPart(blob);
    };
    onProgress?.({ loaded, total });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!checked && loaded + value.byteLength >= PMTILES_MAGIC.length) {
        const head = new Uint8Array([...pending.flatMap((p) => [...p.subarray(0, PMTILES_MAGIC.length)]), ...value.subarray(0, PMTILES_MAGIC.length)]);
        if (PMTILES_MAGIC.some((b, i) => head[i] !== b)) throw new DownloadError('下载的文件不是 PMTiles 格式（请检查 config.json 中该底图的 url）');
        checked = true;
      }
      pending.push(value);
      pendingBytes += value.byteLength;
      loaded += value.byteLength;
      onProgress?.({ loaded, total });
      if (pendingBytes >= partBytes) await flush();
    }
    await flush();
    if (loaded === 0 || !checked) throw new DownloadError('下载的文件是空的或不是 PMTiles 格式');
    if (total !== null && loaded !== total) throw new DownloadError('下载不完整（连接中断），请重试');
    return await writer.commit(url);
  } catch (error) {
    await writer.discard().catch(() => undefined);
    throw failure(error, signal);
  }
}

export interface TileProgress {
  done: number;
  total: number;
  bytes: number;
  failed: number;
}

/** A tile's URL from a {z}/{x}/{y} template; of several hosts (天地图's t0–t7) one by the tile, as MapLibre spreads them. */
export function tileUrl(templates: readonly string[], z: number, x: number, y: number): string {
  const template = templates[(x + y) % templates.length];
  return template.replace(/\{z\}/g, String(z)).replace(/\{x\}/g, String(x)).replace(/\{y\}/g, String(y));
}

/** A server's answer that is a tile and not an error page served as 200. */
const isTileType = (type: string | null): boolean => !type || type.startsWith('image/') || type.startsWith('application/octet-stream');

/**
 * Download the tiles at `addresses` of every source of a basemap (`sources[i]`: the templates of
 * its layer i) into the store, `concurrency` at a time. Tiles that fail are counted and skipped;
 * when most fail, it stops. Cancelled or stopped, what was fetched stays stored and counted.
 */
export async function downloadTiles(
  store: BasemapStore,
  id: string,
  sources: readonly (readonly string[])[],
  addresses: readonly { z: number; x: number; y: number }[],
  details: { zooms: [number, number]; bounds: [number, number, number, number] },
  options: { signal?: AbortSignal; onProgress?: (progress: TileProgress) => void; fetchImpl?: typeof fetch; concurrency?: number } = {},
): Promise<{ info: BasemapInfoRecord | null; failed: number }> {
  const { signal, onProgress, fetchImpl = fetch, concurrency = TILE_CONCURRENCY } = options;
  const jobs = sources.flatMap((templates, i) => addresses.map((a) => ({ key: `${i}/${a.z}/${a.x}/${a.y}`, url: tileUrl(templates, a.z, a.x, a.y) })));
  const progress: TileProgress = { done: 0, total: jobs.length, bytes: 0, failed: 0 };
  let batch: { key: string; blob: Blob }[] = [];
  let writing: Promise<void> = Promise.resolve();
  let stop: DownloadError | null = null;
  const write = () => {
    const tiles = batch;
    batch = [];
    writing = writing.then(() => store.putTiles(id, tiles));
    // A write that fails (a full disk) stops the download at the next tile.
    writing.catch((error: unknown) => (stop ??= failure(error)));
    return writing;
  };
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && !stop) {
      if (signal?.aborted) {
        stop = failure(null, signal);
        break;
      }
      const job = jobs[next++];
      try {
        const response = await fetchImpl(job.url, { signal, credentials: 'same-origin' });
        if (!response.ok || !isTileType(response.headers.get('content-type'))) throw new Error(String(response.status));
        const blob = await response.blob();
        batch.push({ key: job.key, blob });
        progress.bytes += blob.size;
        if (batch.length >= TILE_WRITE_BATCH) await write().catch(() => undefined);
      } catch (error) {
        if (signal?.aborted || isAbort(error)) {
          stop = failure(error, signal);
          break;
        }
        progress.failed++;
        const tried = progress.done + 1;
        if (tried >= 8 && progress.failed / tried > TILE_FAILURE_LIMIT) {
          stop = new DownloadError(`大部分瓦片无法下载（${progress.failed} / ${tried} 张失败）：底图服务器不可用或网络中断`);
        }
      }
      progress.done++;
      onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  await write().catch(() => undefined);
  const info = await store.finishTiles(id, { source: sources[0]?.[0] ?? '', ...details });
  if (stop) {
    const kept = info ? `；已保存的 ${info.tileCount} 张瓦片仍可离线使用` : '';
    throw new DownloadError(`${(stop as DownloadError).message}${kept}`, (stop as DownloadError).cancelled);
  }
  return { info, failed: progress.failed };
}
