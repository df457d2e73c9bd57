// The map's feature values (src/map/feature_values.ts): every value the first time, only
// changed values afterwards, all again for new data, at most a source's budget per frame in
// tile order (converging on the latest values asked for), and the values for a copy of the map.
import { describe, expect, it } from 'vitest';
import { FeatureValues, tileOrder } from '../../src/map/feature_values';

function recorder() {
  const given: [string, number, number][] = [];
  return { given, give: (source: string, index: number, value: number) => void given.push([source, index, value]) };
}

/** What the map holds after giving frame by frame until nothing differs; and how many frames it took. */
function untilDone(values: FeatureValues, map: Map<string, number[]>, order?: (source: string) => ArrayLike<number> | null): number {
  let frames = 0;
  let more = true;
  while (more) {
    frames++;
    more = values.give((source, index, value) => {
      const held = map.get(source) ?? [];
      held[index] = value;
      map.set(source, held);
    }, order);
    if (frames > 1000) throw new Error('never done');
  }
  return frames;
}

describe('the feature values', () => {
  it('gives every value the first time and afterwards only those that changed', () => {
    const values = new FeatureValues();
    const first = recorder();
    values.set('s', [1, 2, 3]);
    expect(values.give(first.give)).toBe(false);
    expect(first.given).toEqual([
      ['s', 0, 1],
      ['s', 1, 2],
      ['s', 2, 3],
    ]);
    const second = recorder();
    values.set('s', Float32Array.from([1, 5, 3]));
    values.give(second.give);
    expect(second.given).toEqual([['s', 1, 5]]);
    const none = recorder();
    values.set('s', [1, 5, 3]);
    values.give(none.give);
    expect(none.given).toEqual([]);
  });

  it('gives every value again after forget (new features under the same ids) or when the count changed, and none after drop', () => {
    const values = new FeatureValues();
    values.set('s', [4, 4]);
    values.give(() => {});
    values.forget('s');
    const again = recorder();
    values.give(again.give);
    expect(again.given).toHaveLength(2);
    const grown = recorder();
    values.set('s', [4, 4, 4]);
    values.give(grown.give);
    expect(grown.given).toHaveLength(3);
    // Sources are apart: another source's values do not count.
    const other = recorder();
    values.set('t', [4, 4, 4]);
    values.give(other.give);
    expect(other.given.map(([source]) => source)).toEqual(['t', 't', 't']);
    values.drop('t');
    values.set('s', [5, 5, 5]);
    const afterDrop = recorder();
    values.give(afterDrop.give);
    expect(afterDrop.given.every(([source]) => source === 's')).toBe(true);
  });

  it('never gives a NaN value twice (nothing left to do, no frame asked for)', () => {
    const values = new FeatureValues();
    values.set('s', [Number.NaN, 1]);
    values.give(() => {});
    const again = recorder();
    values.set('s', [Number.NaN, 1]);
    expect(values.give(again.give)).toBe(false);
    expect(again.given).toEqual([]);
  });

  it('gives at most a source’s budget per frame, in the order given, until the map holds the latest values', () => {
    const values = new FeatureValues();
    const n = 10;
    values.set(
      'budgeted',
      Array.from({ length: n }, (_, i) => i),
      4,
    );
    values.set('whole', [7, 7, 7, 7, 7, 7]);
    const reversed = Array.from({ length: n }, (_, i) => n - 1 - i);
    const frame = recorder();
    expect(values.give(frame.give, (s) => (s === 'budgeted' ? reversed : null))).toBe(true);
    // The budget of 4, in the given order; the other source, without one, whole.
    expect(frame.given.filter(([s]) => s === 'budgeted').map(([, i]) => i)).toEqual([9, 8, 7, 6]);
    expect(frame.given.filter(([s]) => s === 'whole')).toHaveLength(6);
    // New values while the first are on their way: the map ends with the newest, not a mix.
    const latest = Array.from({ length: n }, (_, i) => 100 + i);
    values.set('budgeted', latest, 4);
    const map = new Map<string, number[]>();
    const frames = untilDone(values, map, () => reversed);
    expect(map.get('budgeted')).toEqual(latest);
    expect(frames).toBe(3); // 10 values, 4 a frame
  });

  it('tells a copy of the map (an exported image) each feature’s value to be, the latest per source', () => {
    const values = new FeatureValues();
    values.set('grid', [1, 2, 3]);
    values.set('outfalls', [0, 1], 1);
    values.set('grid', [1, 9, 3]);
    const current = values.current();
    expect(Array.from(current.get('grid')!)).toEqual([1, 9, 3]);
    expect(Array.from(current.get('outfalls')!)).toEqual([0, 1]);
  });
});

describe('the tile order', () => {
  const point = (lon: number, lat: number): GeoJSON.Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } });

  it('puts the features of one map tile together, every feature once, those without coordinates last', () => {
    // Zoom 9 tiles are 0.703125° wide: 112.6 and 113.0 are in column 416 (112.5–113.2°), 113.8 and 113.81 in 417.
    const features: GeoJSON.Feature[] = [
      point(112.6, 33.7),
      point(113.8, 33.7),
      { type: 'Feature', properties: {}, geometry: null as unknown as GeoJSON.Geometry },
      point(113.0, 33.72),
      point(113.81, 33.71),
    ];
    const order = Array.from(tileOrder(features, 9.6));
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(order.at(-1)).toBe(2);
    const position = (i: number) => order.indexOf(i);
    expect(Math.abs(position(0) - position(3))).toBe(1);
    expect(Math.abs(position(1) - position(4))).toBe(1);
  });

  it('groups polygons by their first vertex', () => {
    const square = (lon: number): GeoJSON.Feature => ({
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, 33],
            [lon + 0.01, 33],
            [lon + 0.01, 33.01],
            [lon, 33],
          ],
        ],
      },
    });
    const order = Array.from(tileOrder([square(113.3), square(112.1), square(113.35)], 9));
    expect(Math.abs(order.indexOf(0) - order.indexOf(2))).toBe(1);
  });
});
