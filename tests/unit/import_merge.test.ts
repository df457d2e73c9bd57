// Applying an import: merged by code or replacing the layer, with the counts the dialog shows.
import { describe, expect, it } from 'vitest';
import type { OutfallFeature, OutfallProperties } from '../../src/data/types';
import { mergeOutfalls } from '../../src/import/merge_outfalls';
import { makeOutfall } from './helpers/make_outfall';

const feature = (p: Partial<OutfallProperties> & Pick<OutfallProperties, 'code'>): OutfallFeature => {
  const properties = makeOutfall(p);
  return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [properties.lon, properties.lat] } };
};

const current = [feature({ code: 'A' }), feature({ code: 'B' }), feature({ code: 'C' }), feature({ code: 'D' })];
const imported = [
  feature({ code: 'B' }), // the same record
  feature({ code: 'C', remediationStatus: '已完成' }), // changed
  feature({ code: 'D', lon: 113.3 }), // moved: the point and lon change together
  feature({ code: 'E' }), // new
  feature({ code: 'F' }), // new
];

describe('mergeOutfalls', () => {
  it('merge: imported records replace the same codes in place, others stay, new ones come last', () => {
    const result = mergeOutfalls(current, imported, 'merge');
    expect(result).toMatchObject({ added: 2, updated: 2, unchanged: 1, untouched: 1 });
    expect(result.features.map((f) => f.properties.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(result.features[0]).toBe(current[0]);
    expect(result.features[1]).toBe(current[1]);
    expect(result.features[2]).toBe(imported[1]);
    expect(result.features[3].geometry.coordinates[0]).toBe(113.3);
  });

  it('replace: only the imported records, with the same counts', () => {
    const result = mergeOutfalls(current, imported, 'replace');
    expect(result).toMatchObject({ added: 2, updated: 2, unchanged: 1, untouched: 1 });
    expect(result.features.map((f) => f.properties.code)).toEqual(['B', 'C', 'D', 'E', 'F']);
  });

  it('an empty layer: everything is added', () => {
    expect(mergeOutfalls([], imported, 'merge')).toMatchObject({ added: 5, updated: 0, unchanged: 0, untouched: 0 });
  });

  it('an empty import: merge keeps the layer, replace empties it', () => {
    expect(mergeOutfalls(current, [], 'merge')).toMatchObject({ features: current, added: 0, updated: 0, unchanged: 0, untouched: 4 });
    expect(mergeOutfalls(current, [], 'replace').features).toEqual([]);
  });
});
