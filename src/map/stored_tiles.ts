// The pds-tile:// protocol: an online basemap whose tiles were downloaded for offline use
// (下载离线底图) is drawn through it. Each tile is read from the device first and fetched from
// the basemap's own server only when it is not stored, so the area downloaded draws with no
// network and the rest of the map still fills in online.

import { addProtocol } from 'maplibre-gl';
import { tileUrl } from '../data/offline_basemap';

const SCHEME = 'pds-tile';

/** Where a stored tile is read from: the BasemapStore (src/data/cache/basemap_store.ts). */
export interface StoredTileReader {
  tile(basemapId: string, key: string): Promise<Blob | null>;
}

/** The tile templates of each basemap drawn through the protocol, by id (its layer i: templates[i]). */
const templatesById = new Map<string, readonly (readonly string[])[]>();
let reader: StoredTileReader | null = null;

addProtocol(SCHEME, async (request, abortController) => {
  const match = /^pds-tile:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\/(\d+)$/.exec(request.url);
  if (!match) throw new Error(`无效的瓦片地址 ${request.url}`);
  const id = decodeURIComponent(match[1]);
  const [layer, z, x, y] = match.slice(2).map(Number);
  const stored = await reader?.tile(id, `${layer}/${z}/${x}/${y}`).catch(() => null);
  if (stored) return { data: await stored.arrayBuffer() };
  const templates = templatesById.get(id)?.[layer];
  if (!templates) throw new Error(`底图 ${id} 没有第 ${layer} 层`);
  const response = await fetch(tileUrl(templates, z, x, y), { signal: abortController.signal });
  if (!response.ok) throw new Error(`瓦片请求失败（${response.status}）`);
  return { data: await response.arrayBuffer() };
});

/**
 * The tile URL templates that route a basemap's layers through the protocol, reading from
 * `store` first; `templates[i]` are the basemap's own templates of its layer i.
 */
export function storedTileTemplates(store: StoredTileReader, basemapId: string, templates: readonly (readonly string[])[]): string[] {
  reader = store;
  templatesById.set(basemapId, templates);
  return templates.map((_, i) => `${SCHEME}://${encodeURIComponent(basemapId)}/${i}/{z}/{x}/{y}`);
}
