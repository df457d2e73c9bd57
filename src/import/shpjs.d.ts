// shpjs ships no types; these are the two functions the import calls (shpjs 6, lib/index.js).
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  type Bytes = ArrayBuffer | ArrayBufferView;
  /** The .shp's shapes in record order (null for a null shape), reprojected to WGS84 by proj4 when a .prj text is given and proj4 reads it. */
  export function parseShp(shp: Bytes, prj?: string | Bytes): (Geometry | null)[];
  /** The .dbf's records; `cpg` is a TextDecoder label (an unknown one reads as UTF-8). */
  export function parseDbf(dbf: Bytes, cpg?: string | Bytes): Record<string, unknown>[];
}
