// Benchmark: evaluating an outfall filter (src/spatial/filter/evaluate.ts) against the naive
// loop, which asks turf about every outfall and every feature it names (no index, no box test).
// Each filter kind alone, and one combined filter, on the real 3,090 outfalls and on a generated
// 100,000 (seeded: real outfalls cloned and moved up to ~500 m, as bench/search_nearest.ts).
// Both sides must select the same outfalls (checked). Prints a table and writes
// bench/filters.json. Run: npx tsx bench/filters.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CountyFeature, OutfallFeature, OutfallProperties, ParkFeature, ReservoirFeature, RiverFeature } from '../src/data/types';
import type { OutfallFilter } from '../src/spatial/filter/description';
import { createFilterIndex, evaluateFilter } from '../src/spatial/filter/evaluate';
import { machine } from './machine';
import { CITY_CENTRE_CONCAVE, naiveArea, referenceAttributes } from '../tests/helpers/filter_reference';
import { generateOutfalls } from './generated_outfalls';

const dataUrl = (file: string) => new URL(`../data/${file}`, import.meta.url);
const features = <F>(file: string): F[] => (JSON.parse(readFileSync(dataUrl(file), 'utf8')) as { features: F[] }).features;
const realOutfalls = features<OutfallFeature>('outfalls.geojson').map((f) => f.properties);
const places = {
  counties: features<CountyFeature>('counties.geojson'),
  parks: features<ParkFeature>('parks.geojson'),
  reservoirs: features<ReservoirFeature>('reservoirs.geojson'),
  rivers: features<RiverFeature>('rivers.geojson'),
};
const TODAY = '2025-09-16';

// ---- data ----------------------------------------------------------------------------

// ---- the filters ---------------------------------------------------------------------

const DRAWN = CITY_CENTRE_CONCAVE;

/** The shape a condition tests, as the data has it (the labels follow the data, not the other way round). */
const lushan = places.counties.find((c) => c.properties.code === '410423')!.geometry;
const lushanVertices = (lushan.type === 'Polygon' ? [lushan.coordinates] : lushan.coordinates).flat().reduce((n, ring) => n + ring.length, 0);
const shahe = places.rivers.find((r) => r.properties.id === 'shahe')!.geometry;
const shaheSegments = (shahe.type === 'LineString' ? [shahe.coordinates] : shahe.coordinates).reduce((n, line) => n + line.length - 1, 0);

const FILTERS: { name: string; filter: OutfallFilter }[] = [
  {
    name: `county: inside 鲁山县 (${lushan.type}, ${lushanVertices.toLocaleString('en')} vertices)`,
    filter: { areas: [{ kind: 'within', layer: 'counties', id: '410423', distanceM: 0 }] },
  },
  { name: 'park: within 1 km of 尼龙新材料开发区', filter: { areas: [{ kind: 'within', layer: 'parks', id: 'park-nylon', distanceM: 1000 }] } },
  { name: 'reservoir: inside 白龟山水库', filter: { areas: [{ kind: 'within', layer: 'reservoirs', id: 'baiguishan', distanceM: 0 }] } },
  { name: `river: within 500 m of 沙河 (${shaheSegments} segments)`, filter: { areas: [{ kind: 'near-river', river: 'shahe', distanceM: 500 }] } },
  { name: 'drawn polygon (6 vertices, concave)', filter: { areas: [{ kind: 'drawn', shape: 'polygon', ring: DRAWN }] } },
  {
    name: 'attributes only: industrial or WWTP, not done, overdue, surveyed since 2024',
    filter: { categories: ['工业排污口', '城镇污水处理厂排污口'], statuses: ['未启动', '整治中'], overdue: true, surveyFrom: '2024-01-01' },
  },
  {
    name: 'combined: industrial, not done, within 500 m of 沙河, inside 叶县',
    filter: {
      categories: ['工业排污口'],
      statuses: ['未启动', '整治中'],
      areas: [
        { kind: 'near-river', river: 'shahe', distanceM: 500 },
        { kind: 'within', layer: 'counties', id: '410422', distanceM: 0 },
      ],
    },
  },
];

// ---- the naive loop ------------------------------------------------------------------

/** Every outfall: the attribute conditions with Array.includes, then turf (tests/helpers/filter_reference.ts). */
function naiveFilter(outfalls: readonly OutfallProperties[], filter: OutfallFilter): number[] {
  const areas = (filter.areas ?? []).map((area) => naiveArea(places, area));
  const out: number[] = [];
  outfalls.forEach((o, i) => {
    if (referenceAttributes(o, filter, TODAY) && areas.every((test) => test([o.lon, o.lat]))) out.push(i);
  });
  return out;
}

