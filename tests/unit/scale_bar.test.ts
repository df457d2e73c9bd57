// The exported image's scale bar (src/spatial/scale_bar.ts): a round distance that fits, its
// length in image pixels and its Chinese label, from the map's metres per pixel.
import { describe, expect, it } from 'vitest';
import { distanceLabel, metresPerCssPixel, scaleBar } from '../../src/spatial/scale_bar';

describe('metres per pixel', () => {
  it('is MapLibre’s 512-pixel world: 78,271.5 m at zoom 0 on the equator, halving per zoom level', () => {
    expect(metresPerCssPixel(0, 0)).toBeCloseTo(78_271.517, 2);
    expect(metresPerCssPixel(0, 10)).toBeCloseTo(78_271.517 / 1024, 4);
  });

  it('shrinks with the cosine of the latitude (Pingdingshan, 33.7° N: 0.832)', () => {
    expect(metresPerCssPixel(60, 5) / metresPerCssPixel(0, 5)).toBeCloseTo(0.5, 10);
    expect(metresPerCssPixel(33.7, 9)).toBeCloseTo((78_271.517 * Math.cos((33.7 * Math.PI) / 180)) / 512, 3);
  });
});

describe('the scale bar', () => {
  it('takes the longest 1, 2 or 5 × 10ⁿ metres that fits', () => {
    expect(scaleBar(10, 200)).toEqual({ lengthPx: 200, metres: 2000, label: '2 公里' });
    expect(scaleBar(10, 499)).toEqual({ lengthPx: 200, metres: 2000, label: '2 公里' });
    expect(scaleBar(10, 500)).toEqual({ lengthPx: 500, metres: 5000, label: '5 公里' });
    expect(scaleBar(10, 999)).toEqual({ lengthPx: 500, metres: 5000, label: '5 公里' });
    expect(scaleBar(10, 1000)).toEqual({ lengthPx: 1000, metres: 10_000, label: '10 公里' });
  });

  it('is never longer than the room, and at least 40 % of it', () => {
    for (const mpp of [0.37, 1, 2.9, 13.4, 56, 123.4, 1000]) {
      for (const room of [60, 190, 381, 760]) {
        const bar = scaleBar(mpp, room);
        expect(bar.lengthPx).toBeLessThanOrEqual(room + 1e-9);
        expect(bar.lengthPx).toBeGreaterThanOrEqual(room * 0.4);
        expect(bar.lengthPx * mpp).toBeCloseTo(bar.metres, 6);
      }
    }
  });

  it('does not lose a step to floating point (0.3 / 0.1 is 2.999…)', () => {
    expect(scaleBar(0.1, 3).metres).toBe(0.2);
    expect(scaleBar(1, 300).metres).toBe(200);
    expect(scaleBar(0.001, 5).metres).toBeCloseTo(0.005, 12);
  });

  it('the city at zoom 8.3 and pixel ratio 1.5 (138 m a pixel): 20 km in a 190 px room, 50 km in 380 px', () => {
    const mpp = metresPerCssPixel(33.75, 8.3) / 1.5;
    expect(mpp).toBeCloseTo(137.7, 1);
    expect(scaleBar(mpp, 190).label).toBe('20 公里');
    expect(scaleBar(mpp, 380).label).toBe('50 公里');
  });

  it('labels metres under a kilometre in 米 and the rest in 公里, without trailing zeros', () => {
    expect(distanceLabel(500)).toBe('500 米');
    expect(distanceLabel(1000)).toBe('1 公里');
    expect(distanceLabel(20_000)).toBe('20 公里');
    expect(distanceLabel(0.5)).toBe('0.5 米');
  });

  it('refuses a scale that is not a positive number', () => {
    expect(() => scaleBar(0, 100)).toThrow(RangeError);
    expect(() => scaleBar(Number.NaN, 100)).toThrow(RangeError);
    expect(() => scaleBar(10, 0)).toThrow(RangeError);
  });
});
