// Makes a polygon valid (OGC simple-feature rules as @turf/kinks and GIS tools check them):
// no self-intersecting or self-touching ring, no zero-width spikes, no sliver parts or
// tiny holes, exterior rings counter-clockwise and holes clockwise (RFC 7946).
//
// The county boundaries come quantised to 1/1024° from a web-map source and then
// converted from GCJ-02: the ring doubles back on itself (A-B-A spikes), touches itself
// where two boundary runs were snapped onto the same grid point, crosses itself in a few
// tiny bow-ties, and two counties carry a scrap part of < 0.1 km². Point-in-polygon
// (even-odd or winding) gives different answers on such rings, so the city's filters and
// the generator could disagree about which county a point lies in.
//
// A maintained library would do this in one call (polyclip-ts, which @turf/union uses,
// reads self-crossing rings by the non-zero rule and returns a valid MultiPolygon), but it
// is not among the project's dependencies; this is the same repair for the defects that
// occur here, checked independently by tests/unit/demo_waters.test.ts with @turf/kinks.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { M_PER_DEG_LAT, M_PER_DEG_LON } from './geo.ts';

export interface CleanOptions {
  /** Parts (and the loops a self-touching ring splits into) smaller than this are dropped, km². */
  minPartKm2: number;
  /** Holes smaller than this are filled, km². */
  minHoleKm2: number;
}

export const DEFAULT_CLEAN: CleanOptions = { minPartKm2: 0.5, minHoleKm2: 0.5 };

const same = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];
const key = (p: Position): string => `${p[0]},${p[1]}`;

/** Signed area in km² (positive: counter-clockwise), on a local plane. */
export function ringAreaKm2(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return (a / 2) * ((M_PER_DEG_LON * M_PER_DEG_LAT) / 1e6);
}

function cross(o: Position, a: Position, b: Position): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/**
 * A spike's tip: b where the boundary goes a → b and back along the same line (within
 * about half a degree: the GCJ-02 conversion and rounding bend a straight reversal
 * by a few hundredths of a degree, which leaves a sliver of zero width).
 */
function isSpike(a: Position, b: Position, c: Position): boolean {
  const ux = b[0] - a[0];
  const uy = b[1] - a[1];
  const vx = c[0] - b[0];
  const vy = c[1] - b[1];
  const sin2 = (ux * vy - uy * vx) ** 2 / ((ux * ux + uy * uy) * (vx * vx + vy * vy) || 1);
  return ux * vx + uy * vy <= 0 && sin2 <= 1e-4;
}

/** Open ring (no closing vertex) without consecutive duplicates, zero-width spikes or straight reversals. */
function removeSpikes(open: Position[]): Position[] {
  let pts = open;
  let settledPasses = 0;
  for (let pass = 0; pass < 2 * open.length; pass++) {
    const stack: Position[] = [];
    for (const p of pts) {
      if (stack.length > 0 && same(stack[stack.length - 1], p)) continue;
      // Pop tips as long as the new vertex turns the last two into a spike.
      while (stack.length >= 2 && isSpike(stack[stack.length - 2], stack[stack.length - 1], p)) stack.pop();
      if (stack.length > 0 && same(stack[stack.length - 1], p)) continue;
      stack.push(p);
    }
    while (stack.length > 1 && same(stack[0], stack[stack.length - 1])) stack.pop();
    // The seam (last, first, second) is not looked at in a pass: rotate it into the middle for the next one.
    settledPasses = stack.length === pts.length ? settledPasses + 1 : 0;
    const half = Math.floor(stack.length / 2);
    pts = [...stack.slice(half), ...stack.slice(0, half)];
    if (settledPasses >= 2 || pts.length <= 3) break;
  }
  return pts;
}

