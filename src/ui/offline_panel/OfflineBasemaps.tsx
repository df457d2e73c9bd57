// 离线底图 in the 离线与存储 panel: for each basemap config.json offers, what is stored of it
// and the button to store it — a PMTiles archive whole (its size said first), an online
// basemap's tiles over the map's current area and a chosen zoom range (how many tiles and
// roughly how many bytes said first, refused over the budget) — with a progress bar and 取消.

import { useEffect, useState } from 'preact/hooks';
import type { BasemapConfig } from '../../data/app_config';
import type { BasemapInfoRecord } from '../../data/cache/database';
import type { AppState, BasemapDownload, MapArea } from '../../state/app_state';
import { TILE_BUDGET, highestZoomWithinBudget, planTiles } from '../../spatial/tile_plan';
import { formatBytes, formatDateTime } from '../format';

export interface BasemapOfflineActions {
  /** Whether a basemap can be stored, or why not (Chinese). */
  support(basemap: BasemapConfig): { ok: true } | { ok: false; reason: string };
  /** The size of a PMTiles archive on the server, or null when unknown. */
  size(id: string): Promise<number | null>;
  /** Start storing a basemap: the archive, or the tiles of the map's area from zooms[0] to zooms[1]. */
  download(id: string, zooms?: [number, number]): void;
  /** Stop the download running (what it stored of an online basemap's tiles stays). */
  cancel(): void;
  /** Delete what is stored of a basemap. */
  remove(id: string): void;
}

/** The lowest zoom offered for a tile download: below it the whole province fits in a few tiles anyway. */
const MIN_OFFERED_ZOOM = 6;

const formatCount = (n: number): string => n.toLocaleString('zh-CN');

export function OfflineBasemaps({ state, actions }: { state: AppState; actions: BasemapOfflineActions }) {
  const basemaps = state.config.value.basemaps;
  const stored = new Map(state.offlineBasemaps.value.map((b) => [b.id, b]));
  const download = state.basemapDownload.value;
  const busy = download?.state === 'running';
  return (
    <section class="offline-basemaps" aria-labelledby="offline-basemaps-title">
      <h3 id="offline-basemaps-title" class="offline-basemaps__title">
        离线底图
      </h3>
      <p class="side-panel__note">内置的离线底图（行政区划、县城和乡镇名称）随地图数据保存，无需下载。</p>
      {basemaps.length === 0 ? (
        <p class="side-panel__note">本部署未配置其他底图（config.json 的 basemaps，见使用说明）。</p>
      ) : (
        basemaps.map((b) => (
          <BasemapItem
            key={b.id}
            basemap={b}
            stored={stored.get(b.id) ?? null}
            download={download?.basemapId === b.id ? download : null}
            busy={busy}
            area={state.mapArea.value}
            actions={actions}
          />
        ))
      )}
    </section>
  );
}

function storedText(info: BasemapInfoRecord): string {
  const when = formatDateTime(info.storedAt);
  if (info.kind === 'archive') return `已下载 ${formatBytes(info.bytes)}（${when}），断网时可用`;
  const zooms = info.zooms ? `，${info.zooms[0]}–${info.zooms[1]} 级` : '';
  return `已保存 ${formatCount(info.tileCount ?? 0)} 张瓦片 ${formatBytes(info.bytes)}${zooms}（${when}），断网时在该范围内可用`;
}

function BasemapItem({
  basemap,
  stored,
  download,
  busy,
  area,
  actions,
}: {
  basemap: BasemapConfig;
  stored: BasemapInfoRecord | null;
  download: BasemapDownload | null;
  busy: boolean;
  area: MapArea | null;
  actions: BasemapOfflineActions;
}) {
  const support = actions.support(basemap);
  const running = download?.state === 'running';
  const titleId = `offline-basemap-${basemap.id}`;
  return (
    <div class="offline-basemap" role="group" aria-labelledby={titleId}>
      <p class="offline-basemap__head">
        <strong id={titleId}>{basemap.title}</strong>
        <span class="offline-basemap__kind">{basemap.type === 'pmtiles' ? '矢量底图文件（PMTiles）' : '在线瓦片底图'}</span>
      </p>
      <p class={stored ? 'offline-basemap__stored' : 'offline-basemap__none'}>{stored ? storedText(stored) : support.ok ? '未下载' : support.reason}</p>
      {support.ok &&
        (basemap.type === 'pmtiles' ? (
          <ArchiveControls basemap={basemap} stored={stored} busy={busy} running={running} actions={actions} />
        ) : (
          <TileControls basemap={basemap} stored={stored} busy={busy} running={running} area={area} actions={actions} />
        ))}
      {download && <DownloadState download={download} onCancel={() => actions.cancel()} />}
    </div>
  );
}

/** The primary button and, once something is stored, 删除离线底图 beside it. */
function Actions({
  label,
  disabled,
  onDownload,
  stored,
  running,
  onRemove,
}: {
  label: string;
  disabled: boolean;
  onDownload: () => void;
  stored: boolean;
  running: boolean;
  onRemove: () => void;
}) {
  return (
    <div class="side-panel__actions offline-basemap__actions">
      <button type="button" class="button button--primary" disabled={disabled} onClick={onDownload}>
        {label}
      </button>
      {stored && !running && (
        <button type="button" class="button" onClick={onRemove}>
          删除离线底图
        </button>
      )}
    </div>
  );
}

