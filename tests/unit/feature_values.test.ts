// The map's feature values (src/map/feature_values.ts): only changed values are given,
// a frame's budget at a time, and new data gets every value again.
import { describe, expect, it } from 'vitest';
import { FeatureValueQueue } from '../../src/map/feature_values';

function recorder() {
  const given: [string, number, number][] = [];
  return { given, give: (source: string, index: number, value: number) => void given.push([source, index, value]) };
}
const always = () => true;

describe('the feature value queue', () => {
  it('gives every value the first time and afterwards only those that changed', () => {
    const queue = new FeatureValueQueue();
    const first = recorder();
    queue.want('s', [1, 2, 3]);
    expect(queue.step(100, first.give, always)).toBe(true);
    expect(first.given).toEqual([
      ['s', 0, 1],
      ['s', 1, 2],
      ['s', 2, 3],
    ]);
    const second = recorder();
    queue.want('s', [1, 5, 3]);
    expect(queue.step(100, second.give, always)).toBe(true);
    expect(second.given).toEqual([['s', 1, 5]]);
    expect(queue.pending).toBe(false);
  });

  it('gives at most the budget per step, in order, until every wanted value is given', () => {
    const queue = new FeatureValueQueue();
    const values = Float32Array.from({ length: 25 }, (_, i) => i);
    queue.want('big', values);
    const steps: number[][] = [];
    for (let n = 0; n < 10 && queue.pending; n++) {
      const step = recorder();
      queue.step(10, step.give, always);
      steps.push(step.given.map(([, index]) => index));
    }
    expect(steps.map((s) => s.length)).toEqual([10, 10, 5]);
    expect(steps.flat()).toEqual([...values.keys()]);
  });

  it('a newer wish replaces one not yet given in full: the rest is given from the newer values', () => {
    const queue = new FeatureValueQueue();
    queue.want('s', [1, 1, 1, 1]);
    queue.step(2, () => {}, always);
    queue.want('s', [1, 1, 7, 7]);
    const rest = recorder();
    expect(queue.step(10, rest.give, always)).toBe(true);
    expect(rest.given).toEqual([
      ['s', 2, 7],
      ['s', 3, 7],
    ]);
  });

  it('after forget (new features under the same ids) every value is given again; a source that is gone is dropped', () => {
    const queue = new FeatureValueQueue();
    queue.want('s', [4, 4]);
    queue.step(10, () => {}, always);
    queue.forget('s');
    queue.want('s', [4, 4]);
    const again = recorder();
    queue.step(10, again.give, always);
    expect(again.given).toHaveLength(2);
    queue.want('gone', [1]);
    const none = recorder();
    expect(queue.step(10, none.give, (source) => source !== 'gone')).toBe(true);
    expect(none.given).toEqual([]);
    expect(queue.pending).toBe(false);
  });

  it('tells a copy of the map (an exported image) each feature’s value: what is still wanted over what was given', () => {
    const queue = new FeatureValueQueue();
    queue.want('grid', [1, 2, 3]);
    queue.want('outfalls', [0, 1]);
    queue.step(100, () => {}, always);
    expect(queue.pending).toBe(false);
    queue.want('grid', [1, 9, 3]);
    const current = queue.current();
    expect(Array.from(current.get('grid')!)).toEqual([1, 9, 3]);
    expect(Array.from(current.get('outfalls')!)).toEqual([0, 1]);
  });
});
