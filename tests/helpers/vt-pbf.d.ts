// vt-pbf ships no types; the one call the tests make (tests/helpers/pmtiles_archive.ts).
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  const vtpbf: {
    /** One Mapbox Vector Tile (protobuf) of the named layers, each a tile of geojson-vt. */
    fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: number; extent?: number }): Uint8Array;
  };
  export default vtpbf;
}
