// Reservoir outlines shaped like dammed valleys, and the demo drinking-water source
// protection zones around them, from hand-digitised valley skeletons
// (scripts/sources/reservoir-valleys.json).
//
// A skeleton is a few centrelines ("arms": the main valley and the side valleys the
// water backs up into) with a half-width at each vertex, and the dams as lines with a
// dry side. The water is every 40 m pixel within an arm's (tapering) half-width and not
// beyond a dam; its outline is the pixel boundary, simplified (Douglas–Peucker). The
// half-widths are scaled together until the water has the area the reservoir has at its
// normal pool level, so the outline's shape is hand-drawn but its area is the published
// (or estimated) figure. A protection zone is the same construction with every
// half-width widened by the zone's land strip: the water plus that strip, still cut off
// at the dams (land below a dam, or behind a flood dyke, does not drain into the water).
import type { Position } from 'geojson';
import { M_PER_DEG_LAT, M_PER_DEG_LON, round6, type LonLat } from './geo.ts';

/** [lon, lat, half-width in metres] */
export type ArmVertex = [number, number, number];

export interface ValleySkeleton {
  arms: { name: string; points: ArmVertex[] }[];
  /** Dam lines; `dry` is any point on the downstream (dry) side. */
  dams: { name: string; line: LonLat[]; dry: LonLat }[];
}

const CELL_M = 40;

/** Local plane in metres around a reference point: accurate to well under 1 % over a reservoir. */
interface Plane {
  x(p: Position): number;
  y(p: Position): number;
  lonLat(x: number, y: number): LonLat;
}

function planeAt(ref: Position): Plane {
  return {
    x: (p) => (p[0] - ref[0]) * M_PER_DEG_LON,
    y: (p) => (p[1] - ref[1]) * M_PER_DEG_LAT,
    lonLat: (x, y) => [round6(ref[0] + x / M_PER_DEG_LON), round6(ref[1] + y / M_PER_DEG_LAT)],
  };
}

interface Grid {
  x0: number;
  y0: number;
  nx: number;
  ny: number;
  cells: Uint8Array;
}

type XY = [number, number];

function segmentParam(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  return len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
}

/** Nearest point of a polyline: distance, the segment, and whether it lies past either end. */
function nearestOnPolyline(p: XY, line: XY[]): { d: number; seg: number; beyond: boolean } {
  let best = { d: Infinity, seg: 0, beyond: false };
  for (let i = 0; i < line.length - 1; i++) {
    const t = segmentParam(p, line[i], line[i + 1]);
    const tc = Math.max(0, Math.min(1, t));
    const d = Math.hypot(p[0] - (line[i][0] + tc * (line[i + 1][0] - line[i][0])), p[1] - (line[i][1] + tc * (line[i + 1][1] - line[i][1])));
    if (d < best.d) best = { d, seg: i, beyond: (i === 0 && t < 0) || (i === line.length - 2 && t > 1) };
  }
  return best;
}

const side = (p: XY, a: XY, b: XY): number => Math.sign((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]));