// ---- timing --------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Every run's wall time in ms. */
function times(runs: number, fn: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

interface Row {
  dataset: string;
  outfalls: number;
  filter: string;
  matches: number;
  /** The first evaluation after the index was built (it classifies the raster cells it meets). */
  oursFirstMs: number;
  oursMedianMs: number;
  oursRuns: number;
  naiveMedianMs: number;
  naiveRuns: number;
  /** The naive loop ran on every `naiveStride`-th outfall; its time is multiplied by the stride. */
  naiveStride: number;
  ratio: number;
}

const OURS_RUNS = 21;

function runDataset(dataset: string, outfalls: OutfallProperties[], naiveRuns: number, naiveStride: number): { rows: Row[]; buildMs: number } {
  const t0 = performance.now();
  const index = createFilterIndex(outfalls, places);
  const buildMs = performance.now() - t0;
  const sample = outfalls.filter((_, i) => i % naiveStride === 0);
  const rows = FILTERS.map(({ name, filter }): Row => {
    const first = times(1, () => evaluateFilter(index, filter, { today: TODAY }))[0];
    const ours = evaluateFilter(index, filter, { today: TODAY });
    if (ours.unknown.length > 0) throw new Error(`${name}: ${ours.unknown.join(', ')}`);
    const oursTimes = times(OURS_RUNS, () => evaluateFilter(index, filter, { today: TODAY }));
    // Same selection: the naive loop's on the sample against ours restricted to it.
    const naive = naiveFilter(sample, filter).map((i) => i * naiveStride);
    const oursOnSample = [...ours.matches].filter((i) => i % naiveStride === 0);
    if (naive.length !== oursOnSample.length || naive.some((v, k) => v !== oursOnSample[k]))
      throw new Error(`${dataset} ${name}: ours ${oursOnSample.length} ≠ naive ${naive.length} on the sample`);
    const naiveTimes = times(naiveRuns, () => naiveFilter(sample, filter)).map((t) => t * naiveStride);
    const oursMedianMs = median(oursTimes);
    const naiveMedianMs = median(naiveTimes);
    return {
      dataset,
      outfalls: outfalls.length,
      filter: name,
      matches: ours.matches.length,
      oursFirstMs: round(first),
      oursMedianMs: round(oursMedianMs, 3),
      oursRuns: OURS_RUNS,
      naiveMedianMs: round(naiveMedianMs, 1),
      naiveRuns,
      naiveStride,
      ratio: round(naiveMedianMs / oursMedianMs, 0),
    };
  });
  return { rows, buildMs: round(buildMs) };
}

// ---- main ----------------------------------------------------------------------------

const info = machine();
const generated = generateOutfalls(realOutfalls, 100_000, 'bench-100k');
const results = [runDataset('real', realOutfalls, 3, 1), runDataset('generated', generated, 3, 20)];

const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 3 });
console.log(`\n${info.date} · ${info.cpuModel} · nproc ${info.nproc} · Node ${info.node}`);
console.log('\n| data | filter | matches | ours first ms | ours median ms | naive median ms | naive ÷ ours |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const { rows } of results) {
  for (const r of rows) {
    const naive = r.naiveStride > 1 ? `${fmt(r.naiveMedianMs)} (every ${r.naiveStride}th × ${r.naiveStride})` : fmt(r.naiveMedianMs);
    console.log(
      `| ${r.dataset} ${fmt(r.outfalls)} | ${r.filter} | ${fmt(r.matches)} | ${fmt(r.oursFirstMs)} | ${fmt(r.oursMedianMs)} | ${naive} | ${fmt(r.ratio)} |`,
    );
  }
}
console.log(
  `\nBuilding the index (outfalls + ${places.counties.length} counties, ${places.parks.length} parks, ${places.reservoirs.length} reservoirs, ${places.rivers.length} rivers): real ${results[0].buildMs} ms, generated ${results[1].buildMs} ms`,
);

const combined = results[1].rows[results[1].rows.length - 1];
const goals = {
  combinedUnder50msOn100k: combined.oursMedianMs < 50,
  combinedAtLeast20xNaiveOn100k: combined.ratio >= 20,
};
console.log(
  `Goals on 100,000: combined filter < 50 ms — ${goals.combinedUnder50msOn100k ? 'met' : 'NOT met'} (${combined.oursMedianMs} ms); ≥ 20× the naive loop — ${goals.combinedAtLeast20xNaiveOn100k ? 'met' : 'NOT met'} (${combined.ratio}×)`,
);

writeFileSync(new URL('./filters.json', import.meta.url), `${JSON.stringify({ machine: info, today: TODAY, oursRuns: OURS_RUNS, goals, results }, null, 2)}\n`);
