// Online basemaps a deployment may configure (public/config.json). None is used
// unless configured: the default style asks no tile server for anything.

import type { RasterSourceSpecification } from 'maplibre-gl';
import type { BasemapConfig } from '../data/app_config';

/**
 * 天地图 WMTS in Web Mercator ("_w"), over its eight mirror hosts. Only reached
 * when a deployment configures a 天地图 basemap with its own key.
 */
function tiandituTiles(layer: string, key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/** MapLibre's XYZ placeholders from a WMTS KVP template. */
function wmtsToXyz(url: string): string {
  return url
    .replace(/\{TileMatrix\}/g, '{z}')
    .replace(/\{TileRow\}/g, '{y}')
    .replace(/\{TileCol\}/g, '{x}');
}

/** The raster sources of a basemap, bottom first (the map, then its labels if any); none for a vector (PMTiles) basemap. */
export function basemapSources(basemap: BasemapConfig): RasterSourceSpecification[] {
  if (basemap.type === 'pmtiles') return [];
  const common = { type: 'raster' as const, tileSize: 256, maxzoom: basemap.maxzoom ?? 18, attribution: basemap.attribution ?? basemap.title };
  if (basemap.type === 'tianditu') {
    const layer = basemap.layer ?? 'vec';
    const labels = layer === 'img' ? 'cia' : 'cva';
    return [
      { ...common, tiles: tiandituTiles(layer, basemap.key ?? '') },
      { ...common, tiles: tiandituTiles(labels, basemap.key ?? '') },
    ];
  }
  const main = basemap.type === 'wmts' ? wmtsToXyz(basemap.url ?? '') : (basemap.url ?? '');
  const sources: RasterSourceSpecification[] = [{ ...common, tiles: [main] }];
  if (basemap.labelUrl) sources.push({ ...common, tiles: [basemap.type === 'wmts' ? wmtsToXyz(basemap.labelUrl) : basemap.labelUrl] });
  return sources;
}
