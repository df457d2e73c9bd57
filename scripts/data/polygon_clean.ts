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
// The repair itself is polyclip-ts's (the polygon clipper @turf/union uses): the union of
// the geometry with nothing else is valid, self-crossings and self-touching rings resolved.
// Around it, only what validity does not cover: zero-width spikes removed before, sliver
// parts and tiny holes dropped after. Checked independently by tests/unit/demo_waters.test.ts
// with @turf/kinks.
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { union } from 'polyclip-ts';
import type { Geom } from 'polyclip-ts';
import { M_PER_DEG_LAT, M_PER_DEG_LON } from './geo.ts';

export interface CleanOptions {
  /** Parts (and the loops a self-touching ring splits into) smaller than this are dropped, km². */
  minPartKm2: number;
  /** Holes smaller than this are filled, km². */
  minHoleKm2: number;
}

export const DEFAULT_CLEAN: CleanOptions = { minPartKm2: 0.5, minHoleKm2: 0.5 };

const same = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];

/** Signed area in km² (positive: counter-clockwise), on a local plane. */
export function ringAreaKm2(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return (a / 2) * ((M_PER_DEG_LON * M_PER_DEG_LAT) / 1e6);
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

function closed(open: Position[], ccw: boolean): Position[] {
  const ring = same(open[0], open[open.length - 1]) ? open.slice() : [...open, open[0]];
  return ringAreaKm2(ring) > 0 === ccw ? ring : ring.reverse();
}

/** A valid Polygon or MultiPolygon covering what the input meant: see the module comment. */
export function cleanPolygon(geometry: Polygon | MultiPolygon, options: CleanOptions = DEFAULT_CLEAN): Polygon | MultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // Spikes first: a near-straight reversal is a sliver of almost no width, which is valid
  // geometry and so stays through the union; it is a digitising artefact all the same.
  const despiked = polygons
    .map((rings) =>
      rings
        .map((ring) => removeSpikes(same(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring.slice()))
        .filter((open) => open.length >= 3)
        .map((open) => [...open, open[0]] as [number, number][]),
    )
    .filter((rings) => rings.length > 0);
  // The union of a geometry with nothing else is polyclip-ts's repair: crossings become
  // vertices, a ring touching itself splits, overlapping parts merge; the result is valid.
  const valid = union(despiked as Geom);
  const parts = valid
    .filter((rings) => Math.abs(ringAreaKm2(rings[0])) >= options.minPartKm2)
    .map((rings) => [
      closed(rings[0], true),
      ...rings
        .slice(1)
        .filter((hole) => Math.abs(ringAreaKm2(hole)) >= options.minHoleKm2)
        .map((hole) => closed(hole, false)),
    ]);
  parts.sort((a, b) => ringAreaKm2(b[0]) - ringAreaKm2(a[0]));
  if (parts.length === 0) throw new Error('cleanPolygon: nothing left of the polygon');
  return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts };
}
