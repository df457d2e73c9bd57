// What the 筛选 panel offers to choose from: the values found in the loaded outfalls
// (counties, townships, waters, subtypes) and the places an area condition can name.

import type { Feature } from 'geojson';
import type { OutfallProperties } from '../../data/types';
import type { AppState } from '../../state/app_state';
import { readyFeatures } from '../../state/selectors';

export interface Choice {
  value: string;
  label: string;
}

export interface FilterOptions {
  counties: Choice[];
  townships: Choice[];
  waters: Choice[];
  subtypes: Choice[];
  parks: Choice[];
  reservoirs: Choice[];
  rivers: Choice[];
}

const byLabel = (a: Choice, b: Choice) => a.label.localeCompare(b.label, 'zh-CN');
const distinct = (values: string[]): Choice[] => [...new Set(values)].map((v) => ({ value: v, label: v })).sort(byLabel);
const places = (features: Feature[] | null, key: string): Choice[] =>
  (features ?? []).map((f) => ({ value: String(f.properties?.[key] ?? ''), label: String(f.properties?.name ?? '') })).filter((c) => c.value !== '');

/** The choices of the data on screen (memoised per loaded outfalls collection by the caller). */
export function filterOptions(state: AppState): FilterOptions {
  const outfalls = (readyFeatures(state, 'outfalls') ?? []).map((f) => f.properties as OutfallProperties);
  const counties = new Map<string, string>();
  for (const o of outfalls) counties.set(o.countyCode, o.countyName);
  // The county list keeps the data's order of codes (GB/T 2260), which officials know.
  const countyChoices = [...counties].sort(([a], [b]) => a.localeCompare(b)).map(([value, label]) => ({ value, label }));
  return {
    counties: countyChoices,
    townships: distinct(outfalls.map((o) => o.township)),
    waters: distinct(outfalls.map((o) => o.river)),
    subtypes: distinct(outfalls.map((o) => o.subtype)),
    parks: places(readyFeatures(state, 'parks'), 'id'),
    reservoirs: places(readyFeatures(state, 'reservoirs'), 'id'),
    rivers: places(readyFeatures(state, 'rivers'), 'id'),
  };
}
