// Benchmark: the field inspector's two per-event costs, against the naive loop.
//   search per keystroke  — searchOutfalls (src/spatial/outfall_search.ts) while a few
//                           realistic queries are typed character by character;
//   nearest-20 per fix    — nearestOutfalls (src/spatial/nearest_outfalls.ts) along a
//                           walk of GPS positions beside the 湛河.
// On the real 3,090 outfalls and on a generated 100,000. Prints a table and writes
// bench/search_nearest.json. Run: npx tsx bench/search_nearest.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import { generateOutfalls } from './generated_outfalls';
import type { OutfallFeature, OutfallProperties, RemediationStatus, RiverFeature } from '../src/data/types';
import { createOutfallIndex, nearestOutfalls } from '../src/spatial/nearest_outfalls';
import { createOutfallSearch, searchOutfalls } from '../src/spatial/outfall_search';
import { pinyinInitials } from '../src/spatial/pinyin_initials';

const dataUrl = (file: string) => new URL(`../data/${file}`, import.meta.url);
const realOutfalls = (JSON.parse(readFileSync(dataUrl('outfalls.geojson'), 'utf8')) as { features: OutfallFeature[] }).features.map((f) => f.properties);
const rivers = (JSON.parse(readFileSync(dataUrl('rivers.geojson'), 'utf8')) as { features: RiverFeature[] }).features;

// ---- data ----------------------------------------------------------------------------

/** A walk beside the 湛河 from source to mouth, a fix every ~5 m with ±10 m of GPS noise. */
function walkBesideZhanhe(seed: string): [number, number][] {
  const rng = seedrandom(seed);
  const line = rivers.find((r) => r.properties.name === '湛河');
  if (!line || line.geometry.type !== 'LineString') throw new Error('湛河 line missing from data/rivers.geojson');
  const coords = line.geometry.coordinates;
  const fixes: [number, number][] = [];
  const stepDeg = 5 / 111_000;
  const noiseDeg = 10 / 111_000;
  for (let i = 0; i < coords.length - 1; i++) {
    const [x0, y0] = coords[i];
    const [x1, y1] = coords[i + 1];
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / stepDeg));
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      fixes.push([x0 + (x1 - x0) * t + (rng() - 0.5) * 2 * noiseDeg, y0 + (y1 - y0) * t + (rng() - 0.5) * 2 * noiseDeg]);
    }
  }
  return fixes;
}

/** What an inspector types: a full code, a partial code, Chinese words, pinyin initials, two terms. */
const QUERIES = ['PDS-ZH-0195', '0195', '湛河 北渡', '博瑞', '九里山', 'bgs', '尧山镇 养殖'];

// ---- the naive loops -----------------------------------------------------------------

/** Filter every outfall with String.includes (lower-cased on the fly), first 20: no ranking, no pinyin. */
function naiveSearch(outfalls: readonly OutfallProperties[], query: string, limit = 20): OutfallProperties[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  return outfalls
    .filter((o) => terms.every((t) => [o.code, o.name, o.township, o.river, o.responsibleUnit].some((f) => f.toLowerCase().includes(t))))
    .slice(0, limit);
}

function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

/** Haversine to every outfall, sort, first 20. */
function naiveNearest(outfalls: readonly OutfallProperties[], lon: number, lat: number, filter?: (o: OutfallProperties) => boolean, count = 20) {
  return outfalls
    .filter((o) => !filter || filter(o))
    .map((outfall) => ({ outfall, distanceM: haversineM(lon, lat, outfall.lon, outfall.lat) }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, count);
}

// ---- timing --------------------------------------------------------------------------

interface Stats {
  operations: number;
  medianUs: number;
  p95Us: number;
}

function stats(samplesMs: number[]): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 1000;
  return { operations: sorted.length, medianUs: round(at(0.5)), p95Us: round(at(0.95)) };
}
const round = (v: number) => Math.round(v * 100) / 100;

/** Time each operation separately, after one untimed warm-up pass over them all. */
function timeEach(operations: (() => unknown)[], rounds: number): number[] {
  for (const op of operations) op();
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (const op of operations) {
      const t0 = performance.now();
      const result = op();
      samples.push(performance.now() - t0);
      if (Array.isArray(result)) sink += result.length;
    }
  }
  if (sink < 0) console.log(sink); // keeps the results alive
  return samples;
}

interface Row {
  dataset: string;
  outfalls: number;
  operation: string;
  ours: Stats;
  naive: Stats;
  /** naive ÷ ours of the medians, and of the p95s. */
  ratioMedian: number;
  ratioP95: number;
}

