// Per-feature values (feature-state `v`) the layers ask for, given to the map where they
// differ from what it has. Each value given costs MapLibre a paint-array update in its next
// frame, plus a re-upload of the paint buffer of every tile it touches. A source may ask for
// at most so many values per frame (`perFrame`): a 筛选 step that changes 8,000 of 100,000
// outfalls made one frame of 45–60 ms on the bench machine, and 3,000 per frame, in an
// order that keeps nearby features together (the map view's tile order, so each frame
// touches few tiles), keeps every frame under 50 ms. Not for the hotspot grid: a frame that
// changes any of its cells costs about the same whatever their number, so spreading a day
// step over frames multiplied it (measured: 18 ms → 118 ms a step on the city grid, 0.3 s →
// 11 s on 100,000 cells). The values always converge on the latest asked for: a newer request
// before the last one is through is simply the new goal (nothing queues up).

export class FeatureValues {
  /** The latest values asked for, per source, as passed (not copied), and how many may be given per frame. */
  private readonly wanted = new Map<string, { values: ArrayLike<number>; perFrame: number }>();
  /** What the map has been given, per source: the value, and whether it was given at all. */
  private readonly given = new Map<string, { values: Float64Array; known: Uint8Array }>();

  /** Ask for these values (a new array each time: it is kept), at most `perFrame` given per frame. Given by `give`. */
  set(source: string, values: ArrayLike<number>, perFrame = Infinity): void {
    this.wanted.set(source, { values, perFrame });
  }

  /** The source's features are new (same ids, new data): every value is given again. */
  forget(source: string): void {
    this.given.delete(source);
  }

  /** The source left the map: nothing more is given to it. */
  drop(source: string): void {
    this.given.delete(source);
    this.wanted.delete(source);
  }

  /**
   * Give each source's values that differ from what the map has, at most its `perFrame` of
   * them, in `orderOf(source)` (feature indexes; index order when null). Returns whether some
   * still differ: call again after the map's next frame.
   */
  give(give: (source: string, index: number, value: number) => void, orderOf: (source: string) => ArrayLike<number> | null = () => null): boolean {
    let more = false;
    for (const [source, { values, perFrame }] of this.wanted) {
      let had = this.given.get(source);
      if (!had || had.values.length !== values.length) {
        had = { values: new Float64Array(values.length), known: new Uint8Array(values.length) };
        this.given.set(source, had);
      }
      const order = Number.isFinite(perFrame) ? orderOf(source) : null;
      const inOrder = order && order.length === values.length ? order : null;
      let left = perFrame;
      for (let k = 0; k < values.length; k++) {
        const i = inOrder ? inOrder[k] : k;
        const value = values[i];
        // NaN counts as equal to NaN: a value the map has is never given again.
        if (had.known[i] && (had.values[i] === value || (value !== value && had.values[i] !== had.values[i]))) continue;
        if (left === 0) {
          more = true;
          break;
        }
        give(source, i, value);
        had.values[i] = value;
        had.known[i] = 1;
        left--;
      }
    }
    return more;
  }

  /** The value each source's features are to have, by feature id, for a copy of the map (an exported image). */
  current(): Map<string, ArrayLike<number>> {
    return new Map([...this.wanted].map(([source, { values }]) => [source, values]));
  }
}

/** Beyond this zoom, features are grouped by the tiles of this zoom: still near one another, and few groups. */
const MAX_GROUPING_ZOOM = 14;

/**
 * Feature indexes ordered by the map tile (at `zoom`, capped) their first coordinate falls
 * in, tiles row by row; features without coordinates last. A counting sort: linear, a few
 * milliseconds for 100,000 features.
 */
export function tileOrder(features: readonly GeoJSON.Feature[], zoom: number): Int32Array {
  const z = Math.max(0, Math.min(MAX_GROUPING_ZOOM, Math.floor(zoom)));
  const scale = 2 ** z;
  const n = features.length;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const at = firstCoordinate(features[i].geometry);
    if (!at) {
      xs[i] = -1;
      continue;
    }
    const lat = Math.max(-85, Math.min(85, at[1])) * (Math.PI / 180);
    const x = Math.min(scale - 1, Math.max(0, Math.floor(((at[0] + 180) / 360) * scale)));
    const y = Math.min(scale - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * scale)));
    xs[i] = x;
    ys[i] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const width = maxX >= minX ? maxX - minX + 1 : 0;
  const tiles = width * (maxY >= minY ? maxY - minY + 1 : 0);
  // Slot `tiles` holds the features without coordinates.
  const keyOf = (i: number) => (xs[i] < 0 ? tiles : (ys[i] - minY) * width + (xs[i] - minX));
  const starts = new Int32Array(tiles + 2);
  for (let i = 0; i < n; i++) starts[keyOf(i) + 1]++;
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[starts[keyOf(i)]++] = i;
  return order;
}

function firstCoordinate(geometry: GeoJSON.Geometry | null): GeoJSON.Position | null {
  if (!geometry) return null;
  switch (geometry.type) {
    case 'Point':
      return geometry.coordinates;
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates[0] ?? null;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates[0]?.[0] ?? null;
    case 'MultiPolygon':
      return geometry.coordinates[0]?.[0]?.[0] ?? null;
    case 'GeometryCollection':
      return geometry.geometries.length > 0 ? firstCoordinate(geometry.geometries[0]) : null;
  }
}
