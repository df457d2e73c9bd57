// The filter in the page's query, beside the grid's parameters (src/app/grid_url.ts), so
// a link opens the same selection. One short key per part, values a person can read:
//
//   fv=1                                      version of this format (FILTER_VERSION)
//   fc=410422,410423                          counties (codes)
//   ft=尧山镇,赵村镇   fw=沙河,白龟山水库       townships, receiving waters
//   fk=工业排污口   fs=工矿企业排污口            categories, subtypes
//   fm=取缔,合并   fst=未启动,整治中            remediation measures, statuses
//   fo=1                                      overdue only
//   fg=查,测                                  stages
//   fd=2024-01-01..2024-12-31                 survey dates, inclusive; an open end is empty: fd=2024-01-01..
//   fa=within:parks:park-nylon:1000,near-river:shahe:500,drawn:polygon:113.1_33.7_113.2_33.7_113.2_33.8_113.1_33.7
//                                             areas: within:<counties|parks|reservoirs>:<id>:<metres>,
//                                             near-river:<river id>:<metres>, drawn:<polygon|rectangle>:<lon_lat_…>
//                                             (6 decimals, the ring as drawn, first = last)
//
// Lists are separated by commas. Inside a value a backslash escapes the next character:
// a comma in a township's name is written `\,`, a colon in an id `\:`, a backslash `\\`.
// URLSearchParams percent-encodes all of it (and the Chinese) on the way into the URL and
// decodes it on the way out; `..` and `_` are never encoded, so dates and rings stay
// readable in the address bar.
//
// Reading never throws: a part that cannot be read is dropped with a message and the rest
// is kept. It checks the form (known keys, categories, dates, numbers); whether the places
// exist and the shapes make sense is checkFilter's business (validate.ts).

import { OUTFALL_CATEGORIES, REMEDIATION_MEASURES, REMEDIATION_STATUSES } from '../../data/types';
import { AREA_LAYERS, FILTER_VERSION, OUTFALL_STAGES, isEmptyFilter } from './description';
import type { AreaCondition, AreaLayer, OutfallFilter, Ring } from './description';
import { isIsoDate } from './validate';

/** Every query key the filter may write, for clearing them all. None is used by the grid's view (p, mode, from, to, c, t, s, bf, bt). */
export const FILTER_PARAMS = ['fv', 'fc', 'ft', 'fw', 'fk', 'fs', 'fm', 'fst', 'fo', 'fg', 'fd', 'fa'] as const;

type ListField = 'counties' | 'townships' | 'waters' | 'categories' | 'subtypes' | 'measures' | 'statuses' | 'stages';

/** The list parts: their key, and the values they may hold (null: any text). */
const LISTS: { field: ListField; key: (typeof FILTER_PARAMS)[number]; allowed: readonly string[] | null }[] = [
  { field: 'counties', key: 'fc', allowed: null },
  { field: 'townships', key: 'ft', allowed: null },
  { field: 'waters', key: 'fw', allowed: null },
  { field: 'categories', key: 'fk', allowed: OUTFALL_CATEGORIES },
  { field: 'subtypes', key: 'fs', allowed: null },
  { field: 'measures', key: 'fm', allowed: REMEDIATION_MEASURES },
  { field: 'statuses', key: 'fst', allowed: REMEDIATION_STATUSES },
  { field: 'stages', key: 'fg', allowed: OUTFALL_STAGES },
];

const RANGE = '..';
const COORDINATES = '_';

// ---- escaping ------------------------------------------------------------------

/** One value of a list: its backslashes and commas escaped (and colons, inside an area). */
const escapeValue = (text: string, colons = false) => text.replace(colons ? /[\\,:]/g : /[\\,]/g, (c) => `\\${c}`);

/** Split at each `separator` not escaped by a backslash; the pieces keep their escapes. */
function splitEscaped(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      piece += c + text[++i];
    } else if (c === separator) {
      pieces.push(piece);
      piece = '';
    } else {
      piece += c;
    }
  }
  pieces.push(piece);
  return pieces;
}

const unescapeValue = (text: string) => text.replace(/\\(.)/gs, '$1');

// ---- writing ---------------------------------------------------------------------

/** A coordinate with at most 6 decimals (~0.1 m), no trailing zeros. */
const coordinate = (x: number) => String(Math.round(x * 1e6) / 1e6);

function areaToText(area: AreaCondition): string {
  switch (area.kind) {
    case 'within':
      return ['within', area.layer, escapeValue(area.id, true), String(area.distanceM)].join(':');
    case 'near-river':
      return ['near-river', escapeValue(area.river, true), String(area.distanceM)].join(':');
    case 'drawn':
      return ['drawn', area.shape, area.ring.flatMap(([lon, lat]) => [coordinate(lon), coordinate(lat)]).join(COORDINATES)].join(':');
  }
}