function compare(dataset: string, n: number, operation: string, ours: number[], naive: number[]): Row {
  const o = stats(ours);
  const v = stats(naive);
  return { dataset, outfalls: n, operation, ours: o, naive: v, ratioMedian: round(v.medianUs / o.medianUs), ratioP95: round(v.p95Us / o.p95Us) };
}

function runDataset(dataset: string, outfalls: OutfallProperties[], rounds: number): { rows: Row[]; buildMs: Record<string, number> } {
  let t0 = performance.now();
  const search = createOutfallSearch(outfalls, pinyinInitials);
  const searchBuildMs = performance.now() - t0;
  t0 = performance.now();
  const index = createOutfallIndex(outfalls);
  const indexBuildMs = performance.now() - t0;

  // Each typed query starts with an empty search box: forget earlier queries' matches.
  const keystrokes: { prefix: string; first: boolean }[] = QUERIES.flatMap((q) => [...q].map((_, i) => ({ prefix: q.slice(0, i + 1), first: i === 0 })));
  const ourSearch = keystrokes.map(({ prefix, first }) => () => {
    if (first) search.recent.length = 0;
    return searchOutfalls(search, prefix);
  });
  const naiveSearchOps = keystrokes.map(
    ({ prefix }) =>
      () =>
        naiveSearch(outfalls, prefix),
  );

  const walk = walkBesideZhanhe('walk');
  const notStarted = (o: OutfallProperties) => o.remediationStatus === ('未启动' satisfies RemediationStatus);
  const ourNearest = walk.map(
    ([lon, lat]) =>
      () =>
        nearestOutfalls(index, lon, lat, { count: 20 }),
  );
  const naiveNearestOps = walk.map(
    ([lon, lat]) =>
      () =>
        naiveNearest(outfalls, lon, lat),
  );
  const ourFiltered = walk.map(
    ([lon, lat]) =>
      () =>
        nearestOutfalls(index, lon, lat, { count: 20, filter: notStarted }),
  );
  const naiveFiltered = walk.map(
    ([lon, lat]) =>
      () =>
        naiveNearest(outfalls, lon, lat, notStarted),
  );

  // The naive nearest loop on 100k is slow: time it on every 10th fix there.
  const naiveStride = outfalls.length > 10_000 ? 10 : 1;
  const strided = <T>(ops: T[]) => ops.filter((_, i) => i % naiveStride === 0);

  const rows = [
    compare(
      dataset,
      outfalls.length,
      `search per keystroke (${keystrokes.length} keystrokes, ${QUERIES.length} queries)`,
      timeEach(ourSearch, rounds),
      timeEach(naiveSearchOps, rounds),
    ),
    compare(dataset, outfalls.length, `nearest-20 per position (${walk.length} fixes)`, timeEach(ourNearest, rounds), timeEach(strided(naiveNearestOps), 1)),
    compare(dataset, outfalls.length, 'nearest-20 未启动 only, per position', timeEach(ourFiltered, rounds), timeEach(strided(naiveFiltered), 1)),
  ];
  return { rows, buildMs: { search: round(searchBuildMs), nearestIndex: round(indexBuildMs) } };
}

// ---- main ----------------------------------------------------------------------------

const generated = generateOutfalls(realOutfalls, 100_000, 'bench-100k');
const results = [runDataset('real', realOutfalls, 5), runDataset('generated', generated, 3)];

const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
console.log('\n| data | operation | ours median µs | ours p95 µs | naive median µs | naive p95 µs | naive ÷ ours (median) | (p95) |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { rows } of results) {
  for (const r of rows) {
    console.log(
      `| ${r.dataset} ${fmt(r.outfalls)} | ${r.operation} | ${fmt(r.ours.medianUs)} | ${fmt(r.ours.p95Us)} | ${fmt(r.naive.medianUs)} | ${fmt(r.naive.p95Us)} | ${fmt(r.ratioMedian)} | ${fmt(r.ratioP95)} |`,
    );
  }
}
console.log('\n| data | build search index ms | build nearest index ms |');
console.log('| --- | ---: | ---: |');
for (const [i, { buildMs }] of results.entries())
  console.log(`| ${i === 0 ? 'real 3,090' : 'generated 100,000'} | ${fmt(buildMs.search)} | ${fmt(buildMs.nearestIndex)} |`);

writeFileSync(
  new URL('./search_nearest.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, queries: QUERIES, results }, null, 2)}\n`,
);