function ArchiveControls({
  basemap,
  stored,
  busy,
  running,
  actions,
}: {
  basemap: BasemapConfig;
  stored: BasemapInfoRecord | null;
  busy: boolean;
  running: boolean;
  actions: BasemapOfflineActions;
}) {
  const [size, setSize] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void actions.size(basemap.id).then((bytes) => live && setSize(bytes));
    return () => {
      live = false;
    };
  }, [basemap.id, basemap.url]);
  // Stored: say nothing more unless the server's file is another one (a new archive put in its place).
  const sizeText = stored
    ? size != null && size !== stored.bytes
      ? `服务器上的底图文件已变化（${formatBytes(size)}），可重新下载`
      : null
    : size === undefined
      ? '正在查询文件大小…'
      : size === null
        ? '文件大小未知'
        : `文件大小 ${formatBytes(size)}`;
  return (
    <>
      {sizeText && <p class="offline-basemap__estimate">{sizeText}</p>}
      <Actions
        label={stored ? '重新下载' : '下载离线底图'}
        disabled={busy}
        onDownload={() => actions.download(basemap.id)}
        stored={stored !== null}
        running={running}
        onRemove={() => actions.remove(basemap.id)}
      />
    </>
  );
}

function TileControls({
  basemap,
  stored,
  busy,
  running,
  area,
  actions,
}: {
  basemap: BasemapConfig;
  stored: BasemapInfoRecord | null;
  busy: boolean;
  running: boolean;
  area: MapArea | null;
  actions: BasemapOfflineActions;
}) {
  const maxZoom = basemap.maxzoom ?? 18;
  const layers = basemap.labelUrl ? 2 : 1;
  const [chosen, setChosen] = useState<[number, number] | null>(null);
  if (!area) return <p class="offline-basemap__estimate">地图尚未显示，暂无法估算。</p>;
  // Until the user picks, the range follows the map: from its zoom up to as far as the budget allows.
  const from = chosen?.[0] ?? Math.min(maxZoom, Math.max(MIN_OFFERED_ZOOM, Math.floor(area.zoom)));
  const to = chosen?.[1] ?? highestZoomWithinBudget(area.bounds, from, Math.min(maxZoom, from + 4), layers);
  const plan = planTiles(area.bounds, from, to, layers);
  const zooms = Array.from({ length: maxZoom - MIN_OFFERED_ZOOM + 1 }, (_, i) => MIN_OFFERED_ZOOM + i);
  return (
    <>
      <p class="offline-basemap__area">范围：地图当前显示的区域（移动地图可改变范围）</p>
      <p class="offline-basemap__range">
        缩放级别
        <select aria-label="起始级别" value={from} onChange={(e) => setChosen([Number(e.currentTarget.value), Math.max(to, Number(e.currentTarget.value))])}>
          {zooms.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        至
        <select aria-label="最高级别" value={to} onChange={(e) => setChosen([Math.min(from, Number(e.currentTarget.value)), Number(e.currentTarget.value)])}>
          {zooms.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        级
      </p>
      <p class={plan.overBudget ? 'offline-basemap__estimate offline-basemap__estimate--over' : 'offline-basemap__estimate'}>
        {plan.overBudget
          ? `需要 ${formatCount(plan.count)} 张瓦片，超过每次 ${formatCount(TILE_BUDGET)} 张的上限：请放大地图（缩小范围）或降低最高级别。`
          : `约 ${formatCount(plan.count)} 张瓦片，估计 ${formatBytes(plan.estimatedBytes)}（实际大小视底图而定）`}
      </p>
      <Actions
        label={stored ? '下载当前范围' : '下载离线底图'}
        disabled={busy || plan.overBudget}
        onDownload={() => actions.download(basemap.id, [from, to])}
        stored={stored !== null}
        running={running}
        onRemove={() => actions.remove(basemap.id)}
      />
    </>
  );
}

function DownloadState({ download, onCancel }: { download: BasemapDownload; onCancel: () => void }) {
  const { state, unit, done, total, bytes, failed } = download;
  if (state === 'running') {
    const text =
      unit === 'bytes'
        ? total
          ? `${formatBytes(done)} / ${formatBytes(total)}`
          : `已下载 ${formatBytes(done)}`
        : `${formatCount(done)} / ${formatCount(total ?? 0)} 张，${formatBytes(bytes)}${failed > 0 ? `，${failed} 张失败` : ''}`;
    return (
      <div class="offline-basemap__progress">
        <progress max={total ?? undefined} value={total ? done : undefined} aria-label="下载进度" />
        <span>{text}</span>
        <button type="button" class="button button--small" onClick={onCancel}>
          取消
        </button>
      </div>
    );
  }
  if (state === 'done') {
    const missed = failed > 0 ? `；${failed} 张瓦片未能下载，这些位置断网时将是空白` : '';
    return (
      <p role="status" class="offline-basemap__done">
        下载完成，已存入本机：{formatBytes(bytes)}
        {missed}。
      </p>
    );
  }
  return (
    <p role="status" class="offline-basemap__failed">
      {download.message ?? '下载未完成'}
    </p>
  );
}
