// The scale bar of an exported map image: the longest round distance (1, 2 or 5 × 10ⁿ
// metres) that fits in the room given, and its label in Chinese units. Pure, so the
// image's bar and its label are tested without a map.

/** Metres per (CSS) pixel of Web Mercator at zoom 0 on the equator: MapLibre's 512-pixel world. */
const EQUATOR_METRES_PER_PIXEL_Z0 = 40_075_016.686 / 512;

/** Ground metres one pixel covers at `lat` and `zoom` (MapLibre's 512-pixel tiles), before any pixel ratio. */
export function metresPerCssPixel(lat: number, zoom: number): number {
  return (EQUATOR_METRES_PER_PIXEL_Z0 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

export interface ScaleBar {
  /** Length of the bar in image pixels. */
  lengthPx: number;
  /** The distance the bar stands for. */
  metres: number;
  /** e.g. "500 米", "2 公里". */
  label: string;
}

/** The bar for `metresPerPixel` (image pixels) no longer than `maxLengthPx`: 1, 2 or 5 × 10ⁿ metres. */
export function scaleBar(metresPerPixel: number, maxLengthPx: number): ScaleBar {
  if (!(metresPerPixel > 0) || !Number.isFinite(metresPerPixel) || !(maxLengthPx > 0)) throw new RangeError('比例尺参数无效');
  const maxMetres = metresPerPixel * maxLengthPx;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  // Floating point: 0.3 / 0.1 is 2.9999…; a hair of tolerance keeps 3 × 10ⁿ from becoming 2 × 10ⁿ wrongly.
  const leading = maxMetres / power + 1e-9;
  const step = leading >= 5 ? 5 : leading >= 2 ? 2 : 1;
  const metres = step * power;
  return { lengthPx: metres / metresPerPixel, metres, label: distanceLabel(metres) };
}

/** A round distance as "500 米" or "2 公里" (and "0.5 米" on a very close view). */
export function distanceLabel(metres: number): string {
  if (metres >= 1000) return `${trim(metres / 1000)} 公里`;
  return `${trim(metres)} 米`;
}

const trim = (n: number): string => String(Number(n.toPrecision(6)));