/** The filter's query parameters: only the parts that are set (none for a filter that selects everything). */
export function filterToParams(filter: OutfallFilter): Record<string, string> {
  if (isEmptyFilter(filter)) return {};
  const params: Record<string, string> = { fv: String(FILTER_VERSION) };
  for (const { field, key } of LISTS) {
    const values = filter[field];
    if (values && values.length > 0) params[key] = values.map((v) => escapeValue(v)).join(',');
  }
  if (filter.overdue) params.fo = '1';
  if (filter.surveyFrom || filter.surveyTo) params.fd = `${filter.surveyFrom ?? ''}${RANGE}${filter.surveyTo ?? ''}`;
  if (filter.areas && filter.areas.length > 0) params.fa = filter.areas.map(areaToText).join(',');
  return params;
}

// ---- reading ---------------------------------------------------------------------

const DISTANCE = /^\d+(\.\d+)?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

const unreadable = (key: string, text: string) => `链接中的筛选条件“${key}=${text}”无法识别，已忽略`;

/** One area from its text (escapes kept), or null when it is not one. */
function areaFromText(text: string): AreaCondition | null {
  const parts = splitEscaped(text, ':');
  const [kind] = parts;
  if (kind === 'within' && parts.length === 4) {
    const [, layer, id, distance] = parts;
    if (!(AREA_LAYERS as readonly string[]).includes(layer) || id === '' || !DISTANCE.test(distance)) return null;
    return { kind: 'within', layer: layer as AreaLayer, id: unescapeValue(id), distanceM: Number(distance) };
  }
  if (kind === 'near-river' && parts.length === 3) {
    const [, river, distance] = parts;
    if (river === '' || !DISTANCE.test(distance)) return null;
    return { kind: 'near-river', river: unescapeValue(river), distanceM: Number(distance) };
  }
  if (kind === 'drawn' && parts.length === 3) {
    const [, shape, coordinates] = parts;
    if (shape !== 'polygon' && shape !== 'rectangle') return null;
    const numbers = coordinates.split(COORDINATES);
    if (numbers.length % 2 !== 0 || !numbers.every((n) => NUMBER.test(n))) return null;
    const ring: Ring = [];
    for (let i = 0; i < numbers.length; i += 2) ring.push([Number(numbers[i]), Number(numbers[i + 1])]);
    return { kind: 'drawn', shape, ring };
  }
  return null;
}

/**
 * The filter a link describes, and what of it could not be read (in Chinese, for a
 * notice). Never throws: what is unreadable is left out, the rest kept. No filter
 * parameters give the empty filter and no problems.
 */
export function filterFromParams(params: URLSearchParams): { filter: OutfallFilter; problems: string[] } {
  const filter: OutfallFilter = {};
  const problems: string[] = [];

  const version = params.get('fv');
  if (version !== null && version !== String(FILTER_VERSION)) problems.push(`链接中的筛选条件版本“fv=${version}”无法识别，已按第 ${FILTER_VERSION} 版读取`);

  for (const { field, key, allowed } of LISTS) {
    const text = params.get(key);
    if (!text) continue;
    const values: string[] = [];
    for (const piece of splitEscaped(text, ',')) {
      const value = unescapeValue(piece);
      if (value === '') continue;
      if (allowed && !allowed.includes(value)) problems.push(unreadable(key, piece));
      else values.push(value);
    }
    // The allowed values are checked above, so the typed lists only get their own values.
    if (values.length > 0) (filter as Partial<Record<ListField, string[]>>)[field] = values;
  }

  const overdue = params.get('fo');
  if (overdue === '1') filter.overdue = true;
  else if (overdue !== null && overdue !== '' && overdue !== '0') problems.push(unreadable('fo', overdue));

  const dates = params.get('fd');
  if (dates) {
    const ends = dates.split(RANGE);
    if (ends.length !== 2) {
      problems.push(unreadable('fd', dates));
    } else {
      const [from, to] = ends;
      for (const [end, field] of [
        [from, 'surveyFrom'],
        [to, 'surveyTo'],
      ] as const) {
        if (end === '') continue;
        if (isIsoDate(end)) filter[field] = end;
        else problems.push(`链接中的筛选条件“fd=${dates}”中的日期“${end}”无法识别，已忽略`);
      }
    }
  }

  const areas = params.get('fa');
  if (areas) {
    const read: AreaCondition[] = [];
    for (const piece of splitEscaped(areas, ',')) {
      if (piece === '') continue;
      const area = areaFromText(piece);
      if (area) read.push(area);
      else problems.push(unreadable('fa', piece));
    }
    if (read.length > 0) filter.areas = read;
  }

  return { filter, problems };
}