/** The pixels of the water (extraM = 0) or of the water plus a land strip of extraM. */
function rasterise(skeleton: ValleySkeleton, plane: Plane, scale: number, extraM: number): Grid {
  const arms = skeleton.arms.map((a) => a.points.map((v): [number, number, number] => [plane.x(v), plane.y(v), v[2] * scale + extraM]));
  const all = arms.flat();
  const margin = Math.max(...all.map((v) => v[2])) + 3 * CELL_M;
  const x0 = Math.min(...all.map((v) => v[0])) - margin;
  const y0 = Math.min(...all.map((v) => v[1])) - margin;
  const nx = Math.ceil((Math.max(...all.map((v) => v[0])) + margin - x0) / CELL_M);
  const ny = Math.ceil((Math.max(...all.map((v) => v[1])) + margin - y0) / CELL_M);
  const cells = new Uint8Array(nx * ny);
  for (const arm of arms) {
    for (let s = 0; s < arm.length - 1; s++) {
      const a = arm[s];
      const b = arm[s + 1];
      const w = Math.max(a[2], b[2]);
      const i0 = Math.max(0, Math.floor((Math.min(a[0], b[0]) - w - x0) / CELL_M));
      const i1 = Math.min(nx - 1, Math.ceil((Math.max(a[0], b[0]) + w - x0) / CELL_M));
      const j0 = Math.max(0, Math.floor((Math.min(a[1], b[1]) - w - y0) / CELL_M));
      const j1 = Math.min(ny - 1, Math.ceil((Math.max(a[1], b[1]) + w - y0) / CELL_M));
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const p: XY = [x0 + (i + 0.5) * CELL_M, y0 + (j + 0.5) * CELL_M];
          const t = Math.max(0, Math.min(1, segmentParam(p, [a[0], a[1]], [b[0], b[1]])));
          // The valley tapers between the vertices' half-widths.
          const half = a[2] + t * (b[2] - a[2]);
          if (Math.hypot(p[0] - (a[0] + t * (b[0] - a[0])), p[1] - (a[1] + t * (b[1] - a[1]))) <= half) cells[j * nx + i] = 1;
        }
      }
    }
  }
  // The dams: nothing on a dam's dry side counts. A zone's strip is cut the same way,
  // with the dam line carried on past its ends by the width of the strip.
  for (const dam of skeleton.dams) {
    const line: XY[] = dam.line.map((p) => [plane.x(p), plane.y(p)]);
    if (extraM > 0) {
      const extend = (from: XY, to: XY): XY => {
        const len = Math.hypot(to[0] - from[0], to[1] - from[1]);
        return [to[0] + ((to[0] - from[0]) / len) * extraM, to[1] + ((to[1] - from[1]) / len) * extraM];
      };
      line.unshift(extend(line[1], line[0]));
      line.push(extend(line[line.length - 2], line[line.length - 1]));
    }
    const dry: XY = [plane.x(dam.dry), plane.y(dam.dry)];
    const dryNearest = nearestOnPolyline(dry, line);
    const drySide = side(dry, line[dryNearest.seg], line[dryNearest.seg + 1]);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!cells[j * nx + i]) continue;
        const p: XY = [x0 + (i + 0.5) * CELL_M, y0 + (j + 0.5) * CELL_M];
        const near = nearestOnPolyline(p, line);
        if (!near.beyond && side(p, line[near.seg], line[near.seg + 1]) === drySide) cells[j * nx + i] = 0;
      }
    }
  }
  return { x0, y0, nx, ny, cells };
}

/**
 * The boundary of the pixels as closed loops, inside on the left (so the outer loop runs
 * counter-clockwise). Where two pixels touch only at a corner the walk turns left, so
 * that every loop is simple.
 */
function traceLoops(g: Grid): XY[][] {
  const inside = (i: number, j: number): boolean => i >= 0 && j >= 0 && i < g.nx && j < g.ny && g.cells[j * g.nx + i] === 1;
  const W = g.nx + 1;
  const out = new Map<number, number[]>();
  const add = (a: number, b: number): void => void out.set(a, [...(out.get(a) ?? []), b]);
  const v = (i: number, j: number): number => j * W + i;
  for (let j = 0; j < g.ny; j++) {
    for (let i = 0; i < g.nx; i++) {
      if (!inside(i, j)) continue;
      if (!inside(i, j - 1)) add(v(i, j), v(i + 1, j));
      if (!inside(i + 1, j)) add(v(i + 1, j), v(i + 1, j + 1));
      if (!inside(i, j + 1)) add(v(i + 1, j + 1), v(i, j + 1));
      if (!inside(i - 1, j)) add(v(i, j + 1), v(i, j));
    }
  }
  const dir = (a: number, b: number): XY => [(b % W) - (a % W), Math.floor(b / W) - Math.floor(a / W)];
  const loops: XY[][] = [];
  for (const start of [...out.keys()].sort((a, b) => a - b)) {
    while ((out.get(start) ?? []).length > 0) {
      const loop: number[] = [start];
      let prev = start;
      let cur = out.get(start)!.shift()!;
      while (cur !== start) {
        loop.push(cur);
        const options = out.get(cur)!;
        const [dx, dy] = dir(prev, cur);
        // Prefer the left turn, then straight on, then right.
        const rank = (n: number): number => {
          const [ex, ey] = dir(cur, n);
          const c = dx * ey - dy * ex;
          return c > 0 ? 0 : c === 0 ? 1 : 2;
        };
        options.sort((a, b) => rank(a) - rank(b));
        prev = cur;
        cur = options.shift()!;
      }
      loops.push(loop.map((n): XY => [g.x0 + (n % W) * CELL_M, g.y0 + Math.floor(n / W) * CELL_M]));
    }
  }
  return loops;
}

const signedArea = (ring: XY[]): number => {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
};

function douglasPeucker(points: XY[], tol: number): XY[] {
  if (points.length < 3) return points;
  const a = points[0];
  const b = points[points.length - 1];
  let worst = -1;
  let worstD = tol;
  for (let i = 1; i < points.length - 1; i++) {
    const t = Math.max(0, Math.min(1, segmentParam(points[i], a, b)));
    const d = Math.hypot(points[i][0] - (a[0] + t * (b[0] - a[0])), points[i][1] - (a[1] + t * (b[1] - a[1])));
    if (d > worstD) {
      worst = i;
      worstD = d;
    }
  }
  if (worst < 0) return [a, b];
  return [...douglasPeucker(points.slice(0, worst + 1), tol).slice(0, -1), ...douglasPeucker(points.slice(worst), tol)];
}

