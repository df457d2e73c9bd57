// The outfalls as 筛选's worker receives them: only the fields a filter reads, as
// columns. Structured-cloning 100,000 outfall objects of ~30 fields to a worker would
// block the main thread far longer than evaluating a filter; typed arrays of codes and
// one small dictionary per field are transferred, not copied.

import type { OutfallProperties } from '../../data/types';

/** Every field of an outfall that evaluating a filter (evaluate.ts) or summarising its selection (summary.ts) reads; nothing else travels. */
export const FILTERED_FIELDS = [
  'lon',
  'lat',
  'countyCode',
  'countyName',
  'township',
  'river',
  'category',
  'subtype',
  'remediationMeasure',
  'remediationStatus',
  'remediationDeadline',
  'monitored',
  'traced',
  'surveyDate',
] as const satisfies readonly (keyof OutfallProperties)[];

/** An outfall as far as 筛选 is concerned. */
export type FilterableOutfall = Pick<OutfallProperties, (typeof FILTERED_FIELDS)[number]>;

type Coded = Exclude<(typeof FILTERED_FIELDS)[number], 'lon' | 'lat'>;

/** The outfalls packed: coordinates as numbers, every other field as a code into its dictionary. */
export interface OutfallColumns {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  fields: Record<Coded, { dictionary: FilterableOutfall[Coded][]; codes: Uint32Array }>;
}

/** Pack the outfalls; `transfer` lists the buffers postMessage may move instead of copying. */
export function packOutfalls(outfalls: readonly FilterableOutfall[]): { columns: OutfallColumns; transfer: ArrayBuffer[] } {
  const n = outfalls.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = outfalls[i].lon;
    lat[i] = outfalls[i].lat;
  }
  const fields = {} as OutfallColumns['fields'];
  for (const name of FILTERED_FIELDS) {
    if (name === 'lon' || name === 'lat') continue;
    const codeOf = new Map<unknown, number>();
    const dictionary: FilterableOutfall[Coded][] = [];
    const codes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const value = outfalls[i][name];
      let code = codeOf.get(value);
      if (code === undefined) {
        code = dictionary.length;
        codeOf.set(value, code);
        dictionary.push(value);
      }
      codes[i] = code;
    }
    fields[name] = { dictionary, codes };
  }
  const transfer = [lon.buffer, lat.buffer, ...Object.values(fields).map((f) => f.codes.buffer)] as ArrayBuffer[];
  return { columns: { count: n, lon, lat, fields }, transfer };
}

/** The outfalls again, each with exactly the fields a filter reads, in their order. */
export function unpackOutfalls(columns: OutfallColumns): FilterableOutfall[] {
  const entries = Object.entries(columns.fields) as [Coded, OutfallColumns['fields'][Coded]][];
  return Array.from({ length: columns.count }, (_, i) => {
    const outfall: Record<string, unknown> = { lon: columns.lon[i], lat: columns.lat[i] };
    for (const [name, { dictionary, codes }] of entries) outfall[name] = dictionary[codes[i]];
    return outfall as FilterableOutfall;
  });
}
