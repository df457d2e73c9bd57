// The committed data set as the app reads it: the files the manifest lists are
// gzip-compressed (`.gz`) and the hotspot grid is an index plus chunks. Tests read
// them through the app's own decoding (applyGridChunk), so a grid assembled here is
// also a check of the chunk path.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { applyGridChunk, decodeHotspotGrid } from '../../src/data/hotspot_grid_format';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import type { FeatureCollection } from 'geojson';
import type { Manifest, ManifestLayer } from '../../src/data/types';

const DATA = new URL('../../data/', import.meta.url);

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export const readManifest = (): Manifest => JSON.parse(readFileSync(new URL('manifest.json', DATA), 'utf8')) as Manifest;

/** A file of data/ as stored (compressed or not). */
export const readStoredFile = (name: string): Buffer => readFileSync(new URL(name, DATA));

/** The content of a file of data/: gunzipped when it is a `.gz` file. */
export function readDataContent(name: string): Buffer {
  const bytes = readStoredFile(name);
  return name.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** The grid of a manifest entry, its index filled with every chunk it lists. */
export function readGridOf(entry: ManifestLayer): HotspotGrid {
  const grid = decodeHotspotGrid(toArrayBuffer(readDataContent(entry.file)));
  for (const chunk of entry.chunks ?? []) applyGridChunk(grid, chunk, toArrayBuffer(readDataContent(chunk.file)));
  return grid;
}

/** The demo hotspot grid, whole, as the app has it once every chunk has arrived. */
export function readDemoGrid(): HotspotGrid {
  const entry = readManifest().layers.find((l) => l.format === 'pdsgrid');
  if (!entry) throw new Error('data/manifest.json lists no pdsgrid layer');
  return readGridOf(entry);
}

/** A layer of the data set as the app loads it: the grid assembled from its chunks, GeoJSON parsed. */
export function readLayerContent(entry: ManifestLayer): { kind: 'grid'; grid: HotspotGrid } | { kind: 'geojson'; collection: FeatureCollection } {
  if (entry.format === 'pdsgrid') return { kind: 'grid', grid: readGridOf(entry) };
  return { kind: 'geojson', collection: JSON.parse(readDataContent(entry.file).toString('utf8')) as FeatureCollection };
}

/** Every layer of the demo data set as the app loads it, by id (the grid with all its chunks). */
export function readAllLayers(): Map<string, ReturnType<typeof readLayerContent>> {
  return new Map(readManifest().layers.map((entry) => [entry.id, readLayerContent(entry)]));
}

/** The view a layer's bundle is made for in the tests: the grid's first day of PM2.5 in 浓度 colours, 1 km, no period. */
export const TEST_VIEW = {
  gridView: {
    pollutant: 'pm25' as const,
    mode: 'day' as const,
    first: 0,
    last: 0,
    colouring: 'concentration' as const,
    base: null,
    threshold: 0.2,
    scale: 1 as const,
  },
  period: null,
};