/** Where segments ab and cd cross at a point inside both (not at an end), or null. */
function properCrossing(a: Position, b: Position, c: Position, d: Position): Position | null {
  const d1 = cross(a, b, c);
  const d2 = cross(a, b, d);
  const d3 = cross(c, d, a);
  const d4 = cross(c, d, b);
  if (!((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) || !((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return null;
  const t = d3 / (d3 - d4);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** Insert a vertex wherever two edges of the ring cross, so that every self-intersection becomes a shared vertex. */
function nodeCrossings(open: Position[]): Position[] {
  const n = open.length;
  const inserts = new Map<number, { t: number; p: Position }[]>();
  for (let i = 0; i < n; i++) {
    const a = open[i];
    const b = open[(i + 1) % n];
    const ax0 = Math.min(a[0], b[0]);
    const ax1 = Math.max(a[0], b[0]);
    const ay0 = Math.min(a[1], b[1]);
    const ay1 = Math.max(a[1], b[1]);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const c = open[j];
      const d = open[(j + 1) % n];
      if (Math.max(c[0], d[0]) < ax0 || Math.min(c[0], d[0]) > ax1 || Math.max(c[1], d[1]) < ay0 || Math.min(c[1], d[1]) > ay1) continue;
      const p = properCrossing(a, b, c, d);
      if (!p) continue;
      const along = (s: Position, e: Position): number => Math.hypot(p[0] - s[0], p[1] - s[1]) / Math.hypot(e[0] - s[0], e[1] - s[1]);
      inserts.set(i, [...(inserts.get(i) ?? []), { t: along(a, b), p }]);
      inserts.set(j, [...(inserts.get(j) ?? []), { t: along(c, d), p }]);
    }
  }
  if (inserts.size === 0) return open;
  const out: Position[] = [];
  for (let i = 0; i < n; i++) {
    out.push(open[i]);
    for (const { p } of (inserts.get(i) ?? []).sort((x, y) => x.t - y.t)) out.push(p);
  }
  return out;
}

/** Split a ring that touches itself into loops that do not: each repeated vertex closes a loop. */
function splitAtRepeats(open: Position[]): Position[][] {
  const loops: Position[][] = [];
  const path: Position[] = [];
  const at = new Map<string, number>();
  for (const p of [...open, open[0]]) {
    const k = key(p);
    const seen = at.get(k);
    if (seen !== undefined) {
      const loop = path.splice(seen);
      for (const q of loop) at.delete(key(q));
      if (loop.length >= 3) loops.push(loop);
    }
    at.set(k, path.length);
    path.push(p);
  }
  return loops;
}

function closed(open: Position[], ccw: boolean): Position[] {
  const ring = [...open, open[0]];
  return ringAreaKm2(ring) > 0 === ccw ? ring : ring.reverse();
}

/** Simple loops of one ring, with their signed areas. */
function loopsOf(ring: Position[]): { loop: Position[]; area: number }[] {
  const open = same(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring.slice();
  // Nodes created by the crossings can leave new spikes, and removing spikes can expose repeats: repeat until stable.
  const loops = splitAtRepeats(nodeCrossings(removeSpikes(open))).flatMap((l) => {
    const s = removeSpikes(l);
    return s.length >= 3 ? splitAtRepeats(s) : [];
  });
  return loops.map((loop) => ({ loop, area: ringAreaKm2([...loop, loop[0]]) }));
}

/** A valid Polygon or MultiPolygon covering what the input meant: see the module comment. */
export function cleanPolygon(geometry: Polygon | MultiPolygon, options: CleanOptions = DEFAULT_CLEAN): Polygon | MultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const parts: Position[][][] = [];
  for (const rings of polygons) {
    const outerLoops = loopsOf(rings[0]);
    if (outerLoops.length === 0) continue;
    // The ring's own orientation is that of its largest loop; loops turning the other way are where it twisted or pinched off a hole.
    const main = outerLoops.reduce((a, b) => (Math.abs(b.area) > Math.abs(a.area) ? b : a));
    const sign = Math.sign(main.area);
    const outers = outerLoops.filter((l) => Math.sign(l.area) === sign && Math.abs(l.area) >= options.minPartKm2).map((l) => closed(l.loop, true));
    const holes = [
      ...outerLoops.filter((l) => Math.sign(l.area) !== sign),
      ...rings.slice(1).flatMap((h) => loopsOf(h)),
    ]
      .filter((l) => Math.abs(l.area) >= options.minHoleKm2)
      .map((l) => closed(l.loop, false));
    for (const outer of outers) {
      const own = holes.filter((h) => pointInRing(h[0], outer));
      parts.push([outer, ...own]);
    }
  }
  parts.sort((a, b) => ringAreaKm2(b[0]) - ringAreaKm2(a[0]));
  if (parts.length === 0) throw new Error('cleanPolygon: nothing left of the polygon');
  return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts };
}

function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
