// The map's feature values (src/map/feature_values.ts): every value the first time, only
// changed values afterwards, all again for new data, and the values for a copy of the map.
import { describe, expect, it } from 'vitest';
import { FeatureValues } from '../../src/map/feature_values';

function recorder() {
  const given: [number, number][] = [];
  return { given, give: (index: number, value: number) => void given.push([index, value]) };
}

describe('the feature values', () => {
  it('gives every value the first time and afterwards only those that changed', () => {
    const values = new FeatureValues();
    const first = recorder();
    values.set('s', [1, 2, 3], first.give);
    expect(first.given).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const second = recorder();
    values.set('s', Float32Array.from([1, 5, 3]), second.give);
    expect(second.given).toEqual([[1, 5]]);
    const none = recorder();
    values.set('s', [1, 5, 3], none.give);
    expect(none.given).toEqual([]);
  });

  it('gives every value again after forget (new features under the same ids) or when the count changed', () => {
    const values = new FeatureValues();
    values.set('s', [4, 4], () => {});
    values.forget('s');
    const again = recorder();
    values.set('s', [4, 4], again.give);
    expect(again.given).toHaveLength(2);
    const grown = recorder();
    values.set('s', [4, 4, 4], grown.give);
    expect(grown.given).toHaveLength(3);
    // Sources are apart: another source's values do not count.
    const other = recorder();
    values.set('t', [4, 4, 4], other.give);
    expect(other.given).toHaveLength(3);
  });

  it('tells a copy of the map (an exported image) each feature’s value, the latest per source', () => {
    const values = new FeatureValues();
    values.set('grid', [1, 2, 3], () => {});
    values.set('outfalls', [0, 1], () => {});
    values.set('grid', [1, 9, 3], () => {});
    const current = values.current();
    expect(Array.from(current.get('grid')!)).toEqual([1, 9, 3]);
    expect(Array.from(current.get('outfalls')!)).toEqual([0, 1]);
  });
});