/** Whether two edges of the (open) ring cross or touch, other than neighbours at their shared vertex. */
function ringSelfIntersects(ring: readonly XY[]): boolean {
  const n = ring.length;
  const o = (p: XY, q: XY, r: XY): number => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const onSeg = (p: XY, q: XY, r: XY): boolean => Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1]);
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const c = ring[j];
      const d = ring[(j + 1) % n];
      const o1 = o(a, b, c);
      const o2 = o(a, b, d);
      const o3 = o(c, d, a);
      const o4 = o(c, d, b);
      if (o1 !== o2 && o3 !== o4) return true;
      if ((o1 === 0 && onSeg(a, c, b)) || (o2 === 0 && onSeg(a, d, b)) || (o3 === 0 && onSeg(c, a, d)) || (o4 === 0 && onSeg(c, b, d))) return true;
    }
  }
  return false;
}

/** Simplify a closed loop, halving the tolerance until the result is still simple. */
function simplifyLoop(loop: XY[], tol: number): XY[] {
  // Split at the vertex farthest from the first, so each half is an open polyline.
  let far = 0;
  for (let i = 1; i < loop.length; i++) if (Math.hypot(loop[i][0] - loop[0][0], loop[i][1] - loop[0][1]) > Math.hypot(loop[far][0] - loop[0][0], loop[far][1] - loop[0][1])) far = i;
  for (let t = tol; t >= 1; t /= 2) {
    const simple = [...douglasPeucker(loop.slice(0, far + 1), t).slice(0, -1), ...douglasPeucker([...loop.slice(far), loop[0]], t).slice(0, -1)];
    if (simple.length >= 4 && !ringSelfIntersects(simple)) return simple;
  }
  return loop;
}

/** Corner cutting (Chaikin): turns the pixel staircase into a smooth shore; cutting the corners of a simple polygon keeps it simple. */
function chaikin(loop: XY[]): XY[] {
  const out: XY[] = [];
  for (let i = 0; i < loop.length; i++) {
    const a = loop[i];
    const b = loop[(i + 1) % loop.length];
    out.push([0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]], [0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]]);
  }
  return out;
}

/** The outline (largest loop) of a raster, smoothed and simplified, as a closed counter-clockwise lon/lat ring. */
function outline(g: Grid, plane: Plane): { ring: LonLat[]; areaKm2: number } {
  const loops = traceLoops(g);
  const outer = loops.reduce((a, b) => (signedArea(b) > signedArea(a) ? b : a));
  const simple = simplifyLoop(chaikin(chaikin(outer)), CELL_M);
  const ring = simple.map((p) => plane.lonLat(p[0], p[1]));
  // Rounding to 6 decimals moves a vertex by < 0.1 m: it cannot make a 40 m-scale outline cross itself, but check.
  const xy = ring.map((p): XY => [plane.x(p), plane.y(p)]);
  if (ringSelfIntersects(xy)) throw new Error('valley outline crosses itself after rounding');
  return { ring: [...ring, ring[0]], areaKm2: signedArea(xy) / 1e6 };
}

export interface ValleyOutlines {
  water: LonLat[];
  areaKm2: number;
  /** The half-width scale that gives the target area. */
  scale: number;
  /** Water plus a land strip of each requested width, in the order asked. */
  zones: LonLat[][];
}

/** The water outline with the target area (to ±0.5 %), and the zones' outlines around it. */
export function valleyOutlines(skeleton: ValleySkeleton, targetKm2: number, zoneStripsM: readonly number[]): ValleyOutlines {
  const plane = planeAt(skeleton.arms[0].points[0]);
  let lo = 0.1;
  let hi = 4;
  let best = outline(rasterise(skeleton, plane, 1, 0), plane);
  let scale = 1;
  for (let k = 0; k < 30 && Math.abs(best.areaKm2 - targetKm2) > 0.005 * targetKm2; k++) {
    scale = (lo + hi) / 2;
    best = outline(rasterise(skeleton, plane, scale, 0), plane);
    if (best.areaKm2 < targetKm2) lo = scale;
    else hi = scale;
  }
  if (Math.abs(best.areaKm2 - targetKm2) > 0.005 * targetKm2) throw new Error(`valley outline: cannot reach ${targetKm2} km² (got ${best.areaKm2.toFixed(2)})`);
  const zones = zoneStripsM.map((m) => outline(rasterise(skeleton, plane, scale, m), plane).ring);
  return { water: best.ring, areaKm2: best.areaKm2, scale, zones };
}
