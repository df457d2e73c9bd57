// A small PMTiles v3 archive of vector tiles, made at test time: GeoJSON layers cut into tiles
// with geojson-vt (the tiler MapLibre itself uses), each tile encoded as a Mapbox Vector Tile
// with vt-pbf, written in the layout of the PMTiles v3 spec (node_modules/pmtiles, README and
// src/index.ts, which reads it): a 127-byte header, the root directory, the JSON metadata and
// the tile data, uncompressed, with no leaf directories (a few hundred tiles fit in the root).
import GeoJSONVT from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { FeatureCollection } from 'geojson';
import { zxyToTileId } from 'pmtiles';

const HEADER_BYTES = 127;
const EXTENT = 4096;
/** PMTiles' enums, as numbers: Compression.None, TileType.Mvt. */
const COMPRESSION_NONE = 1;
const TILE_TYPE_MVT = 1;

export interface BuiltArchive {
  bytes: Uint8Array;
  /** Every tile written, by "z/x/y", as encoded (the archive holds exactly these bytes). */
  tiles: Map<string, Uint8Array>;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
}

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A directory as the spec lays it out: count, tile id deltas, run lengths, lengths, offsets (0: right after the previous). */
function serializeDirectory(entries: { tileId: number; offset: number; length: number; runLength: number }[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    writeVarint(out, i > 0 && e.offset === previous.offset + previous.length ? 0 : e.offset + 1);
  });
  return new Uint8Array(out);
}

function lonLatToTile(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

function bboxOf(layers: Record<string, FeatureCollection>): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1] as number);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const fc of Object.values(layers)) for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return box;
}

/** Cut `layers` (vector tile layer name → GeoJSON) into tiles from minZoom to maxZoom and write them as one PMTiles archive. */
export function buildPmtilesArchive(layers: Record<string, FeatureCollection>, minZoom = 6, maxZoom = 14): BuiltArchive {
  const indexes = Object.entries(layers).map(
    ([name, fc]) => [name, new GeoJSONVT(fc, { maxZoom, indexMaxZoom: maxZoom, extent: EXTENT, buffer: 64 })] as const,
  );
  const bounds = bboxOf(layers);
  const tiles = new Map<string, Uint8Array>();
  const entries: { tileId: number; offset: number; length: number; runLength: number }[] = [];
  const found: { tileId: number; key: string; data: Uint8Array }[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const [x0, y0] = lonLatToTile(bounds[0], bounds[3], z);
    const [x1, y1] = lonLatToTile(bounds[2], bounds[1], z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const tileLayers: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
        for (const [name, index] of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) tileLayers[name] = tile;
        }
        if (Object.keys(tileLayers).length === 0) continue;
        const data = vtpbf.fromGeojsonVt(tileLayers, { version: 2, extent: EXTENT });
        found.push({ tileId: zxyToTileId(z, x, y), key: `${z}/${x}/${y}`, data: new Uint8Array(data) });
      }
    }
  }
  // The directory and the data in tile id order ("clustered"), as the spec recommends and readers expect.
  found.sort((a, b) => a.tileId - b.tileId);
  let offset = 0;
  for (const t of found) {
    entries.push({ tileId: t.tileId, offset, length: t.data.byteLength, runLength: 1 });
    tiles.set(t.key, t.data);
    offset += t.data.byteLength;
  }
  const root = serializeDirectory(entries);
  const metadata = new TextEncoder().encode(
    JSON.stringify({ name: 'test basemap', vector_layers: Object.keys(layers).map((id) => ({ id, fields: {} })), attribution: '测试数据' }),
  );
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.byteLength;
  const tileDataOffset = metadataOffset + metadata.byteLength;
  if (tileDataOffset > 16_384) throw new Error('the root directory must lie in the first 16 KB: make a smaller test archive');
  const bytes = new Uint8Array(tileDataOffset + offset);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('PMTiles'), 0);
  view.setUint8(7, 3);
  const u64 = (at: number, value: number) => {
    view.setUint32(at, value % 2 ** 32, true);
    view.setUint32(at + 4, Math.floor(value / 2 ** 32), true);
  };
  u64(8, rootOffset);
  u64(16, root.byteLength);
  u64(24, metadataOffset);
  u64(32, metadata.byteLength);
  u64(40, tileDataOffset); // no leaf directories: offset where they would be, length 0
  u64(48, 0);
  u64(56, tileDataOffset);
  u64(64, offset);
  u64(72, found.length);
  u64(80, entries.length);
  u64(88, found.length);
  view.setUint8(96, 1); // clustered
  view.setUint8(97, COMPRESSION_NONE);
  view.setUint8(98, COMPRESSION_NONE);
  view.setUint8(99, TILE_TYPE_MVT);
  view.setUint8(100, minZoom);
  view.setUint8(101, maxZoom);
  const e7 = (at: number, deg: number) => view.setInt32(at, Math.round(deg * 1e7), true);
  e7(102, bounds[0]);
  e7(106, bounds[1]);
  e7(110, bounds[2]);
  e7(114, bounds[3]);
  view.setUint8(118, Math.round((minZoom + maxZoom) / 2));
  e7(119, (bounds[0] + bounds[2]) / 2);
  e7(123, (bounds[1] + bounds[3]) / 2);
  bytes.set(root, rootOffset);
  bytes.set(metadata, metadataOffset);
  let at = tileDataOffset;
  for (const t of found) {
    bytes.set(t.data, at);
    at += t.data.byteLength;
  }
  return { bytes, tiles, minZoom, maxZoom, bounds };
}

/** The test basemap's motorway: a browser test looks for its colour along it. */
export const TEST_MOTORWAY: { name: string; from: [number, number]; to: [number, number] } = { name: '宁洛高速', from: [113.05, 33.79], to: [113.55, 33.71] };

/**
 * A few roads, a lake and places around 平顶山's centre in the OpenMapTiles schema (what Planetiler
 * and tilemaker write by default): `transportation` with `class`, `transportation_name`, `water`, `place`
 * with `class`, `name` and `name:zh`.
 */
export function testBasemapLayers(): Record<string, FeatureCollection> {
  const line = (coordinates: number[][], properties: Record<string, unknown>) => ({
    type: 'Feature' as const,
    properties,
    geometry: { type: 'LineString' as const, coordinates },
  });
  const point = (coordinates: number[], properties: Record<string, unknown>) => ({
    type: 'Feature' as const,
    properties,
    geometry: { type: 'Point' as const, coordinates },
  });
  const motorway = [TEST_MOTORWAY.from, TEST_MOTORWAY.to];
  return {
    transportation: {
      type: 'FeatureCollection',
      features: [
        line(motorway, { class: 'motorway' }),
        line(
          [
            [113.22, 33.82],
            [113.25, 33.7],
          ],
          { class: 'primary' },
        ),
        line(
          [
            [113.26, 33.77],
            [113.38, 33.77],
          ],
          { class: 'minor' },
        ),
      ],
    },
    transportation_name: { type: 'FeatureCollection', features: [line(motorway, { class: 'motorway', name: '宁洛高速' })] },
    water: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { class: 'lake' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.36, 33.775],
                [113.4, 33.775],
                [113.4, 33.795],
                [113.36, 33.795],
                [113.36, 33.775],
              ],
            ],
          },
        },
      ],
    },
    place: {
      type: 'FeatureCollection',
      features: [
        point([113.3, 33.755], { class: 'city', name: 'Pingdingshan', 'name:zh': '平顶山市' }),
        point([113.12, 33.78], { class: 'town', name: '滍阳镇' }),
        point([113.45, 33.73], { class: 'village', name: '测试村' }),
      ],
    },
  };
}
